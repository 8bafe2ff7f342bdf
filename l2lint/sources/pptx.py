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

Only the package's XML parts are read (`text_parts`), each checked before it is
inflated: none may inflate beyond `MAX_PART_BYTES`, all together beyond
`MAX_TOTAL_BYTES`, and none above 1 MB more than `MAX_RATIO` times (sizes from the
zip's central directory, which `zipfile` enforces while reading). Pictures, media and
embedded files are never inflated. Source of the XML: ECMA-376 Part 1, 21.1.2 (DrawingML
text).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

from pptx import Presentation
from pptx.oxml.ns import qn

from l2lint.document import Block, BlockBuilder, Document
from l2lint.sources.empty import EMPTY_NOTICE

MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 100
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_R, _BR, _FLD, _RPR = qn("a:r"), qn("a:br"), qn("a:fld"), qn("a:rPr")


def text_parts(data: bytes) -> bytes:
    """The package with only its XML parts (slides, notes, relationships, properties),
    as a new uncompressed zip for python-pptx; pictures, media, embedded files and fonts
    are never inflated.

    Raises ValueError("not a valid .pptx file: …") for a file that is not a zip archive,
    or when a part read would inflate past `MAX_PART_BYTES` (or, above 1 MB, more than
    `MAX_RATIO` times its compressed size) or all of them past `MAX_TOTAL_BYTES`. Sizes
    are checked from the zip's directory before reading; `zipfile` never inflates a part
    beyond the size the directory gives.
    """
    if data.startswith(_OLE_MAGIC):
        raise ValueError(
            "not a valid .pptx file: encrypted, or a legacy binary file (not a zip archive)"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValueError("not a valid .pptx file: not a zip archive") from None
    total = 0
    out = io.BytesIO()
    with archive, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as kept:
        for info in archive.infolist():
            if not info.filename.endswith((".xml", ".rels")):
                continue
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MAX_PART_BYTES or (
                info.file_size > 1024 * 1024 and ratio > MAX_RATIO
            ):
                raise ValueError(
                    f"not a valid .pptx file: part {info.filename} would inflate to "
                    f"{info.file_size} bytes (compressed {info.compress_size})"
                )
            if total > MAX_TOTAL_BYTES:
                raise ValueError(
                    f"not a valid .pptx file: would inflate to more than {MAX_TOTAL_BYTES} bytes"
                )
            try:
                kept.writestr(info.filename, archive.read(info))
            except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
                raise ValueError(
                    f"not a valid .pptx file: part {info.filename}: {exc}".splitlines()[0]
                ) from None
    return out.getvalue()


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


def _open(data: bytes):
    package = text_parts(data)
    try:
        return Presentation(io.BytesIO(package))
    except Exception as exc:  # python-pptx raises many types for broken packages
        reason = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
        reason = (reason or type(exc).__name__).splitlines()[0]
        if any(s in reason for s in ("Package not found", "no relationship", "no member")):
            reason = "no presentation inside the zip archive"
        other = _OTHER_PACKAGE.search(reason)
        if other:  # python-pptx names its in-memory stream, not the file
            reason = f"it holds {_kind(other.group(1))}, not a PowerPoint presentation"
        raise ValueError(f"not a valid .pptx file: {reason}") from None


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
        if shape.shape_type is not None and shape.shape_type == 6:  # MSO_SHAPE_TYPE.GROUP
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
    Raises ValueError("not a valid .pptx file: …") when it is not one, is encrypted, or
    would inflate past the limits.
    """
    if not data.strip():  # 0 bytes (or only white space): nothing to read, not broken
        return Document(path, "", [], format="pptx", fixable=False, notices=[EMPTY_NOTICE])
    presentation = _open(data)
    lines: list[str] = []
    labels: list[str] = []
    blocks: list[Block] = []
    first_title: str | None = None
    offset = 0
    for text, where, kind, language in _slide_paragraphs(presentation):
        stripped = text.strip()
        if stripped:
            builder = BlockBuilder(kind)
            builder.language = language
            builder.add(stripped, offset + len(text) - len(text.lstrip()))
            blocks.append(builder.build())
            if kind == "heading" and first_title is None:
                first_title = stripped
        lines.append(text)
        labels.append(where)
        offset += len(text) + 1
    title = (presentation.core_properties.title or "").strip() or first_title
    return Document(
        path=path,
        source="\n".join(lines),
        blocks=blocks,
        title=title,
        format="pptx",
        fixable=False,
        line_labels=labels,
        language=(presentation.core_properties.language or "").strip() or None,
    )
