"""PowerPoint .pptx: slide titles, text frames, tables (group shapes included) and notes.

A .pptx has no text source to point into, so the reader builds one, as for .docx: every
paragraph, in slide order and shape order, empty ones included, one line each, joined
with "\\n"; a line break inside a paragraph (`<a:br>`) becomes a space. A finding's line
and column are that line and the character in the paragraph (1-based). Each line also
has a label saying where it is in the deck, `slide 3:shape 2:paragraph 1` (shapes
numbered in the slide's order from 1, `shape 2.1` for the first shape in group 2,
`shape 4:cell 2,1` for row 2, column 1 of a table, `notes` for the speaker notes), which
the text and JSON reports show. Such documents cannot be fixed in place.

A run formatted as superscript (`baseline` above 0) reads its digits as superscript
digits, so "L" + superscript "2" is "L²", as PowerPoint shows it.

Only the package's XML parts are read (`text_parts`), through `SafeZip`, under the
same limits, messages and environment variables as every zip-based format (see
`l2lint.sources.safezip`); pictures, media and embedded files are never inflated. Any
malformed part is the one-line ValueError("not a valid .pptx file: …"). Source of the
XML: ECMA-376 Part 1, 21.1.2 (DrawingML text) and 19.3 (PresentationML shapes).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

import pptx
from lxml import etree
from pptx import Presentation
from pptx.exc import PackageNotFoundError, PythonPptxError
from pptx.oxml.ns import qn
from pptx.shapes.group import GroupShape

from l2lint.document import Block, BlockBuilder, Document
from l2lint.sources.empty import EMPTY_NOTICE
from l2lint.sources.safezip import FormatError, SafeZip, ZipLimits, raised_inside, refusal

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_R, _BR, _FLD, _RPR = qn("a:r"), qn("a:br"), qn("a:fld"), qn("a:rPr")
# What python-pptx and lxml raise for a package or part they cannot make sense of.
_LIBRARY_ERRORS = (PythonPptxError, KeyError, ValueError, etree.LxmlError)


def text_parts(data: bytes, limits: ZipLimits | None = None) -> bytes:
    """The package with only its XML parts (slides, notes, relationships, properties),
    as a new uncompressed zip for python-pptx; pictures, media, embedded files and fonts
    are never inflated.

    Each XML part is inflated and checked by `SafeZip` (size, ratio, members, XML
    elements, depth, no DTD), and a part python-pptx builds objects of must have the root
    element its content type names (`_ROOTS`). Raises ZipLimitError (a ValueError) for a
    file over a limit, ValueError with the reason (no prefix) for one that is not a zip
    archive, not a presentation or has a part of the wrong kind.
    """
    if data.startswith(_OLE_MAGIC):
        raise ValueError("encrypted, or a legacy binary file (not a zip archive)")
    archive = SafeZip(data, limits)
    if "_rels/.rels" not in archive or "[Content_Types].xml" not in archive:
        raise ValueError("no presentation inside the zip archive")
    types = _content_types(archive.read_xml("[Content_Types].xml")[0])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as kept:
        for name in archive.names():
            if not name.endswith((".xml", ".rels")):
                continue
            part, outline = archive.read_xml(name)
            expected = _ROOTS.get(types.get(name, "").rpartition(".")[2])
            if name == "[Content_Types].xml" or name.endswith(".rels"):
                expected = "Types" if name == "[Content_Types].xml" else "Relationships"
            if expected is not None and not outline.root.endswith("}" + expected):
                found = outline.root.rpartition("}")[2]
                raise ValueError(f"{name} should hold <{expected}>, not <{found}>")
            kept.writestr(name, part)
    return out.getvalue()


_PML = "application/vnd.openxmlformats-officedocument.presentationml."
# content type (after "presentationml.") -> the root element of such a part (ECMA-376
# Part 1, 19.2-19.3 and Annex; python-pptx's classes for them need that root)
_ROOTS = {
    "main+xml": "presentation",
    "slide+xml": "sld",
    "slideLayout+xml": "sldLayout",
    "slideMaster+xml": "sldMaster",
    "notesSlide+xml": "notes",
    "notesMaster+xml": "notesMaster",
}


def _content_types(xml: bytes) -> dict[str, str]:
    """Member name -> the part's content type, from `[Content_Types].xml`'s Override
    elements (presentation parts only: the prefix `_PML` removed)."""
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    types: dict[str, str] = {}
    for override in root:
        kind = str(override.get("ContentType", ""))
        if kind.startswith(_PML):
            types[str(override.get("PartName", "")).lstrip("/")] = kind[len(_PML) :]
    return types


# python-pptx's error for an Office package of another kind: "file '<stream>' is not a
# PowerPoint file, content type is '<main part's content type>'".
_OTHER_PACKAGE = re.compile(r"is not a PowerPoint file, content type is '([^']*)'")
_KINDS = {
    "wordprocessingml": "a Word document",
    "spreadsheetml": "an Excel workbook",
}


def _kind(content_type: str) -> str:
    """What an Office package with this main-part content type is, for a message."""
    for marker, kind in _KINDS.items():
        if marker in content_type:
            return kind
    return f"a package of content type {content_type!r}"


def _run_text(element) -> str:
    if element.tag == _BR:
        return " "
    text = "".join(t.text or "" for t in element.iter(qn("a:t")))
    if element.tag == _R:
        props = element.find(_RPR)
        baseline = props.get("baseline") if props is not None else None
        if baseline is not None and baseline.lstrip("+").isdigit() and int(baseline) > 0:
            text = text.translate(_SUPERSCRIPT)
    return text


def _paragraph_text(paragraph) -> str:
    """The paragraph's runs and fields; line breaks become spaces, so it is one line."""
    parts = [
        _run_text(child) for child in paragraph._p.iterchildren() if child.tag in (_R, _BR, _FLD)
    ]
    return "".join(parts).replace("\r", " ").replace("\n", " ").replace("\v", " ")


def _paragraph_language(paragraph) -> str | None:
    """The `lang` of the paragraph's first run that has one (DrawingML `a:rPr/@lang`,
    ECMA-376 Part 1, 21.1.2.3.9), or None."""
    for props in paragraph._p.iter(_RPR, qn("a:endParaRPr")):
        if props.get("lang"):
            return props.get("lang")
    return None


Paragraph = tuple[str, str, str, str | None]  # text, label, kind, declared language


_BULLETS = (qn("a:buChar"), qn("a:buAutoNum"), qn("a:buBlip"))
_NO_BULLET = qn("a:buNone")
_PPR = qn("a:pPr")


def _bulleted(paragraph, in_body: bool) -> bool:
    """Whether a paragraph is a list item: its own properties give it a bullet or a
    number (`a:buChar`, `a:buAutoNum`, `a:buBlip`) or a level above 0 (`lvl`), or it
    sits in a body or content placeholder, whose paragraphs the slide master bullets,
    and does not switch that off (`a:buNone`). ECMA-376 Part 1, 21.1.2.4 (bullets) and
    19.7.10 (placeholder types)."""
    props = paragraph._p.find(_PPR)
    if props is not None:
        if props.find(_NO_BULLET) is not None:
            return False
        if any(props.find(tag) is not None for tag in _BULLETS):
            return True
        if (props.get("lvl") or "0").isdigit() and int(props.get("lvl") or "0") > 0:
            return True
    return in_body


def _frame_paragraphs(frame, where: str, kind: str, in_body: bool = False) -> Iterator[Paragraph]:
    """The paragraphs of one text frame. In a frame with bullets (see `_bulleted`),
    the bulleted paragraphs are the items of one list (`list_item`), as in Word."""
    for number, paragraph in enumerate(frame.paragraphs, 1):
        label = f"{where}:paragraph {number}"
        own = "list_item" if kind == "paragraph" and _bulleted(paragraph, in_body) else kind
        yield _paragraph_text(paragraph), label, own, _paragraph_language(paragraph)


def _shape_paragraphs(shapes, prefix: str) -> Iterator[Paragraph]:
    """(text, label, kind, language) for every paragraph of these shapes, in order."""
    for number, shape in enumerate(shapes, 1):
        where = f"{prefix}{number}"
        # by class, not `shape_type`, which raises for a shape it cannot classify
        if isinstance(shape, GroupShape):
            yield from _shape_paragraphs(shape.shapes, f"{where}.")
            continue
        if getattr(shape, "has_table", False) and shape.has_table:
            for r, row in enumerate(shape.table.rows, 1):
                for c, cell in enumerate(row.cells, 1):
                    yield from _frame_paragraphs(
                        cell.text_frame, f"shape {where}:cell {r},{c}", "table_cell"
                    )
            continue
        if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            kind = "heading" if _is_title(shape) else "paragraph"
            yield from _frame_paragraphs(shape.text_frame, f"shape {where}", kind, _is_body(shape))


def _placeholder_type(shape) -> str | None:
    if not shape.is_placeholder:
        return None
    try:
        kind = shape.placeholder_format.type
    except ValueError:
        return None
    return kind.name if kind is not None else None


def _is_body(shape) -> bool:
    """A body or content placeholder (`type="body"`, `"obj"`, or none given, which
    means body: ECMA-376 Part 1, 19.7.10 ST_PlaceholderType)."""
    return _placeholder_type(shape) in ("BODY", "OBJECT")


def _is_title(shape) -> bool:
    if not shape.is_placeholder:
        return False
    try:
        kind = shape.placeholder_format.type
    except ValueError:
        return False
    return kind is not None and kind.name in ("TITLE", "CENTER_TITLE", "VERTICAL_TITLE")


def _slide_paragraphs(presentation) -> Iterator[Paragraph]:
    for number, slide in enumerate(presentation.slides, 1):
        for text, where, kind, language in _shape_paragraphs(slide.shapes, ""):
            yield text, f"slide {number}:{where}", kind, language
        if slide.has_notes_slide:
            frame = slide.notes_slide.notes_text_frame
            if frame is not None:
                for text, where, _, language in _frame_paragraphs(frame, "notes", "notes"):
                    yield text, f"slide {number}:{where}", "notes", language


def read_pptx(path: str, data: bytes) -> Document:
    """Read a .pptx deck: one source line per paragraph, one block per non-empty one.

    `Document.line_labels[i]` says where line i+1 is (`slide 2:shape 1:paragraph 1`).
    Raises ValueError("not a valid .pptx file: …") when it is not one, is encrypted or
    has a malformed part, ValueError("not read, over a limit: …") when it is over one of
    the zip limits (`l2lint.sources.safezip`).
    """
    if not data.strip():  # 0 bytes (or only white space): nothing to read, not broken
        return Document(path, "", [], format="pptx", fixable=False, notices=[EMPTY_NOTICE])
    try:
        presentation = Presentation(io.BytesIO(text_parts(data)))
        paragraphs = list(_slide_paragraphs(presentation))
        properties = presentation.core_properties
        declared_title = (properties.title or "").strip()
        language = (properties.language or "").strip() or None
    except PackageNotFoundError:
        raise FormatError(
            "not a valid .pptx file: no presentation inside the zip archive"
        ) from None
    except _LIBRARY_ERRORS as exc:
        other = _OTHER_PACKAGE.search(str(exc))
        if other:  # python-pptx names its in-memory stream, not the file
            kind = _kind(other.group(1))
            raise FormatError(
                f"not a valid .pptx file: it holds {kind}, not a PowerPoint presentation"
            ) from None
        raise refusal(".pptx", exc) from None
    except (AttributeError, TypeError) as exc:
        if not raised_inside(exc, pptx, etree):  # l2lint's own bug: not the file's fault
            raise
        raise refusal(".pptx", exc) from None
    lines: list[str] = []
    labels: list[str] = []
    blocks: list[Block] = []
    first_title: str | None = None
    offset = 0
    for text, where, kind, paragraph_language in paragraphs:
        stripped = text.strip()
        if stripped:
            builder = BlockBuilder(kind)
            builder.language = paragraph_language
            builder.add(stripped, offset + len(text) - len(text.lstrip()))
            blocks.append(builder.build())
            if kind == "heading" and first_title is None:
                first_title = stripped
        lines.append(text)
        labels.append(where)
        offset += len(text) + 1
    return Document(
        path=path,
        source="\n".join(lines),
        blocks=blocks,
        title=declared_title or first_title,
        format="pptx",
        fixable=False,
        line_labels=labels,
        language=language,
    )
