"""The XLIFF reader: target text only, exact positions, refusals in one line."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree

from l2lint.document import read_characters
from l2lint.sources.xliff import escape, read_xliff
from tests.clirunner import run
from tests.sourcehelpers import assert_exact, source_of, texts, where

XLIFF_12 = """\
<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file source-language="en" target-language="en-GB" datatype="plaintext" original="a">
  <body>
   <trans-unit id="1">
    <source>Lumix source</source>
    <target>Ünï Lumix &amp; <bpt id="1">&lt;b&gt;</bpt>Leica<ept id="1">&lt;/b&gt;</ept> and <g id="2">Panasonic</g><x id="3"/>.</target>
    <note>Lumix note</note>
   </trans-unit>
   <trans-unit id="2"><source>s</source><target/></trans-unit>
  </body>
 </file>
</xliff>
"""

XLIFF_20 = """\
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="en">\r
 <file id="f"><unit id="u"><segment>\r
  <source>Lumix</source>\r
  <target>The <pc id="1">Lumix</pc> <ph id="2" equiv="Lumix"/> <sc id="3"/>S5<ec startRef="3"/>\r
 camera</target>\r
 </segment></unit></file>\r
</xliff>\r
"""


def test_12_reads_targets_only_with_inline_text_and_without_codes():
    doc = read_xliff("a.xlf", XLIFF_12)
    assert texts(doc) == [("target", "Ünï Lumix & Leica and Panasonic.")]
    block = doc.blocks[0]
    assert where(doc, block, "Lumix") == (7, 17)
    assert where(doc, block, "Panasonic") == (7, 104)
    assert source_of(doc, block, "&") == "&amp;"
    assert doc.fixable and doc.format == "xliff"
    assert_exact(doc)


def test_20_crlf_placeholders_and_paired_codes():
    doc = read_xliff("a.xliff", XLIFF_20)
    assert texts(doc) == [("target", "The Lumix  S5\n camera")]  # XML reads CRLF as LF
    block = doc.blocks[0]
    assert where(doc, block, "Lumix") == (4, 26)
    assert where(doc, block, "S5") == (4, 76)
    assert where(doc, block, "camera") == (5, 2)


def test_cli_errors_name_the_file_and_other_files_go_on(tmp_path):
    # (a file without any brand name is not parsed at all, as in every format)
    (tmp_path / "bad.xlf").write_text("<xliff version='1.2'><file>Lumix", encoding="utf-8")
    (tmp_path / "notxliff.xlf").write_text("<html>Lumix</html>", encoding="utf-8")
    (tmp_path / "bomb.xlf").write_text(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "Lumix">]><xliff>&a;</xliff>',
        encoding="utf-8",
    )
    (tmp_path / "good.xlf").write_text(XLIFF_12, encoding="utf-8")
    result = run(["check", "--isolated", "."], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "l2lint: error: bad.xlf: not a valid XLIFF file: no element found at line 1, column 33",
        "l2lint: error: bomb.xlf: not a valid XLIFF file: a DOCTYPE is not allowed",
        "l2lint: error: notxliff.xlf: not a valid XLIFF file: the root element is not <xliff>",
    ]
    assert result.stdout.startswith("good.xlf:7:17: B201 ")


def test_fix_writes_escaped_xml_and_keeps_codes(tmp_path):
    path = tmp_path / "a.xliff"
    path.write_bytes(XLIFF_20.encode("utf-8"))
    before = etree.parse(str(path))
    result = run(["check", "--isolated", "--fix", str(path)])
    assert result.exit_code == 0, result.stdout
    assert path.read_bytes() == XLIFF_20.replace(
        '<pc id="1">Lumix</pc>', '<pc id="1">LUMIX</pc>'
    ).encode("utf-8")
    after = etree.parse(str(path))
    assert after.xpath("//*[local-name()='ph']/@equiv") == before.xpath(
        "//*[local-name()='ph']/@equiv"
    )
    assert escape("R&D <b>") == "R&amp;D &lt;b&gt;"


_PLAIN = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"),
        blacklist_characters="<&>\r\u00ad\u200b\u200c\u200d\u2060\ufeff\u2011",
    ),
    max_size=40,
)


@given(before=_PLAIN, after=_PLAIN)
@example(before="", after="\u2329")  # found by this property: U+2329 reads as U+3008 (NFC)
@example(before="\uff2c", after="e\u0301")  # full-width L, decomposed é
def test_any_target_text_maps_back_verbatim(before, after):
    source = XLIFF_12.replace("Ünï Lumix &amp; <bpt", f"{escape(before)}Lumix<bpt").replace(
        '<x id="3"/>.', f'<x id="3"/>{escape(after)}'
    )
    doc = read_xliff("a.xlf", source)
    expected = read_characters(f"{before}LumixLeica and Panasonic{after}".strip())
    assert [b.text for b in doc.blocks] == [expected]
    assert_exact(doc)


def test_suggestions_other_modules_and_protected_text_are_not_copy():
    source_12 = XLIFF_12.replace(
        "<note>Lumix note</note>",
        "<alt-trans><target>Lumix suggestion</target></alt-trans>",
    ).replace("Ünï Lumix", 'Ünï <mrk mtype="protected">Lumix</mrk>')
    doc = read_xliff("a.xlf", source_12)
    assert texts(doc) == [("target", "Ünï  & Leica and Panasonic.")]
    source_20 = XLIFF_20.replace(
        "<segment>",
        '<mtc:matches xmlns:mtc="urn:oasis:names:tc:xliff:matches:2.0"><mtc:match ref="#1">'
        "<source>a</source><target>Lumix match</target></mtc:match></mtc:matches><segment>",
    ).replace("The <pc", 'The <mrk id="m" translate="no">Lumix</mrk> <pc')
    doc = read_xliff("a.xliff", source_20)
    assert texts(doc) == [("target", "The  Lumix  S5\n camera")]
