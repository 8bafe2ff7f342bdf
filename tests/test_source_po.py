"""The PO reader: translations only, escapes mapped, polib's reading checked."""

from __future__ import annotations

import polib
from hypothesis import example, given
from hypothesis import strategies as st

from l2lint.document import read_characters
from l2lint.sources.po import escape, read_po
from tests.clirunner import run
from tests.sourcehelpers import source_of, texts, where

PO = r"""# Comment about Lumix
msgid ""
msgstr ""
"Language: en\n"
"X-Note: Lumix\n"

#. Lumix in an extracted comment
msgctxt "menu"
msgid "Lumix"
msgstr "Tab\there: \"Lumix\" "
  "and Leica\\n"

msgid "L2"
msgstr ""

#, fuzzy
msgid "one"
msgid_plural "many"
msgstr[0] "a Lumix"
msgstr[1] "two Lumix"

#~ msgid "old"
#~ msgstr "Lumix"
"""


def test_reads_each_translation_with_escapes_mapped():
    doc = read_po("a.po", PO)
    assert texts(doc) == [
        ("target", 'Tab\there: "Lumix" and Leica\\n'),
        ("target", "a Lumix"),
        ("target", "two Lumix"),
    ]
    first = doc.blocks[0]
    assert where(doc, first, "Lumix") == (10, 22)
    assert source_of(doc, first, '"Lumix"') == '\\"Lumix\\"'
    assert where(doc, first, "Leica") == (11, 8)
    assert where(doc, doc.blocks[2], "Lumix") == (20, 16)
    assert doc.fixable and doc.format == "po"


def test_cli_error_for_a_broken_catalogue(tmp_path):
    (tmp_path / "bad.po").write_text('msgid "Lumix"\nmsgstr "x"\nbogus\n', encoding="utf-8")
    # polib reads this one as "unterminate"; the reader will not guess where that lies
    (tmp_path / "odd.po").write_text('msgid "Lumix"\nmsgstr "unterminated\n', encoding="utf-8")
    (tmp_path / "good.po").write_text(PO, encoding="utf-8")
    result = run(["check", "--isolated", "."], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "l2lint: error: bad.po: not a valid PO file: Syntax error in po file (line 3)",
        "l2lint: error: odd.po: not a valid PO file: its translations could not be located",
    ]
    assert result.stdout.startswith("good.po:10:22: B201 ")


def test_fix_keeps_escapes_and_polib_reads_it(tmp_path):
    path = tmp_path / "a.po"
    path.write_text(PO, encoding="utf-8")
    result = run(["check", "--isolated", "--fix", str(path)])
    assert result.exit_code == 0
    assert path.read_text(encoding="utf-8") == PO.replace(
        'msgstr "Tab\\there: \\"Lumix\\" "', 'msgstr "Tab\\there: \\"LUMIX\\" "'
    ).replace('"a Lumix"', '"a LUMIX"').replace('"two Lumix"', '"two LUMIX"')
    catalog = polib.pofile(str(path))
    assert [e.msgstr for e in catalog if e.msgctxt == "menu"] == ['Tab\there: "LUMIX" and Leica\\n']
    assert [e.msgstr for e in catalog.obsolete_entries()] == ["Lumix"]


# (invisible characters, which a block leaves out of its text, are not generated: #13)
_TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc"),
        blacklist_characters="\u00ad\u200b\u200c\u200d\u2060\ufeff\u2011",
    )
    | st.sampled_from('"\\\n\t')
)


@given(_TEXT)
@example("0 \U000e0000")  # a tag character (default-ignorable) after the space: trimmed
def test_escaped_text_reads_back_as_itself(text):
    """escape() writes what polib and the reader both read back unchanged."""
    source = f'msgid "x"\nmsgstr "{escape(text)}"\n'
    assert polib.pofile(source).find("x").msgstr == text
    doc = read_po("a.po", source)
    # a block reads full-width forms as ASCII and decomposed text composed (NFC)
    expected = read_characters(text).strip()
    assert [b.text for b in doc.blocks] == ([expected] if expected else [])
