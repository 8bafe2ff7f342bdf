"""The hooks in .pre-commit-hooks.yaml, run by real `pre-commit try-repo` on a temporary repo."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
# The try-repo tests are marked slow: each builds a pre-commit environment.


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


# Every key pre-commit 2.9.0 (Debian 12, Ubuntu 22.04) accepts in a hook manifest, from its
# pre_commit/clientlib.py MANIFEST_HOOK_DICT; `types_or` arrived in that release.
PRE_COMMIT_2_9_KEYS = {
    "id", "name", "entry", "language", "alias", "files", "exclude", "types", "types_or",
    "exclude_types", "additional_dependencies", "args", "always_run", "pass_filenames",
    "description", "language_version", "log_file", "minimum_pre_commit_version",
    "require_serial", "stages", "verbose",
}  # fmt: skip


def manifest() -> list[dict]:
    return yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def test_manifest_is_valid_for_pre_commit_and_2_9_0_is_enough():
    from pre_commit.clientlib import load_manifest

    hooks = load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    assert [h["id"] for h in hooks] == ["l2lint", "l2lint-fix"]
    for hook in manifest():
        assert set(hook) <= PRE_COMMIT_2_9_KEYS
        assert hook["minimum_pre_commit_version"] == "2.9.0"
        assert hook["require_serial"] is True


@pytest.mark.parametrize(
    ("name", "chosen"),
    [
        ("copy.md", True),
        ("Press/LAUNCH.MD", True),
        ("a.markdown", True),
        ("page.html", True),
        ("page.HTM", True),
        ("notes.txt", True),
        ("brochure.docx", True),
        ("Brochure.DOCX", True),
        ("deck.pptx", True),
        ("flyer.pdf", True),
        ("strings.xlf", True),
        ("de.po", True),
        ("page.mdx", True),
        ("image.png", False),
        ("script.py", False),
        ("old.doc", False),
        ("copy.md.bak", False),
    ],
)
def test_hook_files_are_l2lint_s_default_extensions(name, chosen):
    import re

    from l2lint.sources import DEFAULT_EXTENSIONS, format_for

    for hook in manifest():
        assert bool(re.search(hook["files"], name)) is chosen
    assert (format_for(name, DEFAULT_EXTENSIONS) is not None) is chosen


@needs_git
@pytest.mark.slow
def test_hook_fails_on_a_violation(marketing_repo):
    result = pre_commit(marketing_repo, "l2lint", "bad.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "bad.md:3:5: B201 error:" in result.stdout


@needs_git
@pytest.mark.slow
def test_hook_passes_on_clean_copy(marketing_repo):
    result = pre_commit(marketing_repo, "l2lint", "good.md")
    assert result.returncode == 0, result.stdout + result.stderr


@needs_git
@pytest.mark.slow
def test_fix_hook_rewrites_the_file_and_fails(marketing_repo):
    result = pre_commit(marketing_repo, "l2lint-fix", "bad.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "files were modified by this hook" in result.stdout
    assert (marketing_repo / "bad.md").read_text(encoding="utf-8") == (
        "# LUMIX S5II\n\nThe LUMIX S5II by Leica and LUMIX.\n"
    )


@needs_git
@pytest.mark.slow
def test_hook_reads_word_files(marketing_repo):
    import docx

    document = docx.Document()
    document.add_paragraph("The Lumix S5II by Leica and LUMIX.")
    document.save(str(marketing_repo / "brochure.docx"))
    git(marketing_repo, "add", "brochure.docx")
    result = pre_commit(marketing_repo, "l2lint", "brochure.docx")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "brochure.docx:1:5: B201 error:" in result.stdout


@needs_git
@pytest.mark.slow
def test_hook_runs_one_process_for_many_files(marketing_repo):
    names = []
    for n in range(6):
        name = f"page{n}.md"
        (marketing_repo / name).write_text(f"# LUMIX {n}\n\nThe Lumix S{n}.\n", encoding="utf-8")
        names.append(name)
    git(marketing_repo, "add", *names)
    result = pre_commit(marketing_repo, "l2lint", *names)
    assert result.returncode == 1, result.stdout + result.stderr
    # one l2lint process: one summary line for all six files
    summaries = [line for line in result.stdout.splitlines() if line.startswith("Found ")]
    assert summaries == [
        "Found 6 findings in 6 files checked (6 errors, 0 warnings, 0 suggestions). "
        "6 fixable with --fix."
    ]


@needs_git
@pytest.mark.slow
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
