"""#12: --fix changes the copy and nothing else, or refuses with "not fixed: <reason>".

Each of the issue's eleven faults through the CLI with exact bytes, plus variants.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
import zipfile
from pathlib import Path

import docx as docx_module
import pytest
from click.testing import CliRunner
from docx import Document as new_docx

from l2lint.cli import cli
from tests.clirunner import run

ARGS = ["check", "--isolated", "--no-cache"]


def fix(tmp_path, name: str, data: bytes, *extra: str):
    """Write `data` to `name`, run --fix on it; (result, fixed bytes)."""
    target = tmp_path / name
    target.write_bytes(data)
    result = run([*ARGS, "--fix", *extra, name], cwd=tmp_path)
    return result, target.read_bytes()


# -- 1. a line break inside the name, in a quote and a list item ------------------------


@pytest.mark.parametrize(
    ("source", "fixed"),
    [
        (
            "# LUMIX and Leica\n\n> The L2\n> technology of Leica and LUMIX.\n\n"
            "- The L2\n  technology of Leica and LUMIX.\n",
            "# LUMIX and Leica\n\n> The L²\n> Technology of Leica and LUMIX.\n\n"
            "- The L²\n  Technology of Leica and LUMIX.\n",
        ),
        (  # nested: a list inside a quote
            "Leica and LUMIX.\n\n> 1. Our L2\n>    technology.\n",
            "Leica and LUMIX.\n\n> 1. Our L²\n>    Technology.\n",
        ),
        (  # CR LF in a quote
            "Leica and LUMIX.\r\n\r\n> The L2\r\n> technology.\r\n",
            "Leica and LUMIX.\r\n\r\n> The L²\r\n> Technology.\r\n",
        ),
    ],
)
def test_line_break_in_quote_or_list_stays(tmp_path, source, fixed):
    result, data = fix(tmp_path, "copy.md", source.encode())
    assert data.decode() == fixed
    assert result.exit_code == 0, result.stdout
    assert run([*ARGS, "copy.md"], cwd=tmp_path).exit_code == 0


# -- 2. CRLF and CR line endings --------------------------------------------------------


@pytest.mark.parametrize("name", ["copy.md", "copy.txt", "copy.html"])
@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_ending_inside_the_name_stays(tmp_path, name, newline):
    source = f"The L2{newline}technology of Leica and LUMIX.{newline}"
    _, data = fix(tmp_path, name, source.encode())
    assert data == f"The L²{newline}Technology of Leica and LUMIX.{newline}".encode()


# -- 3. a no-break space in the name ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "source", "fixed"),
    [
        (
            "copy.txt",
            "Leica and LUMIX: L²\u00a0technology.\n",
            "Leica and LUMIX: L²\u00a0Technology.\n",
        ),
        (
            "copy.md",
            "Leica and LUMIX: L2&nbsp;technology.\n",
            "Leica and LUMIX: L²&nbsp;Technology.\n",
        ),
        (
            "copy.html",
            "<p>Leica and LUMIX: L&sup2;&nbsp;technology.</p>\n",
            "<p>Leica and LUMIX: L&sup2;&nbsp;Technology.</p>\n",
        ),
        (
            "copy.md",
            "Leica and LUMIX: L2\u00a0technology.\n",
            "Leica and LUMIX: L²\u00a0Technology.\n",
        ),
        (
            "copy.html",
            "<p>Leica and LUMIX: L2&#160;technology.</p>\n",
            "<p>Leica and LUMIX: L²&#160;Technology.</p>\n",
        ),
    ],
)
def test_no_break_space_stays(tmp_path, name, source, fixed):
    result, data = fix(tmp_path, name, source.encode())
    assert data.decode() == fixed
    assert result.exit_code == 0


# -- 4. markup left empty ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "source", "fixed"),
    [
        (
            "copy.md",
            "# Leica and LUMIX\n\nA: L-*squared* technology.\n\nH: L-**squared** Technology.\n",
            "# Leica and LUMIX\n\nA: L² Technology.\n\nH: L² Technology.\n",
        ),
        (
            "copy.md",
            "Leica and LUMIX: L-_squared_ technology.\n",
            "Leica and LUMIX: L² Technology.\n",
        ),
        (
            "copy.html",
            "<p>Leica and LUMIX: L-<em>squared</em> technology.</p>\n",
            "<p>Leica and LUMIX: L² Technology.</p>\n",
        ),
    ],
)
def test_emphasis_whose_text_goes_goes_with_it(tmp_path, name, source, fixed):
    result, data = fix(tmp_path, name, source.encode())
    assert data.decode() == fixed
    assert result.exit_code == 0 and "not fixed" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("name", "source", "where", "markup"),
    [
        (
            "copy.html",
            '<h1>Leica and LUMIX</h1>\n<p>A: L-<a href="/sq">squared</a> technology.</p>\n',
            "2:7",
            '<a href="/sq">…</a>',
        ),
        (
            "copy.md",
            "Leica and LUMIX: L-[squared](/sq) technology.\n",
            "1:18",
            "[…](/sq)",
        ),
        (
            "copy.html",
            '<p>Leica and LUMIX: L-<span class="x">squared</span> technology.</p>\n',
            "1:21",
            '<span class="x">…</span>',
        ),
    ],
)
def test_fix_that_would_empty_a_link_is_refused(tmp_path, name, source, where, markup):
    result, data = fix(tmp_path, name, source.encode())
    assert data == source.encode()
    assert result.stdout.splitlines() == [
        f"{name}:{where}: T101 error: Write 'L² Technology', not 'L-squared technology'. "
        f"(not fixed: the text of {markup} would be left empty)",
        "Found 1 finding in 1 file checked (1 error, 0 warnings, 0 suggestions).",
    ]
    assert result.exit_code == 1
    as_json = run([*ARGS, "--fix", "--format", "json", name], cwd=tmp_path).json
    assert [(f["code"], f["fix"]) for f in as_json] == [("T101", None)]


@pytest.mark.parametrize(
    ("name", "source", "fixed"),
    [
        (
            "copy.html",
            "<h1>Leica and LUMIX</h1>\n<table><tr><td>m4/3</td><td>x</td></tr></table>\n",
            "<h1>Leica and LUMIX</h1>\n<table><tr><td>Micro Four Thirds</td><td>x</td></tr></table>\n",
        ),
        (
            "copy.md",
            "Leica and LUMIX: [m4/3](/m43) lenses.\n",
            "Leica and LUMIX: [Micro Four Thirds](/m43) lenses.\n",
        ),
    ],
)
def test_fix_wholly_inside_an_element_may_rewrite_all_its_text(tmp_path, name, source, fixed):
    result, data = fix(tmp_path, name, source.encode())
    assert data.decode() == fixed
    assert "not fixed" not in result.stdout


# -- 5. markup written where markup is not parsed ---------------------------------------


def test_attribute_values_get_characters_not_tags(tmp_path):
    source = (
        "<h1>Leica and LUMIX</h1>\n<p>L<sup>2</sup> Technology is joint work.</p>\n"
        '<img src="s5.jpg" alt="The L2 technology camera">\n'
        '<a href="/x" title="About L2 Tech">more</a>\n'
    )
    result, data = fix(tmp_path, "copy.html", source.encode())
    assert data.decode() == (
        "<h1>Leica and LUMIX</h1>\n<p>L<sup>2</sup> Technology is joint work.</p>\n"
        '<img src="s5.jpg" alt="The L² Technology camera">\n'
        '<a href="/x" title="About L² Technology">more</a>\n'
    )
    assert result.exit_code == 0


def test_text_keeps_the_files_sup_and_attribute_gets_the_character(tmp_path):
    source = (
        "<p>Leica, LUMIX and L<sup>2</sup> Technology; L2 technology too.</p>\n"
        "<img alt='Leica and LUMIX: L2 technology'>\n"
    )
    _, data = fix(tmp_path, "copy.html", source.encode())
    assert data.decode() == (
        "<p>Leica, LUMIX and L<sup>2</sup> Technology; L<sup>2</sup> Technology too.</p>\n"
        "<img alt='Leica and LUMIX: L² Technology'>\n"
    )


def test_markdown_front_matter_value_is_fixed_in_its_own_quoting(tmp_path):
    source = '---\ntitle: "L2 technology by Leica and LUMIX"\n---\n\nLeica and LUMIX.\n'
    _, data = fix(tmp_path, "copy.md", source.encode())
    assert (
        data.decode() == '---\ntitle: "L² Technology by Leica and LUMIX"\n---\n\nLeica and LUMIX.\n'
    )


# -- 6. a fix that would repeat the name -----------------------------------------------


def test_fix_that_repeats_the_name_is_refused_by_verification():
    """Whether a gloss is a finding at all is the rule packs' matter (brand guide T102);
    whatever they say, a fix writing the name twice in a row is never written."""
    from l2lint.finding import Finding, Fix, Position, Severity
    from l2lint.fix import candidates
    from l2lint.fixverify import check_repeat
    from l2lint.sources import read_text_document

    text = "Both firms market the idea as “L² Technology” (L squared Technology) for Leica."
    doc = read_text_document("copy.txt", text, "text")
    start = text.index("L squared")
    end = start + len("L squared Technology")
    finding = Finding(
        "copy.txt", "T102", "gloss", Severity.SUGGESTION, "", Position(1, start + 1),
        Position(1, end + 1), start, end, Fix("L² Technology", True), block=0,
        prose_start=start, prose_end=end,
    )  # fmt: skip
    (cand, *_) = candidates(doc, finding)
    assert check_repeat(doc.blocks[0].text, finding, cand) == (
        "the fix would repeat 'L² Technology' right next to it"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Both firms market the idea as “L² Technology” (L squared Technology) for Leica and LUMIX.\n",
        'Leica and LUMIX call it L² Technology ("L squared Technology").\n',
        "Leica and LUMIX call it L² Technology (or L squared Technology).\n",
        "Leica and LUMIX call it L² Technology, pronounced L squared Technology.\n",
    ],
)
def test_gloss_is_never_fixed_into_a_second_name(tmp_path, text):
    result, data = fix(tmp_path, "copy.txt", text.encode())
    assert data == text.encode()
    assert "Fixed" not in result.stdout


def test_respelling_next_to_the_name_is_still_fixed(tmp_path):
    text = "Leica and LUMIX: L² Technology (L2 technology) and L2 technology.\n"
    result, data = fix(tmp_path, "copy.txt", text.encode())
    assert data.decode() == "Leica and LUMIX: L² Technology (L² Technology) and L² Technology.\n"
    assert "not fixed" not in result.stdout


# -- 7. a read-only file keeps all its findings -----------------------------------------


@pytest.mark.parametrize("name", ["case.md", "case.txt"])
def test_read_only_file_reports_every_finding(tmp_path, name):
    target = tmp_path / name
    target.write_bytes(b"The Lumix S5II. Shop the Leica-LUMIX range.\n")
    os.chmod(target, 0o444)
    result = run([*ARGS, "--fix", name], cwd=tmp_path)
    assert f"l2lint: error: {name}: not fixed: file is read-only" in result.stderr
    assert [line.split(" ")[:2] for line in result.stdout.splitlines()[:2]] == [
        [f"{name}:1:5:", "B201"],
        [f"{name}:1:26:", "C302"],
    ]
    assert target.read_bytes() == b"The Lumix S5II. Shop the Leica-LUMIX range.\n"
    assert result.exit_code == 2
    json_run = run([*ARGS, "--fix", "--format", "json", name], cwd=tmp_path)
    assert [f["code"] for f in json.loads(json_run.stdout)] == ["B201", "C302"]


# -- 8. a file not decoded exactly is never written ------------------------------------


def test_inexact_decoding_is_not_written_and_others_are(tmp_path):
    sjis = "LumixのL2 technology、Leica。\n".encode("shift_jis")
    (tmp_path / "jp.txt").write_bytes(sjis)
    (tmp_path / "en.txt").write_bytes(b"The Lumix S5II by Leica.\n")
    (tmp_path / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + b"L\x00u\x00m\x00i\x00x\x00\x00\xd8")
    result = run([*ARGS, "--fix", "jp.txt", "en.txt", "utf16.txt"], cwd=tmp_path)
    assert (tmp_path / "jp.txt").read_bytes() == sjis
    assert (tmp_path / "en.txt").read_bytes() == b"The LUMIX S5II by Leica.\n"
    assert (tmp_path / "utf16.txt").read_bytes()[-2:] == b"\x00\xd8"
    reason = (
        "not fixed: its bytes do not decode exactly (some have no character in the "
        "encoding it was read with), so writing it would change them"
    )
    # one line: how it was read, and why it is not written
    assert (
        f"l2lint: notice: jp.txt: not valid UTF-8, read as cp1252; {reason}"
        in result.stderr.splitlines()
    )
    assert f"l2lint: notice: utf16.txt: {reason}" in result.stderr.splitlines()
    assert "internal error" not in result.stderr
    assert "Fixed 1 finding in 1 file." in result.stdout


# -- 9. stdin keeps its encoding and BOM ------------------------------------------------


@pytest.mark.parametrize(
    ("data", "fixed"),
    [
        (codecs.BOM_UTF8 + b"The Lumix S5II.\n", codecs.BOM_UTF8 + b"The LUMIX S5II.\n"),
        (
            codecs.BOM_UTF16_LE + "The Lumix S5II.\n".encode("utf-16-le"),
            codecs.BOM_UTF16_LE + "The LUMIX S5II.\n".encode("utf-16-le"),
        ),
        (b"Caf\xe9 Lumix.\n", b"Caf\xe9 LUMIX.\n"),
        (b"Caf\xe9 Lumix \x81.\n", b"Caf\xe9 Lumix \x81.\n"),  # not exact: unchanged
    ],
)
def test_stdin_fix_keeps_encoding_and_bom(data, fixed):
    result = CliRunner().invoke(cli, [*ARGS, "--fix", "-"], input=io.BytesIO(data))
    assert result.stdout_bytes == fixed


# -- 10. --diff with a machine format ---------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_diff_with_machine_format_keeps_stdout_parseable(tmp_path, fmt):
    (tmp_path / "copy.txt").write_text("Lumix and Leica.\n", encoding="utf-8")
    result = run([*ARGS, "--diff", "--format", fmt, "copy.txt"], cwd=tmp_path)
    json.loads(result.stdout)
    assert "+LUMIX and Leica.\n" in result.stderr
    assert result.exit_code == 1
    to_file = run([*ARGS, "--diff", "--format", fmt, "-o", "r.json", "copy.txt"], cwd=tmp_path)
    assert "+LUMIX and Leica.\n" in to_file.stdout
    json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))


def test_diff_with_text_format_prints_diff_on_stdout(tmp_path):
    (tmp_path / "copy.txt").write_text("Lumix and Leica.\n", encoding="utf-8")
    result = run([*ARGS, "--diff", "copy.txt"], cwd=tmp_path)
    assert result.stdout.splitlines()[-3:] == [
        "-Lumix and Leica.",
        "+LUMIX and Leica.",
        "1 file(s) would be changed.",
    ]


# -- 11. Word's superscript runs ---------------------------------------------------------


def _docx(tmp_path, name: str, runs: list[tuple[str, str | None]]) -> None:
    document = new_docx()
    document.add_heading("Leica and LUMIX", level=1)
    paragraph = document.add_paragraph()
    for text, script in runs:
        run_ = paragraph.add_run(text)
        if script == "sup":
            run_.font.superscript = True
        elif script == "sub":
            run_.font.subscript = True
    document.save(str(tmp_path / name))


@pytest.mark.parametrize(
    ("runs", "out"),
    [
        ([("The L", None), ("2", "sup"), (" Technology of Leica and LUMIX.", None)], []),
        ([("L", None), ("2", "sup"), (" Technology, Leica and LUMIX.", None)], []),
        (
            [("The L", None), ("2", "sub"), (" Technology of Leica and LUMIX.", None)],
            ["copy.docx:2:5: T101 error: Write 'L² Technology', not 'L₂ Technology'. [*]"],
        ),
    ],
)
def test_docx_superscript_two_reads_as_superscript(tmp_path, runs, out):
    _docx(tmp_path, "copy.docx", runs)
    result = run([*ARGS, "copy.docx"], cwd=tmp_path)
    assert [line for line in result.stdout.splitlines() if "copy.docx:" in line] == out


def _members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _without_text(xml: bytes) -> bytes:
    return re.sub(rb"<w:t(?: [^>]*)?>[^<]*</w:t>", b"<w:t/>", xml)


def test_docx_is_fixed_in_its_runs_and_nothing_else_changes(tmp_path):
    _docx(
        tmp_path,
        "copy.docx",
        [("The ", None), ("Lu", None), ("mix", None), (" with L", None), ("2", "sup")]
        + [(" technology and L2 tech", None), ("nology.", None)],
    )
    before = _members(tmp_path / "copy.docx")
    result = run([*ARGS, "--fix", "copy.docx"], cwd=tmp_path)
    assert result.stdout.splitlines() == ["Fixed 3 findings in 1 file.", "No findings in 1 file."]
    document = docx_module.Document(str(tmp_path / "copy.docx"))
    runs = document.paragraphs[1].runs
    assert [(r.text, r.font.superscript) for r in runs] == [
        ("The ", None),
        ("LU", None),
        ("MIX", None),
        (" with L", None),
        ("2", True),
        (" Technology and L² Tech", None),
        ("nology.", None),
    ]
    after = _members(tmp_path / "copy.docx")
    assert after.keys() == before.keys()
    changed = [name for name in before if before[name] != after[name]]
    assert changed == ["word/document.xml"]
    assert _without_text(after["word/document.xml"]) == _without_text(before["word/document.xml"])
    again = run([*ARGS, "--fix", "copy.docx"], cwd=tmp_path)
    assert _members(tmp_path / "copy.docx") == after and "Fixed" not in again.stdout


def test_word_file_with_superscript_two_has_no_finding_and_fix_keeps_it(tmp_path):
    """A file saved by Word: "L" and a superscript "2" in separate runs."""
    data = (Path(__file__).parent / "data" / "fix" / "superscript-2.docx").read_bytes()
    (tmp_path / "case.docx").write_bytes(data)
    result = run([*ARGS, "--fix", "case.docx"], cwd=tmp_path)
    assert result.stdout.splitlines() == ["No findings in 1 file."]
    assert result.exit_code == 0
    assert (tmp_path / "case.docx").read_bytes() == data


def _finding(doc, text: str, found: str, replacement: str):
    from l2lint.finding import Finding, Fix, Position, Severity

    block = next(i for i, b in enumerate(doc.blocks) if found in b.text)
    prose_start = doc.blocks[block].text.index(found)
    prose_end = prose_start + len(found)
    start, end = doc.blocks[block].source_span(prose_start, prose_end)
    return Finding(
        doc.path, "X001", "x", Severity.ERROR, "", Position(1, start + 1), Position(1, end + 1),
        start, end, Fix(replacement, True), block=block, prose_start=prose_start,
        prose_end=prose_end,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("fmt", "source", "found", "replacement", "fixed"),
    [
        # emphasis markers in a replacement are escaped rather than read as emphasis
        ("markdown", "Say hello now.\n", "hello", "*hi*", "Say \\*hi\\* now.\n"),
        # a quote inside a quoted attribute value is escaped
        (
            "html",
            '<img alt="Say hello">\n',
            "hello",
            'a "hi"',
            '<img alt="Say a &quot;hi&quot;">\n',
        ),
        # a Markdown line break inside the span stays, with its quote marker
        (
            "markdown",
            "> Say\n> hello world.\n",
            "Say\nhello",
            "Say Hello",
            "> Say\n> Hello world.\n",
        ),
    ],
)
def test_verified_pass_writes_the_first_candidate_that_reads_back(
    fmt, source, found, replacement, fixed
):
    from l2lint.fixverify import reread, verified_pass
    from l2lint.sources import read_text_document

    doc = read_text_document("copy", source, fmt)
    finding = _finding(doc, source, found, replacement)
    result = verified_pass(doc, [finding], False, reread, lambda d: [])
    assert (result.applied, result.refused, result.doc.source) == (1, [], fixed)


def test_verified_pass_refuses_when_the_rule_still_finds_it():
    from l2lint.fixverify import Refusal, reread, verified_pass
    from l2lint.sources import read_text_document

    doc = read_text_document("copy.txt", "Say hello now.\n", "text")
    finding = _finding(doc, doc.source, "hello", "hi")
    result = verified_pass(doc, [finding], False, reread, lambda d: [finding])
    assert result.applied == 0 and result.doc.source == "Say hello now.\n"
    assert result.refused == [Refusal(finding, "re-checking still finds X001 there")]


CASES = Path(__file__).parent / "data" / "fix"


@pytest.mark.parametrize(
    "case",
    sorted(
        p.name
        for p in CASES.glob("F0*-case.*")
        if (CASES / p.name.replace("case", "expected-after-fix")).exists()
    ),
)
def test_issue_inputs_fix_to_the_expected_bytes(tmp_path, case):
    """The reported inputs (quote and list line breaks, CR LF, no-break spaces, attribute
    values beside <sup>2</sup>) through --fix, byte for byte."""
    name = "copy" + Path(case).suffix
    result, data = fix(tmp_path, name, (CASES / case).read_bytes())
    assert data == (CASES / case.replace("case", "expected-after-fix")).read_bytes()
    assert result.exit_code == 0


def test_one_finding_quick_fix_is_verified_without_a_linter():
    """An editor's quick fix: `verified_pass` with the default reader and no re-lint."""
    from l2lint.api import default_linter
    from l2lint.fixverify import verified_pass
    from l2lint.sources import read_text_document

    linter = default_linter()
    bad = read_text_document(
        "copy.md", "Leica and LUMIX: L-[squared](/sq) technology.\n", "markdown"
    )
    (finding,) = [f for f in linter.lint_document(bad) if f.code == "T101"]
    refused = verified_pass(bad, [finding], False)
    assert (refused.applied, [r.reason for r in refused.refused]) == (
        0,
        ["the text of […](/sq) would be left empty"],
    )
    good = read_text_document("copy.md", "Leica and LUMIX: *L2*\r\ntechnology.\r\n", "markdown")
    (finding,) = [f for f in linter.lint_document(good) if f.code == "T101"]
    fixed = verified_pass(good, [finding], False)
    assert (fixed.applied, fixed.doc.source) == (1, "Leica and LUMIX: *L²*\r\nTechnology.\r\n")
