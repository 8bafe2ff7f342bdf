"""A configuration that is not valid TOML is an error at its line and column, wherever
it is found: never skipped in favour of a parent folder's configuration (#14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from l2lint.lsp.profiles import Profiles
from tests.clirunner import run

UNCLOSED = b'[tool.l2lint]\nignore = ["B201"\n'


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text('[tool.l2lint]\nignore = ["B204"]\n')
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text("The Lumix S5.\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("content", "where"),
    [
        (UNCLOSED, "3:1: invalid TOML: unclosed array"),
        (b"\xef\xbb\xbf" + UNCLOSED, "3:1: invalid TOML: unclosed array"),
        (b"# caf\xe9\n[tool.l2lint]\n", "1:6: not UTF-8: byte 0xe9 (save the file as UTF-8)"),
        (b"[tool.l2lint]\nselect = = 1\n", "2:10: invalid TOML: invalid value"),
    ],
)
@pytest.mark.parametrize("cwd", ["sub", "."])
def test_broken_pyproject_is_exit_2_at_line_and_column(tree, content, where, cwd):
    broken = tree / "sub" / "pyproject.toml"
    broken.write_bytes(content)
    target = "a.md" if cwd == "sub" else "sub/a.md"
    result = run(["check", target], cwd=tree / cwd)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"l2lint: {broken}:{where}\n"


def test_broken_dedicated_config_names_line_and_column(tree):
    (tree / "sub" / ".l2lint.toml").write_text('select = ["T"\nignore = []\n')
    result = run(["check", "sub"], cwd=tree)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"l2lint: {tree / 'sub' / '.l2lint.toml'}:2:1: invalid TOML: ")


def test_pyproject_without_l2lint_table_is_still_skipped(tree):
    (tree / "sub" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (tree / "pyproject.toml").write_text('[tool.l2lint]\nignore = ["B201"]\n')
    result = run(["check", "a.md"], cwd=tree / "sub")
    assert (result.exit_code, result.stdout) == (0, "No findings in 1 file.\n")


def test_bom_in_a_valid_pyproject_is_accepted(tree):
    (tree / "sub" / "pyproject.toml").write_bytes(b'\xef\xbb\xbf[tool.l2lint]\nignore = ["B201"]\n')
    result = run(["check", "a.md"], cwd=tree / "sub")
    assert (result.exit_code, result.stdout) == (0, "No findings in 1 file.\n")


def test_language_server_reports_the_same_error(tree):
    broken = tree / "sub" / "pyproject.toml"
    broken.write_bytes(UNCLOSED)
    profile = Profiles().for_path(str((tree / "sub" / "a.md").resolve()))
    assert profile.error == f"{broken.resolve()}:3:1: invalid TOML: unclosed array"
