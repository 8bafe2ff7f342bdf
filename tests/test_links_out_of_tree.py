"""Links and walks (#22): a walk stays inside the checked folders, and --fix writes
through a link only to a file the walk itself would check."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from l2lint import discovery
from tests.clirunner import run

ARGS = ["check", "--no-cache"]
WRONG = b"The Lumix S9.\n"
FIXED = b"The LUMIX S9.\n"


def notices(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("l2lint: notice:")]


def repo(tmp_path: Path) -> Path:
    """A git work tree with excluded drafts/, node_modules/, a gitignored out/, a
    hidden .cache/ and .git/, each holding a file with a finding."""
    (tmp_path / ".git" / "logs").mkdir(parents=True)
    (tmp_path / ".l2lint.toml").write_text('exclude = ["drafts/"]\n', encoding="utf-8")
    (tmp_path / ".gitignore").write_text("out/\n", encoding="utf-8")
    for rel in ["drafts/d.md", "node_modules/p/r.md", "out/o.md", ".cache/c.md", "ok.md"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(WRONG)
    (tmp_path / ".git" / "logs" / "HEAD").write_bytes(WRONG)
    (tmp_path / "docs").mkdir()
    return tmp_path


def why(target: str, reason: str) -> str:
    return f"symbolic link to {target}, skipped by the walk ({reason}); fix the target itself"


def test_fix_through_links_writes_only_what_the_walk_checks(tmp_path):
    repo(tmp_path)
    links = {
        "draft.md": ("../drafts/d.md", "exclude"),
        "log.md": ("../.git/logs/HEAD", "default skip list"),
        "nm.md": ("../node_modules/p/r.md", "default skip list"),
        "hidden.md": ("../.cache/c.md", "hidden"),
    }
    for name, (target, _) in links.items():
        os.symlink(target, tmp_path / "docs" / name)
    os.symlink("../ok.md", tmp_path / "docs" / "ok.md")
    # the walk judges a link by its real path for .gitignore: not even read
    os.symlink("../out/o.md", tmp_path / "docs" / "out.md")
    result = run([*ARGS, "--fix", "."], cwd=tmp_path)
    assert (tmp_path / "out" / "o.md").read_bytes() == WRONG
    for name, (target, _) in links.items():
        assert (tmp_path / "docs" / target).read_bytes() == WRONG, name
        assert os.readlink(tmp_path / "docs" / name) == target
    # a link to a file the walk checks: the target is fixed, the link kept
    assert (tmp_path / "ok.md").read_bytes() == FIXED
    assert os.readlink(tmp_path / "docs" / "ok.md") == "../ok.md"
    # a link is judged by its target's real path too: skipped by the walk, not read
    assert notices(result) == [
        "l2lint: notice: skipped 4 files and 4 folders "
        "(.gitignore: 2, default skip list: 3, exclude: 2, hidden: 1); --show-files lists them",
    ]
    shown = run([*ARGS, "--show-files", "."], cwd=tmp_path).stdout.splitlines()
    for name, (_, reason) in links.items():
        assert f"docs/{name} (skipped: {reason})" in shown
    assert result.exit_code == 0
    assert "Fixed 1 finding in 1 file." in result.stdout.splitlines()


def test_fix_through_a_named_link_into_git_is_refused(tmp_path):
    repo(tmp_path)
    os.symlink("../.git/logs/HEAD", tmp_path / "docs" / "log.md")
    result = run([*ARGS, "--fix", "docs/log.md", "."], cwd=tmp_path)
    assert (tmp_path / ".git" / "logs" / "HEAD").read_bytes() == WRONG
    # named, the link is skipped as its real file would be: not read, not fixed
    assert notices(result) == [
        "l2lint: notice: skipped 2 files and 4 folders (.gitignore: 1, default skip list: 3, "
        "exclude: 1, hidden: 1); --show-files lists them"
    ]
    assert "docs/log.md" not in result.stdout
    assert result.exit_code == 0  # ok.md fixed


def test_a_walk_skips_links_out_of_the_checked_folders(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_bytes(WRONG)
    os.symlink("/", tmp_path / "docs" / "root")
    os.symlink("/usr/share", tmp_path / "docs" / "share")
    secret = tmp_path / "cred.txt"
    secret.write_bytes(b"The Lumix token ghp_abc.\n")
    os.symlink(secret, tmp_path / "docs" / "cred.md")
    result = run([*ARGS, "docs"], cwd=tmp_path)
    assert result.stdout.splitlines() == [
        "docs/a.md:1:5: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]",
        "Found 1 finding in 1 file checked (1 error, 0 warnings, 0 suggestions). 1 fixable with --fix.",
    ]
    assert result.stderr == (
        "l2lint: notice: skipped 1 file and 2 folders (link out of the checked folders: 3); "
        "--show-files lists them\n"
    )
    assert result.exit_code == 1
    shown = run([*ARGS, "--show-files", "docs"], cwd=tmp_path)
    assert shown.stdout.splitlines() == [
        "docs/a.md (markdown)",
        "docs/cred.md (skipped: link out of the checked folders)",
        "docs/root/ (skipped: link out of the checked folders)",
        "docs/share/ (skipped: link out of the checked folders)",
    ]
    assert shown.exit_code == 0
    # checked from the folder holding the target, the link leads inside: read, and as one
    # file with its target (checked once, under the name found first)
    result = run([*ARGS, "--format", "json", "."], cwd=tmp_path)
    assert sorted(f["path"] for f in result.json) == ["cred.txt", "docs/a.md"]


def test_a_link_inside_the_checked_folders_is_followed(tmp_path):
    (tmp_path / "docs" / "real").mkdir(parents=True)
    (tmp_path / "docs" / "real" / "a.md").write_bytes(WRONG)
    os.symlink("real", tmp_path / "docs" / "alias")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "b.md").write_bytes(WRONG)
    os.symlink("../other", tmp_path / "docs" / "other")
    # a second folder named on the command line counts as inside
    result = run([*ARGS, "--format", "json", "docs", "other"], cwd=tmp_path)
    paths = sorted(f["path"] for f in result.json)
    assert "docs/other/b.md" in paths or "other/b.md" in paths
    assert result.stderr == ""


def test_a_folder_that_cannot_be_looked_at_is_one_line_and_the_walk_goes_on(tmp_path, monkeypatch):
    (tmp_path / "docs" / "locked").mkdir(parents=True)
    (tmp_path / "docs" / "z.md").write_bytes(WRONG)

    def denied(path: Path) -> bool:
        if path.name == "locked":
            raise PermissionError(13, "Permission denied")
        return False

    monkeypatch.setattr(discovery, "_is_virtualenv", denied)
    result = run([*ARGS, "docs"], cwd=tmp_path)
    assert result.stdout.splitlines()[0] == (
        "docs/z.md:1:5: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]"
    )
    assert "l2lint: error: docs/locked: Permission denied" in result.stderr.splitlines()
    assert "internal error" not in result.stderr
    assert result.exit_code == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root may read any folder")
def test_an_unreadable_folder_is_one_line(tmp_path):
    (tmp_path / "docs" / "locked").mkdir(parents=True)
    (tmp_path / "docs" / "z.md").write_bytes(WRONG)
    (tmp_path / "docs" / "locked").chmod(0)
    try:
        result = run([*ARGS, "docs"], cwd=tmp_path)
    finally:
        (tmp_path / "docs" / "locked").chmod(0o755)
    assert "docs/z.md:1:5: B201" in result.stdout
    assert "l2lint: error: docs/locked: Permission denied" in result.stderr.splitlines()
    assert result.exit_code == 2


def test_fix_through_a_link_into_a_cli_excluded_folder_is_refused(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "o.md").write_bytes(WRONG)
    (tmp_path / "docs").mkdir()
    os.symlink("../old/o.md", tmp_path / "docs" / "o.md")
    result = run([*ARGS, "--isolated", "--fix", "--exclude", "old/", "."], cwd=tmp_path)
    assert (tmp_path / "old" / "o.md").read_bytes() == WRONG
    assert notices(result) == [
        "l2lint: notice: skipped 1 file and 1 folder (exclude: 2); --show-files lists them",
    ]
    assert "l2lint: warning: no file was checked" in result.stderr
    assert result.exit_code == 2
    # named, the link is skipped as its real file is: excludes apply to named files
    result = run(
        [*ARGS, "--isolated", "--fix", "--exclude", "old/", "docs/o.md", "."], cwd=tmp_path
    )
    assert (tmp_path / "old" / "o.md").read_bytes() == WRONG
    assert notices(result) == [
        "l2lint: notice: skipped 2 files and 1 folder (exclude: 3); --show-files lists them",
    ]
    assert result.exit_code == 2
    # without the exclusion the walk checks old/o.md itself: fixed, the link kept
    result = run([*ARGS, "--isolated", "--fix", "."], cwd=tmp_path)
    assert (tmp_path / "old" / "o.md").read_bytes() == FIXED
    assert os.path.islink(tmp_path / "docs" / "o.md")
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("named", "notice"),
    [
        (
            "docs/gd/HEAD",
            "l2lint: notice: skipped 1 file (default skip list: 1); --show-files lists them",
        ),
        ("docs/dd/d.md", "l2lint: notice: skipped 1 file (exclude: 1); --show-files lists them"),
        ("docs/dl.md", "l2lint: notice: skipped 1 file (exclude: 1); --show-files lists them"),
    ],
)
def test_a_file_named_through_a_link_into_a_skipped_place_is_skipped(tmp_path, named, notice):
    """Excludes apply to named files; a folder or file link on the way must not take a
    file out of them, nor let --fix write into `.git/` or an excluded folder (#22)."""
    root = repo(tmp_path)
    os.symlink("../.git/logs", root / "docs" / "gd")
    os.symlink("../drafts", root / "docs" / "dd")
    os.symlink("../drafts/d.md", root / "docs" / "dl.md")
    result = run([*ARGS, "--fix", named], cwd=root)
    assert (result.exit_code, result.stdout) == (2, "")
    assert notice in result.stderr.splitlines()
    assert (root / ".git" / "logs" / "HEAD").read_bytes() == WRONG
    assert (root / "drafts" / "d.md").read_bytes() == WRONG


def test_a_fix_through_a_folder_link_out_of_the_named_files_folder_is_refused(tmp_path):
    root = repo(tmp_path)
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "f.md").write_bytes(WRONG)
    os.symlink(outside, root / "docs" / "out")
    result = run([*ARGS, "--fix", "docs/out/f.md"], cwd=root)
    assert result.exit_code == 1
    assert f"symbolic link to {outside}/f.md, outside the checked folders" in result.stdout
    assert (outside / "f.md").read_bytes() == WRONG
