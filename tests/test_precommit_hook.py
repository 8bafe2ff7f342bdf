"""The hooks in .pre-commit-hooks.yaml, run by real `pre-commit try-repo` on a temporary repo."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.slow,  # each builds a pre-commit environment
]


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def pre_commit(cwd: Path, hook: str, *files: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PRE_COMMIT_HOME"] = str(cwd.parent / "pre-commit-home")  # shared by the tests below
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), hook, "--files", *files],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )


@pytest.fixture(scope="module")
def marketing_repo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("precommit") / "marketing"
    root.mkdir()
    git(root, "init", "-q")
    git(root, "config", "user.email", "brand@example.com")
    git(root, "config", "user.name", "Brand Team")
    (root / "bad.md").write_text(
        "# LUMIX S5II\n\nThe Lumix S5II by Leica and LUMIX.\n", encoding="utf-8"
    )
    (root / "good.md").write_text(
        "# LUMIX S5II\n\nThe LUMIX S5II by Leica and LUMIX.\n", encoding="utf-8"
    )
    git(root, "add", ".")
    git(root, "commit", "-qm", "copy")
    return root


def test_hook_fails_on_a_violation(marketing_repo):
    result = pre_commit(marketing_repo, "l2lint", "bad.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "bad.md:3:5: B201" in result.stdout


def test_hook_passes_on_clean_copy(marketing_repo):
    result = pre_commit(marketing_repo, "l2lint", "good.md")
    assert result.returncode == 0, result.stdout + result.stderr


def test_fix_hook_rewrites_the_file_and_fails(marketing_repo):
    result = pre_commit(marketing_repo, "l2lint-fix", "bad.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "files were modified by this hook" in result.stdout
    assert (marketing_repo / "bad.md").read_text(encoding="utf-8") == (
        "# LUMIX S5II\n\nThe LUMIX S5II by Leica and LUMIX.\n"
    )


def test_hook_reaches_decks_and_pdfs(marketing_repo):
    """identify has no tag for .pptx: the hooks select files by name (`files:`)."""
    copy = REPO / "tests" / "data" / "formats" / "copy"
    for name in ("deck.pptx", "release.pdf"):
        shutil.copy(copy / name, marketing_repo / name)
    git(marketing_repo, "add", "deck.pptx", "release.pdf")
    result = pre_commit(marketing_repo, "l2lint", "deck.pptx", "release.pdf")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "deck.pptx:slide 1:shape 1:paragraph 1:5: B201" in result.stdout
    assert "release.pdf:page 1:line 1:1: B201" in result.stdout
