"""Which files a check reads, and saying what it skipped (#14 item 5)."""

from __future__ import annotations

import pytest

from tests.clirunner import run

WRONG = "The Lumix S5II.\n"


def finding(path: str) -> str:
    return f"{path}:1:5: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]"


@pytest.fixture
def repo(tmp_path):
    """A git work tree whose .gitignore lists public/ and *.log.md."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("public/\n*.log.md\n", encoding="utf-8")
    for rel in ["public/a.md", "public/sub/b.md", "public/c.log.md", "build/d.md", "docs/e.md"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(WRONG, encoding="utf-8")
    (tmp_path / "docs" / "photo.png").write_bytes(b"\x89PNG")
    return tmp_path


def lines(text: str) -> list[str]:
    return text.splitlines()


def test_folder_named_on_the_command_line_is_walked_though_gitignored(repo):
    result = run(["check", "--no-cache", "public"], cwd=repo)
    assert result.exit_code == 1
    assert lines(result.stdout)[:2] == [finding("public/a.md"), finding("public/sub/b.md")]
    # the .gitignore's other patterns still hold inside it
    assert result.stderr == (
        "l2lint: notice: skipped 1 file (.gitignore: 1); --show-files lists them\n"
    )


def test_subfolder_of_a_gitignored_folder_is_walked_when_named(repo):
    result = run(["check", "--no-cache", "public/sub"], cwd=repo)
    assert result.exit_code == 1
    assert lines(result.stdout)[0] == finding("public/sub/b.md")
    assert result.stderr == ""


def test_walk_of_the_root_counts_what_it_skipped(repo):
    result = run(["check", "--no-cache", "."], cwd=repo)
    assert result.exit_code == 1
    assert lines(result.stdout)[0] == finding("docs/e.md")
    assert "public/" not in result.stdout and "build/" not in result.stdout
    assert result.stderr == (
        "l2lint: notice: skipped 2 folders (.gitignore: 1, default skip list: 1); "
        "--show-files lists them\n"
    )


def test_show_files_lists_read_and_skipped(repo):
    result = run(["check", "--show-files", "."], cwd=repo)
    assert result.exit_code == 0
    assert lines(result.stdout) == [
        "docs/e.md (markdown)",
        ".git/ (skipped: default skip list)",
        ".gitignore (skipped: hidden)",
        "build/ (skipped: default skip list)",
        "public/ (skipped: .gitignore)",
        "docs/photo.png (skipped: not a known extension)",
    ]
    assert result.stderr == ""


def test_no_respect_gitignore_reads_ignored_files(repo):
    result = run(["check", "--no-cache", "--no-respect-gitignore", "."], cwd=repo)
    assert result.exit_code == 1
    assert lines(result.stdout)[:4] == [
        finding("docs/e.md"),
        finding("public/a.md"),
        finding("public/c.log.md"),
        finding("public/sub/b.md"),
    ]
    assert "default skip list: 1" in result.stderr  # build/ is still on the default list


def test_exclude_on_the_command_line(repo):
    args = ["check", "--no-cache", "--exclude", "sub/", "--exclude", "*.log.md", "public"]
    result = run(args, cwd=repo)
    assert lines(result.stdout)[:2] == [
        finding("public/a.md"),
        "Found 1 finding in 1 file checked (1 error, 0 warnings, 0 suggestions). 1 fixable with --fix.",
    ]
    assert result.stderr == (
        "l2lint: notice: skipped 1 file and 1 folder (exclude: 2); --show-files lists them\n"
    )


def test_exclude_globs_are_relative_to_the_working_directory(repo):
    result = run(["check", "--no-cache", "--exclude", "/docs/e.md", "../docs"], cwd=repo / "public")
    assert result.exit_code == 1
    # "/docs/e.md" is anchored at public/, the working directory: it does not match
    assert lines(result.stdout)[0] == finding("../docs/e.md")
    args = ["check", "--no-cache", "--allow-empty", "--exclude", "/e.md", "."]
    result = run(args, cwd=repo / "docs")
    assert (result.exit_code, result.stdout.count("B201")) == (0, 0)
    assert "skipped 1 file (exclude: 1)" in result.stderr


def test_default_skip_list_folder_is_walked_when_named(repo):
    result = run(["check", "--no-cache", "build"], cwd=repo)
    assert result.exit_code == 1
    assert lines(result.stdout)[0] == finding("build/d.md")


def test_configured_exclude_does_not_stop_a_named_folder(repo):
    (repo / ".l2lint.toml").write_text('exclude = ["docs/", "*.png"]\n', encoding="utf-8")
    result = run(["check", "--no-cache", "docs"], cwd=repo)
    assert result.exit_code == 1
    assert lines(result.stdout)[0] == finding("docs/e.md")
    result = run(["check", "--no-cache", "."], cwd=repo)
    assert "docs/" not in result.stdout
    assert "exclude: 1" in result.stderr
