"""Word .docx: paragraphs, headings and table cells, one source line per paragraph.

A .docx has no text source to point into, so the reader builds one: every paragraph of
the body and of every table cell (nested tables included), in document order and empty
ones included, joined with "\\n". A finding's line is then the paragraph number and its
column the character in that paragraph.

Fixes are edits on that built source; `apply_edits` carries them into the `w:t` text
elements of the runs the characters came from (a superscript run keeps its formatting
and gets "2" for "²") and writes the package again with every other part and every
other byte of `word/document.xml`'s markup as it was. An edit that would touch a tab,
a line break or the end of a paragraph raises ValueError: it is not written.
"""

from __future__ import annotations

import io
import shutil
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import docx
from docx import Document as open_docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.exceptions import PythonDocxError
from docx.opc.exceptions import OpcError, PackageNotFoundError
from docx.oxml.exceptions import XmlchemyError
from docx.oxml.ns import qn
from docx.oxml.text.run import CT_R
from lxml import etree

from l2lint.document import Block, BlockBuilder, Document
from l2lint.sources.docx_package import reduced_package
from l2lint.sources.html.tags import script_text
from l2lint.sources.safezip import FormatError, raised_inside, refusal

_P, _TBL, _R, _T = qn("w:p"), qn("w:tbl"), qn("w:r"), qn("w:t")
_INNER = "w:br | w:cr | w:noBreakHyphen | w:ptab | w:t | w:tab"  # what CT_R.text reads
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Containers whose runs are not visible text of the paragraph that holds them.
_HIDDEN = frozenset(
    {qn("w:del"), qn("w:moveFrom"), qn("w:txbxContent"), qn("w:p")}
    | {"{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
)
# Elements that never hold body paragraphs worth reading.
_NOT_CONTENT = frozenset(
    {qn("w:sectPr"), qn("w:tblPr"), qn("w:tblGrid"), qn("w:trPr"), qn("w:tcPr"), qn("w:sdtPr")}
)


@dataclass
class WordDocument(Document):
    """A Word document: `source` is built from its paragraphs, `data` is the file."""

    data: bytes = field(default=b"", repr=False)


def read_docx(path: str, data: bytes) -> WordDocument:
    """Read a .docx file: one source line per paragraph, one block per non-empty one.

    Raises ValueError("not a valid .docx file: …") when it is not one or has a malformed
    part, ValueError("not read, over a limit: …") when it is over one of the zip limits
    (`l2lint.sources.safezip`).
    """
    try:
        return _read(path, data)
    except _LIBRARY_ERRORS as exc:
        raise refusal(".docx", exc) from None
    except (AttributeError, TypeError) as exc:
        if not raised_inside(exc, docx, etree):  # l2lint's own bug: not the file's fault
            raise
        raise refusal(".docx", exc) from None


def _read(path: str, data: bytes) -> WordDocument:
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
        kind = "table_cell" if in_table else _kind(style, paragraph)
        block = _block(text, offset, kind)
        if block is not None:
            block.language = _paragraph_language(paragraph, text)
            blocks.append(block)
            if kind == "heading" and first_heading is None:
                first_heading = block.text
        lines.append(text)
        offset += len(text) + 1
    title = (document.core_properties.title or "").strip() or first_heading
    return WordDocument(
        path=path,
        source="\n".join(lines),
        blocks=blocks,
        title=title,
        format="docx",
        data=data,
        language=_document_language(document),
    )


_LANG = qn("w:lang")
_VAL, _EAST_ASIA = qn("w:val"), qn("w:eastAsia")


def _east_asian(text: str) -> bool:
    return any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)


def _lang_of(element, text: str) -> str | None:
    """`w:lang` of a run or style: `w:eastAsia` for text in Japanese script, else `w:val`
    (ECMA-376 Part 1, 17.3.2.20 "lang")."""
    if element is None:
        return None
    if _east_asian(text) and element.get(_EAST_ASIA):
        return element.get(_EAST_ASIA)
    return element.get(_VAL)


def _paragraph_language(paragraph, text: str) -> str | None:
    """The language the paragraph's first run with a `w:lang` declares, or None."""
    for lang in paragraph.iter(_LANG):
        found = _lang_of(lang, text)
        if found:
            return found
    return None


def _document_language(document: DocxDocument) -> str | None:
    """The document's language: core property `dc:language`, else the default run
    properties' `w:lang` (docDefaults in styles.xml), or None."""
    declared = (document.core_properties.language or "").strip()
    if declared:
        return declared
    # python-docx gives a document without a styles part its default styles
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return None
    lang = next(defaults.iter(_LANG), None)
    return lang.get(_VAL) if lang is not None else None


# What python-docx and lxml raise for a package or part they cannot make sense of.
_LIBRARY_ERRORS = (
    PythonDocxError,
    OpcError,
    XmlchemyError,  # docx.oxml's InvalidXmlError, a class of its own
    KeyError,
    ValueError,
    etree.LxmlError,
)


def _open(data: bytes) -> DocxDocument:
    """python-docx's document, or the ValueError the reader promises for anything else:
    "not a valid .docx file: …", or "not read, over a limit: …" (`safezip.refusal`)."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise FormatError("not a valid .docx file: not a zip archive")
    try:  # only the parts the reader needs, each under the zip and XML limits
        return open_docx(io.BytesIO(reduced_package(data)))
    except PackageNotFoundError:
        raise FormatError(
            "not a valid .docx file: no Word document inside the zip archive"
        ) from None
    except _LIBRARY_ERRORS as exc:
        raise refusal(".docx", exc) from None


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


def _kind(style: str, paragraph) -> str:
    """heading, list_item (a "List ..." style or numbering properties) or paragraph."""
    if _is_heading(style):
        return "heading"
    if (
        style.lower().startswith("list")
        or paragraph.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None
    ):
        return "list_item"
    return "paragraph"


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
    text = "".join(piece.text for piece in _pieces(paragraph))
    return text.replace("\r", " ").replace("\n", " ")


@dataclass
class _Piece:
    """Text read from one child of a run: a `w:t` (`element`), or a tab or break (None).

    `script` is "sup"/"sub" when the run's superscript/subscript formatting turned its
    text into those characters.
    """

    text: str
    element: object | None
    script: str | None


def _pieces(paragraph) -> list[_Piece]:
    pieces: list[_Piece] = []
    for run in paragraph.iter(_R):
        if isinstance(run, CT_R) and _visible(run, paragraph):
            pieces.extend(_run_pieces(run))
    return pieces


def _run_pieces(run: CT_R) -> list[_Piece]:
    """A run's text, child by child; a run formatted as superscript or subscript
    (`w:vertAlign`) reads as the superscript or subscript characters where they all exist,
    as `<sup>` does in HTML: "L" + superscript "2" is how Word writes "L²" (ECMA-376
    Part 1, 17.3.2.42).
    """
    rpr = run.rPr
    tag = None
    if rpr is not None:
        tag = "sup" if rpr.superscript else "sub" if rpr.subscript else None
    scripted = script_text(run.text, tag) if tag and run.text else None
    pieces = []
    for child in run.xpath(_INNER):
        text = str(child)
        if child.tag != _T:
            pieces.append(_Piece(text, None, None))
        elif scripted is not None and tag is not None:
            pieces.append(_Piece(script_text(text, tag) or "", child, tag))
        else:
            pieces.append(_Piece(text, child, None))
    return pieces


def apply_edits(data: bytes, edits: Iterable[tuple[int, int, str]]) -> bytes:
    """The .docx `data` with (start, end, text) edits on its built source applied.

    Offsets are 0-based characters of the source `read_docx` builds; edits must not
    overlap. Raises ValueError when an edit touches a tab, a line break or a paragraph's
    end, or writes a character a superscript run cannot hold.
    """
    document = _open(data)
    items: list[tuple[int, int, _Piece]] = []
    offset = 0
    for paragraph, _ in _paragraphs(document.element.body, in_table=False):
        for piece in _pieces(paragraph):
            items.append((offset, offset + len(piece.text), piece))
            offset += len(piece.text)
        offset += 1  # the "\n" between paragraphs
    texts = {id(p.element): p.text for _, _, p in items if p.element is not None}
    for start, end, text in sorted(edits, reverse=True):
        _apply_one(items, texts, start, end, text)
    for _, _, piece in items:
        if piece.element is None or texts[id(piece.element)] == piece.text:
            continue
        written = texts[id(piece.element)]
        if piece.script is not None:
            plain = _unscript(written, piece.script)
            if plain is None:
                raise ValueError(f"{written!r} cannot be written in a {piece.script}script run")
            written = plain
        piece.element.text = written  # type: ignore[attr-defined]
        if written != written.strip():
            piece.element.set(_XML_SPACE, "preserve")  # type: ignore[attr-defined]
    part = document.part
    xml = etree.tostring(part.element, xml_declaration=True, encoding="UTF-8", standalone=True)
    return _replace_part(data, str(part.partname).lstrip("/"), xml)


def _apply_one(items, texts: dict[int, str], start: int, end: int, text: str) -> None:
    hit = [
        (s, e, p)
        for s, e, p in items
        if (s < end and e > start) or (start == end and s < start <= e and p.element is not None)
    ]
    if start == end and not hit:
        hit = [(s, e, p) for s, e, p in items if s == start and p.element is not None][:1]
    covered = sum(min(e, end) - max(s, start) for s, e, _ in hit)
    if not hit or any(p.element is None for _, _, p in hit) or covered != end - start:
        raise ValueError("the fix would change a tab, a line break or a paragraph's end")
    for k, (s, _e, piece) in enumerate(reversed(hit)):
        current = texts[id(piece.element)]
        lo, hi = max(start, s) - s, min(end, s + len(current)) - s
        new = text if k == len(hit) - 1 else ""
        texts[id(piece.element)] = current[:lo] + new + current[hi:]


def _unscript(text: str, tag: str) -> str | None:
    plain = "".join(ch for ch in "0123456789+-=()ni")
    table = {script_text(ch, tag): ch for ch in plain if script_text(ch, tag)}
    if any(ch not in table for ch in text):
        return None
    return "".join(table[ch] for ch in text)


def _replace_part(data: bytes, name: str, xml: bytes) -> bytes:
    """The zip `data` with member `name` replaced; every other member copied as it was.

    Members are copied in 64 KiB chunks, so a huge member (a thumbnail bomb, #22) never
    sits in memory whole. Raises ValueError("<member> cannot be copied: …") for a member
    that does not inflate (corrupt data, bad CRC): the file is then not written.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename == name:
                dst.writestr(info, xml)
                continue
            try:
                with src.open(info) as reader, dst.open(info, "w") as writer:
                    shutil.copyfileobj(reader, writer, 64 * 1024)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
                reason = (str(exc) or type(exc).__name__).splitlines()[0]
                raise ValueError(f"{info.filename} cannot be copied: {reason}") from None
    return out.getvalue()


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
