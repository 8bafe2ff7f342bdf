"""Inline suppressions: comments in the copy that switch rules off for a stretch.

Markdown and HTML: `<!-- l2lint-disable CODE[,CODE] -->` … `<!-- l2lint-enable … -->`
(no codes: all), `<!-- l2lint-disable-next-line CODE -->`, `<!-- l2lint-disable-file -->`.
MDX: the same inside `{/* … */}`. XLIFF: the same as XML comments. Plain text: a line
`l2lint: disable-next-line CODE` (and `disable`, `enable`, `disable-file` likewise);
PO: the same as a translator comment, `# l2lint: disable-next-line CODE`.

In PO and XLIFF, `disable-next-line` covers the whole next translation (the next
`msgstr` of the entry below the comment, the next `<target>`), however many lines it
spans. Unused suppressions can be reported like ruff's unused noqa.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from l2lint.document import Document
from l2lint.finding import Finding, Position, Severity

# A directive's head, then the rest of the comment (or line) checked apart: one pattern
# for both, with a lazy code list between optional white space, took cubic time on a
# comment of many spaces (#14: 5,000 spaces, 200 s). Each of these is linear.
_HTML_DIRECTIVE = regex.compile(r"\s*l2lint-(disable-next-line|disable-file|disable|enable)\b")
_HTML_CODES = regex.compile(r"[A-Za-z0-9_,\s]*")
_TEXT_DIRECTIVE = regex.compile(
    r"(?m)^[ \t]*(?:(?:#|//)[ \t]*)?l2lint:[ \t]*(disable-next-line|disable-file|disable|enable)\b"
    r"([^\n]*)"
)
_TEXT_CODES = regex.compile(r"[A-Za-z0-9_, \t]*\r?")

UNUSED_CODE = "L001"
UNUSED_NAME = "unused-suppression"


@dataclass
class Suppression:
    """One suppression comment and the stretch it covers.

    `start`/`end` and `comment_start`/`comment_end` are 0-based character offsets into
    the document's source, end exclusive; `line` (1-based) is the line a next-line
    suppression covers."""

    kind: str  # "next-line", "file" or "range"
    codes: tuple[str, ...]  # empty: every rule
    start: int  # source offset where it applies
    end: int
    comment_start: int
    comment_end: int
    line: int = 0  # for next-line: the line it covers
    used: bool = field(default=False)

    def covers(self, finding: Finding) -> bool:
        """Whether it suppresses `finding`: a listed code is a prefix of its code (none listed:
        any), and its start lies on the covered line or in [start, end)."""
        if self.codes and not any(finding.code.startswith(c) for c in self.codes):
            return False
        if self.kind == "next-line":
            return finding.start.line == self.line
        return self.start <= finding.start_offset < self.end


def _codes(raw: str) -> tuple[str, ...]:
    return tuple(c.strip().upper() for c in regex.split(r"[,\s]+", raw) if c.strip())


@dataclass
class Directive:
    """A suppression comment found in the copy (offsets in the file)."""

    kind: str  # disable-next-line, disable-file, disable or enable
    codes: tuple[str, ...]
    start: int
    end: int
    next_line: int | None = None  # disable-next-line: the first non-blank line after it
    until: int | None = None  # disable-next-line in PO, XLIFF: the end of the translation


def find_directives(doc: Document) -> list[Directive]:
    """The directives in a document, or in one slice of a huge file (`doc.base`)."""
    found = []
    if doc.format in ("markdown", "html", "mdx", "xliff"):
        for start, end, inner in doc.comments:
            match = _HTML_DIRECTIVE.match(inner)
            if match and _HTML_CODES.fullmatch(inner, match.end()):
                codes = _codes(inner[match.end() :])
                found.append(Directive(match.group(1), codes, start, end))
    elif doc.format == "text":
        for match in _TEXT_DIRECTIVE.finditer(doc.source):
            if not _TEXT_CODES.fullmatch(match.group(2)):
                continue
            start, end = match.start() + doc.base, match.end() + doc.base
            found.append(Directive(match.group(1), _codes(match.group(2)), start, end))
    elif doc.format == "po":  # translator comments only: any other line is not PO
        for match in _TEXT_DIRECTIVE.finditer(doc.source):
            if match.group(0).lstrip().startswith("#"):
                codes = _codes(match.group(2))
                found.append(Directive(match.group(1), codes, match.start(), match.end()))
    for directive in found:
        if directive.kind == "disable-next-line":
            line, _ = doc.line_col(directive.end)
            directive.next_line = first_nonblank_line(doc, directive.end, line)
            if doc.format in _UNIT_END:
                directive.until = next_translation_end(doc, directive.end)
    return sorted(found, key=lambda d: d.start)


# Where the translation a comment stands above ends at the latest: PO entries are
# separated by blank lines (GNU gettext manual, 3 "The Format of PO Files"); an XLIFF
# comment covers the next <target> only.
_UNIT_END = {
    "po": regex.compile(r"\n[ \t]*\r?\n"),
    "xliff": regex.compile(r"</(?:[\w.-]+:)?target\s*>"),
}


def next_translation_end(doc: Document, offset: int) -> int | None:
    """The source offset where the first prose block after `offset` ends, when that
    block belongs to the PO entry or XLIFF target right after `offset` (None: the entry
    or target has no prose, or there is none)."""
    limit_match = _UNIT_END[doc.format].search(doc.source, offset - doc.base)
    limit = limit_match.end() + doc.base if limit_match else _END
    for block in doc.blocks:
        if not block.segments:
            continue
        start = block.segments[0].source_start
        if start >= offset:
            return block.segments[-1].source_end if start < limit else None
    return None


def first_nonblank_line(doc: Document, offset: int, after: int) -> int | None:
    """The first line numbered above `after` that is not blank, in `doc.source` from
    `offset` on (None: none there). Line by line: the file may be huge."""
    source = doc.source
    pos = offset - doc.base
    number, _ = doc.line_col(offset)
    while pos <= len(source):
        end = source.find("\n", pos)
        line_end = end if end != -1 else len(source)
        if number > after and source[pos:line_end].strip():
            return number
        if end == -1:
            return None
        number, pos = number + 1, end + 1
    return None


_END = 1 << 62  # past the end of any file


def parse_suppressions(doc: Document, directives: list[Directive] | None = None):
    """Suppressions from the directives (by default, those of `doc`)."""
    result: list[Suppression] = []
    open_ranges: list[Suppression] = []
    if directives is None:
        directives = find_directives(doc)
    for d in directives:
        kind, codes, start, end = d.kind, d.codes, d.start, d.end
        if kind == "disable-file":
            result.append(Suppression("file", codes, 0, _END, start, end))
        elif kind == "disable-next-line" and d.until is not None:
            result.append(Suppression("range", codes, end, d.until, start, end))
        elif kind == "disable-next-line":
            line = d.next_line if d.next_line is not None else doc.line_col(end)[0] + 1
            result.append(Suppression("next-line", codes, end, end, start, end, line))
        elif kind == "disable":
            region = Suppression("range", codes, end, _END, start, end)
            result.append(region)
            open_ranges.append(region)
        else:  # enable: closes the matching open ranges (all, when no codes are given)
            for region in list(open_ranges):
                if not codes or set(region.codes) & set(codes) or not region.codes:
                    region.end = start
                    open_ranges.remove(region)
    return result


def apply_suppressions(
    doc: Document, findings: list[Finding], directives: list[Directive] | None = None
) -> tuple[list[Finding], list[Suppression]]:
    """Drop suppressed findings; return the kept ones and every suppression (with `used`)."""
    suppressions = parse_suppressions(doc, directives)
    if not suppressions:
        return findings, []
    # Indexed, so that many directives and many findings stay near-linear (#22): a
    # next-line suppression can only cover findings on its line, a range only findings
    # between its ends (swept in offset order); file-wide ones are few.
    by_line: dict[int, list[Suppression]] = {}
    ranges: list[Suppression] = []
    everywhere: list[Suppression] = []
    for s in suppressions:
        if s.kind == "next-line":
            by_line.setdefault(s.line, []).append(s)
        elif s.kind == "range":
            ranges.append(s)
        else:
            everywhere.append(s)
    ranges.sort(key=lambda s: s.start)
    covering: dict[int, list[Suppression]] = {}
    active: list[Suppression] = []
    following = 0
    for index in sorted(range(len(findings)), key=lambda i: findings[i].start_offset):
        finding = findings[index]
        while following < len(ranges) and ranges[following].start <= finding.start_offset:
            active.append(ranges[following])
            following += 1
        active = [s for s in active if finding.start_offset < s.end]
        candidates = everywhere + by_line.get(finding.start.line, []) + active
        covering[index] = [s for s in candidates if s.covers(finding)]
    kept = []
    for index, finding in enumerate(findings):
        hit = covering[index]
        for s in hit:
            s.used = True
        if not hit:
            kept.append(finding)
    return kept, suppressions


def unused_findings(doc: Document, suppressions: list[Suppression]) -> list[Finding]:
    """One warning per suppression comment that suppressed nothing.

    A blanket `l2lint-disable-file` (no codes) is never reported: it marks a file as not
    copy at all (l2lint's own Markdown and HTML reports, generated or vendored text), not
    a finding that went away; ruff's RUF100 likewise leaves a file-level `# ruff: noqa`.
    """
    out = []
    for s in suppressions:
        if s.used or (s.kind == "file" and not s.codes):
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
