"""Fixes as edits on the original source, sparing the markup around the prose.

A finding's replacement is prose. It is compared with the prose it replaces
character by character (difflib's SequenceMatcher), and only the characters that
differ are edited, each at its own place in the source: `**Lu**mix` becomes
`**LU**MIX`, `L<sup>2</sup> technology` becomes `L<sup>2</sup> Technology`. An edit
only ever replaces source characters that a prose character was read from; markup,
line endings, quote markers and indentation between them are never moved.

Where the replacement has a space and the source has any whitespace (a line break
inside a paragraph, CR LF, a no-break space, `&nbsp;`), the source's whitespace is
kept. Inserted text is written in the file's own conventions (HTML escaping,
`<sup>2</sup>` or `&sup2;` for "²").

Invisible characters a rule does not read (`Block.invisible`: a soft hyphen, a
zero-width space, `&shy;`) stay where they are when the change maps the prose
character for character (`Lu\u00admix` becomes `LU\u00adMIX`: the same word, the same
break opportunity). A change that rewrites the word (other length, inserted or
removed characters) replaces the invisible characters between and right next to the
characters it rewrites: where the word is rewritten there is no character they could
still belong to, and kept at their offset they would land inside the new word
(`L² T\u00adechnology`), also where markup stands between them and the word (the
markup itself is never moved).

A fix may be written in several ways (`Candidate`): the text that replaces several
runs of prose split by markup can go into the first, the longest or the last run, and
HTML has more than one way to spell a character. `l2lint.fixverify` tries them in
order and writes the first one that re-reads as intended.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from l2lint.document import Block, Document
from l2lint.finding import Finding
from l2lint.sources import escapes_for

Encoder = Callable[[str], str]


@dataclass(frozen=True, order=True)
class Edit:
    """Replace source characters [start, end) (0-based character offsets) by `text`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Candidate:
    """One way to write a fix: source edits, and the prose they should read as.

    `prose` is the finding's replacement with the source's own whitespace kept where the
    replacement has a space (so "L²\\nTechnology" when a line break stays). `replaced`
    holds the source ranges of the prose characters removed or rewritten by a change
    that is not a one-for-one substitution (see `fixverify.check_markup`); `drops` the
    source ranges of formatting delimiters removed because their text is gone.
    """

    edits: tuple[Edit, ...]
    prose: str
    replaced: tuple[tuple[int, int], ...] = ()
    drops: tuple[tuple[int, int], ...] = ()


# What a fix never writes into copy (#22): C0 controls (line breaks and tabs included),
# DEL, C1 controls and the bidirectional formatting characters ("Trojan Source",
# CVE-2021-42574), which a rule pack's replacement could otherwise smuggle in.
_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def writable_replacement(replacement: str) -> bool:
    """Whether a fix may write `replacement`: it holds no control, line-break or
    bidirectional formatting character. A finding whose replacement fails this gets no
    fix at all (`engine`), so reports never offer what `--fix` refuses."""
    return _CONTROL.search(replacement) is None


def fixable(finding: Finding, unsafe: bool) -> bool:
    """Whether `--fix` applies the finding's fix: a safe one always, an unsafe one only with
    `unsafe` (`--unsafe-fixes`)."""
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
        """`text` escaped for HTML text (`&`, `<`, `>`; quotes kept), with "²" and U+00A0
        written the way this file already writes them."""
        out = html.escape(text, quote=False)
        return out.replace("²", self.sup2).replace("\u00a0", self.nbsp)


def _html_plain(text: str) -> str:
    """Characters as they are, escaped for text and quoted attribute values alike."""
    return html.escape(text, quote=True)


def _html_entities(text: str) -> str:
    return html.escape(text, quote=True).replace("²", "&sup2;").replace("\u00a0", "&nbsp;")


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>!&|~#])")


def _markdown_escaped(text: str) -> str:
    """ASCII punctuation Markdown could read as markup, backslash-escaped (CommonMark 2.4)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def encoders(doc: Document) -> list[Encoder]:
    """Ways to write inserted prose in this document, the file's own convention first.

    In HTML the file's way of writing "²" comes first; a tag is not markup inside an
    attribute value, so the plain character and then the entity follow. In Markdown a
    replacement with punctuation that would read as markup is escaped as a fallback.
    """
    if doc.format == "html":
        return [HtmlConvention(doc.source).encode, _html_plain, _html_entities]
    if doc.format == "markdown":
        return [lambda text: text, _markdown_escaped]
    return escapes_for(doc.format) or [lambda text: text]


def _char_source(block: Block, index: int) -> tuple[int, int]:
    """The source range holding prose character `index` (a whole entity when not verbatim)."""
    seg = block.segments[block.segment_index(index)]
    if seg.linear:
        pos = seg.source_start + (index - seg.prose_start)
        return pos, pos + 1
    return seg.source_start, seg.source_end


_UNIT = re.compile(r"\s+|.", re.DOTALL)


def _units(text: str) -> tuple[list[str], list[int]]:
    """Text as comparison units: a whitespace run is one unit " " (so a kept CR LF or
    line break with indentation compares equal to one space), any other character
    itself. Returns (units, start offset of each unit plus the text's length)."""
    units, starts = [], []
    for m in _UNIT.finditer(text):
        units.append(" " if m.group().isspace() else m.group())
        starts.append(m.start())
    starts.append(len(text))
    return units, starts


@dataclass
class _Change:
    """One opcode of the prose comparison: old prose [i1, i2) becomes `new`."""

    i1: int
    i2: int
    new: str
    ranges: list[tuple[int, int]]
    # written even where the prose already reads `new`: a source character read as
    # another one (a full-width form read as ASCII), inside the text the fix replaces
    rewrite: bool = False
    # source ranges of invisible characters between the finding's prose just before or
    # after `ranges` and them: replaced with them unless the change is one for one
    edges: list[tuple[int, int]] = field(default_factory=list)


def _invisible(block: Block, start: int, end: int) -> bool:
    """Whether source [start, end) (0-based characters, start < end) holds only invisible
    characters the block left out of its text (`Block.invisible`), no markup."""
    at = start
    for s, e in block.invisible:
        if s <= at < e:
            at = e
            if at >= end:
                return True
    return False


def _runs(ranges: list[tuple[int, int]], block: Block) -> list[tuple[int, int]]:
    """Source ranges joined where they touch or only invisible characters lie between
    them: each run is prose with no markup inside. The invisible characters inside a run
    are replaced with it (see `_candidate`)."""
    runs: list[tuple[int, int]] = []
    for start, end in ranges:
        if runs and (runs[-1][1] == start or _invisible(block, runs[-1][1], start)):
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    return runs


def _placements(runs: list[tuple[int, int]]) -> list[int]:
    """Which run receives the new text: the first, the longest, the last (distinct)."""
    longest = max(range(len(runs)), key=lambda k: runs[k][1] - runs[k][0])
    order: list[int] = []
    for k in (0, longest, len(runs) - 1):
        if k not in order:
            order.append(k)
    return order


def candidates(
    doc: Document, finding: Finding, ways: list[Encoder] | None = None
) -> list[Candidate]:
    """Every way to write the finding's fix, the preferred first (may be empty).

    `ways` is `encoders(doc)`, computed when None (pass it for many findings: it looks at
    the whole source). Raises nothing; a finding without a fix or a block gives [].
    """
    if finding.fix is None or finding.block < 0:
        return []
    block = doc.blocks[finding.block]
    old = block.text[finding.prose_start : finding.prose_end]
    new = finding.fix.replacement
    base = finding.prose_start
    old_units, old_at = _units(old)
    new_units, new_at = _units(new)
    matcher = difflib.SequenceMatcher(None, old_units, new_units, autojunk=False)
    prose_parts: list[str] = []
    changes: list[_Change] = []
    for op, u1, u2, v1, v2 in matcher.get_opcodes():
        i1, i2, j1, j2 = old_at[u1], old_at[u2], new_at[v1], new_at[v2]
        if op == "equal":
            prose_parts.append(old[i1:i2])  # the source's own whitespace stays
            changes.extend(_read_as_other(doc, block, base + i1, old[i1:i2]))
            continue
        prose_parts.append(new[j1:j2])
        ranges: list[tuple[int, int]] = []
        for i in range(base + i1, base + i2):
            rng = _char_source(block, i)
            if not ranges or ranges[-1] != rng:
                ranges.append(rng)
        change = _Change(base + i1, base + i2, new[j1:j2], ranges)
        if ranges and i1 > 0:  # invisible characters just before, inside the finding
            gap = (block.source_end(base + i1), ranges[0][0])
            if gap[0] < gap[1] and _invisible(block, *gap):
                change.edges.append(gap)
        if ranges and i2 < len(old):  # and just after
            gap = (ranges[-1][1], block.source_start(base + i2))
            if gap[0] < gap[1] and _invisible(block, *gap):
                change.edges.append(gap)
        changes.append(change)
    prose = "".join(prose_parts)
    out: list[Candidate] = []
    for encode in ways if ways is not None else encoders(doc):
        for choice in range(3):
            candidate = _candidate(doc, block, changes, encode, choice, prose)
            if candidate is not None and candidate not in out:
                out.append(candidate)
    return out


def _read_as_other(doc: Document, block: Block, start: int, prose: str) -> list[_Change]:
    """A one-character change for each prose character from `start` (0-based block
    offset) whose source character is a full-width form read as ASCII (`Ｌ` read as
    "L", see `l2lint.document`): the fix writes it as the prose reads it, so
    `Ｌｕｍｉｘ` becomes `LUMIX` rather than `ＬUMIX`."""
    out: list[_Change] = []
    for k, char in enumerate(prose):
        seg = block.segments[block.segment_index(start + k)]
        if not seg.linear or char.isspace():
            continue
        s, e = _char_source(block, start + k)
        written = doc.source[s - doc.base : e - doc.base]
        if written != char and "\uff01" <= written <= "\uff5e":
            out.append(_Change(start + k, start + k + 1, char, [(s, e)], rewrite=True))
    return out


def _candidate(
    doc: Document,
    block: Block,
    changes: list[_Change],
    encode: Encoder,
    choice: int,
    prose: str,
) -> Candidate | None:
    """The candidate that puts each change's text in placement number `choice`."""
    edits: list[Edit] = []
    replaced: list[tuple[int, int]] = []
    used_choice = False
    for change in changes:
        ranges, text = change.ranges, change.new
        if len(set(ranges)) == change.i2 - change.i1 == len(text):  # one for one
            for offset, ((s, e), char) in enumerate(zip(ranges, text, strict=True)):
                if change.rewrite or block.text[change.i1 + offset] != char:
                    edits.append(Edit(s, e, encode(char)))
            continue
        if not ranges:  # a pure insertion between two prose characters
            points = []
            if change.i1 > 0:
                points.append(block.source_end(change.i1))
            if change.i1 < len(block.text):
                points.append(block.source_start(change.i1))
            points = list(dict.fromkeys(points)) or [block.source_start(0)]
            if len(points) == 2 and _invisible(block, points[0], points[1]):
                # inserted where only invisible characters stand: they go (see below)
                edits.append(Edit(points[0], points[1], encode(text)))
                replaced.append((points[0], points[1]))
                continue
            at = points[min(choice, len(points) - 1)]
            used_choice = used_choice or choice < len(points)
            edits.append(Edit(at, at, encode(text)))
            continue
        runs = _runs(sorted(ranges + change.edges), block)
        order = _placements(runs)
        used_choice = used_choice or choice < len(order)
        target = order[min(choice, len(order) - 1)]
        replaced.extend(ranges)
        for k, (s, e) in enumerate(runs):
            edits.append(Edit(s, e, encode(text) if k == target and text else ""))
        # invisible characters next to markup between two runs (`2<U+200B><b>t`) go too
        for s, e in block.invisible:
            if runs[0][1] <= s and e <= runs[-1][0] and not any(a <= s < b for a, b in runs):
                edits.append(Edit(s, e, ""))
    if choice > 0 and not used_choice:
        return None
    return Candidate(tuple(sorted(edits)), prose, tuple(replaced))


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


def apply_edits(source: str, edits: Iterable[Edit]) -> str:
    """The source with non-overlapping edits applied (an overlapping one is skipped)."""
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
    """One pass of non-overlapping fixes, each written its preferred way, unverified.

    Returns (new source, fixes applied). `l2lint.fixverify.verified_pass` is what
    `--fix` uses; this is the plain form for rule-pack examples.
    """
    ways = encoders(doc)
    chosen = [(f, candidates(doc, f, ways)) for f in choose(findings, unsafe)]
    edits = [edit for _, cands in chosen if cands for edit in cands[0].edits]
    return apply_edits(doc.source, edits), sum(1 for _, c in chosen if c)
