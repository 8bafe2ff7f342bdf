"""Inline suppressions: comments in the copy that switch rules off for a stretch.

Markdown and HTML: `<!-- l2lint-disable CODE[,CODE] -->` … `<!-- l2lint-enable … -->`
(no codes: all), `<!-- l2lint-disable-next-line CODE -->`, `<!-- l2lint-disable-file -->`.
Plain text: a line `l2lint: disable-next-line CODE` (and `disable`, `enable`,
`disable-file` likewise). Unused suppressions can be reported like ruff's unused noqa.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from l2lint.document import Document
from l2lint.finding import Finding, Position, Severity

_HTML_DIRECTIVE = regex.compile(
    r"^\s*l2lint-(disable-next-line|disable-file|disable|enable)\b\s*([A-Za-z0-9_,\s]*?)\s*$"
)
_TEXT_DIRECTIVE = regex.compile(
    r"(?m)^[ \t]*(?:#|//)?[ \t]*l2lint:[ \t]*(disable-next-line|disable-file|disable|enable)\b"
    r"[ \t]*([A-Za-z0-9_, \t]*?)[ \t]*\r?$"
)

UNUSED_CODE = "L001"
UNUSED_NAME = "unused-suppression"


@dataclass
class Suppression:
    kind: str  # "next-line", "file" or "range"
    codes: tuple[str, ...]  # empty: every rule
    start: int  # source offset where it applies
    end: int
    comment_start: int
    comment_end: int
    line: int = 0  # for next-line: the line it covers
    used: bool = field(default=False)

    def covers(self, finding: Finding) -> bool:
        if self.codes and not any(finding.code.startswith(c) for c in self.codes):
            return False
        if self.kind == "next-line":
            return finding.start.line == self.line
        return self.start <= finding.start_offset < self.end


def _codes(raw: str) -> tuple[str, ...]:
    return tuple(c.strip().upper() for c in regex.split(r"[,\s]+", raw) if c.strip())


def _directives(doc: Document) -> list[tuple[str, tuple[str, ...], int, int]]:
    found = []
    if doc.format in ("markdown", "html"):
        for start, end, inner in doc.comments:
            match = _HTML_DIRECTIVE.match(inner)
            if match:
                found.append((match.group(1), _codes(match.group(2)), start, end))
    elif doc.format == "text":
        for match in _TEXT_DIRECTIVE.finditer(doc.source):
            found.append((match.group(1), _codes(match.group(2)), match.start(), match.end()))
    return sorted(found, key=lambda d: d[2])


def _next_line(doc: Document, offset: int) -> int:
    """The first non-blank line after the one holding `offset`."""
    line, _ = doc.line_col(offset)
    source = doc.source
    number, pos = line, source.find("\n", offset)
    while pos != -1:  # line by line, without splitting a file that may be huge
        number += 1
        end = source.find("\n", pos + 1)
        if source[pos + 1 : end if end != -1 else len(source)].strip():
            return number
        pos = end
    return line + 1


def parse_suppressions(doc: Document) -> list[Suppression]:
    result: list[Suppression] = []
    open_ranges: list[Suppression] = []
    size = len(doc.source)
    for kind, codes, start, end in _directives(doc):
        if kind == "disable-file":
            result.append(Suppression("file", codes, 0, size, start, end))
        elif kind == "disable-next-line":
            result.append(
                Suppression("next-line", codes, end, end, start, end, _next_line(doc, end))
            )
        elif kind == "disable":
            region = Suppression("range", codes, end, size, start, end)
            result.append(region)
            open_ranges.append(region)
        else:  # enable: closes the matching open ranges (all, when no codes are given)
            for region in list(open_ranges):
                if not codes or set(region.codes) & set(codes) or not region.codes:
                    region.end = start
                    open_ranges.remove(region)
    return result


def apply_suppressions(
    doc: Document, findings: list[Finding]
) -> tuple[list[Finding], list[Suppression]]:
    """Drop suppressed findings; return the kept ones and every suppression (with `used`)."""
    suppressions = parse_suppressions(doc)
    if not suppressions:
        return findings, []
    kept = []
    for finding in findings:
        hit = [s for s in suppressions if s.covers(finding)]
        for s in hit:
            s.used = True
        if not hit:
            kept.append(finding)
    return kept, suppressions


def unused_findings(doc: Document, suppressions: list[Suppression]) -> list[Finding]:
    """One warning per suppression comment that suppressed nothing."""
    out = []
    for s in suppressions:
        if s.used:
            continue
        line, column = doc.line_col(s.comment_start)
        end_line, end_column = doc.line_col(s.comment_end)
        what = ", ".join(s.codes) if s.codes else "all rules"
        out.append(
            Finding(
                path=doc.path,
                code=UNUSED_CODE,
                name=UNUSED_NAME,
                severity=Severity.WARNING,
                message=f"Unused suppression ({what}): nothing here was reported; "
                "remove the comment.",
                start=Position(line, column),
                end=Position(end_line, end_column),
                start_offset=s.comment_start,
                end_offset=s.comment_end,
                fix=None,
            )
        )
    return out
