"""PO and XLIFF through the CLI: the encoding each declares (read and written in it),
broken and empty files, CDATA, `translate="no"` and suppression comments (#19, #20)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l2lint.filecheck import document_from_bytes
from tests.clirunner import run

XLF = """<?xml version="1.0" encoding="{enc}"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="en" \
target-language="de" datatype="plaintext" original="a"><body>
<trans-unit id="1"><source>a</source><target>{pre}Made with L2 Tech and the Lumix S9.</target>\
</trans-unit>
</body></file></xliff>
"""
PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset={enc}\\n"

msgid "a"
msgstr "{pre}Made with L2 Tech and the Lumix S9."
"""


def check(folder: Path, *args: str):
    return run(["check", "--isolated", "--no-cache", "--select", "T101,B201", *args], cwd=folder)


def positions(result) -> list[tuple]:
    return [(f["code"], f["line"], f["column"], f["end_column"]) for f in result.json]


@pytest.mark.parametrize(
    ("name", "template", "enc", "codec", "pre", "fixed"),
    [
        # the encoding has "²": written in it
        ("de.xlf", XLF, "ISO-8859-1", "latin-1", "Größe: ", "L² Technology and the LUMIX"),
        # it has not: a character reference, as XML allows in any encoding
        ("ja.xlf", XLF, "Shift_JIS", "shift_jis", "日本語。", "L&#178; Technology and the LUMIX"),
        ("en.xlf", XLF, "US-ASCII", "ascii", "", "L&#178; Technology and the LUMIX"),
        # PO has no escape for it: the fix is refused, the other one made
        ("ja.po", PO, "EUC-JP", "euc_jp", "日本語。", "L2 Tech and the LUMIX"),
        ("en.po", PO, "ASCII", "ascii", "", "L2 Tech and the LUMIX"),
        ("de.po", PO, "ISO-8859-1", "latin-1", "Größe: ", "L² Technology and the LUMIX"),
    ],
)
def test_declared_encoding_is_read_and_written(tmp_path, name, template, enc, codec, pre, fixed):
    text = template.format(enc=enc, pre=pre)
    path = tmp_path / name
    path.write_bytes(text.encode(codec))
    line = 3 if name.endswith(".xlf") else 6
    start = text.splitlines()[line - 1].index("L2 Tech") + 1
    assert positions(check(tmp_path, "--format", "json", name)) == [
        ("T101", line, start, start + 7),
        ("B201", line, start + 16, start + 21),
    ]
    result = check(tmp_path, "--fix", name)
    expected = text.replace("L2 Tech and the Lumix", fixed).encode(codec)
    assert path.read_bytes() == expected
    if "L2 Tech" in fixed:
        assert result.exit_code == 1
        assert f"(not fixed: '²' cannot be written in {codec.replace('-', '_')})" in (
            result.stdout.replace("latin_1", "latin-1")
        )
    else:
        assert result.exit_code == 0


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        (
            "trunc2.xlf",
            '<?xml version="1.0"?>\n<xliff version="1.2" '
            'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file><body><trans-unit id="1">'
            "<target>Hello world",
            "not a valid XLIFF file: no element found at line 2, column 118",
        ),
        ("broken2.po", 'msgid "a"\nmsgstr "Hello world\n', "not a valid PO file"),
        ("notxml.xlf", "Hello world\n", "not a valid XLIFF file: syntax error at line 1"),
    ],
)
def test_a_broken_file_without_brand_words_is_an_error(tmp_path, name, content, reason):
    (tmp_path / name).write_text(content, encoding="utf-8")
    (tmp_path / "ok.md").write_text("Hello.\n", encoding="utf-8")
    result = run(["check", "--isolated", "--no-cache", name, "ok.md"], cwd=tmp_path)
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1
    assert errors[0].startswith(f"l2lint: error: {name}: {reason}")


@pytest.mark.parametrize("name", ["empty.xlf", "empty.po", "blank.po", "empty.pdf", "empty.pptx"])
def test_an_empty_file_is_a_notice(tmp_path, name):
    (tmp_path / name).write_bytes(b"\n  \n" if name.startswith("blank") else b"")
    result = run(["check", "--isolated", "--no-cache", name], cwd=tmp_path)
    assert result.exit_code == 0
    assert f"l2lint: notice: {name}: empty file: nothing checked" in result.stderr


XLF_UNITS = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="en" \
target-language="en" datatype="plaintext" original="a"><body>
<trans-unit id="1"><source>a</source><target><![CDATA[Lumix four]]></target></trans-unit>
<trans-unit id="2" translate="no"><source>a</source><target>The Lumix S9.</target></trans-unit>
<group translate="no"><trans-unit id="3"><source>a</source><target>Lumix</target></trans-unit>\
</group>
<!-- l2lint-disable-next-line B201 -->
<trans-unit id="4"><source>a</source><target>The Lumix S9.
 The Lumix S5.</target></trans-unit>
<trans-unit id="5"><source>a</source><target>By L2 Tech. <![CDATA[The Lumix & more]]> Lumix</target>\
</trans-unit>
</body></file></xliff>
"""


def test_xliff_cdata_translate_no_and_suppression(tmp_path):
    path = tmp_path / "a.xlf"
    path.write_text(XLF_UNITS, encoding="utf-8")
    assert positions(check(tmp_path, "--format", "json", "a.xlf")) == [
        ("B201", 3, 55, 60),
        ("T101", 9, 49, 56),
        ("B201", 9, 71, 76),
        ("B201", 9, 87, 92),
    ]
    assert check(tmp_path, "--fix", "a.xlf").exit_code == 0
    assert path.read_text(encoding="utf-8") == (
        XLF_UNITS.replace("[Lumix four", "[LUMIX four").replace(
            "By L2 Tech. <![CDATA[The Lumix & more]]> Lumix",
            "By L² Technology. <![CDATA[The LUMIX & more]]> LUMIX",
        )
    )


def test_xliff_2_translate_no_unit_is_skipped(tmp_path):
    (tmp_path / "b.xlf").write_text(
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" '
        'trgLang="de"><file id="f"><unit id="1" translate="no"><segment><source>a</source>'
        '<target>The Lumix S9.</target></segment></unit><unit id="2"><segment>'
        "<source>a</source><target>The Lumix S5.</target></segment></unit></file></xliff>\n",
        encoding="utf-8",
    )
    assert positions(check(tmp_path, "--format", "json", "b.xlf")) == [("B201", 1, 261, 266)]


def test_po_translator_comment_suppresses_the_entry(tmp_path):
    text = (
        "# l2lint: disable-next-line B201\n#: page.html:3\n"
        'msgid "A"\nmsgstr ""\n"The Lumix S9\\n"\n"and the Lumix S5."\n\n'
        'msgid "B"\nmsgstr "The Lumix S1."\n'
    )
    (tmp_path / "a.po").write_text(text, encoding="utf-8")
    assert positions(check(tmp_path, "--format", "json", "a.po")) == [("B201", 9, 13, 18)]


def test_a_finding_before_cdata_ends_before_it(tmp_path):
    lines = [
        '<trans-unit id="1"><source>a</source><target>Shot on a Leica LUMIX '
        "<![CDATA[camera, the S9 & more.]]></target></trans-unit>",
        '<trans-unit id="2"><source>a</source><target>The Leica-LUMIX '
        "<![CDATA[S9 has L² Technology.]]></target></trans-unit>",
    ]
    text = XLF_UNITS.split("<trans-unit")[0] + "\n".join(lines) + "\n</body></file></xliff>\n"
    (tmp_path / "c.xlf").write_text(text, encoding="utf-8")
    result = run(["check", "--isolated", "--no-cache", "--format", "json", "c.xlf"], cwd=tmp_path)
    assert positions(result) == [("C302", 3, 56, 67), ("C302", 4, 50, 61)]
    assert [
        text.splitlines()[f["line"] - 1][f["column"] - 1 : f["end_column"] - 1] for f in result.json
    ] == ["Leica LUMIX", "Leica-LUMIX"]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from([("ISO-8859-1", "latin-1"), ("Shift_JIS", "shift_jis"), ("EUC-JP", "euc_jp")]),
    st.text(
        alphabet=st.characters(
            codec="latin-1", categories=("Lu", "Ll", "Nd", "Zs", "Lo", "Po")
        ).filter(lambda c: c not in '<>&"\\\u00a0')
        | st.sampled_from("日本語のテキスト。"),
        min_size=1,
        max_size=30,
    ).filter(lambda t: t.strip() == t and t.strip()),
    st.booleans(),
)
def test_declared_encoding_reads_every_character_where_it_stands(encoding, target, po):
    """Whatever the declared encoding holds is read as itself, at its own column."""
    declared, codec = encoding
    try:
        data = (
            (PO if po else XLF)
            .format(enc=declared, pre="")
            .replace("Made with L2 Tech and the Lumix S9.", target)
            .encode(codec)
        )
    except UnicodeEncodeError:
        return  # a character this encoding lacks: not a file one can write
    fmt = "po" if po else "xliff"
    doc = document_from_bytes("a." + fmt, data, fmt)
    assert doc.encoding == codecs.lookup(codec).name
    [block] = doc.blocks
    assert block.text == target
    start = block.source_start(0)
    assert doc.source[start : start + len(target)] == target
    assert doc.bom + doc.source.encode(doc.encoding) == data


def test_a_po_directive_above_an_untranslated_entry_covers_nothing_after_it(tmp_path):
    text = (
        '# l2lint: disable-next-line B201\nmsgid "A"\nmsgstr ""\n\n'
        'msgid "B"\nmsgstr "The Lumix S1."\n'
    )
    (tmp_path / "a.po").write_text(text, encoding="utf-8")
    result = check(tmp_path, "--format", "json", "--report-unused-disables", "a.po")
    assert [(f["code"], f["line"], f["column"]) for f in result.json] == [
        ("L001", 1, 1),
        ("B201", 6, 13),
    ]
