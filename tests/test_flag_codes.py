"""Unknown rule codes in command-line flags are blamed on the command line (#14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clirunner import run


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / ".l2lint.toml").write_text('ignore = ["B204"]\n', encoding="utf-8")
    (tmp_path / "root.md").write_text("The Lumix S5.\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--select", "Z9"], "command line: --select: unknown rule code or prefix 'Z9'"),
        (["--ignore", "B201,q7"], "command line: --ignore: unknown rule code or prefix 'Q7'"),
        (
            ["--extend-select", "T", "--extend-select", "X"],
            "command line: --extend-select: unknown rule code or prefix 'X'",
        ),
    ],
)
@pytest.mark.parametrize("config", [True, False])
def test_unknown_code_in_a_flag_names_the_flag(project, flags, message, config):
    if not config:
        (project / ".l2lint.toml").unlink()
    result = run(["check", *flags, "root.md"], cwd=project)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"l2lint: {message}\n")


def test_unknown_code_in_the_file_still_names_the_file(project):
    (project / ".l2lint.toml").write_text('ignore = ["B9Z"]\n', encoding="utf-8")
    result = run(["check", "--select", "B", "root.md"], cwd=project)
    assert result.exit_code == 2
    assert result.stderr == (
        f"l2lint: {project / '.l2lint.toml'}: 'ignore': unknown rule code or prefix 'B9Z'\n"
    )
