"""The .docx reader: one source line per paragraph, blocks for the non-empty ones."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from l2lint.document import Block, Document, read_characters
from l2lint.sources.docx import read_docx
from tests.conftest import examples
from tests.test_source_pptx import mutated_xml


def save(document, tmp_path: Path) -> bytes:
    path = tmp_path / "copy.docx"
    document.save(str(path))
    return path.read_bytes()


def read(data: bytes) -> Document:
    doc = read_docx("copy.docx", data)
    assert doc.format == "docx"
    assert doc.fixable  # fixed in its runs (#12)
    for block in doc.blocks:
        assert block.is_verbatim(0, len(block.text), doc.source)
    return doc


def texts(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in doc.blocks]


def positions(doc: Document, block: Block, word: str) -> list[tuple[int, int]]:
    start = block.text.index(word)
    return [doc.line_col(block.source_start(start + i)) for i in range(len(word))]


def _hyperlink(paragraph, text: str) -> None:
    """A `w:hyperlink` holding one run, as Word writes links."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), "target")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def test_paragraphs_headings_tables_and_split_runs(tmp_path):
    document = docx.Document()
    document.add_heading("L2 Technology by Leica", level=1)
    paragraph = document.add_paragraph("The ")
    paragraph.add_run("Lu").bold = True
    paragraph.add_run("mix S5II, see ")
    _hyperlink(paragraph, "LUMIX site")
    paragraph.add_run(".")
    document.add_paragraph("")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Leica cell"
    table.cell(0, 1).text = "Panasonic"
    document.add_paragraph("After the table.")
    doc = read(save(document, tmp_path))

    assert texts(doc) == [
        ("heading", "L2 Technology by Leica"),
        ("paragraph", "The Lumix S5II, see LUMIX site."),
        ("table_cell", "Leica cell"),
        ("table_cell", "Panasonic"),
        ("paragraph", "After the table."),
    ]
    assert doc.source == (
        "L2 Technology by Leica\nThe Lumix S5II, see LUMIX site.\n\n"
        "Leica cell\nPanasonic\nAfter the table."
    )
    lumix = doc.blocks[1]
    assert positions(doc, lumix, "Lumix") == [(2, 5), (2, 6), (2, 7), (2, 8), (2, 9)]
    assert positions(doc, lumix, "LUMIX")[0] == (2, 21)
    assert positions(doc, doc.blocks[0], "Leica")[0] == (1, 18)
    assert positions(doc, doc.blocks[3], "Panasonic")[0] == (5, 1)
    assert positions(doc, doc.blocks[4], "table")[-1] == (6, 15)
    assert doc.title == "L2 Technology by Leica"


def test_nested_tables_and_title_style(tmp_path):
    document = docx.Document()
    document.add_paragraph("Leica and LUMIX", style="Title")
    outer = document.add_table(rows=1, cols=1)
    cell = outer.cell(0, 0)
    cell.text = "Outer"
    inner = cell.add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "Inner  L2 Technology "
    doc = read(save(document, tmp_path))
    assert texts(doc) == [
        ("heading", "Leica and LUMIX"),
        ("table_cell", "Outer"),
        ("table_cell", "Inner  L2 Technology"),
    ]
    assert positions(doc, doc.blocks[2], "L2")[0] == (3, 8)
    assert doc.title == "Leica and LUMIX"


def test_core_properties_title_wins_and_line_breaks_stay_on_one_line(tmp_path):
    document = docx.Document()
    document.core_properties.title = "Press kit"
    document.add_heading("Heading", level=2)
    paragraph = document.add_paragraph("first")
    paragraph.add_run().add_break()
    paragraph.add_run("second\tcolumn")
    document.add_paragraph("   ")
    document.add_paragraph("  Indented Lumix")
    doc = read(save(document, tmp_path))
    assert doc.title == "Press kit"
    assert texts(doc) == [
        ("heading", "Heading"),
        ("paragraph", "first second\tcolumn"),
        ("paragraph", "Indented Lumix"),
    ]
    assert positions(doc, doc.blocks[2], "Lumix")[0] == (4, 12)


def test_deleted_text_is_not_read(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("Keep ")
    deleted = OxmlElement("w:del")
    run = OxmlElement("w:r")
    text = OxmlElement("w:delText")
    text.text = "gone"
    run.append(text)
    deleted.append(run)
    paragraph._p.append(deleted)
    paragraph.add_run("this")
    doc = read(save(document, tmp_path))
    assert texts(doc) == [("paragraph", "Keep this")]


def test_not_a_docx_raises_value_error():
    with pytest.raises(ValueError, match=r"^not a valid \.docx file: not a zip archive$"):
        read_docx("x.docx", b"plain text, not a zip")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(ValueError, match=r"^not a valid \.docx file: "):
        read_docx("x.docx", archive.getvalue())


def _base_docx() -> bytes:
    document = docx.Document()
    document.add_heading("The Lumix S5II", 1)
    document.add_paragraph("Built with L2 Technology.", style="List Bullet")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Leica look"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_BASE = _base_docx()
_PARTS = {
    i.filename: zipfile.ZipFile(io.BytesIO(_BASE)).read(i)
    for i in zipfile.ZipFile(io.BytesIO(_BASE)).infolist()
}
_READ_PARTS = [
    "[Content_Types].xml",
    "_rels/.rels",
    "word/document.xml",
    "word/_rels/document.xml.rels",
    "word/styles.xml",
    "docProps/core.xml",
]
_WORD_TAGS = ["w:p", "w:r", "w:t", "w:body", "w:tbl", "w:tc", "w:style", "w:rPr", "x"]


@settings(max_examples=examples(150), deadline=None)
@given(
    member=st.sampled_from(_READ_PARTS),
    kind=st.sampled_from(["drop", "rename", "clear", "cut"]),
    index=st.integers(0, 10_000),
    tag=st.sampled_from(_WORD_TAGS),
)
def test_fuzz_mutated_docx_part_reads_or_is_one_line_error(member, kind, index, tag):
    """Any part the reader uses with an element dropped, renamed or emptied, or cut
    short: the document reads, or the reader raises its one-line ValueError."""
    parts = dict(_PARTS, **{member: mutated_xml(_PARTS[member], kind, index, tag)})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    try:
        doc = read_docx("copy.docx", out.getvalue())
    except ValueError as exc:
        message = str(exc)
        assert "\n" not in message
        assert message.startswith(("not a valid .docx file: ", "not read, over a limit: "))
        return
    for block in doc.blocks:
        start, end = block.source_span(0, len(block.text))
        assert block.text == read_characters(doc.source[start:end])
