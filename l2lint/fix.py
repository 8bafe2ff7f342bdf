"""Fixes as edits on the original source, sparing the markup around the prose.

A finding's replacement is prose. It is compared with the prose it replaces
character by character, and only the characters that differ are edited, each at
its own place in the source: `**Lu**mix` becomes `**LU**MIX`, `L<sup>2</sup>
technology` becomes `L<sup>2</sup> Technology`. Inserted text is written in the
file's own conventions (HTML escaping, `<sup>2</sup>` or `&sup2;` for "²").
"""

from __future__ import annotations

import difflib
import html
from collections.abc import Iterable
from dataclasses import dataclass

from l2lint.document import Block, Document
from l2lint.finding import Finding
from l2lint.sources import escape_for


@dataclass(frozen=True, order=True)
class Edit:
    start: int
    end: int
    text: str


def fixable(finding: Finding, unsafe: bool) -> bool:
    return finding.fix is not None and (finding.fix.safe or unsafe)


class HtmlConvention:
    """How this HTML file writes a superscript two and a no-break space."""

    def __init__(self, source: str):
        lower = source.lower()
        if "<sup>2</sup>" in lower:
            self.sup2 = "<sup>2</sup>"
        elif "&sup2;" in lower:
            self.sup2 = "&sup2;"
        elif "&#178;" in source:
            self.sup2 = "&#178;"
        else:
            self.sup2 = "²"
        self.nbsp = "&nbsp;" if "&nbsp;" in lower else "\u00a0"

    def encode(self, text: str) -> str:
        out = html.escape(text, quote=False)
        return out.replace("²", self.sup2).replace("\u00a0", self.nbsp)


def _encoder(doc: Document):
    if doc.format == "html":
        return HtmlConvention(doc.source).encode
    return escape_for(doc.format) or (lambda text: text)


def _char_source(block: Block, index: int) -> tuple[int, int]:
    """The source range holding prose character `index` (a whole entity when not verbatim)."""
    seg = block.segments[block._segment_index(index)]
    if seg.linear:
        pos = seg.source_start + (index - seg.prose_start)
        return pos, pos + 1
    return seg.source_start, seg.source_end


def edits_for(doc: Document, finding: Finding, encode) -> list[Edit]:
    """The smallest source edits that turn the finding's prose into its replacement."""
    block = doc.blocks[finding.block]
    old = block.text[finding.prose_start : finding.prose_end]
    new = finding.fix.replacement  # type: ignore[union-attr]
    base = finding.prose_start
    edits: list[Edit] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        ranges = []
        for i in range(base + i1, base + i2):
            rng = _char_source(block, i)
            if not ranges or ranges[-1] != rng:
                ranges.append(rng)
        if op == "replace" and i2 - i1 == j2 - j1 and all(e - s == 1 for s, e in ranges):
            for (s, e), char in zip(ranges, new[j1:j2], strict=True):
                if doc.source[s:e] != char:
                    edits.append(Edit(s, e, encode(char)))
            continue
        inserted = encode(new[j1:j2])
        if ranges:
            first_start, first_end = ranges[0]
            edits.append(Edit(first_start, first_end, inserted))
            edits.extend(Edit(s, e, "") for s, e in ranges[1:])
        else:  # a pure insertion after prose character base+i1-1
            at = block.source_end(base + i1) if base + i1 > 0 else block.source_start(0)
            edits.append(Edit(at, at, inserted))
    return edits


def choose(findings: Iterable[Finding], unsafe: bool) -> list[Finding]:
    """Fixable findings whose spans do not overlap, earliest first."""
    chosen: list[Finding] = []
    last_end = -1
    for finding in sorted(
        (f for f in findings if fixable(f, unsafe) and f.block >= 0),
        key=lambda f: (f.start_offset, f.end_offset),
    ):
        if finding.start_offset >= last_end:
            chosen.append(finding)
            last_end = max(finding.end_offset, finding.start_offset + 1)
    return chosen


def apply_edits(source: str, edits: list[Edit]) -> str:
    parts = []
    cursor = 0
    for edit in sorted(edits):
        if edit.start < cursor:  # never overlap: the rest comes on the next pass
            continue
        parts.append(source[cursor : edit.start])
        parts.append(edit.text)
        cursor = edit.end
    parts.append(source[cursor:])
    return "".join(parts)


def fix_document(
    doc: Document, findings: Iterable[Finding], unsafe: bool = False
) -> tuple[str, int]:
    """Apply one pass of non-overlapping fixes; returns (new source, fixes applied)."""
    encode = _encoder(doc)
    chosen = choose(findings, unsafe)
    edits = [edit for finding in chosen for edit in edits_for(doc, finding, encode)]
    return apply_edits(doc.source, edits), len(chosen)
