"""Every zip-based format (.docx, .pptx) is read one way (#14 item 6): the same limits,
environment variables and messages, no DTDs, a clear nesting limit, and any malformed
part one line of error while the other files are still checked."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from tests.clirunner import run, run_process

DECK = Path(__file__).parent / "data" / "formats" / "copy" / "deck.pptx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SLIDE = "ppt/slides/slide1.xml"
OTHER = "other.txt:1:5: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]\n"


def replaced(data: bytes, changes: dict[str, bytes | None], add: int = 0) -> bytes:
    """The package with members replaced (None: removed) and `add` tiny members added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = changes.get(info.filename, source.read(info))
            if content is not None:
                target.writestr(info.filename, content)
        for i in range(add):
            target.writestr(f"extra/m{i}.bin", b"")
    return out.getvalue()


def slide(shapes: str, before_root: str = "") -> bytes:
    """Slide 1 of the deck with its shapes replaced by `shapes`."""
    xml = zipfile.ZipFile(DECK).read(SLIDE).decode()
    head, tail = xml[: xml.index("<p:sp>")], xml[xml.index("</p:spTree>") :]
    head = head.replace("<p:sld ", before_root + "<p:sld ", 1)
    return (head + shapes + tail).encode()


def text_shape(text: str = "The Lumix S5II.", sppr: str = "<p:spPr/>", shape_id: int = 2) -> str:
    """A text shape without preset geometry and without `txBox="1"`."""
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="T"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
        f"{sppr}<p:txBody><a:bodyPr/><a:p><a:r><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp>"
    )


def deck(shapes: str, before_root: str = "") -> bytes:
    return replaced(DECK.read_bytes(), {SLIDE: slide(shapes, before_root)})


def word(body: str, before_root: str = "", part: str = "word/document.xml") -> bytes:
    document = docx.Document()
    out = io.BytesIO()
    document.save(out)
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?>{before_root}'
        f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    )
    return replaced(out.getvalue(), {part: xml.encode()})


def paragraph(text: str = "The Lumix S5II.") -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def check(tmp_path: Path, name: str, data: bytes, monkeypatch=None, **env: str):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    (tmp_path / name).write_bytes(data)
    (tmp_path / "other.txt").write_text("The Lumix S5II.\n", encoding="utf-8")
    return run(["check", "--isolated", "--no-cache", name, "other.txt"], cwd=tmp_path)


def error(name: str, reason: str) -> str:
    return f"l2lint: error: {name}: {reason}\n"


# --- 1. .pptx under the zip limits and their variables --------------------------------

SLIDE1_FINDING = "deck.pptx:slide 1:shape 1:paragraph 1:5: B201 "


def whitespace_bomb() -> bytes:
    """Slide 1 inflating to 20 MB: white space between its shapes (4 text nodes of 5 MB,
    each under libxml2's 10 MB text node limit), compressed about 1,000 times."""
    padding = " " * (5 * 1024 * 1024)
    return deck(padding.join([text_shape()] + [text_shape("x", shape_id=i) for i in range(3, 7)]))


def test_pptx_bomb_is_refused_by_the_ratio_limit_and_its_variable_lifts_it(tmp_path, monkeypatch):
    data = whitespace_bomb()
    assert len(data) < 200_000
    compressed = zipfile.ZipFile(io.BytesIO(data)).getinfo(SLIDE).compress_size
    result = check(tmp_path, "deck.pptx", data)
    assert (result.exit_code, result.stdout.splitlines(True)[0]) == (2, OTHER)
    assert result.stderr.splitlines()[0] + "\n" == error(
        "deck.pptx",
        f"not read, over a limit: {SLIDE} inflates to more than 100 times its compressed "
        f"size of {compressed:,} bytes: a decompression bomb? (limit: L2LINT_ZIP_MAX_RATIO)",
    )
    result = check(
        tmp_path,
        "deck.pptx",
        data,
        monkeypatch,
        L2LINT_ZIP_MAX_MEMBER_MB="300",
        L2LINT_ZIP_MAX_RATIO="100000",
    )
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout.startswith(SLIDE1_FINDING)
    assert OTHER in result.stdout


def test_pptx_member_size_limit(tmp_path, monkeypatch):
    result = check(
        tmp_path,
        "deck.pptx",
        whitespace_bomb(),
        monkeypatch,
        L2LINT_ZIP_MAX_MEMBER_MB="2",
        L2LINT_ZIP_MAX_RATIO="100000",
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] + "\n" == error(
        "deck.pptx",
        f"not read, over a limit: {SLIDE} inflates to more than 2 MiB "
        "(limit: L2LINT_ZIP_MAX_MEMBER_MB)",
    )


def test_pptx_member_count_limit(tmp_path, monkeypatch):
    data = replaced(DECK.read_bytes(), {}, add=10_000)
    members = len(zipfile.ZipFile(io.BytesIO(data)).infolist())
    result = check(tmp_path, "deck.pptx", data)
    assert (result.exit_code, result.stdout.splitlines(True)[0]) == (2, OTHER)
    assert result.stderr.splitlines()[0] + "\n" == error(
        "deck.pptx",
        f"not read, over a limit: the zip archive has {members:,} members, over the limit "
        "of 10,000 (L2LINT_ZIP_MAX_MEMBERS)",
    )
    result = check(tmp_path, "deck.pptx", data, monkeypatch, L2LINT_ZIP_MAX_MEMBERS="20000")
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout.startswith("deck.pptx:slide 1:shape 1:paragraph 1:5: B201 ")


def test_pptx_xml_element_limit_one_part_and_all_parts(tmp_path, monkeypatch):
    shapes = "".join(text_shape("x", shape_id=i) for i in range(2, 402))
    data = deck(shapes)
    elements = len(list(etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(SLIDE)).iter()))
    assert elements > 4000
    result = check(tmp_path, "deck.pptx", data, monkeypatch, L2LINT_XML_MAX_ELEMENTS="3000")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] + "\n" == error(
        "deck.pptx",
        f"not read, over a limit: {SLIDE} holds more than 3,000 XML elements "
        "(limit: L2LINT_XML_MAX_ELEMENTS)",
    )
    # slide 1 alone is under the limit; with the parts before it, it is over
    limit = str(elements + 5)
    result = check(tmp_path, "deck.pptx", data, monkeypatch, L2LINT_XML_MAX_ELEMENTS=limit)
    assert result.exit_code == 2
    assert re.fullmatch(
        r"l2lint: error: deck\.pptx: not read, over a limit: the XML parts read up to "
        rf"\S+ hold more than {int(limit):,} elements in all \(limit: L2LINT_XML_MAX_ELEMENTS\)",
        result.stderr.splitlines()[0],
    )


# --- 2. text shapes python-pptx cannot classify; malformed parts -----------------------


@pytest.mark.parametrize(
    ("shapes", "label"),
    [
        (text_shape(), "slide 1:shape 1:paragraph 1"),  # no preset geometry, no txBox
        (text_shape(sppr=""), "slide 1:shape 1:paragraph 1"),  # no <p:spPr> at all
        (  # inside a group
            '<p:grpSp><p:nvGrpSpPr><p:cNvPr id="9" name="G"/><p:cNvGrpSpPr/><p:nvPr/>'
            f"</p:nvGrpSpPr><p:grpSpPr/>{text_shape('Intro', shape_id=3)}{text_shape()}"
            "</p:grpSp>",
            "slide 1:shape 1.2:paragraph 1",
        ),
    ],
)
def test_text_of_shapes_without_a_known_shape_type_is_read(tmp_path, shapes, label):
    result = check(tmp_path, "deck.pptx", deck(shapes))
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout.startswith(
        f"deck.pptx:{label}:5: B201 error: Write 'LUMIX' in capitals, not 'Lumix'.\n"
    )
    assert OTHER in result.stdout


def _without_override(part: str) -> bytes:
    types = zipfile.ZipFile(DECK).read("[Content_Types].xml").decode()
    return re.sub(rf'<Override PartName="{re.escape(part)}"[^>]*/>', "", types).encode()


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        (  # cut short
            {SLIDE: slide(text_shape()).removesuffix(b"</p:sld>")},
            f"{SLIDE}: invalid XML: Premature end of data in tag sld line 2, line 2, column 563",
        ),
        ({SLIDE: None}, "no relationship with key 'rId7'"),  # a slide the deck names
        ({SLIDE: b"<a/>"}, f"{SLIDE} should hold <sld>, not <a>"),
        ({"_rels/.rels": b"<Types/>"}, "_rels/.rels should hold <Relationships>, not <Types>"),
        (  # slide 1 no longer declared a slide: python-pptx makes a generic part of it
            {"[Content_Types].xml": _without_override("/ppt/slides/slide1.xml")},
            "a part is not of the kind its content type or relationship says ('Part' object "
            "has no attribute 'slide')",
        ),
        (
            {"ppt/presentation.xml": b"<a/>"},
            "ppt/presentation.xml should hold <presentation>, not <a>",
        ),
    ],
)
def test_malformed_pptx_part_is_one_line_error(tmp_path, changes, reason):
    result = check(tmp_path, "deck.pptx", replaced(DECK.read_bytes(), changes))
    assert result.exit_code == 2
    assert (
        result.stderr.splitlines()[0]
        == f"l2lint: error: deck.pptx: not a valid .pptx file: {reason}"
    )
    assert "internal error" not in result.stderr
    assert result.stdout.startswith(OTHER)


# --- 3. no DTD in any part ------------------------------------------------------------

DTD = "DTDs are not allowed ({} has a DOCTYPE; Office Open XML parts must not declare one)"


@pytest.mark.parametrize(
    ("name", "data", "part"),
    [
        (  # the input: an internal entity that hid the paragraph's Lumix
            "copy.docx",
            word(paragraph("&x; Lumix"), '<!DOCTYPE d [<!ENTITY x "hi">]>'),
            "word/document.xml",
        ),
        (  # an external entity
            "copy.docx",
            word(
                paragraph("&x; Lumix"),
                '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/hostname">]>',
            ),
            "word/document.xml",
        ),
        (  # a SYSTEM DTD in a .pptx slide
            "deck.pptx",
            deck(text_shape(), '<!DOCTYPE p:sld SYSTEM "http://127.0.0.1:9/x.dtd">'),
            SLIDE,
        ),
    ],
)
def test_a_doctype_in_any_part_is_refused(tmp_path, name, data, part):
    result = check(tmp_path, name, data)
    assert result.exit_code == 2
    extension = name[name.index(".") :]
    assert result.stderr.splitlines()[0] + "\n" == error(
        name, f"not a valid {extension} file: " + DTD.format(part)
    )
    assert result.stdout.startswith(OTHER)


def test_a_doctype_in_the_styles_part_is_refused(tmp_path):
    styles = b'<!DOCTYPE s><w:styles xmlns:w="' + W.encode() + b'"/>'
    data = replaced(word(paragraph()), {"word/styles.xml": styles})
    result = check(tmp_path, "copy.docx", data)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] + "\n" == error(
        "copy.docx", "not a valid .docx file: " + DTD.format("word/styles.xml")
    )


# --- 4. nesting deeper than the XML parser's 256 levels --------------------------------

DEPTH = (
    "not read, over a limit: {} nests XML elements deeper than 256 levels (the limit of "
    "the XML parser; Office documents nest a few dozen)"
)


def nested_word(levels: int) -> bytes:
    """A paragraph inside `levels` nested custom XML elements (plus document and body)."""
    return word("<w:customXml>" * levels + paragraph() + "</w:customXml>" * levels)


def nested_deck(levels: int) -> bytes:
    group = '<p:grpSp><p:nvGrpSpPr><p:cNvPr id="9" name="G"/><p:cNvGrpSpPr/><p:nvPr/>'
    group += "</p:nvGrpSpPr><p:grpSpPr/>"
    return deck(group * levels + text_shape() + "</p:grpSp>" * levels)


@pytest.mark.parametrize(
    ("name", "data", "part"),
    [
        ("copy.docx", nested_word(300), "word/document.xml"),
        ("copy.docx", nested_word(10_000), "word/document.xml"),
        ("deck.pptx", nested_deck(260), SLIDE),
    ],
)
def test_nesting_deeper_than_256_levels_is_refused_naming_the_limit(tmp_path, name, data, part):
    result = check(tmp_path, name, data)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] + "\n" == error(name, DEPTH.format(part))
    assert result.stdout.startswith(OTHER)


def test_nesting_within_the_limit_is_read(tmp_path):
    result = check(tmp_path, "copy.docx", nested_word(250))
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout.startswith("copy.docx:1:5: B201 ")
    result = check(tmp_path, "deck.pptx", nested_deck(200))
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout.startswith("deck.pptx:slide 1:shape 1" + ".1" * 200 + ":paragraph 1:5:")


def test_a_text_run_over_the_parsers_limit_is_named(tmp_path, monkeypatch):
    """11 MB of white space between two shapes: over libxml2's 10,000,000-byte text node."""
    data = deck(text_shape() + " " * 11_000_000 + text_shape("x", shape_id=3))
    result = check(tmp_path, "deck.pptx", data, monkeypatch, L2LINT_ZIP_MAX_RATIO="100000")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] + "\n" == error(
        "deck.pptx",
        f"not read, over a limit: {SLIDE} has a run of text over 10,000,000 bytes (the limit "
        "of the XML parser)",
    )
    assert result.stdout.startswith(OTHER)


def test_malformed_docx_styles_part_is_one_line_error(tmp_path):
    """A style without the name's required `w:val`: python-docx's own InvalidXmlError."""
    styles = (
        f'<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:styleId="X"><w:name/>'
        "</w:style></w:styles>"
    ).encode()
    data = replaced(word(paragraph()), {"word/styles.xml": styles})
    result = check(tmp_path, "copy.docx", data)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] + "\n" == error(
        "copy.docx",
        f"not a valid .docx file: required 'w:val' attribute not present on element {{{W}}}name",
    )
    assert result.stdout.startswith(OTHER)


@pytest.mark.parametrize(
    ("variable", "value", "maximum"),
    [
        ("L2LINT_ZIP_MAX_RATIO", "abc", "1,000,000,000,000"),
        ("L2LINT_ZIP_MAX_MEMBERS", "0", "1,000,000,000,000"),
        ("L2LINT_STDIN_MAX_MB", "1.5", "1,048,576"),
        ("L2LINT_STDIN_MAX_MB", "99999999999999999999999", "1,048,576"),  # was OverflowError
        ("L2LINT_ZIP_MAX_RATIO", "+2", "1,000,000,000,000"),
        ("L2LINT_ZIP_MAX_RATIO", "\uff11", "1,000,000,000,000"),  # a full-width digit
    ],
)
def test_a_limit_variable_that_is_not_a_whole_number_stops_the_run(
    tmp_path, variable, value, maximum
):
    """A wrong value never falls back to the default in silence (#14)."""
    (tmp_path / "a.md").write_text("The Lumix S5II.\n", encoding="utf-8")
    env = {**os.environ, variable: value}
    result = run_process(["check", "--no-cache", "a.md"], cwd=tmp_path, env=env)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"l2lint: {variable} must be a whole number from 1 to {maximum}, not {value!r}\n"
    )


def test_standard_input_over_its_limit_is_one_error_not_all_memory(tmp_path):
    env = {**os.environ, "L2LINT_STDIN_MAX_MB": "1"}
    big = b"The Lumix S5II.\n" * 70_000  # 1.1 MB
    result = run_process(["check", "--no-cache", "-"], cwd=tmp_path, input=big, env=env)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "l2lint: error: -: standard input is larger than the limit of 1 MiB "
        "(L2LINT_STDIN_MAX_MB); save it to a file, which is read in slices"
    )
    small = b"The Lumix S5II.\n"
    result = run_process(["check", "--no-cache", "-"], cwd=tmp_path, input=small, env=env)
    assert (result.exit_code, result.stdout.splitlines()[0]) == (
        1,
        "-:1:5: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]",
    )
