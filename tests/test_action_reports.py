"""The Action's job summary and SARIF: per run, honest about errors, bounded in size."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from l2lint.finding import Severity
from l2lint.report import Report, render
from tests.test_action import run_action, workspace  # noqa: F401  (fixture)
from tests.test_report_formats import finding

pytestmark = pytest.mark.slow  # each test runs the Action's steps (l2lint two or three times)


def test_two_runs_in_one_job_keep_their_own_reports(workspace, tmp_path):  # noqa: F811
    first = run_action(workspace, tmp_path, paths="press releases", **{"upload-sarif": "true"})
    second = run_action(workspace, tmp_path, paths="web pages", **{"upload-sarif": "true"})
    assert (first.status, second.status) == (1, 1)
    one, two = (Path(r.outputs["check"]["sarif-file"]) for r in (first, second))
    assert one != two and one.parent != two.parent
    assert one.is_file()  # the first run's report is still there
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in json.loads(two.read_text(encoding="utf-8"))["runs"][0]["results"]
    ]
    assert uris == ["web%20pages/g9.md"]
    assert "web pages/g9.md:3:7" in second.summary
    assert "launch copy.md" not in second.summary


def test_missing_path_is_in_the_summary_and_fails(workspace, tmp_path):  # noqa: F811
    run = run_action(workspace, tmp_path, paths="web pages\nno such folder")
    assert run.status == 2
    assert "No findings" not in run.summary
    assert (
        "**1 input could not be read or checked; the run fails (exit 2):**\n\n"
        "- no such folder: no such file or directory\n"
    ) in run.summary


def test_bad_option_gives_a_summary_that_says_why(workspace, tmp_path):  # noqa: F811
    run = run_action(workspace, tmp_path, args="--select Z9")
    assert run.status == 2
    assert run.summary == (
        "## l2lint\n\nl2lint could not check the copy (exit 2):\n\n```text\n"
        "l2lint: command line: --select: unknown rule code or prefix 'Z9'\n```\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        "--ignore B205\n--select B\n",  # one option per line: every line counts
        "--ignore B205 \\\n  --select 'B'  # comment\n",
        '--select "B"\n\n--ignore=B205',
    ],
)
def test_every_line_of_args_counts(workspace, tmp_path, args):  # noqa: F811
    run = run_action(workspace, tmp_path, args=args, summary="false")
    assert run.status == 1
    assert [line.split(",")[0] for line in run.stdout.splitlines()] == [
        "::error file=not checked.md",
        "::error file=press releases/launch copy.md",
    ]


def test_unclosed_quote_in_args_is_exit_2(workspace, tmp_path):  # noqa: F811
    run = run_action(workspace, tmp_path, args="--ignore 'B205")
    assert run.status == 2
    assert run.summary == (
        "## l2lint\n\nl2lint did not run (exit 2):\n\n```text\n"
        "l2lint action: args: No closing quotation\n```\n"
    )


def test_exit_zero_in_args_never_says_fails_the_gate(workspace, tmp_path):  # noqa: F811
    run = run_action(workspace, tmp_path, paths="press releases", args="--exit-zero")
    assert run.status == 0
    assert "fail the gate" not in run.summary
    assert "1 at or above `suggestion` (the gate is off: `--exit-zero`)." in run.summary
    assert "| ℹ️ | error | press releases/launch copy.md:3:5 |" in run.summary


@pytest.mark.parametrize(("files", "per_file"), [(200, 60), (3, 4000), (2000, 1)])
def test_markdown_summary_stays_under_one_mebibyte(files, per_file):
    findings = [
        finding(
            f"press/{'long folder name ' * 3}{n:04d}.md", "B201", (k + 1, 5), (k + 1, 10), "Lumix"
        )
        for n in range(files)
        for k in range(per_file)
    ]
    text = render("markdown", Report(findings, fail_on=Severity.ERROR))
    assert len(text.encode("utf-8")) < 1024 * 1024
    rows = [line for line in text.splitlines() if line.startswith("| ❌ |")]
    assert len(rows) == 1000
    assert f"The table shows the first 1000 findings; {files * per_file - 1000} more" in text
    assert "| [B201](" in text.split("| rule | findings |")[1]
    assert f"| {files * per_file} |" in text.split("| rule | findings |")[1]


def test_missing_path_beside_a_clean_file_is_not_a_clean_summary(workspace, tmp_path):  # noqa: F811
    (workspace / "clean.md").write_text("The LUMIX S5.\n", encoding="utf-8")
    run = run_action(workspace, tmp_path, paths="clean.md\nno such folder")
    assert run.status == 2
    assert run.summary == (
        "<!-- l2lint-disable-file -->\n\n## l2lint\n\n"
        "No findings in 1 file checked; 1 input could not be read.\n\n"
        "**1 input could not be read or checked; the run fails (exit 2):**\n\n"
        "- no such folder: no such file or directory\n"
    )
