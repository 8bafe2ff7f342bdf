"""German and Japanese copy (#18, brand guide section L), through the CLI.

Every example line of section L, brand names glued to Japanese text at their exact
position, the document's language (declared, configured, detected per paragraph), the
per-language pack data (negation cues, question forms, message translations) and a
folder of mixed English, German and Japanese copy.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.clirunner import run, run_process
from tests.conftest import without_japanese_extra


def check(*paths: Path | str, config: list[str] | None = None, cwd=None) -> list[str]:
    """Findings as sorted "path:line:col-end_line:end_col CODE" strings (exit 0 or 1)."""
    args = ["check", "--no-cache", "--format", "json", *(config or ["--isolated"])]
    result = run([*args, *map(str, paths)], cwd=cwd)
    assert result.exit_code in (0, 1), result.stdout + result.stderr
    return sorted(
        f"{Path(f['path']).name}:{f['line']}:{f['column']}-{f['end_line']}:{f['end_column']} "
        f"{f['code']}"
        for f in result.json
    )


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------- brand guide section L

SECTION_L = [
    (
        "Leica und Panasonic entwickeln gemeinsam die L² Technology für Leica und LUMIX; "
        "eine Fusion ist das nicht.",
        [],
    ),
    (
        "Die L2-Technologie ist das Ergebnis der Fusion von Leica und Panasonic.",
        # C301 at the first mention (LUMIX missing); A401 spans its claim words
        ["1:5-1:19 C301", "1:5-1:19 T101", "1:5-1:71 A401"],
    ),
    (
        "パナソニックとライカはL² Technology（エル スクエア テクノロジー）を共同開発し、"
        "LUMIXに搭載します。合併ではありません。",
        [],
    ),
    (
        "パナソニックはLumix S9を発表しました。L2テクノロジーはライカとの合併の成果です。",
        ["1:8-1:13 B201", "1:24-1:32 T101", "1:24-1:40 A401"],
    ),
]


@pytest.mark.parametrize(("line", "expected"), SECTION_L)
def test_section_l_examples_give_exactly_these_findings(line, expected, tmp_path):
    path = write(tmp_path, "copy.txt", line + "\n")
    assert check(path) == sorted(f"copy.txt:{e}" for e in expected)


def test_section_l_c301_names_lumix_as_missing(tmp_path):
    path = write(tmp_path, "copy.txt", SECTION_L[1][0] + "\n")
    result = run(["check", "--isolated", "--no-cache", "--format", "json", str(path)])
    c301 = [f for f in result.json if f["code"] == "C301"]
    assert [f["message"] for f in c301] == [
        "L² Technology stands for both brands: this document does not name LUMIX."
    ]


# ------------------------------------------------------------- names glued to Japanese


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the input: no finding at all before, kana/kanji counted as word chars
        (
            "パナソニックはLumix S9を発表しました。L2 technologyで開発されました。",
            ["1:8-1:13 B201", "1:24-1:37 C301", "1:24-1:37 T101"],
        ),
        # variants: a name between kanji and hiragana, and one in Japanese quotes
        ("新型lumixの写真。ライカとLUMIX。", ["1:3-1:8 B201"]),
        ("「Lumix」はライカと共同開発。", ["1:2-1:7 B201"]),
        # a Katakana name glued to more Katakana is part of a longer word: no Leica here,
        # so C301 reports it missing
        ("ライカメラとLUMIXのL² Technology。", ["1:13-1:26 C301"]),
        # Latin letters around a Latin name still block it (xLumix is not LUMIX)
        ("xLumixはLUMIXとライカのL² Technology。", []),
    ],
)
def test_brand_names_are_found_at_their_exact_position_in_japanese(text, expected, tmp_path):
    path = write(tmp_path, "ja.txt", text + "\n")
    assert check(path) == sorted(f"ja.txt:{e}" for e in expected)


_JAPANESE = st.text(
    alphabet=st.sampled_from("あいうえおかがきはをのにでとがす漢字写真発表新型製品。、「」"),
    min_size=1,
    max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(before=_JAPANESE, after=_JAPANESE)
def test_lumix_glued_between_any_japanese_text_is_found(before, after):
    """Property: `Lumix` between Hiragana, Kanji and Japanese punctuation is one B201 at
    its exact offset."""
    from l2lint import lint_text

    findings = [f for f in lint_text(before + "Lumix" + after) if f.code == "B201"]
    assert [(f.start.column, f.end.column) for f in findings] == [
        (len(before) + 1, len(before) + 6)
    ]


# ------------------------------------------------------------- the document's language

GERMAN_NEGATED = "Ein Joint Venture von Leica und LUMIX ist die L² Technology nicht."


def test_html_lang_on_the_element_beats_the_page_and_detection(tmp_path):
    """The same German sentence: read as German (negated) where `lang="de"` is
    declared, as English (a claim: "nicht" is no English cue) where `lang="en"` is."""
    page = (
        '<html lang="de"><body>\n'
        f"<p>{GERMAN_NEGATED}</p>\n"
        f'<p lang="en">{GERMAN_NEGATED}</p>\n'
        f'<div lang="en"><p lang="de">{GERMAN_NEGATED}</p></div>\n'
        "</body></html>\n"
    )
    path = write(tmp_path, "page.html", page)
    assert check(path) == ["page.html:3:18-3:73 A401"]


def test_html_page_lang_applies_to_every_block(tmp_path):
    path = write(
        tmp_path, "page.html", f'<html lang="en"><body><p>{GERMAN_NEGATED}</p></body></html>'
    )
    assert check(path) == ["page.html:1:30-1:85 A401"]


@pytest.mark.parametrize("ext", ["md", "mdx", "html"])
@pytest.mark.parametrize(("key", "value", "expected"), [("lang", "en", 1), ("language", "de", 0)])
def test_front_matter_declares_the_language(ext, key, value, expected, tmp_path):
    text = f"---\ntitle: News\n{key}: {value}\n---\n\n{GERMAN_NEGATED}\n"
    path = write(tmp_path, f"post.{ext}", text)
    assert check(path) == ([f"post.{ext}:6:5-6:60 A401"] if expected else [])


@pytest.mark.parametrize(
    ("language", "expected"), [("en-US", ["copy.docx:1:8-1:63 A401"]), ("de-DE", [])]
)
def test_a_word_documents_language_is_declared(language, expected, tmp_path):
    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    for lang in document.styles.element.iter(qn("w:lang")):
        lang.set(qn("w:val"), language)
    document.add_paragraph("So " + GERMAN_NEGATED[0].lower() + GERMAN_NEGATED[1:])
    out = io.BytesIO()
    document.save(out)
    path = tmp_path / "copy.docx"
    path.write_bytes(out.getvalue())
    assert check(path) == expected


def test_undeclared_paragraphs_are_detected_one_by_one(tmp_path):
    """An English page quoting German and Japanese: each paragraph in its own language."""
    text = (
        "Leica and LUMIX build L² Technology together. It is not a merger.\n\n"
        f"{GERMAN_NEGATED}\n\n"
        "Die Presse schrieb: Die L² Technology ist das Ergebnis der Fusion von Leica und Panasonic.\n\n"
        "L² Technologyはライカとパナソニックの合併ではありません。\n\n"
        "L² Technologyはライカとパナソニックの合併ですか。\n\n"
        "L² Technologyはライカとパナソニックの合併です。\n"
    )
    path = write(tmp_path, "mixed.txt", text)
    assert check(path) == ["mixed.txt:11:1-11:28 A401", "mixed.txt:5:25-5:90 A401"]


def test_configured_language_and_per_file_language(tmp_path):
    write(
        tmp_path,
        ".l2lint.toml",
        'language = "en"\n[per-file-language]\n"de/**" = "de"\n"auto/**" = "auto"\n',
    )
    for folder in ("de", "en", "auto"):
        write(tmp_path, f"{folder}/copy.txt", GERMAN_NEGATED + "\n")
    result = run(["check", "--no-cache", "--format", "json", "."], cwd=tmp_path)
    assert result.exit_code == 1
    assert sorted(f["path"] for f in result.json) == ["en/copy.txt"]


def test_a_bad_language_setting_is_a_one_line_error(tmp_path):
    write(tmp_path, ".l2lint.toml", "language = 5\n")
    write(tmp_path, "copy.txt", "LUMIX\n")
    result = run(["check", "--no-cache", "copy.txt"], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.strip().endswith(
        '\'language\' must be "auto" or a language code such as "de"'
    )
    assert len(result.stderr.strip().splitlines()) == 1


# ------------------------------------------------------------- per-language pack data


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # German cues: kein, weder ... noch, ohne ... zu, statt; "nicht nur" negates nothing
        ("Die L² Technology ist keine Fusion von Leica und LUMIX.", []),
        ("Die L² Technology ist weder Fusion noch Joint Venture von Leica und LUMIX.", []),
        ("Leica und LUMIX kooperieren bei der L² Technology, ohne zu fusionieren.", []),
        ("Statt einer Übernahme entwickeln Leica und LUMIX die L² Technology.", []),
        (
            "Die L² Technology ist nicht nur Kooperation, sondern Fusion von Leica und LUMIX.",
            ["1:5-1:80 A401"],
        ),
        # a negation in a clause of its own does not cancel the claim in another
        (
            "Billig ist sie nicht; die L² Technology ist eine Fusion von Leica und LUMIX.",
            ["1:27-1:76 A401"],
        ),
        # Japanese cues after the claim word, and question forms
        ("L² Technologyはライカとパナソニックの合併ではない。LUMIX。", []),
        ("L² Technologyはライカとパナソニックの合併じゃない。LUMIX。", []),
        ("ビデオカメラはL² Technologyに含まれない。ライカとLUMIX。", []),
        ("L² Technologyはライカとパナソニックの合併か？LUMIX。", []),
        ("L² Technologyはライカとパナソニックの合併ですか。LUMIX。", []),
        ("L² Technologyはライカとパナソニックの合併です。LUMIX。", ["1:1-1:28 A401"]),
    ],
)
def test_negation_cues_and_questions_per_language(text, expected, tmp_path):
    path = write(tmp_path, "copy.txt", text + "\n")
    assert check(path) == sorted(f"copy.txt:{e}" for e in expected)


PACK = """\
pack: translated
language: en
lexicon:
  brand: {patterns: ['acme']}
  merger: {patterns: ['merger', {pattern: 'fusion', language: de}]}
languages:
  de:
    negation: {preceding: [keine]}
    messages:
      X401: "Die Marke ist keine Fusion."
rules:
  - code: X401
    name: no-merger
    type: claim
    severity: error
    when_any: [[brand, merger]]
    message: "The brand is not a merger."
"""


def test_messages_stay_english_unless_the_pack_translates_them(tmp_path):
    pack = write(tmp_path, "pack.yaml", PACK)
    write(tmp_path, "de.html", '<p lang="de">Die Acme ist eine Fusion.</p>\n')
    write(tmp_path, "en.html", '<p lang="en">The Acme is a merger.</p>\n')
    args = ["check", "--isolated", "--no-cache", "--format", "json", "--rules", str(pack)]
    result = run([*args, str(tmp_path / "de.html"), str(tmp_path / "en.html")])
    messages = {Path(f["path"]).name: f["message"] for f in result.json if f["code"] == "X401"}
    assert messages == {
        "de.html": "Die Marke ist keine Fusion.",
        "en.html": "The brand is not a merger.",
    }


def test_a_language_limited_pattern_does_not_match_other_languages(tmp_path):
    pack = write(tmp_path, "pack.yaml", PACK)
    write(tmp_path, "en.html", '<p lang="en">The Acme fusion reactor.</p>\n')
    args = ["check", "--isolated", "--no-cache", "--format", "json", "--rules", str(pack)]
    result = run([*args, str(tmp_path / "en.html")])
    assert [f["code"] for f in result.json if f["code"] == "X401"] == []


def test_explain_shows_the_rule_languages_and_translations(tmp_path):
    result = run(["explain", "A401"])
    assert "Languages: en, de, ja" in result.stdout.splitlines()
    pack = write(tmp_path, "pack.yaml", PACK)
    result = run(["explain", "X401", "--rules", str(pack)])
    lines = result.stdout.splitlines()
    assert "Languages: en, de" in lines
    assert "  message (de): Die Marke ist keine Fusion." in lines


def test_missing_japanese_tokenizer_is_a_one_line_error_naming_the_file(tmp_path):
    write(tmp_path, "ja.txt", "L² Technologyはライカとパナソニックの合併です。LUMIX。\n")
    write(tmp_path, "en.txt", "The Lumix S9.\n")
    args = ["check", "--isolated", "--no-cache", "ja.txt", "en.txt"]
    result = run_process(args, cwd=tmp_path, env=without_japanese_extra())
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert errors == [
        "l2lint: error: ja.txt: copy in language 'ja' needs a tokenizer that is not "
        "installed (ImportError): pip install 'l2lint[ja]'"
    ]
    assert "en.txt:1:5: B201" in result.stdout


# ------------------------------------------------------------- a mixed folder


def test_a_folder_of_english_german_and_japanese_copy(tmp_path):
    """The issue's "done when": exactly these findings, at exactly these positions."""
    write(
        tmp_path,
        "en/news.md",
        "# Leica and LUMIX\n\nLeica and Panasonic merged to create L² Technology.\n",
    )
    write(
        tmp_path,
        "de/produkt.html",
        '<html lang="de"><body>\n<h1>Die neue Lumix S9</h1>\n'
        "<p>Die L²-Technologie von Leica ist keine Fusion, sondern Entwicklung.</p>\n"
        "<p>Ist die L² Technology ein Lizenzvertrag?</p>\n</body></html>\n",
    )
    write(
        tmp_path,
        "ja/social.txt",
        "パナソニックはLumix S9を発表しました。L2テクノロジーはライカとの合併の成果です。\n\n"
        "シグマはL² Technologyのパートナーではありません。\n",
    )
    write(
        tmp_path,
        "ja/press.md",
        "---\nlang: ja\n---\n\n# ライカとLUMIX\n\nL² Technology（エル スクエア テクノロジー）はライセンス契約です。\n",
    )
    write(
        tmp_path,
        "mixed.md",
        "# Leica and LUMIX\n\nL² Technology is not a merger.\n\n"
        "Ein Blog schrieb: Panasonic übernimmt Leica mit der L² Technology.\n\n"
        "L² Technologyはカムコーダーにも使われます。\n",
    )
    assert check(tmp_path) == sorted(
        [
            "news.md:3:1-3:51 A401",
            "produkt.html:2:14-2:19 B201",
            "produkt.html:3:8-3:22 T101",
            "social.txt:1:24-1:32 T101",
            "social.txt:1:24-1:40 A401",
            "social.txt:1:8-1:13 B201",
            "press.md:7:1-7:38 A402",
            "mixed.md:5:19-5:66 A401",
            "mixed.md:7:1-7:21 A404",
        ]
    )


XLIFF = """\
<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="ja" target-language="en" datatype="plaintext" original="a">
    <body><trans-unit id="1"><source>x</source><target>{text}</target></trans-unit></body>
  </file>
  <file source-language="en" target-language="de-DE" datatype="plaintext" original="b">
    <body><trans-unit id="2"><source>x</source><target>{text}</target></trans-unit></body>
  </file>
</xliff>
"""


def test_xliff_target_language_is_declared_per_file_element(tmp_path):
    path = write(tmp_path, "strings.xlf", XLIFF.format(text=GERMAN_NEGATED))
    assert check(path) == ["strings.xlf:4:60-4:115 A401"]


@pytest.mark.parametrize(("language", "expected"), [("en", 1), ("de_DE", 0)])
def test_po_language_header_is_declared(language, expected, tmp_path):
    text = (
        'msgid ""\nmsgstr ""\n'
        f'"Language: {language}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'msgid "x"\nmsgstr "{GERMAN_NEGATED}"\n'
    )
    assert len(check(write(tmp_path, "de.po", text))) == expected


@pytest.mark.parametrize("tag", ["fr", "tlh", "x!", ""])
def test_a_language_no_pack_reads_is_read_with_the_default_data(tag, tmp_path):
    """French copy (or an odd tag) is neither an error nor guessed as German."""
    page = f'<p lang="{tag}">Leica and Panasonic merged to create L² Technology for LUMIX.</p>\n'
    assert check(write(tmp_path, "page.html", page)) == [
        "page.html:1:{}-1:{} A401".format(
            12 + len(tag),
            12 + len(tag) + len("Leica and Panasonic merged to create L² Technology for LUMIX"),
        )
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LEICAとLUMIXのカメラ。", ["1:1-1:6 B202"]),
        ("新しいPANASONICのLUMIX。", ["1:4-1:13 B203"]),
        ("LEICAのレンズ、LEICA DG SUMMILUX。", ["1:1-1:6 B202"]),
        # a line in Latin capitals is still a heading written in capitals
        ("NEW: LEICA AND PANASONIC", []),
    ],
)
def test_a_japanese_line_is_never_written_in_capitals(text, expected, tmp_path):
    path = write(tmp_path, "caps.txt", text + "\n")
    assert check(path) == [f"caps.txt:{e}" for e in expected]


@pytest.mark.parametrize(("language", "expected"), [("en-US", 1), ("de-DE", 0)])
def test_a_slide_paragraph_declares_its_language(language, expected, tmp_path):
    import pptx

    deck = pptx.Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    box = slide.shapes.add_textbox(0, 0, 100, 100)
    run = box.text_frame.paragraphs[0].add_run()
    run.text = GERMAN_NEGATED
    run.font._rPr.set("lang", language)
    out = io.BytesIO()
    deck.save(out)
    path = tmp_path / "deck.pptx"
    path.write_bytes(out.getvalue())
    assert len(check(path)) == expected


def test_a_long_japanese_paragraph_is_checked_at_exact_positions(tmp_path):
    """Longer than SudachiPy reads at once (49,149 bytes), and one run without spaces
    with 1,600 brand names: each found once, the claim at its words, in bounded time."""
    filler = "ライカとパナソニックは新しいカメラを共同で開発しています。" * 800
    text = filler + "L² Technologyはライカとパナソニックの合併ではありません。LUMIX。\n"
    text += filler + "L² Technologyはライカとパナソニックの合併です。LUMIX。\n"
    path = write(tmp_path, "long.txt", text)
    column = len(filler) + 1
    assert check(path) == [f"long.txt:2:{column}-2:{column + 27} A401"]
