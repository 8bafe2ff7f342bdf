"""A broken configuration is an error naming file, line and problem, never ignored (#14 item 3)."""

from __future__ import annotations

import pytest

from tests.clirunner import run

WRONG = "The Lumix S5II.\n"


@pytest.mark.parametrize("name", ["pyproject.toml", ".l2lint.toml"])
@pytest.mark.parametrize(
    ("content", "line", "problem"),
    [  # the problem as the TOML parser words it (lower-cased); line:col of where it saw it
        ('[tool.l2lint]\nselect = ["B"\n', "3:1", "unclosed array"),  # the input
        ('[tool.l2lint]\nselect = ["B"]\nignore = "C\n', "3:12", ""),
        ('[project]\nname = "x"\n\n[tool.l2lint]\nselect = [B]\n', "5:11", ""),
    ],
)
def test_broken_toml_exits_2_naming_file_and_line(tmp_path, name, content, line, problem):
    (tmp_path / name).write_text(content, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(WRONG, encoding="utf-8")
    result = run(["check", "copy.txt"], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"l2lint: {tmp_path / name}:{line}: invalid TOML: {problem}")
    assert result.stderr.count("\n") == 1


def test_broken_l2lint_subtable_in_pyproject_is_an_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.l2lint.severity]\nB201 = "warning\n', encoding="utf-8"
    )
    (tmp_path / "copy.txt").write_text(WRONG, encoding="utf-8")
    result = run(["check", "copy.txt"], cwd=tmp_path)
    assert result.exit_code == 2
    assert f"{tmp_path / 'pyproject.toml'}:2:16: invalid TOML: " in result.stderr


def test_broken_pyproject_of_another_tool_is_an_error_too(tmp_path):
    """Whether a pyproject.toml that does not parse was meant for l2lint cannot be told:
    an error, as ruff refuses one (#14); a valid one without [tool.l2lint] is not ours."""
    (tmp_path / "pyproject.toml").write_text('[tool.other]\nx = ["B"\n', encoding="utf-8")
    (tmp_path / "copy.txt").write_text(WRONG, encoding="utf-8")
    result = run(["check", "copy.txt"], cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"l2lint: {tmp_path / 'pyproject.toml'}:3:1: invalid TOML: unclosed array\n"
    )
    (tmp_path / "pyproject.toml").write_text('[tool.other]\nx = ["B"]\n', encoding="utf-8")
    result = run(["check", "copy.txt"], cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout.startswith("copy.txt:1:5: B201 ")


def test_broken_pyproject_nearer_than_a_good_one_is_an_error(tmp_path):
    """The nearest configuration is the broken one: not skipped for the one above it."""
    (tmp_path / ".l2lint.toml").write_text('select = ["T"]\n', encoding="utf-8")
    sub = tmp_path / "site"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[tool.l2lint]\nselect = ["B"\n', encoding="utf-8")
    (sub / "copy.txt").write_text(WRONG, encoding="utf-8")
    result = run(["check", "copy.txt"], cwd=sub)
    assert result.exit_code == 2
    assert f"{sub / 'pyproject.toml'}:3:1: invalid TOML" in result.stderr
