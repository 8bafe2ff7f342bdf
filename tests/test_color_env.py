"""NO_COLOR wins over FORCE_COLOR; FORCE_COLOR=0 is not forcing; -o - is stdout."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clirunner import run

ESC = "\x1b["


@pytest.fixture
def copy_dir(tmp_path: Path) -> Path:
    (tmp_path / "wrong.md").write_text("The Lumix S5.\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("env", "colored"),
    [
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
        ({"NO_COLOR": "", "FORCE_COLOR": "1"}, True),
        ({"FORCE_COLOR": "0"}, False),
        ({"FORCE_COLOR": "false"}, False),
        ({"FORCE_COLOR": "3"}, True),
    ],
)
def test_no_color_and_force_color(copy_dir, monkeypatch, env, colored):
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = run(["check", "wrong.md"], cwd=copy_dir)
    assert result.exit_code == 1
    assert (ESC in result.stdout) is colored


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_output_file_dash_is_stdout(copy_dir, fmt):
    to_stdout = run(["check", "--format", fmt, "wrong.md"], cwd=copy_dir)
    dash = run(["check", "--format", fmt, "--output-file", "-", "wrong.md"], cwd=copy_dir)
    assert (dash.exit_code, dash.stdout, dash.stderr) == (1, to_stdout.stdout, "")
    assert not (copy_dir / "-").exists()
