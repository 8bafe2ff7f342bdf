"""l2lint's own Markdown and HTML reports are never linted by a later run (#15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clirunner import run

COPY = "# LUMIX S5II\n\nThe Lumix S5II by Leica and LUMIX.\n\nShoot Micro 4/3.\n"
FINDINGS = [
    "press/launch.md:3:5: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]",
    "press/launch.md:5:7: B205 suggestion: Write 'Micro Four Thirds', not 'Micro 4/3'. [*]",
    "Found 2 findings in 2 files checked (1 error, 0 warnings, 1 suggestion). 2 fixable with --fix.",
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "press").mkdir()
    (tmp_path / "press" / "launch.md").write_text(COPY, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("markdown", "l2lint.md"), ("html", "report.html"), ("markdown", "press/summary.markdown")],
)
def test_report_then_gate_reports_the_copy_only(project, fmt, name):
    first = run(["check", "--exit-zero", "--format", fmt, "--output-file", name, "."], cwd=project)
    assert first.exit_code == 0
    assert "Lumix" in (project / name).read_text(encoding="utf-8")  # the report quotes it
    gate = run(["check", "."], cwd=project)
    assert (gate.exit_code, gate.stdout.splitlines(), gate.stderr) == (1, FINDINGS, "")
    # twice: a report of a run that saw the first report is the same
    run(["check", "--exit-zero", "--format", fmt, "--output-file", name, "."], cwd=project)
    assert run(["check", "."], cwd=project).stdout.splitlines() == FINDINGS


def test_markdown_report_starts_with_the_directive(project):
    result = run(["check", "--format", "markdown", "."], cwd=project)
    assert result.stdout.startswith("<!-- l2lint-disable-file -->\n\n## l2lint\n")


@pytest.mark.parametrize(("fmt", "name"), [("markdown", "l2lint.md"), ("html", "report.html")])
def test_report_of_a_clean_run_is_no_unused_suppression(tmp_path, fmt, name):
    (tmp_path / "a.md").write_text("The LUMIX S5.\n", encoding="utf-8")
    assert run(["check", "--format", fmt, "-o", name, "."], cwd=tmp_path).exit_code == 0
    result = run(["check", "--report-unused-disables", "."], cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (0, "No findings in 2 files.\n")


def test_unused_file_suppression_with_codes_is_still_reported(tmp_path):
    (tmp_path / "a.md").write_text(
        "<!-- l2lint-disable-file B201 -->\n\nThe LUMIX S5.\n", encoding="utf-8"
    )
    result = run(["check", "--report-unused-disables", "."], cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "a.md:1:1: L001 warning: Unused suppression (B201): nothing here was reported; "
        "remove the comment."
    )
