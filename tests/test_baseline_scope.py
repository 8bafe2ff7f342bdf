"""Baseline entries of rules that did not run are neither stale nor pruned (#15)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.clirunner import run

COPY = "# LUMIX S5II\n\nThe Lumix S5II by Leica and LUMIX.\n\nL2 Technology for all.\n"


def codes(path: Path) -> list[tuple[str, str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [(e["path"], e["code"]) for e in data["findings"]]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    (tmp_path / "press").mkdir()
    (tmp_path / "press" / "a.md").write_text(COPY, encoding="utf-8")
    (tmp_path / "b.md").write_text(COPY, encoding="utf-8")
    written = run(["check", "--write-baseline", "base.json", "."], cwd=tmp_path)
    assert written.exit_code == 0
    assert codes(tmp_path / "base.json") == [
        ("b.md", "B201"),
        ("b.md", "T101"),
        ("press/a.md", "B201"),
        ("press/a.md", "T101"),
    ]
    return tmp_path


@pytest.mark.parametrize(
    "flags",
    [["--select", "T"], ["--ignore", "B201"], ["--ignore", "B2"], ["--select", "T101"]],
)
def test_rules_not_selected_are_not_stale(archive, flags):
    before = (archive / "base.json").read_text(encoding="utf-8")
    result = run(["check", "--baseline", "base.json", "--prune-baseline", *flags, "."], cwd=archive)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "No findings in 2 files. 2 known findings in the baseline, not shown.\n"
    assert (archive / "base.json").read_text(encoding="utf-8") == before


def test_stale_notice_names_only_rules_that_ran(archive):
    for name in ("b.md", "press/a.md"):
        (archive / name).write_text(COPY.replace("Lumix", "LUMIX"), encoding="utf-8")
    result = run(["check", "--baseline", "base.json", "--select", "T", "."], cwd=archive)
    assert (result.exit_code, result.stderr) == (0, "")
    result = run(["check", "--baseline", "base.json", "--select", "B", "."], cwd=archive)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "l2lint: notice: baseline base.json: b.md: B201 'Lumix' no longer occurs",
        "l2lint: notice: baseline base.json: press/a.md: B201 'Lumix' no longer occurs",
        "l2lint: notice: 2 entries of baseline base.json no longer occur; "
        "--prune-baseline removes them",
    ]


def test_per_file_ignores_and_nested_config_keep_entries(archive):
    (archive / ".l2lint.toml").write_text(
        '[per-file-ignores]\n"b.md" = ["B201"]\n', encoding="utf-8"
    )
    (archive / "press" / ".l2lint.toml").write_text('ignore = ["T"]\n', encoding="utf-8")
    result = run(["check", "--baseline", "base.json", "--prune-baseline", "."], cwd=archive)
    assert (result.exit_code, result.stderr) == (0, "")
    assert len(codes(archive / "base.json")) == 4
    # the rules that did run and found nothing any more are pruned
    (archive / "b.md").write_text("Nothing here.\n", encoding="utf-8")
    (archive / "press" / "a.md").write_text("Nothing here.\n", encoding="utf-8")
    result = run(["check", "--baseline", "base.json", "--prune-baseline", "."], cwd=archive)
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == "l2lint: removed 2 entries from baseline base.json"
    assert codes(archive / "base.json") == [("b.md", "B201"), ("press/a.md", "T101")]


def test_files_not_checked_keep_entries(archive):
    (archive / "b.md").write_text("Nothing here.\n", encoding="utf-8")
    result = run(["check", "--baseline", "base.json", "--prune-baseline", "press"], cwd=archive)
    assert (result.exit_code, result.stderr) == (0, "")
    assert len(codes(archive / "base.json")) == 4
