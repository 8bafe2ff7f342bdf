"""Word .docx: paragraphs, headings and table cells, one source line per paragraph.

A .docx has no text source to point into, so the reader builds one: every paragraph of
the body and of every table cell (nested tables included), in document order and empty
ones included, joined with "\\n". A finding's line is then the paragraph number and its
column the character in that paragraph. Such documents cannot be fixed in place.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from docx import Document as open_docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.oxml.text.run import CT_R

from l2lint.document import Block, BlockBuilder, Document
from l2lint.sources.docx_package import reduced_package
from l2lint.sources.safezip import ZipLimitError

_P, _TBL, _R = qn("w:p"), qn("w:tbl"), qn("w:r")
# Containers whose runs are not visible text of the paragraph that holds them.
_HIDDEN = frozenset(
    {qn("w:del"), qn("w:moveFrom"), qn("w:txbxContent"), qn("w:p")}
    | {"{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
)
# Elements that never hold body paragraphs worth reading.
_NOT_CONTENT = frozenset(
    {qn("w:sectPr"), qn("w:tblPr"), qn("w:tblGrid"), qn("w:trPr"), qn("w:tcPr"), qn("w:sdtPr")}
)


def read_docx(path: str, data: bytes) -> Document:
    """Read a .docx file; raise ValueError("not a valid .docx file: …") when it is not one."""
    document = _open(data)
    styles = _paragraph_style_names(document)
    default_style = _default_style_name(document)
    lines: list[str] = []
    blocks: list[Block] = []
    first_heading: str | None = None
    offset = 0
    for paragraph, in_table in _paragraphs(document.element.body, in_table=False):
        text = _paragraph_text(paragraph)
        style = styles.get(paragraph.style or "", default_style) if not in_table else ""
        kind = "table_cell" if in_table else "heading" if _is_heading(style) else "paragraph"
        block = _block(text, offset, kind)
        if block is not None:
            blocks.append(block)
            if kind == "heading" and first_heading is None:
                first_heading = block.text
        lines.append(text)
        offset += len(text) + 1
    title = (document.core_properties.title or "").strip() or first_heading
    return Document(
        path=path,
        source="\n".join(lines),
        blocks=blocks,
        title=title,
        format="docx",
        fixable=False,
    )


def _open(data: bytes) -> DocxDocument:
    """python-docx's document, or the ValueError the reader promises for anything else."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ValueError("not a valid .docx file: not a zip archive")
    try:  # only the parts the reader needs, each under size, ratio and XML limits
        return open_docx(io.BytesIO(reduced_package(data)))
    except ZipLimitError as exc:
        raise ValueError(f"not read, over a limit: {exc}") from None
    except Exception as exc:  # python-docx raises many types for broken packages
        reason = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
        reason = reason or type(exc).__name__
        if "Package not found" in reason:
            reason = "no Word document inside the zip archive"
        raise ValueError(f"not a valid .docx file: {reason}") from None


def _paragraph_style_names(document: DocxDocument) -> dict[str, str]:
    """Style id → style name ("Heading1" → "Heading 1"), for paragraph styles."""
    names: dict[str, str] = {}
    for style in document.styles:
        if style.type == WD_STYLE_TYPE.PARAGRAPH and style.style_id:
            names[style.style_id] = style.name or ""
    return names


def _default_style_name(document: DocxDocument) -> str:
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    return (default.name or "") if default is not None else ""


def _is_heading(style: str) -> bool:
    return style.lower().startswith("heading") or style == "Title"


def _paragraphs(element, in_table: bool) -> Iterator[tuple]:
    """(w:p element, inside a table) for every paragraph below `element`, in order.

    Content controls (`w:sdt`), custom XML and table rows/cells are walked through, so
    nested tables and controlled text are read too.
    """
    for child in element.iterchildren():
        tag = child.tag
        if tag == _P:
            yield child, in_table
        elif isinstance(tag, str) and tag not in _NOT_CONTENT:
            yield from _paragraphs(child, in_table or tag == _TBL)


def _paragraph_text(paragraph) -> str:
    """The visible text of a paragraph: its runs, including those in hyperlinks,
    insertions and inline content controls, without deleted text or text boxes.

    A line break inside the paragraph becomes a space, so one paragraph stays one line.
    """
    parts = []
    for run in paragraph.iter(_R):
        if isinstance(run, CT_R) and _visible(run, paragraph):
            parts.append(run.text)
    return "".join(parts).replace("\r", " ").replace("\n", " ")


def _visible(run, paragraph) -> bool:
    parent = run.getparent()
    while parent is not None and parent is not paragraph:
        if parent.tag in _HIDDEN:
            return False
        parent = parent.getparent()
    return True


def _block(text: str, offset: int, kind: str) -> Block | None:
    """One block for a paragraph's text, trimmed, mapped one-to-one into the source."""
    stripped = text.strip()
    if not stripped:
        return None
    builder = BlockBuilder(kind)
    builder.add(stripped, offset + len(text) - len(text.lstrip()))
    return builder.build()
