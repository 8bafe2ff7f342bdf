"""A file reached through a symbolic link keeps the per-file settings of its real path
(#22): a link in a folder with lax `per-file-ignores` does not silence a file that lies
in a strict one, and a file found twice is reported under its own name."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.clirunner import run

WRONG = b"The Lumix S9.\n"
FINDING = "1:5: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]"
SUMMARY = (
    "Found 1 finding in 1 file checked (1 error, 0 warnings, 0 suggestions). 1 fixable with --fix."
)


def lax_archive(tmp_path: Path) -> Path:
    (tmp_path / "archive").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / ".l2lint.toml").write_text(
        '[per-file-ignores]\n"archive/*" = ["B", "T", "C", "A"]\n', encoding="utf-8"
    )
    (tmp_path / "docs" / "bad.md").write_bytes(WRONG)
    os.symlink("../docs/bad.md", tmp_path / "archive" / "aaa.md")
    return tmp_path


@pytest.mark.parametrize("cache", [["--no-cache"], []])
@pytest.mark.parametrize("paths", [["."], ["archive", "docs"]])
def test_a_link_does_not_lend_its_folder_ignores(tmp_path, paths, cache):
    lax_archive(tmp_path)
    for _ in range(2):  # the second run answers from the cache when there is one
        result = run(["check", *cache, *paths], cwd=tmp_path)
        assert result.stdout.splitlines() == [f"docs/bad.md:{FINDING}", SUMMARY]
        assert result.exit_code == 1


def test_a_named_link_keeps_the_ignores_of_its_real_path(tmp_path):
    lax_archive(tmp_path)
    result = run(["check", "--no-cache", "archive/aaa.md"], cwd=tmp_path)
    assert result.stdout.splitlines() == [f"archive/aaa.md:{FINDING}", SUMMARY]
    assert result.exit_code == 1
    # what both places ignore stays ignored: B201 ignored for the real path too
    (tmp_path / ".l2lint.toml").write_text(
        '[per-file-ignores]\n"archive/*" = ["B"]\n"docs/*" = ["B201"]\n', encoding="utf-8"
    )
    result = run(["check", "--no-cache", "archive/aaa.md"], cwd=tmp_path)
    assert result.stdout.splitlines() == ["No findings in 1 file."]
    assert result.exit_code == 0
