"""The Python API gives what the CLI gives: inline suppressions apply to `lint_text` too."""

from __future__ import annotations

from pathlib import Path

import pytest

import l2lint
from tests.clirunner import run
from tests.conftest import brief

DATA = Path(__file__).parent / "data"

SUPPRESSED = [
    # (file name, text, what remains: (code, line, column, end_line, end_column, found))
    ("case.md", (DATA / "F15" / "case.md").read_text(encoding="utf-8"), []),
    (
        "page.md",
        "<!-- l2lint-disable-next-line B201 -->\nThe Lumix one.\n\nThe Lumix two.\n",
        [("B201", 4, 5, 4, 10, "Lumix")],
    ),
    (
        "note.txt",
        "l2lint: disable B201\nThe Lumix one.\nl2lint: enable\nThe Lumix two.\n",
        [("B201", 4, 5, 4, 10, "Lumix")],
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), SUPPRESSED)
def test_lint_text_applies_inline_suppressions_as_lint_paths_and_the_cli_do(
    tmp_path, name, text, expected
):
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert brief(l2lint.lint_text(text, filename=name)) == expected
    assert brief(l2lint.lint_paths([str(tmp_path / name)]).findings) == expected
    result = run(["check", "--isolated", "--no-cache", "--format", "json", name], cwd=tmp_path)
    assert [(f["code"], f["line"], f["column"]) for f in result.json] == [e[:3] for e in expected]
    assert result.exit_code == (1 if expected else 0)


def test_lint_paths_returns_one_run_result_with_its_exit_code(tmp_path):
    (tmp_path / "a.md").write_text("The Lumix one.\n", encoding="utf-8")
    result = l2lint.lint_paths([str(tmp_path / "a.md"), str(tmp_path / "gone.md")])
    assert brief(result.findings) == [("B201", 1, 5, 1, 10, "Lumix")]
    assert [str(e) for e in result.errors] == [f"{tmp_path / 'gone.md'}: no such file or directory"]
    assert result.exit_code() == 2
