"""#14 "nothing silent": misses that passed without a word, through the CLI.

Invisible characters inside a brand name, a broken or non-regular pyproject.toml,
symbolic link loops, and an unknown `language` in the configuration.
"""

from __future__ import annotations

import pytest

from tests.clirunner import run

LUMIX = "B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]"


# ------------------------------------------------ invisible characters inside names


@pytest.mark.parametrize(
    ("name", "content", "positions"),
    [
        ("shy1.txt", b"The Lu\xc2\xadmix S5II.\n", ["1:5"]),  # soft hyphen
        ("shy1.md", b"The Lu\xc2\xadmix S5II.\n", ["1:5"]),
        ("shy.html", b"<p>The Lu&shy;mix S5II.</p>\n", ["1:8"]),
        ("zwsp.txt", b"The Lu\xe2\x80\x8bmix S5II.\n", ["1:5"]),  # zero-width space
        # variants: a numeric entity and a word joiner; a BOM and a ZWJ in Markdown
        ("ent.html", b"<p>Lu&#173;mix and Lu&NoBreak;mix.</p>\n", ["1:4", "1:20"]),
        ("mixed.md", b"# Title\n\nThe *Lu*\xef\xbb\xbfmi\xe2\x80\x8dx S5II.\n", ["3:6"]),
        # every default-ignorable character (Unicode DerivedCoreProperties), not a list
        # of the common ones: direction marks, invisible operators, the combining
        # grapheme joiner, a Mongolian selector, an embedding, a tag character
        *[
            (f"di{i}.txt", f"Leica and Lu{ch}mix.\n".encode(), ["1:11"])
            for i, ch in enumerate(
                ["\u200e", "\u200f", "\u2062", "\u2063", "\u034f", "\u180e", "\u202a", "\U000e0020"]
            )
        ],
        ("di.html", b"<p>Leica and Lu&#x34F;mix and Lu&#x180E;mix.</p>\n", ["1:14", "1:31"]),
    ],
)
def test_an_invisible_character_never_hides_a_name(name, content, positions, tmp_path):
    (tmp_path / name).write_bytes(content)
    result = run(["check", "--no-cache", name], cwd=tmp_path)
    lines = [line for line in result.stdout.splitlines() if ": B" in line]
    assert lines == [f"{name}:{at}: {LUMIX}" for at in positions]
    assert result.exit_code == 1


# ------------------------------------------------ a broken or odd pyproject.toml

WRONG = "The Lumix S5II.\n"


@pytest.mark.parametrize(
    ("content", "where"),
    [
        # a quoted key names the same table as [tool.l2lint]: still l2lint's, still broken
        (b'[tool."l2lint"]\nselect = ["T"\n', "3:1: invalid TOML: unclosed array"),
        (b"[project]\nversion = [\n", "3:1: invalid TOML: invalid value"),
        # variants: a binary file, and a conflict marker left in by a merge
        (b"\x7fELF\x02\x01\x01\x00\xd0\x00", "1:9: not UTF-8: byte 0xd0 (save the file as UTF-8)"),
        (b'[project]\nname = "x"\n<<<<<<< HEAD\n', "3:1: invalid TOML: invalid statement"),
    ],
)
def test_a_pyproject_that_does_not_parse_stops_the_run(content, where, tmp_path):
    (tmp_path / ".git").mkdir()  # the search for configuration stops here
    (tmp_path / "pyproject.toml").write_bytes(content)
    (tmp_path / "copy.md").write_text(WRONG, encoding="utf-8")
    result = run(["check", "copy.md"], cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"l2lint: {tmp_path / 'pyproject.toml'}:{where}\n"


@pytest.mark.parametrize("name", [".l2lint.toml", "pyproject.toml"])
def test_a_folder_named_like_a_configuration_is_one_notice(name, tmp_path):
    """Not a file l2lint can read: skipped with one line, the search goes on above."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".l2lint.toml").write_text('ignore = ["B201"]\n', encoding="utf-8")
    sub = tmp_path / "site"
    (sub / name).mkdir(parents=True)
    (sub / "copy.md").write_text(WRONG, encoding="utf-8")
    result = run(["check", "copy.md"], cwd=sub)
    assert result.stderr == (
        f"l2lint: notice: ignored configuration {sub / name}: not a regular file: a folder\n"
    )
    assert (result.exit_code, result.stdout) == (0, "No findings in 1 file.\n")


# ------------------------------------------------ links that cannot be followed


def _links(folder):
    folder.mkdir()
    (folder / "ok.md").write_text(WRONG, encoding="utf-8")
    (folder / "loop.md").symlink_to("loop.md")  # the input
    (folder / "a.txt").symlink_to("b.txt")  # variant: a loop of two links
    (folder / "b.txt").symlink_to("a.txt")
    (folder / "dangling.html").symlink_to("missing.html")  # variant: a broken link


def test_links_a_walk_cannot_follow_are_counted_and_listed(tmp_path):
    _links(tmp_path / "copy")
    result = run(["check", "--no-cache", "copy"], cwd=tmp_path)
    assert result.stdout.splitlines()[0] == f"copy/ok.md:1:5: {LUMIX}"
    assert result.stderr == (
        "l2lint: notice: skipped 4 files (broken symbolic link: 1, symbolic link loop: 3);"
        " --show-files lists them\n"
    )
    assert result.exit_code == 1
    listing = run(["check", "--show-files", "copy"], cwd=tmp_path)
    assert listing.stdout.splitlines() == [
        "copy/ok.md (markdown)",
        "copy/a.txt (skipped: symbolic link loop)",
        "copy/b.txt (skipped: symbolic link loop)",
        "copy/dangling.html (skipped: broken symbolic link)",
        "copy/loop.md (skipped: symbolic link loop)",
    ]
    assert listing.exit_code == 0


def test_a_link_named_on_the_command_line_that_cannot_be_followed_is_an_error(tmp_path):
    _links(tmp_path / "copy")
    result = run(
        ["check", "--no-cache", "copy/loop.md", "copy/dangling.html", "copy/ok.md"],
        cwd=tmp_path,
    )
    assert result.stdout.splitlines()[0] == f"copy/ok.md:1:5: {LUMIX}"
    assert result.stderr == (
        "l2lint: error: copy/loop.md: symbolic link loop\n"
        "l2lint: error: copy/dangling.html: broken symbolic link\n"
    )
    assert result.exit_code == 2


# ------------------------------------------------ configured languages


@pytest.mark.parametrize(
    ("config", "error"),
    [
        ('language = "xx"\n', "1:12: 'language' must be {} not \"xx\""),
        # variants: a per-file-language value, and a region tag of an unknown language
        (
            '[per-file-language]\n"*.md" = "de"\n"docs/**" = "xx"\n',
            '3:13: \'per-file-language."docs/**"\' must be {} not "xx"',
        ),
        ("ascii = true\nlanguage = 'qq-CH'\n", "2:12: 'language' must be {} not \"qq-CH\""),
    ],
)
def test_an_unknown_language_code_is_a_config_error(config, error, tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".l2lint.toml").write_text(config, encoding="utf-8")
    (tmp_path / "copy.md").write_text(WRONG, encoding="utf-8")
    result = run(["check", "copy.md"], cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (2, "")
    rule = '"auto" or a language code py3langid knows ("en", "de", "ja" …),'
    assert result.stderr == f"l2lint: {tmp_path / '.l2lint.toml'}:{error.format(rule)}\n"


def test_show_settings_prints_the_languages(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".l2lint.toml").write_text(
        'language = "de-CH"\n[per-file-language]\n"*.md" = "fr"\n"docs/**" = "auto"\n',
        encoding="utf-8",
    )
    (tmp_path / "copy.md").write_text(WRONG, encoding="utf-8")
    shown = run(["check", "--show-settings", "copy.md"], cwd=tmp_path)
    assert shown.exit_code == 0
    lines = shown.stdout.splitlines()
    assert 'language = "de-CH"' in lines
    assert 'per-file-language = {"*.md" = "fr", "docs/**" = "auto"}' in lines
    (tmp_path / ".l2lint.toml").unlink()
    lines = run(["check", "--show-settings", "copy.md"], cwd=tmp_path).stdout.splitlines()
    assert ('language = "auto"' in lines, "per-file-language = {}" in lines) == (True, True)


def test_a_folder_link_to_an_ancestor_is_a_loop_said_once(tmp_path):
    (tmp_path / "copy" / "sub").mkdir(parents=True)
    (tmp_path / "copy" / "sub" / "a.md").write_text(WRONG, encoding="utf-8")
    (tmp_path / "copy" / "sub" / "up").symlink_to("..")
    listing = run(["check", "--show-files", "copy"], cwd=tmp_path)
    assert listing.stdout.splitlines() == [
        "copy/sub/a.md (markdown)",
        "copy/sub/up/ (skipped: symbolic link loop)",
    ]
    result = run(["check", "--no-cache", "copy"], cwd=tmp_path)
    assert result.stdout.splitlines()[0] == f"copy/sub/a.md:1:5: {LUMIX}"
    assert result.stderr == (
        "l2lint: notice: skipped 1 folder (symbolic link loop: 1); --show-files lists them\n"
    )
    assert result.exit_code == 1
