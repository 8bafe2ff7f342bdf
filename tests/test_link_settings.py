"""A file reached through a symbolic link keeps the per-file settings of its real path
(#22): a link in a folder with lax `per-file-ignores` does not silence a file that lies
in a strict one, and a file found twice is reported under its own name."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from l2lint import discovery
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


def linked_repo(tmp_path: Path) -> Path:
    """A git work tree with docs/ok.md and, in docs/, links into an excluded drafts/,
    node_modules/ and .git/."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "description").write_bytes(WRONG)
    (tmp_path / ".l2lint.toml").write_text('exclude = ["drafts/"]\n', encoding="utf-8")
    for rel in ["drafts/d.md", "node_modules/n.md", "docs/ok.md", ".git/x.md"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(WRONG)
    for name, target in [
        ("dd", "../drafts"),
        ("nmd", "../node_modules"),
        ("g", "../.git"),
        ("log.md", "../.git/description"),
    ]:
        os.symlink(target, tmp_path / "docs" / name)
    return tmp_path


def test_a_walk_judges_a_link_by_its_target(tmp_path):
    linked_repo(tmp_path)
    result = run(["check", "--no-cache", "--show-files", "."], cwd=tmp_path)
    assert result.stdout.splitlines() == [
        "docs/ok.md (markdown)",
        ".git/ (skipped: default skip list)",
        ".l2lint.toml (skipped: hidden)",
        "drafts/ (skipped: exclude)",
        "node_modules/ (skipped: default skip list)",
        "docs/dd/ (skipped: exclude)",
        "docs/g/ (skipped: default skip list)",
        "docs/log.md (skipped: default skip list)",
        "docs/nmd/ (skipped: default skip list)",
    ]
    assert result.exit_code == 0
    result = run(["check", "--no-cache", "."], cwd=tmp_path)
    assert result.stdout.splitlines() == [f"docs/ok.md:{FINDING}", SUMMARY]
    assert result.stderr == (
        "l2lint: notice: skipped 1 file and 5 folders (default skip list: 4, exclude: 2); "
        "--show-files lists them\n"
    )
    assert result.exit_code == 1


def test_a_walk_skips_links_to_gitignored_and_hidden_places(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("out/\n", encoding="utf-8")
    for rel in ["out/o.md", ".cache/c.md", "docs/ok.md", "NOTES"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(WRONG)
    os.symlink("../out", tmp_path / "docs" / "o")
    os.symlink("../.cache", tmp_path / "docs" / "c")
    os.symlink("../.cache/c.md", tmp_path / "docs" / "c.md")
    # a link's own name gives the format: a target without an extension read as Markdown
    os.symlink("../NOTES", tmp_path / "docs" / "notes.md")
    result = run(["check", "--no-cache", "--show-files", "."], cwd=tmp_path)
    assert result.stdout.splitlines() == [
        "docs/notes.md (markdown)",
        "docs/ok.md (markdown)",
        ".cache/ (skipped: hidden)",
        ".git/ (skipped: default skip list)",
        ".gitignore (skipped: hidden)",
        "NOTES (skipped: not a known extension)",
        "out/ (skipped: .gitignore)",
        "docs/c/ (skipped: hidden)",
        "docs/c.md (skipped: hidden)",
        "docs/o/ (skipped: .gitignore)",
    ]
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("target", "reason"),
    [(".l2lint.toml", "symbolic link loop"), ("gone.toml", "broken symbolic link")],
)
def test_a_config_link_that_cannot_be_followed_is_said(tmp_path, target, reason):
    os.symlink(target, tmp_path / ".l2lint.toml")
    (tmp_path / "a.md").write_bytes(WRONG)
    notice = (
        f"l2lint: notice: ignored configuration {tmp_path.resolve() / '.l2lint.toml'}: {reason}\n"
    )
    result = run(["check", "--no-cache", "a.md"], cwd=tmp_path)
    assert result.stdout.splitlines() == [f"a.md:{FINDING}", SUMMARY]
    assert result.stderr == notice
    assert result.exit_code == 1
    shown = run(["check", "--show-settings", "a.md"], cwd=tmp_path)
    assert shown.stdout.splitlines()[0] == "# configuration file: none (defaults)"
    assert shown.stderr == notice
    assert shown.exit_code == 0


def test_the_gitignore_files_of_a_run_hold_a_bounded_number_of_patterns(tmp_path):
    """Nested folders each with a .gitignore of 9,999 patterns: the first two are used
    (19,998 patterns), the third would pass 20,000 in all and is not used, with a reason."""
    (tmp_path / ".git").mkdir()
    folder = tmp_path
    for i in range(3):
        folder = folder / f"d{i}"
        folder.mkdir()
        patterns = "".join(f"p{i}_{j}.tmp\n" for j in range(9_999))
        (folder / ".gitignore").write_text(patterns + "skip.md\n" * (i == 2), encoding="utf-8")
        (folder / "a.md").write_bytes(WRONG)
    (folder / "skip.md").write_bytes(WRONG)  # named in the .gitignore that is not used
    result = run(["check", "--no-cache", "--show-files", "."], cwd=tmp_path)
    assert result.stdout.splitlines() == [
        "d0/a.md (markdown)",
        "d0/d1/a.md (markdown)",
        "d0/d1/d2/a.md (markdown)",
        "d0/d1/d2/skip.md (markdown)",
        ".git/ (skipped: default skip list)",
        "d0/.gitignore (skipped: hidden)",
        "d0/d1/.gitignore (skipped: hidden)",
        "d0/d1/d2/.gitignore (skipped: not used as .gitignore: more than 20,000 patterns "
        "in all .gitignore files)",
    ]
    assert result.exit_code == 0


def test_gitignore_files_past_the_total_are_not_used_in_sibling_folders(tmp_path, monkeypatch):
    monkeypatch.setattr(discovery, "MAX_GITIGNORE_TOTAL_PATTERNS", 3)
    (tmp_path / ".git").mkdir()
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / ".gitignore").write_text("x.md\ny\nz\n", encoding="utf-8")
        (tmp_path / name / "x.md").write_bytes(WRONG)
    result = run(["check", "--no-cache", "."], cwd=tmp_path)
    assert result.stdout.splitlines() == [
        f"b/x.md:{FINDING}",
        SUMMARY,
    ]
    assert result.stderr == (
        "l2lint: notice: skipped 2 files (.gitignore: 1, not used as .gitignore: "
        "more than 3 patterns in all .gitignore files: 1); --show-files lists them\n"
    )
    assert result.exit_code == 1


GERMAN_NEGATED = "Ein Joint Venture von Leica und LUMIX ist die L² Technology nicht.\n"


def test_a_link_keeps_the_language_of_its_real_path(tmp_path):
    """German copy in de/ (per-file-language "de": the negation is read as German) named
    through a link in en/: still German, no finding; a copy that really lies in en/ is
    read as English (the negation is missed: a finding)."""
    (tmp_path / ".l2lint.toml").write_text(
        'language = "en"\n[per-file-language]\n"de/**" = "de"\n', encoding="utf-8"
    )
    for folder in ("de", "en"):
        (tmp_path / folder).mkdir()
    (tmp_path / "de" / "copy.txt").write_text(GERMAN_NEGATED, encoding="utf-8")
    (tmp_path / "en" / "own.txt").write_text(GERMAN_NEGATED, encoding="utf-8")
    os.symlink("../de/copy.txt", tmp_path / "en" / "copy.txt")
    for cache in (["--no-cache"], [], []):
        result = run(
            ["check", *cache, "--format", "json", "en/copy.txt", "en/own.txt"], cwd=tmp_path
        )
        assert sorted({f["path"] for f in result.json}) == ["en/own.txt"]
        assert result.exit_code == 1
