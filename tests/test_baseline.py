"""Baselines through the CLI: write, edit the copy, check, shrink (#15)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l2lint.baseline import BaselineError, apply_baseline, load_baseline, write_baseline
from l2lint.finding import Finding, Position, Severity
from tests.clirunner import run

COPY = "# LUMIX S5II\n\nThe Lumix S5II by Leica and LUMIX.\n\nShoot micro 4/3 with the Lumix G9.\n"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    (tmp_path / "press").mkdir()
    (tmp_path / "press" / "old launch.md").write_text(COPY, encoding="utf-8")
    (tmp_path / "clean.md").write_text("# LUMIX\n\nThe LUMIX G9.\n", encoding="utf-8")
    return tmp_path


def entries(path: Path) -> list[tuple[str, str, str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [(e["path"], e["code"], e["found"]) for e in data["findings"]]


def test_round_trip_write_edit_check_shrink(archive):
    # 1. record today's findings; the run passes
    written = run(["check", "--write-baseline", ".l2lint-baseline.json", "."], cwd=archive)
    assert written.exit_code == 0
    assert written.stderr == "l2lint: wrote 3 findings to baseline .l2lint-baseline.json\n"
    baseline = archive / ".l2lint-baseline.json"
    assert entries(baseline) == [
        ("press/old launch.md", "B201", "Lumix"),
        ("press/old launch.md", "B201", "Lumix"),
        ("press/old launch.md", "B205", "micro 4/3"),
    ]
    # 2. with the baseline the gate passes
    clean = run(["check", "--baseline", ".l2lint-baseline.json", "."], cwd=archive)
    assert (clean.exit_code, clean.stdout, clean.stderr) == (
        0,
        "No findings in 2 files. 3 known findings in the baseline, not shown.\n",
        "",
    )

    # 3. edit: two lines added at the top (old findings move), one fixed, one new finding
    page = archive / "press" / "old launch.md"
    page.write_text(
        "Intro.\n\n" + COPY.replace("micro 4/3", "Micro Four Thirds") + "\nA Leica-LUMIX day.\n",
        encoding="utf-8",
    )
    checked = run(["check", "--baseline", ".l2lint-baseline.json", "."], cwd=archive)
    assert checked.exit_code == 1
    assert checked.stdout.splitlines() == [
        "press/old launch.md:9:3: C302 error: Do not fuse the brands into one name "
        "('Leica-LUMIX'): Leica products are branded Leica, Panasonic products LUMIX.",
        "Found 1 finding in 2 files checked (1 error, 0 warnings, 0 suggestions). 2 known findings in the baseline, not shown.",
    ]
    assert checked.stderr.splitlines() == [
        "l2lint: notice: baseline .l2lint-baseline.json: press/old launch.md: B205 "
        "'micro 4/3' no longer occurs",
        "l2lint: notice: 1 entry of baseline .l2lint-baseline.json no longer occurs; "
        "--prune-baseline removes it",
    ]
    # 4. shrink: the stale entry goes, nothing new is added
    pruned = run(
        ["check", "--baseline", ".l2lint-baseline.json", "--prune-baseline", "."], cwd=archive
    )
    assert pruned.exit_code == 1  # the new C302 still fails the gate
    assert "removed 1 entry from baseline .l2lint-baseline.json" in pruned.stderr
    assert entries(baseline) == [
        ("press/old launch.md", "B201", "Lumix"),
        ("press/old launch.md", "B201", "Lumix"),
    ]
    again = run(["check", "--baseline", ".l2lint-baseline.json", "."], cwd=archive)
    assert again.stderr == ""


def test_baseline_works_from_another_working_directory(archive):
    run(["check", "--write-baseline", ".l2lint-baseline.json", "."], cwd=archive)
    result = run(["check", "--baseline", "../.l2lint-baseline.json", "."], cwd=archive / "press")
    assert (result.exit_code, result.stderr) == (0, "")


def test_stale_only_for_files_checked_this_run(archive):
    run(["check", "--write-baseline", ".l2lint-baseline.json", "."], cwd=archive)
    # pre-commit passes only the staged files: the others' entries are not stale
    result = run(["check", "--baseline", ".l2lint-baseline.json", "clean.md"], cwd=archive)
    assert (result.exit_code, result.stderr) == (0, "")


def test_a_third_occurrence_of_a_recorded_text_is_new(archive):
    run(["check", "--write-baseline", ".l2lint-baseline.json", "."], cwd=archive)
    page = archive / "press" / "old launch.md"
    page.write_text(COPY + "\nThe Lumix S9.\n", encoding="utf-8")
    result = run(
        ["check", "--baseline", ".l2lint-baseline.json", "--format", "json", "."], cwd=archive
    )
    assert result.exit_code == 1
    assert [(f["code"], f["line"]) for f in result.json] == [("B201", 7)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "baseline file not found"),
        ("{", "not a baseline file: invalid JSON"),
        ('{"findings": []}', "not a baseline file (no 'l2lint-baseline' key)"),
        ('{"l2lint-baseline": 9, "findings": []}', "baseline version 9 is not supported"),
        ('{"l2lint-baseline": 1, "findings": [{"path": 1}]}', "entry 1 must have string"),
    ],
)
def test_bad_baseline_is_one_line_exit_2(archive, content, message):
    if content is not None:
        (archive / "b.json").write_text(content, encoding="utf-8")
    result = run(["check", "--baseline", "b.json", "."], cwd=archive)
    assert result.exit_code == 2
    assert result.stderr.startswith("l2lint: b.json: " + message)
    assert len(result.stderr.splitlines()) == 1


def test_prune_needs_a_baseline(archive):
    result = run(["check", "--prune-baseline", "."], cwd=archive)
    assert (result.exit_code, result.stderr) == (
        2,
        "l2lint: --prune-baseline needs --baseline FILE\n",
    )


def _finding(path: str, line: int, found: str) -> Finding:
    return Finding(
        path=path,
        code="B201",
        name="lumix-capitals",
        severity=Severity.ERROR,
        message="m",
        start=Position(line, 1),
        end=Position(line, 1 + len(found)),
        start_offset=0,
        end_offset=len(found),
        found=found,
    )


@settings(max_examples=50, deadline=None)
@given(
    lines=st.lists(st.integers(min_value=1, max_value=500), min_size=1, max_size=8, unique=True),
    shift=st.integers(min_value=0, max_value=100),
    texts=st.lists(st.sampled_from(["Lumix", "lumix", "LUMIx"]), min_size=8, max_size=8),
)
def test_moved_findings_always_match_their_baseline(tmp_path_factory, lines, shift, texts):
    folder = tmp_path_factory.mktemp("b")
    before = [_finding("a.md", line, texts[i]) for i, line in enumerate(sorted(lines))]
    baseline = write_baseline(folder / "b.json", before)
    after = [_finding("a.md", f.start.line + shift, f.found) for f in before]
    applied = apply_baseline(load_baseline(baseline.path), after, ["a.md"])
    assert (applied.new, applied.known, applied.stale) == ([], len(before), [])


def test_unwritable_baseline_is_a_baseline_error(tmp_path):
    with pytest.raises(BaselineError, match="cannot write baseline"):
        write_baseline(tmp_path / "missing" / "b.json", [])
