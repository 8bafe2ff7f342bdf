"""The edit that suppresses one finding on its line, in the format's own syntax.

Markdown and HTML take `<!-- l2lint-disable-next-line CODE -->`, MDX
`{/* l2lint-disable-next-line CODE */}`, plain text a line
`l2lint: disable-next-line CODE`, PO a translator comment
`# l2lint: disable-next-line CODE` above the entry, XLIFF an XML comment
`<!-- l2lint-disable-next-line CODE -->` on a line of its own above the line where
the `<target>` starts (see `l2lint.suppress`). Where the finding's line
continues prose from the line before, the comment goes at the end of that line, so
that a paragraph or list is not split (an HTML comment inside prose is invisible);
otherwise it is a line of its own above, indented like the finding's line. A
candidate edit is kept only if, read again, the document has a directive covering
the finding's line and (Markdown, HTML) exactly the same prose as before.
"""

from __future__ import annotations

import dataclasses

import regex

from l2lint.document import Document
from l2lint.finding import Finding, Position
from l2lint.sources import read_text_document
from l2lint.suppress import find_directives, parse_suppressions

INLINE_FORMATS = ("markdown", "html", "mdx")
_TARGET_START = regex.compile(r"<(?:[\w.-]+:)?target[\s>]")


def _line_bounds(source: str, offset: int) -> tuple[int, int]:
    """[start, end) of the line holding `offset`, without its line break."""
    start = source.rfind("\n", 0, offset) + 1
    end = source.find("\n", offset)
    end = len(source) if end == -1 else end
    if end > start and source[end - 1] == "\r":
        end -= 1
    return start, end


def _eol(source: str) -> str:
    return "\r\n" if "\r\n" in source else "\n"


def candidates(doc: Document, finding: Finding) -> list[tuple[int, str]]:
    """(offset, text to insert) in order of preference."""
    source = doc.source
    line_start, line_end = _line_bounds(source, finding.start_offset)
    line = source[line_start:line_end]
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    code = finding.code
    eol = _eol(source)
    if doc.format == "po":  # above the entry: after the blank line before it
        blank = regex.search(r"\n[ \t]*\r?\n(?![\s\S]*\n[ \t]*\r?\n)", source[:line_start])
        entry_start = blank.end() if blank else 0
        return [(entry_start, f"# l2lint: disable-next-line {code}{eol}")]
    if doc.format == "xliff":  # above the line where the target starts
        starts = list(_TARGET_START.finditer(source, 0, finding.start_offset))
        if not starts:
            return []
        target = starts[-1]
        start, end = _line_bounds(source, target.start())
        line = source[start:end]
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        return [(start, f"{indent}<!-- l2lint-disable-next-line {code} -->{eol}")]
    if doc.format not in INLINE_FORMATS:
        return [(line_start, f"{indent}l2lint: disable-next-line {code}{eol}")]
    if doc.format == "mdx":
        comment = f"{{/* l2lint-disable-next-line {code} */}}"
    else:
        comment = f"<!-- l2lint-disable-next-line {code} -->"
    found = []
    if line_start > 0:
        prev_start, prev_end = _line_bounds(source, line_start - 1)
        prev = source[prev_start:prev_end]
        if prev.strip():
            content_end = prev_start + len(prev.rstrip(" \t\\"))
            found.append((content_end, f" {comment}"))
    found.append((line_start, f"{indent}{comment}{_eol(source)}"))
    return found


def _prose(doc: Document) -> list[str]:
    return [" ".join(block.text.split()) for block in doc.blocks]


def suppression_insert(doc: Document, finding: Finding) -> tuple[int, str] | None:
    """Where to insert what so that the finding is suppressed and nothing else
    changes: (character offset in `doc.source`, text), or None when no placement
    works (e.g. the line starts inside an HTML tag)."""
    before = _prose(doc) if doc.format != "text" else None  # a text directive is a line
    for offset, text in candidates(doc, finding):
        new_source = doc.source[:offset] + text + doc.source[offset:]
        try:
            new_doc = read_text_document(doc.path, new_source, doc.format)
        except ValueError:  # the comment made the file invalid (PO, XLIFF): not this one
            continue
        moved = _moved(finding, offset, text)
        covered = any(
            s.covers(moved) and s.kind != "file"
            for s in parse_suppressions(new_doc, find_directives(new_doc))
        )
        if covered and (before is None or _prose(new_doc) == before):
            return offset, text
    return None


def _moved(finding: Finding, offset: int, text: str) -> Finding:
    """The finding where it is after `text` is inserted at `offset` (before it)."""
    if offset > finding.start_offset:
        return finding
    lines = text.count("\n")
    start = finding.start
    return dataclasses.replace(
        finding,
        start=Position(start.line + lines, start.column if lines else start.column + len(text)),
        start_offset=finding.start_offset + len(text),
        end_offset=finding.end_offset + len(text),
    )
