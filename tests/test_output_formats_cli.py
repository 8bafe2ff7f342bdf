"""Every --format through the CLI, on real files."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from tests.clirunner import run

DATA = Path(__file__).parent / "data"


@pytest.fixture
def copy_dir(tmp_path: Path) -> Path:
    (tmp_path / "wrong.md").write_text(
        "# LUMIX\n\nThe Lumix S5II with L2 technology, by Leica.\n", encoding="utf-8"
    )
    (tmp_path / "clean.txt").write_text("Nothing to see.\n", encoding="utf-8")
    return tmp_path


def test_sarif_validates_against_the_official_schema(copy_dir):
    result = run(["check", "--format", "sarif", "."], cwd=copy_dir)
    assert result.exit_code == 1
    sarif = json.loads(result.stdout)
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(sarif, schema)
    results = sarif["runs"][0]["results"]
    assert [
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results
    ] == [
        ("B201", 3),
        ("T101", 3),
    ]
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startColumn"], region["endColumn"]) == (5, 10)
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "wrong.md"
    rules = {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert {"B201", "T101", "A401"} <= rules


def test_github_annotations(copy_dir):
    result = run(["check", "--format", "github", "wrong.md"], cwd=copy_dir)
    assert result.stdout.splitlines() == [
        "::error file=wrong.md,line=3,col=5,endLine=3,endColumn=10,title=B201 lumix-capitals::"
        "Write 'LUMIX' in capitals, not 'Lumix'.",
        "::error file=wrong.md,line=3,col=21,endLine=3,endColumn=34,title=T101 l2-technology-spelling::"
        "Write 'L² Technology', not 'L2 technology'.",
    ]


def test_junit_one_testcase_per_file(copy_dir):
    result = run(["check", "--format", "junit", "."], cwd=copy_dir)
    root = ET.fromstring(result.stdout)
    cases = root.findall(".//testcase")
    assert sorted(c.get("name") for c in cases) == ["clean.txt", "wrong.md"]
    failed = [c for c in cases if c.find("failure") is not None]
    assert [c.get("name") for c in failed] == ["wrong.md"]


def test_gitlab_code_quality(copy_dir):
    result = run(["check", "--format", "gitlab", "."], cwd=copy_dir)
    issues = json.loads(result.stdout)
    assert [i["check_name"] for i in issues] == ["B201", "T101"]
    assert len({i["fingerprint"] for i in issues}) == 2
    assert issues[0]["location"]["path"] == "wrong.md"


def test_html_report_to_output_file(copy_dir):
    out = copy_dir / "report.html"
    result = run(["check", "--format", "html", "--output-file", str(out), "."], cwd=copy_dir)
    assert result.exit_code == 1 and result.stdout == ""
    page = out.read_text(encoding="utf-8")
    assert page.count('class="finding ') + page.count('class="finding"') == 2
    assert "<script" not in page


# --- text output: severity word, full format, colour, quiet, show-files/settings -----------

ESC = "\x1b["


def test_every_text_line_names_its_severity(copy_dir):
    (copy_dir / "more.txt").write_text(
        "Leica and LUMIX shoot Micro 4/3.\n\nThe L² Technology of Leica and LUMIX: leica.\n",
        encoding="utf-8",
    )
    result = run(["check", "."], cwd=copy_dir)
    assert result.stdout.splitlines() == [
        "more.txt:1:23: B205 suggestion: Write 'Micro Four Thirds', not 'Micro 4/3'. [*]",
        "more.txt:3:39: B202 warning: Write 'Leica' in title case, not 'leica'. [*]",
        "wrong.md:3:5: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]",
        "wrong.md:3:21: T101 error: Write 'L² Technology', not 'L2 technology'. [*]",
        "Found 4 findings in 3 files checked (2 errors, 1 warning, 1 suggestion). 4 fixable with --fix.",
    ]


def test_full_output_shows_the_line_a_caret_and_the_fix(copy_dir):
    (copy_dir / "tabbed.txt").write_text(
        "Leica and LUMIX.\r\n\tThe café: Lumix!\r\n", encoding="utf-8"
    )
    result = run(["check", "--output-format", "full", "tabbed.txt", "wrong.md"], cwd=copy_dir)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "tabbed.txt:2:12: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]",
        "  |",
        "2 |     The café: Lumix!",  # the tab: to column 4
        "  |               ^^^^^ B201",
        "  |",
        "  = fix (safe, --fix): replace 'Lumix' with 'LUMIX'",
        "",
        "wrong.md:3:5: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]",
        "  |",
        "3 | The Lumix S5II with L2 technology, by Leica.",
        "  |     ^^^^^ B201",
        "  |",
        "  = fix (safe, --fix): replace 'Lumix' with 'LUMIX'",
        "",
        "wrong.md:3:21: T101 error: Write 'L² Technology', not 'L2 technology'. [*]",
        "  |",
        "3 | The Lumix S5II with L2 technology, by Leica.",
        "  |                     ^^^^^^^^^^^^^ T101",
        "  |",
        "  = fix (safe, --fix): replace 'L2 technology' with 'L² Technology'",
        "",
        "Found 3 findings in 2 files checked (3 errors, 0 warnings, 0 suggestions). 3 fixable with --fix.",
    ]


def test_full_output_without_a_fix_and_from_stdin(copy_dir):
    text = "Leica and LUMIX announce a merger.\n"
    result = run(
        ["check", "--output-format", "full", "--stdin-filename", "x.txt", "-"],
        cwd=copy_dir,
        input=text,
    )
    lines = result.stdout.splitlines()
    assert lines[0].startswith("x.txt:1:1: A401 error: L² Technology is a joint development")
    assert lines[1:] == [
        "  |",
        "1 | Leica and LUMIX announce a merger.",
        "  | " + "^" * 33 + " A401",
        "  |",
        "",
        "Found 1 finding in 1 file checked (1 error, 0 warnings, 0 suggestions).",
    ]


@pytest.mark.parametrize(
    ("args", "env", "colored"),
    [
        ([], {}, False),  # not a terminal
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {"FORCE_COLOR": ""}, False),  # empty means unset
        ([], {"NO_COLOR": "1"}, False),
        (["--color", "always"], {"NO_COLOR": "1"}, True),
        (["--color", "never"], {"FORCE_COLOR": "1"}, False),
    ],
)
def test_color_choice_and_environment(copy_dir, monkeypatch, args, env, colored):
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = run(["check", *args, "wrong.md"], cwd=copy_dir)
    assert (ESC in result.stdout) is colored
    if colored:
        assert result.stdout.startswith(
            f"{ESC}1mwrong.md:3:5:{ESC}0m {ESC}31m{ESC}1mB201 error:{ESC}0m Write"
        )


def test_color_terminal_honours_no_color():
    from l2lint.report.text import color_enabled

    assert color_enabled("auto", True, {}) is True
    assert color_enabled("auto", True, {"NO_COLOR": "1"}) is False
    assert color_enabled("auto", False, {"FORCE_COLOR": "true"}) is True


def test_quiet_keeps_statistics(copy_dir):
    result = run(["check", "--quiet", "--statistics", "."], cwd=copy_dir)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "wrong.md:3:5: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]",
        "wrong.md:3:21: T101 error: Write 'L² Technology', not 'L2 technology'. [*]",
        "",
        "     1  B201   lumix-capitals",
        "     1  T101   l2-technology-spelling",
    ]


def test_show_files_lists_what_would_be_checked(copy_dir):
    (copy_dir / "sub dir").mkdir()
    (copy_dir / "sub dir" / "page.HTML").write_text("<p>x</p>", encoding="utf-8")
    (copy_dir / "image.png").write_bytes(b"\x89PNG")
    (copy_dir / ".l2lint.toml").write_text('exclude = ["clean.txt"]\n', encoding="utf-8")
    result = run(["check", "--show-files", ".", "missing.md"], cwd=copy_dir)
    assert result.exit_code == 2  # an input that cannot be read, as in a run
    # the order a run reads them: a folder's files, then its subfolders; then what the
    # walk skipped, with the reason (#14), then what cannot be read
    lines = result.stdout.splitlines()
    assert lines[:2] == ["wrong.md (markdown)", "sub dir/page.HTML (html)"]
    assert sorted(lines[2:-1]) == [
        ".l2lint.toml (skipped: hidden)",
        "clean.txt (skipped: exclude)",
        "image.png (skipped: not a known extension)",
    ]
    assert lines[-1] == "missing.md: no such file or directory"


def test_show_settings_prints_the_configuration_in_effect(copy_dir):
    (copy_dir / ".l2lint.toml").write_text(
        'ignore = ["B205"]\nfail-on = "warning"\nseverity = { B202 = "error" }\n',
        encoding="utf-8",
    )
    result = run(["check", "--show-settings", "--select", "B2"], cwd=copy_dir)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"# configuration file: {(copy_dir / '.l2lint.toml').resolve()}"
    assert 'rules-in-effect = ["B201", "B202", "B203", "B204", "B206"]' in lines
    assert 'select = ["B2"]' in lines
    assert 'ignore = ["B205"]' in lines
    assert 'fail-on = "warning"' in lines
    assert 'severity = {B202 = "error"}' in lines


# --- the gate in CI formats ---------------------------------------------------------------


@pytest.fixture
def suggestion_only(tmp_path: Path) -> Path:
    (tmp_path / "a.md").write_text(
        "# LUMIX\n\nShoot Micro 4/3 with the LUMIX G9.\n", encoding="utf-8"
    )
    return tmp_path


@pytest.mark.parametrize(
    ("fail_on", "exit_code", "failures"), [("error", 0, "0"), ("suggestion", 1, "1")]
)
def test_junit_failures_agree_with_the_exit_code(suggestion_only, fail_on, exit_code, failures):
    result = run(["check", "--format", "junit", "--fail-on", fail_on, "."], cwd=suggestion_only)
    assert result.exit_code == exit_code
    root = ET.fromstring(result.stdout)
    assert root.get("failures") == failures
    case = root.find(".//testcase")
    line = "3:7 B205 suggestion: Write 'Micro Four Thirds', not 'Micro 4/3'."
    if failures == "0":
        assert case.find("failure") is None and case.findtext("system-out") == line
    else:
        assert case.findtext("failure") == line


def test_junit_fail_on_from_the_configuration(suggestion_only):
    (suggestion_only / ".l2lint.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    result = run(["check", "--format", "junit", "."], cwd=suggestion_only)
    assert result.exit_code == 0
    assert ET.fromstring(result.stdout).get("failures") == "0"


def test_gitlab_fingerprints_survive_a_line_added_at_the_top(copy_dir):
    before = run(["check", "--format", "gitlab", "."], cwd=copy_dir).json
    page = copy_dir / "wrong.md"
    page.write_text("Intro.\n\n" + page.read_text(encoding="utf-8"), encoding="utf-8")
    after = run(["check", "--format", "gitlab", "."], cwd=copy_dir).json
    assert [i["location"]["positions"]["begin"]["line"] for i in after] == [5, 5]
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]
    sarif = run(["check", "--format", "sarif", "."], cwd=copy_dir).json
    assert [
        r["partialFingerprints"]["l2lintFingerprint/v1"] for r in sarif["runs"][0]["results"]
    ] == [i["fingerprint"] for i in after]


def test_sarif_l001_has_help_through_the_cli(tmp_path):
    (tmp_path / "a.md").write_text(
        "<!-- l2lint-disable-next-line B201 -->\nThe LUMIX S5II.\n", encoding="utf-8"
    )
    result = run(["check", "--format", "sarif", "--report-unused-disables", "a.md"], cwd=tmp_path)
    log = result.json
    jsonschema.validate(log, json.loads((DATA / "sarif-schema-2.1.0.json").read_text("utf-8")))
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["L001"]
    assert rules["L001"]["fullDescription"]["text"]
    assert rules["L001"]["help"]["markdown"]
    assert all(r["helpUri"].endswith(f"/docs/rules/{r['id']}.md") for r in rules.values())


def test_markdown_summary_through_the_cli(copy_dir):
    result = run(["check", "--format", "markdown", "--fail-on", "error", "."], cwd=copy_dir)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert (
        lines[4]
        == "2 findings (2 errors) in 1 file of 2 checked; 2 at or above `error` fail the gate."
    )
    assert len([line for line in lines if line.startswith("| ❌ | error | wrong.md:3:")]) == 2
