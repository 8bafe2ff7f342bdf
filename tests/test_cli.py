"""The command line as a user runs it: exact output lines, JSON, exit codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.clirunner import run, run_process

WRONG = "The Lumix S5II is powered by L2 technology.\n"
CLEAN = "L² Technology by Leica and LUMIX.\n"


@pytest.fixture
def copy_dir(tmp_path: Path) -> Path:
    (tmp_path / "wrong.txt").write_text(WRONG, encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    return tmp_path


def test_text_output_lines_and_summary(copy_dir):
    result = run(["check", "wrong.txt"], cwd=copy_dir)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "wrong.txt:1:5: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]",
        "wrong.txt:1:30: C301 warning: L² Technology stands for both brands: this document does not name Leica.",
        "wrong.txt:1:30: T101 error: Write 'L² Technology', not 'L2 technology'. [*]",
        "Found 3 findings in 1 file checked (2 errors, 1 warning, 0 suggestions). 2 fixable with --fix.",
    ]


def test_json_output_fields_and_order(copy_dir):
    result = run(["check", "--format", "json", "."], cwd=copy_dir)
    assert result.exit_code == 1
    assert result.json[0] == {
        "path": "wrong.txt",
        "code": "B201",
        "name": "lumix-capitals",
        "severity": "error",
        "message": "Write 'LUMIX' in capitals, not 'Lumix'.",
        "line": 1,
        "column": 5,
        "end_line": 1,
        "end_column": 10,
        "fix": {"replacement": "LUMIX", "safe": True},
    }
    assert [f["code"] for f in result.json] == ["B201", "C301", "T101"]
    assert result.json[1]["fix"] is None


def test_clean_file_exits_zero(copy_dir):
    result = run(["check", "clean.txt"], cwd=copy_dir)
    assert result.exit_code == 0
    assert result.stdout == "No findings in 1 file.\n"


def test_folder_recursion_and_default_extensions(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.md").write_text("Lumix\n", encoding="utf-8")
    (tmp_path / "a" / "notes.rst").write_text("Lumix\n", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("Lumix\n", encoding="utf-8")
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "x.txt").write_text("Lumix\n", encoding="utf-8")
    result = run(["check", "--format", "json", "."], cwd=tmp_path)
    assert [(f["path"], f["code"]) for f in result.json] == [("a/b/deep.md", "B201")]


def test_select_and_ignore_with_prefixes(copy_dir):
    assert [
        f["code"]
        for f in run(["check", "--format", "json", "--select", "T", "wrong.txt"], cwd=copy_dir).json
    ] == ["T101"]
    assert [
        f["code"]
        for f in run(
            ["check", "--format", "json", "--ignore", "B2,C", "wrong.txt"], cwd=copy_dir
        ).json
    ] == ["T101"]
    assert [
        f["code"]
        for f in run(
            ["check", "--format", "json", "--select", "B", "--select", "C3", "wrong.txt"],
            cwd=copy_dir,
        ).json
    ] == ["B201", "C301"]


def test_unknown_code_is_a_usage_error(copy_dir):
    result = run(["check", "--select", "Z9", "wrong.txt"], cwd=copy_dir)
    assert result.exit_code == 2
    assert "unknown rule code or prefix 'Z9'" in result.stderr


def test_missing_file_is_reported_and_others_still_checked(copy_dir):
    result = run(["check", "missing.txt", "wrong.txt"], cwd=copy_dir)
    assert result.exit_code == 2
    assert "l2lint: error: missing.txt: no such file or directory" in result.stderr
    assert "wrong.txt:1:5: B201" in result.stdout


def test_stdin_with_filename_chooses_the_reader():
    result = run(
        ["check", "--format", "json", "--stdin-filename", "copy.md", "-"],
        input="# Title\n\n`lumix` and Lumix\n",
    )
    assert [(f["path"], f["code"], f["line"], f["column"]) for f in result.json] == [
        ("copy.md", "B201", 3, 13)
    ]


def test_rules_lists_every_brand_guide_code():
    result = run(["rules"])
    assert result.exit_code == 0
    listed = re.findall(r"^([A-Z]\d{3}) ", result.stdout, flags=re.M)
    assert listed == [
        "T101",
        "T102",
        "T103",
        "T104",
        "B201",
        "B202",
        "B203",
        "B204",
        "B205",
        "B206",
        "C301",
        "C302",
        "A401",
        "A402",
        "A403",
        "A404",
    ]


def test_rules_lists_every_code_named_in_the_shared_brand_guide():
    guide = Path(__file__).resolve().parents[2] / "shared" / "brand-guide.md"
    if not guide.is_file():
        pytest.skip("../shared/brand-guide.md not present")
    codes = set(re.findall(r"^\| ([TBCA]\d{3}) \|", guide.read_text(encoding="utf-8"), flags=re.M))
    listed = set(re.findall(r"^([A-Z]\d{3}) ", run(["rules"]).stdout, flags=re.M))
    assert codes and codes <= listed


def test_explain_shows_rationale_examples_and_fix():
    result = run(["explain", "t101"])
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "T101 l2-technology-spelling (error, term rule, pack l2-technology)"
    )
    assert "Fix: safe" in result.stdout
    assert "The Lumix S5II is powered by L2 technology." in result.stdout
    assert "fixed: The Lumix S5II is powered by L² Technology." in result.stdout
    assert run(["explain", "X999"]).exit_code == 2


def test_test_rules_passes_on_builtin_packs():
    result = run(["test-rules"])
    assert result.exit_code == 0
    assert re.search(r"^\d+ passed, 0 failed$", result.stdout, flags=re.M)


# The pack below is written from the README's "Writing a rule pack" section only.
USER_PACK = """\
pack: acme-brand
language: en
lexicon:
  acme:
    label: ACME
    patterns: ['acme']
  rocket_words:
    patterns: ['rockets?', 'launch(?:es|ed)?']
  moon:
    label: the Moon
    patterns: ['moon']
contexts:
  product:
    mentions: [acme, rocket_words]
negation: ['no', 'not', 'never']
rules:
  - code: X101
    name: acme-capitals
    type: term
    severity: error
    canonical: 'ACME'
    variants: ['acme']
    fix: safe
    message: "Write '{canonical}', not '{found}'."
    rationale: ACME is always in capitals.
    examples:
      invalid:
        - text: 'Buy an Acme rocket.'
          fixed: 'Buy an ACME rocket.'
      valid:
        - 'Buy an ACME rocket.'
  - code: X102
    name: no-boom
    type: forbidden
    severity: warning
    context: product
    patterns: ['boom']
    message: "Do not write '{found}' about rockets."
    examples:
      invalid: ['The ACME rocket goes boom.']
      valid: ['Boom boxes are loud.']
  - code: X201
    name: acme-with-moon
    type: requires
    severity: suggestion
    scope: document
    if_mentioned: acme
    must_mention: [moon]
    message: "Copy about ACME must mention {missing}."
    examples:
      invalid: ['ACME builds rockets.']
      valid: ['ACME flies to the Moon.']
  - code: X301
    name: not-cheese
    type: claim
    severity: error
    when_any:
      - [moon, {patterns: ['cheese']}]
    message: "The Moon is not made of cheese."
    examples:
      invalid: ['ACME found the Moon is cheese.']
      valid: ['The Moon is not cheese.', 'Is the Moon cheese?']
"""


def test_user_pack_from_the_readme_works_with_rules_option(tmp_path):
    pack = tmp_path / "packs" / "acme.yaml"
    pack.parent.mkdir()
    pack.write_text(USER_PACK, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(
        "The Acme rocket goes boom.\n\nThe Moon is cheese.\n", encoding="utf-8"
    )
    result = run(
        ["check", "--format", "json", "--rules", str(pack), "--select", "X", "copy.txt"],
        cwd=tmp_path,
    )
    assert result.exit_code == 1
    assert [(f["code"], f["line"], f["column"], f["end_column"]) for f in result.json] == [
        ("X101", 1, 5, 1 + 4 + 4),
        ("X102", 1, 22, 26),
        ("X301", 3, 5, 19),
    ]
    assert run(["test-rules", str(pack)]).exit_code == 0


def test_test_rules_fails_naming_the_rule_and_example(tmp_path):
    broken = USER_PACK.replace("- text: 'Buy an Acme rocket.'", "- text: 'Buy an ACME rocket.'")
    pack = tmp_path / "acme.yaml"
    pack.write_text(broken, encoding="utf-8")
    result = run(["test-rules", str(pack)])
    assert result.exit_code == 1
    assert f"FAIL {pack}:" in result.stdout
    assert (
        "X101 invalid example 1: expected a X101 finding in 'Buy an ACME rocket.', got none"
        in result.stdout
    )
    assert result.stdout.splitlines()[-1].endswith("passed, 1 failed")


def test_invalid_pack_is_exit_2_with_file_code_and_line(tmp_path):
    pack = tmp_path / "bad.yaml"
    pack.write_text(USER_PACK.replace("severity: warning", "severity: loud"), encoding="utf-8")
    result = run(["check", "--rules", str(pack), "-"], input="x")
    assert result.exit_code == 2
    assert re.search(rf"invalid rule pack: {re.escape(str(pack))}:\d+: rule X102:", result.stderr)


def test_real_process_end_to_end(copy_dir):
    result = run_process(["check", "wrong.txt", "clean.txt"], cwd=copy_dir)
    assert result.exit_code == 1
    assert (
        result.stdout.splitlines()[0]
        == "wrong.txt:1:5: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]"
    )
    assert "Traceback" not in result.stderr
