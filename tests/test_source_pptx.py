"""The .pptx reader: slides, shapes, tables, groups and notes, with slide positions."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import jsonschema
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pptx import Presentation

from l2lint.sources.pptx import read_pptx
from tests.clirunner import run
from tests.conftest import examples
from tests.sourcehelpers import assert_reads_as_written, texts

DECK = Path(__file__).parent / "data" / "formats" / "copy" / "deck.pptx"


def test_every_text_place_is_read_with_its_label():
    doc = read_pptx("deck.pptx", DECK.read_bytes())
    assert texts(doc) == [
        ("heading", "The Lumix S1R II"),
        # the content placeholder's paragraphs are bulleted: one list
        ("list_item", "Built with L² Technology by Leica and Panasonic."),  # superscript run
        ("list_item", "Developed with L2 Technology."),
        ("heading", "Specifications"),
        ("table_cell", "Mount"),
        ("table_cell", "L-Mount"),
        ("table_cell", "Colour"),
        ("table_cell", "Leica look on every Lumix body"),
        ("paragraph", "Leica and Panasonic merged their camera teams."),
        ("notes", "Say L2 Technology clearly."),
        ("heading", "Thank you"),
        ("list_item", "LUMIX and Leica, together."),
    ]
    assert doc.line_labels[:3] == [
        "slide 1:shape 1:paragraph 1",
        "slide 1:shape 2:paragraph 1",
        "slide 1:shape 2:paragraph 2",
    ]
    assert doc.title == "LUMIX S1R II launch"
    assert not doc.fixable
    for block in doc.blocks:
        assert block.is_verbatim(0, len(block.text), doc.source)


def _zip(parts: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_sarif_has_regions_slide_names_but_no_fixes(tmp_path):
    result = run(["check", "--isolated", "--format", "sarif", str(DECK)])
    schema = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(result.json, schema)
    [first, *_] = result.json["runs"][0]["results"]
    region = first["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (1, 5)
    assert first["locations"][0]["logicalLocations"] == [{"name": "slide 1:shape 1:paragraph 1"}]
    assert all("fixes" not in r for r in result.json["runs"][0]["results"])


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PK\x03\x04 cut short", "not a zip archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "encrypted, or a legacy binary file"),
        (_zip({"hello.txt": b"Lumix"}), "no presentation inside the zip archive"),
        (_zip({"ppt/slides/slide1.xml": b" " * (2 * 1024 * 1024)}), "no presentation inside"),
    ],
)
def test_hostile_decks_give_one_line_errors(tmp_path, data, reason):
    (tmp_path / "bad.pptx").write_bytes(data)
    (tmp_path / "good.pptx").write_bytes(DECK.read_bytes())
    result = run(["check", "--isolated", "."], cwd=tmp_path)
    assert result.exit_code == 2
    [error] = result.stderr.splitlines()
    assert error.startswith(f"l2lint: error: bad.pptx: not a valid .pptx file: {reason}")
    assert "good.pptx:slide 1:shape 1:paragraph 1:5: B201" in result.stdout


def test_media_parts_are_never_inflated():
    """A picture that would inflate a thousandfold is skipped, not read: the deck reads."""
    with zipfile.ZipFile(io.BytesIO(DECK.read_bytes())) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts["ppt/media/image9.png"] = bytes(20 * 1024 * 1024)
    doc = read_pptx("deck.pptx", _zip(parts))
    assert doc.blocks[0].text == "The Lumix S1R II"


_PARAGRAPH = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc"),
        blacklist_characters="\v\x0b\u00ad\u200b\u200c\u200d\u2060\ufeff\u2011",
    ),
    max_size=30,
)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(_PARAGRAPH, min_size=1, max_size=3), min_size=1, max_size=3))
@example([["\uff01"]])  # found by this property: a full-width `！` reads as `!`
@example([["\uff2c\uff55\uff4d\uff49\uff58 S5", "Cafe\u0301"], ["plain"]])  # and NFD as NFC
def test_any_deck_reads_one_line_per_paragraph_as_written(slides):
    """Each paragraph is one line and one block that reads its characters as written, or
    as every block reads them (`read_characters`: full-width ASCII forms as ASCII, NFC):
    a full-width `！` is read as `!` by design, not verbatim."""
    presentation = Presentation()
    for paragraphs in slides:
        slide = presentation.slides.add_slide(presentation.slide_layouts[6])
        frame = slide.shapes.add_textbox(0, 0, 100, 100).text_frame
        frame.text = paragraphs[0]
        for text in paragraphs[1:]:
            frame.add_paragraph().text = text
    buffer = io.BytesIO()
    presentation.save(buffer)
    doc = read_pptx("d.pptx", buffer.getvalue())
    lines = doc.source.split("\n")
    assert len(lines) == len(doc.line_labels) == sum(len(p) for p in slides)
    assert doc.line_labels[-1] == f"slide {len(slides)}:shape 1:paragraph {len(slides[-1])}"
    assert_reads_as_written(doc)
    for block in doc.blocks:
        assert "\n" not in block.text


def _frame_kinds(build) -> list[tuple[str, str]]:
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    frame = slide.shapes.add_textbox(0, 0, 4000000, 2000000).text_frame
    build(frame)
    out = io.BytesIO()
    deck.save(out)
    return texts(read_pptx("a.pptx", out.getvalue()))


def _bullet(paragraph, tag: str = "a:buChar", **attrs) -> None:
    from pptx.oxml.ns import qn

    props = paragraph._p.get_or_add_pPr()
    element = props.makeelement(qn(tag), {"char": "•"} if tag == "a:buChar" else attrs)
    props.append(element)


def test_bulleted_or_levelled_paragraphs_of_a_text_box_are_list_items():
    def build(frame):
        frame.paragraphs[0].text = "What I packed:"
        for text, how in (("A bag.", "char"), ("Two MFT primes.", "level"), ("Spares.", "num")):
            paragraph = frame.add_paragraph()
            paragraph.text = text
            if how == "char":
                _bullet(paragraph)
            elif how == "level":
                paragraph.level = 1
            else:
                _bullet(paragraph, "a:buAutoNum", type="arabicPeriod")

    assert _frame_kinds(build) == [
        ("paragraph", "What I packed:"),
        ("list_item", "A bag."),
        ("list_item", "Two MFT primes."),
        ("list_item", "Spares."),
    ]


def test_a_body_paragraph_with_bullets_switched_off_is_a_paragraph():
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    frame = slide.placeholders[1].text_frame
    frame.paragraphs[0].text = "Intro without bullet"
    _bullet(frame.paragraphs[0], "a:buNone")
    frame.add_paragraph().text = "An item"
    out = io.BytesIO()
    deck.save(out)
    assert texts(read_pptx("a.pptx", out.getvalue())) == [
        ("paragraph", "Intro without bullet"),
        ("list_item", "An item"),
    ]


def test_full_output_shows_the_paragraph_text(tmp_path):
    result = run(
        ["check", "--isolated", "--no-cache", "--output-format", "full", str(DECK)], cwd=tmp_path
    )
    lines = result.stdout.splitlines()
    at = lines.index(
        f"{DECK}:slide 1:shape 2:paragraph 2:16: T101 error: Write 'L² Technology', "
        "not 'L2 Technology'."
    )
    assert lines[at + 2 : at + 4] == [
        "slide 1:shape 2:paragraph 2 | Developed with L2 Technology.",
        "                            |                ^^^^^^^^^^^^^ T101",
    ]


_DECK_PARTS = {
    info.filename: zipfile.ZipFile(DECK).read(info) for info in zipfile.ZipFile(DECK).infolist()
}
_XML_PARTS = sorted(name for name in _DECK_PARTS if name.endswith((".xml", ".rels")))
_TAGS = ["p:sp", "p:grpSp", "p:txBody", "p:spPr", "p:nvSpPr", "a:p", "a:r", "a:t", "p:ph", "x"]


def mutated_xml(xml: bytes, kind: str, index: int, tag: str) -> bytes:
    """`xml` with its `index`-th element (document order, modulo the count) dropped,
    renamed to `tag`, or emptied; or the part cut at `index` bytes."""
    from lxml import etree

    if kind == "cut":
        return xml[: index % (len(xml) + 1)]
    root = etree.fromstring(xml)
    elements = list(root.iter())
    target = elements[index % len(elements)]
    if kind == "drop" and target.getparent() is not None:
        target.getparent().remove(target)
    elif kind == "rename":
        prefix, _, local = tag.rpartition(":")
        target.tag = f"{{{root.nsmap.get(prefix or None, '')}}}{local}" if prefix else local
    else:
        target.clear()
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


@settings(max_examples=examples(150), deadline=None)
@given(
    member=st.sampled_from(_XML_PARTS),
    kind=st.sampled_from(["drop", "rename", "clear", "cut"]),
    index=st.integers(0, 10_000),
    tag=st.sampled_from(_TAGS),
)
def test_fuzz_mutated_deck_part_reads_or_is_one_line_error(member, kind, index, tag):
    """Any one part of a real deck with an element dropped, renamed or emptied, or cut
    short: the deck reads, or the reader raises its one-line ValueError (no other
    exception from python-pptx or lxml gets through)."""
    parts = dict(_DECK_PARTS, **{member: mutated_xml(_DECK_PARTS[member], kind, index, tag)})
    try:
        doc = read_pptx("deck.pptx", _zip(parts))
    except ValueError as exc:
        message = str(exc)
        assert "\n" not in message
        assert message.startswith(("not a valid .pptx file: ", "not read, over a limit: "))
        return
    for block in doc.blocks:
        assert block.is_verbatim(0, len(block.text), doc.source)
