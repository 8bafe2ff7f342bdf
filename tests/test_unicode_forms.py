"""Decomposed (NFD) text and full-width ASCII forms read as the text a reader sees.

A block reads "U" + U+0308 as "Ü" (NFC) and `Ｌｕｍｉｘ` (U+FF01-U+FF5E) as "Lumix", so
rules find the same things as in the composed, half-width text. Positions stay those of
the source as written: a column counts the source's characters, so a decomposed "Ü" is
two columns wide. A fix over full-width forms writes ASCII (`Ｌｕｍｉｘ` becomes `LUMIX`).
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l2lint.document import BlockBuilder, read_characters
from l2lint.sources.html import MAX_DEPTH
from tests.clirunner import run
from tests.conftest import examples

GERMAN = "Die Übernahme von Leica durch Panasonic schuf die L² Technology für LUMIX."
JAPANESE = "ライカとパナソニックは合併しました。"
B201 = "B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def check_json(tmp_path, name: str, text: str) -> list[tuple[str, int, int, int, int]]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = run(["check", "--no-cache", "--format", "json", name], cwd=tmp_path)
    return [
        (f["code"], f["line"], f["column"], f["end_line"], f["end_column"]) for f in result.json
    ]


def fixed(tmp_path, name: str, text: str) -> str:
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = run(["check", "--no-cache", "--fix", name], cwd=tmp_path)
    assert result.exit_code == 0, result.stdout + result.stderr
    return (tmp_path / name).read_bytes().decode("utf-8")


def test_german_nfd_finds_what_nfc_finds(tmp_path):
    assert check_json(tmp_path, "nfc.txt", GERMAN + "\n") == [("A401", 1, 5, 1, 74)]
    # two more columns: "Ü" and "ü" are two characters each in the source
    assert check_json(tmp_path, "nfd.txt", nfd(GERMAN) + "\n") == [("A401", 1, 5, 1, 76)]


def test_german_nfd_text_output(tmp_path):
    (tmp_path / "e2.txt").write_text(nfd(GERMAN) + "\n", encoding="utf-8")
    result = run(["check", "--no-cache", "e2.txt"], cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout.startswith("e2.txt:1:5: A401 error: ")


def test_japanese_nfd_merger_claim(tmp_path):
    text = nfd(JAPANESE)
    assert len(text) == len(JAPANESE) + 1  # パ is ハ + U+309A
    composed = check_json(tmp_path, "nfc.txt", JAPANESE + "\n")
    assert composed == [("A401", 1, 1, 1, 14)]  # "ライカとパナソニックは合併"
    assert check_json(tmp_path, "j.txt", text + "\n") == [("A401", 1, 1, 1, 15)]


def test_japanese_nfd_only_katakana_with_voicing_marks(tmp_path):
    """No ASCII factor in the file: the source prefilter must read it composed too."""
    text = nfd("パナソニックとライカが合併しました。")
    assert [c for c, *_ in check_json(tmp_path, "j.txt", text + "\n")] == ["A401"]


def test_nfd_markdown_heading_shifts_nothing(tmp_path):
    text = nfd("# Übersicht\n\n" + GERMAN) + "\n"
    assert [f[:3] for f in check_json(tmp_path, "de.md", text)] == [("A401", 3, 5)]


def test_nfd_fix_keeps_decomposed_characters_elsewhere(tmp_path):
    text = nfd("Für Fotografen: die Lumix S9 für Bühnen.") + "\n"
    column = text.index("Lumix") + 1
    assert column == 22  # counted in source characters: "ü" is two
    assert check_json(tmp_path, "de.txt", text) == [("B201", 1, column, 1, column + 5)]
    assert fixed(tmp_path, "de.txt", text) == text.replace("Lumix", "LUMIX")


def test_nfd_japanese_b201_column_and_fix(tmp_path):
    text = nfd("ソニーではなくパナソニックのLumixです。") + "\n"
    column = text.index("Lumix") + 1
    assert column == 17
    assert [f[:3] for f in check_json(tmp_path, "j.txt", text)] == [("B201", 1, column)]
    assert fixed(tmp_path, "j.txt", text) == text.replace("Lumix", "LUMIX")


def test_full_width_lumix_in_japanese(tmp_path):
    text = "パナソニックはＬｕｍｉｘ S9を発表しました。ライカとLUMIX。\n"
    (tmp_path / "f.txt").write_text(text, encoding="utf-8")
    result = run(["check", "--no-cache", "f.txt"], cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == f"f.txt:1:8: {B201}"
    assert (
        fixed(tmp_path, "f.txt", text) == "パナソニックはLUMIX S9を発表しました。ライカとLUMIX。\n"
    )


def test_full_width_l2_technology(tmp_path):
    text = "Ｌ２テクノロジーはライカとLUMIXの技術です。\n"
    assert [f[:3] for f in check_json(tmp_path, "f.txt", text)] == [("T101", 1, 1)]
    assert fixed(tmp_path, "f.txt", text) == "L² TechnologyはライカとLUMIXの技術です。\n"


def test_full_width_digit_in_english(tmp_path):
    text = "Our L２ Technology lenses, with Leica and LUMIX.\n"
    assert [f[:3] for f in check_json(tmp_path, "f.txt", text)] == [("T101", 1, 5)]
    assert fixed(tmp_path, "f.txt", text) == "Our L² Technology lenses, with Leica and LUMIX.\n"


@pytest.mark.parametrize(
    ("name", "text", "column", "after"),
    [
        ("w.txt", "Shot on a ｌｕｍｉｘ S5.\n", 11, "Shot on a LUMIX S5.\n"),
        ("w.html", "<p>Shot on a Ｌｕｍｉｘ S5.</p>\n", 14, "<p>Shot on a LUMIX S5.</p>\n"),
        ("w.md", "Shot on a **Ｌｕｍｉｘ** S5.\n", 13, "Shot on a **LUMIX** S5.\n"),
    ],
)
def test_full_width_only_file_is_read_and_fixed(tmp_path, name, text, column, after):
    """No half-width brand name anywhere: the file still reaches the rules."""
    assert [f[:3] for f in check_json(tmp_path, name, text)] == [("B201", 1, column)]
    assert fixed(tmp_path, name, text) == after


def test_html_capped_depth_notice_names_the_reason(tmp_path):
    text = "<div>" * (MAX_DEPTH + 1) + "The Lumix S5II." + "\n"
    (tmp_path / "deep.html").write_text(text, encoding="utf-8")
    result = run(["check", "--no-cache", "--fix", "deep.html"], cwd=tmp_path)
    assert (tmp_path / "deep.html").read_text(encoding="utf-8") == text
    assert "read-only" not in result.stderr
    assert (
        f"deep.html: not fixed: nesting deeper than {MAX_DEPTH} levels is read as plain text"
        in result.stderr
    )


_ALPHABET = st.sampled_from(
    list("aeouLUMIXlumix ²2-")
    + ["\u0308", "\u0301", "\u0323", "\u3099", "\u309a", "ハ", "カ", "\u00ad", "\u200b"]
    + ["\uff2c", "\uff55", "\uff4d", "\uff12", "\u2011", "\u1100", "\u1161", "\u11a8"]
)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.text(_ALPHABET, min_size=1, max_size=12), min_size=1, max_size=4))
def test_segments_map_read_text_to_its_exact_source(pieces):
    """Each segment's prose is what its source span reads as, the segments tile the
    prose in order, and the source spans never go backwards."""
    source = "".join(pieces)
    builder = BlockBuilder()
    at = 0
    for piece in pieces:
        builder.add(piece, at)
        at += len(piece)
    block = builder.build()
    prose_at, source_at = 0, 0
    for seg in block.segments:
        assert seg.prose_start == prose_at
        assert seg.source_start >= source_at
        written = source[seg.source_start : seg.source_end]
        read = read_characters("".join(c for c in written if c not in "\u00ad\u200b"))
        assert read == block.text[seg.prose_start : seg.prose_end]
        prose_at, source_at = seg.prose_end, seg.source_end
    assert prose_at == len(block.text)
