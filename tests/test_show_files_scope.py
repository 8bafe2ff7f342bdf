"""--show-files lists what a run reads: nested `exclude` honoured, missing paths exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clirunner import run


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "press").mkdir()
    (tmp_path / "press" / ".l2lint.toml").write_text('exclude = ["draft*.md"]\n')
    for name in ("press/draft.md", "press/draft2.md", "press/ok.md", "top.md"):
        (tmp_path / name).write_text("The Lumix S5.\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("paths", "listed"),
    [
        (
            ["."],
            [
                "top.md (markdown)",
                "press/ok.md (markdown)",
                "press/draft.md (skipped: exclude)",
                "press/draft2.md (skipped: exclude)",
            ],
        ),
        (
            ["press"],
            [
                "press/ok.md (markdown)",
                "press/draft.md (skipped: exclude)",
                "press/draft2.md (skipped: exclude)",
            ],
        ),
        (
            ["press/draft.md", "press/ok.md"],
            ["press/ok.md (markdown)", "press/draft.md (skipped: exclude)"],
        ),
    ],
)
def test_show_files_honours_nested_exclude_like_a_run(tree, paths, listed):
    shown = run(["check", "--show-files", *paths], cwd=tree)
    assert (shown.exit_code, shown.stdout.splitlines()) == (0, listed)
    checked = run(["check", "--format", "json", *paths], cwd=tree)
    read = [x.split(" ")[0] for x in listed if "(skipped:" not in x]
    assert sorted({f["path"] for f in checked.json}) == sorted(read)


@pytest.mark.parametrize("missing", ["/nonexistent", "press/gone.md"])
def test_show_files_with_a_missing_path_exits_2(tree, missing):
    shown = run(["check", "--show-files", "press", missing], cwd=tree)
    assert shown.exit_code == 2
    assert shown.stdout.splitlines() == [
        "press/ok.md (markdown)",
        "press/draft.md (skipped: exclude)",
        "press/draft2.md (skipped: exclude)",
        f"{missing}: no such file or directory",
    ]


def test_named_excluded_file_is_not_read(tree):
    result = run(["check", "press/draft.md"], cwd=tree)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "l2lint: notice: skipped 1 file (exclude: 1); --show-files lists them\n"
        "l2lint: warning: no file was checked (exit 2; --allow-empty accepts this)\n"
    )
