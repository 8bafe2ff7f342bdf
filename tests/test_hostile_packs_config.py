"""Hostile rule packs, configuration files and special files (#22), through the CLI.

Alias bombs and doubling lexicon references are refused with one line naming the pack;
only regular files are read (packs, configuration, copy), packs and configuration up to
1 MiB; the configuration search stops at the repository root or the home folder and
skips files other users may have written; `--show-settings` names what applied.
"""

from __future__ import annotations

import os
import stat
import sys

import pytest
from clirunner import run
from hypothesis import given, settings
from hypothesis import strategies as st

from l2lint import patterns
from l2lint.patterns import PatternError, PatternSpec, expand_references

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, devices and modes: POSIX")

COPY = "Leica and LUMIX share L2 tech.\n"
# what COPY gives with the built-in pack and no configuration
T101 = "a.md:1:23: T101 error: Write 'L² Technology', not 'L2 tech'. [*]\n"

BOMB_LIMIT = (
    "YAML aliases expand to more than 200,000 nodes or 8,388,608 characters; "
    "a rule pack must not use aliases to multiply its size"
)
REFERENCE_LIMIT = (
    "expands to more than 100,000 characters "
    "(lexicon references nested too deep or repeated too often)"
)

RULE = """\
rules:
  - code: Z901
    name: hostile
    type: forbidden
    severity: error
    message: m
    patterns: ['{pattern}']
"""


def _copy(tmp_path, name="a.md"):
    (tmp_path / name).write_text(COPY, encoding="utf-8")


def _pack(tmp_path, text, name="p.yaml"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return name


# --- YAML alias bombs -------------------------------------------------------------


def _laughs(levels: int, width: int) -> str:
    """The "billion laughs" document: each level lists the one below `width` times."""
    lines = ["l0: &l0 [" + ", ".join(['"lol"'] * width) + "]"]
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\npack: bomb\n" + RULE.format(pattern="x")


def test_alias_bomb_is_one_line_naming_the_pack(tmp_path):
    _copy(tmp_path)
    text = _laughs(9, 9)  # about 1 kB, 9**9 strings expanded
    assert len(text) < 1200
    _pack(tmp_path, text)
    result = run(["check", "--rules", "p.yaml", "a.md"], cwd=tmp_path)
    assert result.exit_code == 2
    # nodes per level 10, 91, 820, 7381, 66430, 597871: the sixth level (line 6) is over
    assert result.stderr == f"l2lint: invalid rule pack: p.yaml:6: {BOMB_LIMIT}\n"
    assert result.stdout == ""


def test_alias_bomb_of_mappings_and_long_strings(tmp_path):
    _copy(tmp_path)
    # mappings instead of lists: 16 keys a level, five levels
    lines = ["m0: &m0 {" + ", ".join(f"k{i}: v" for i in range(16)) + "}"]
    for level in range(1, 5):
        lines.append(
            f"m{level}: &m{level} {{" + ", ".join(f"k{i}: *m{level - 1}" for i in range(16)) + "}"
        )
    _pack(tmp_path, "\n".join(lines) + "\npack: bomb\n" + RULE.format(pattern="x"))
    result = run(["check", "--rules", "p.yaml", "a.md"], cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (
        2,
        f"l2lint: invalid rule pack: p.yaml:5: {BOMB_LIMIT}\n",
    )
    # few nodes, many characters: a 10,000-character string listed 1,000 times
    long_string = "s: &s " + "x" * 10_000 + "\nl: [" + ", ".join(["*s"] * 1000) + "]\n"
    _pack(tmp_path, long_string + "pack: bomb\n" + RULE.format(pattern="x"))
    result = run(["check", "--rules", "p.yaml", "a.md"], cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (
        2,
        f"l2lint: invalid rule pack: p.yaml:2: {BOMB_LIMIT}\n",
    )


def test_alias_that_contains_itself(tmp_path):
    _copy(tmp_path)
    _pack(tmp_path, "pack: loop\na: &a [x, *a]\n" + RULE.format(pattern="x"))
    result = run(["check", "--rules", "p.yaml", "a.md"], cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (
        2,
        "l2lint: invalid rule pack: p.yaml:2: a YAML alias refers to a node that contains it\n",
    )


def test_aliases_within_the_bound_still_work(tmp_path):
    """An anchor reused a few times (the ordinary use) loads and its rule runs."""
    _copy(tmp_path)
    text = (
        "pack: shared\nlexicon:\n  word:\n    patterns: &words ['share']\n"
        "  same:\n    patterns: *words\n" + RULE.format(pattern="{{same}}")
    )
    _pack(tmp_path, text)
    result = run(["check", "--rules", "p.yaml", "--select", "Z9", "a.md"], cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == "a.md:1:17: Z901 error: m"


# --- lexicon references that double ------------------------------------------------


def _doubling(levels: int, copies: int, base: str = "x") -> str:
    lines = ["pack: doubling", "lexicon:", "  a0:", f"    patterns: ['{base}']"]
    for level in range(1, levels + 1):
        lines += [f"  a{level}:", "    patterns: ['" + f"{{{{a{level - 1}}}}}" * copies + "']"]
    return "\n".join(lines) + "\n" + RULE.format(pattern=f"{{{{a{levels}}}}}")


def _lexicon_line(text: str, name: str) -> int:
    """The line of the entry's first key (`patterns:`), where its mapping starts."""
    return text.splitlines().index(f"  {name}:") + 2


@pytest.mark.parametrize(
    ("levels", "copies", "over"),
    [
        (30, 2, "a13"),  # the given input: doubling, thirty levels
        (12, 4, "a7"),  # four copies a level
        (3, 3000, "a2"),  # wide: one entry repeated 3,000 times, then again
    ],
)
def test_doubling_lexicon_references_stop_at_the_limit(tmp_path, levels, copies, over):
    _copy(tmp_path)
    text = _doubling(levels, copies)
    _pack(tmp_path, text)
    result = run(["check", "--rules", "p.yaml", "a.md"], cwd=tmp_path)
    assert result.exit_code == 2
    line = _lexicon_line(text, over)
    assert result.stderr == f"l2lint: invalid rule pack: p.yaml:{line}: pattern {REFERENCE_LIMIT}\n"


def test_references_within_the_bound_still_match(tmp_path):
    _copy(tmp_path)
    _pack(tmp_path, _doubling(3, 2, base="L2 tech"))  # 8 copies: short
    result = run(["check", "--rules", "p.yaml", "--select", "Z9", "a.md"], cwd=tmp_path)
    assert result.exit_code == 0  # "L2 tech" eight times in a row is not in the copy
    _pack(tmp_path, _doubling(3, 1, base="L2 tech"))
    result = run(["check", "--rules", "p.yaml", "--select", "Z9", "a.md"], cwd=tmp_path)
    assert (result.exit_code, result.stdout.splitlines()[0]) == (1, "a.md:1:23: Z901 error: m")


# --- only regular files: rule packs ------------------------------------------------


def test_rule_pack_that_is_a_device(tmp_path):
    _copy(tmp_path)
    result = run(["check", "--rules", "/dev/zero", "a.md"], cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (
        2,
        "l2lint: invalid rule pack: /dev/zero: not a regular file: a character device; "
        "a rule pack must be a regular file\n",
    )
    (tmp_path / ".l2lint.toml").write_text('rules = ["/dev/zero"]\n', encoding="utf-8")
    result = run(["check", "a.md"], cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (
        2,
        "l2lint: invalid rule pack: /dev/zero: not a regular file: a character device; "
        "a rule pack must be a regular file\n",
    )


def test_rule_pack_that_is_a_fifo_or_a_link_to_a_device(tmp_path):
    _copy(tmp_path)
    packs = tmp_path / "packs"
    packs.mkdir()
    os.mkfifo(packs / "fifo.yaml")
    result = run(["check", "--rules", "packs", "a.md"], cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (
        2,
        "l2lint: invalid rule pack: packs/fifo.yaml: not a regular file: a FIFO (named pipe); "
        "a rule pack must be a regular file\n",
    )
    os.symlink("/dev/zero", tmp_path / "zero.yaml")
    result = run(["check", "--rules", "zero.yaml", "a.md"], cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (
        2,
        "l2lint: invalid rule pack: zero.yaml: not a regular file: a character device; "
        "a rule pack must be a regular file\n",
    )


def test_rule_pack_over_one_mebibyte(tmp_path):
    _copy(tmp_path)
    filler = "# " + "x" * 98 + "\n"
    text = "pack: big\n" + RULE.format(pattern="x")
    (tmp_path / "big.yaml").write_text(text + filler * 10486, encoding="utf-8")  # > 1 MiB
    result = run(["check", "--rules", "big.yaml", "a.md"], cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (
        2,
        "l2lint: invalid rule pack: big.yaml: rule pack larger than the limit of 1 MiB "
        "(1,048,576 bytes)\n",
    )
    size = 1 << 20
    body = (text + filler * 10486).encode()[:size]
    body = body[: body.rindex(b"\n") + 1]
    (tmp_path / "big.yaml").write_bytes(body)  # at most 1 MiB: read
    result = run(["check", "--rules", "big.yaml", "--select", "Z9", "a.md"], cwd=tmp_path)
    assert result.exit_code == 0, result.stderr


# --- only regular files: copy ------------------------------------------------------


def _special_files(docs):
    os.symlink("/dev/zero", docs / "x.md")
    os.mkfifo(docs / "fifo.md")
    os.mkfifo(docs / "other.fifo")
    os.symlink(docs / "fifo.md", docs / "link-to-fifo.txt")


def test_walk_skips_devices_and_fifos_and_counts_them(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    _copy(docs)
    _special_files(docs)
    result = run(["check", "docs"], cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == "docs/" + T101.rstrip("\n")
    assert result.stderr == (
        "l2lint: notice: skipped 3 files (not a regular file: 3); --show-files lists them\n"
    )
    listing = run(["check", "--show-files", "docs"], cwd=tmp_path)
    assert (listing.exit_code, listing.stdout) == (
        0,
        "docs/a.md (markdown)\n"
        "docs/fifo.md (skipped: not a regular file)\n"
        "docs/link-to-fifo.txt (skipped: not a regular file)\n"
        "docs/other.fifo (skipped: not a known extension)\n"
        "docs/x.md (skipped: not a regular file)\n",
    )


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("docs/x.md", "a character device"),
        ("docs/fifo.md", "a FIFO (named pipe)"),
        ("docs/link-to-fifo.txt", "a FIFO (named pipe)"),
    ],
)
def test_named_special_file_is_an_error_and_others_are_checked(tmp_path, name, reason):
    docs = tmp_path / "docs"
    docs.mkdir()
    _copy(docs)
    _special_files(docs)
    result = run(["check", name, "docs/a.md"], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stdout.splitlines()[0] == "docs/" + T101.rstrip("\n")
    assert result.stderr == f"l2lint: error: {name}: not a regular file: {reason}\n"


def test_file_swapped_for_a_fifo_between_check_and_open_is_not_waited_on(tmp_path, monkeypatch):
    """`b.md` is a regular file when checked and a FIFO with no writer when opened: the
    open does not block (O_NONBLOCK) and the open file is checked again."""
    _copy(tmp_path)
    (tmp_path / "b.md").write_text(COPY, encoding="utf-8")
    real_open = os.open

    def swapping_open(path, flags, *args, **kwargs):
        if str(path).endswith("b.md") and os.path.isfile(path):
            os.unlink(path)
            os.mkfifo(path)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", swapping_open)
    result = run(["check", "--no-cache", "a.md", "b.md"], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stdout.splitlines()[0] == T101.rstrip("\n")
    assert result.stderr == "l2lint: error: b.md: not a regular file: a FIFO (named pipe)\n"


# --- only regular files: configuration ---------------------------------------------


def test_configuration_that_is_a_device_fifo_or_too_large(tmp_path):
    _copy(tmp_path)
    result = run(["check", "--config", "/dev/zero", "a.md"], cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (
        2,
        "l2lint: /dev/zero: cannot read configuration: not a regular file: a character device\n",
    )
    (tmp_path / "base.toml").write_text("# " + "x" * (1 << 20) + "\n", encoding="utf-8")
    (tmp_path / ".l2lint.toml").write_text('extend = "base.toml"\n', encoding="utf-8")
    result = run(["check", "a.md"], cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (
        2,
        f"l2lint: {tmp_path / 'base.toml'}: cannot read configuration: larger than the limit "
        "of 1 MiB (1,048,576 bytes)\n",
    )
    (tmp_path / ".l2lint.toml").write_text('extend = "/dev/zero"\n', encoding="utf-8")
    result = run(["check", "a.md"], cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (
        2,
        "l2lint: /dev/zero: cannot read configuration: not a regular file: a character device\n",
    )
    # a pyproject.toml too large to tell whether it configures l2lint: an error, not silence
    (tmp_path / ".l2lint.toml").unlink()
    (tmp_path / ".git").mkdir()
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[tool.black]\n# " + "x" * (1 << 20) + "\n", encoding="utf-8")
    result = run(["check", "a.md"], cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (
        2,
        f"l2lint: {pyproject.resolve()}: cannot read configuration: larger than the limit "
        "of 1 MiB (1,048,576 bytes)\n",
    )


def test_configuration_fifo_found_in_the_search_is_skipped_with_a_notice(tmp_path):
    os.mkdir(tmp_path / ".git")
    _copy(tmp_path)
    os.mkfifo(tmp_path / ".l2lint.toml")
    result = run(["check", "a.md"], cwd=tmp_path)
    assert (result.exit_code, result.stdout.splitlines()[0]) == (1, T101.rstrip("\n"))
    assert result.stderr == (
        f"l2lint: notice: ignored configuration {tmp_path.resolve() / '.l2lint.toml'}: "
        "not a regular file: a FIFO (named pipe)\n"
    )


# --- `tool` of the wrong type -----------------------------------------------------


@pytest.mark.parametrize(
    "text", ['tool = "x"\n', "tool = 3\n", "tool = [1, 2]\n", '[tool]\nother = "x"\n']
)
def test_pyproject_tool_that_is_not_a_table_configures_nothing(tmp_path, text):
    (tmp_path / "sub").mkdir()
    _copy(tmp_path / "sub")
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    for cwd, path in ((tmp_path / "sub", "a.md"), (tmp_path, "sub")):
        result = run(["check", path], cwd=cwd)
        assert (result.exit_code, result.stderr) == (1, "")
    shown = run(["check", "--show-settings", "a.md"], cwd=tmp_path / "sub")
    assert shown.stdout.splitlines()[0] == "# configuration file: none (defaults)"


@pytest.mark.parametrize(
    ("name", "text", "problem"),
    [
        (
            "pyproject.toml",
            "[tool]\nl2lint = 3\n",
            "'tool.l2lint' must be a table ([tool.l2lint]), not an integer",
        ),
        (
            "pyproject.toml",
            'tool.l2lint = "x"\n',
            "'tool.l2lint' must be a table ([tool.l2lint]), not a string",
        ),
        (
            ".l2lint.toml",
            "tool.l2lint = [1]\n",
            "'tool.l2lint' must be a table ([tool.l2lint]), not an array",
        ),
        (".l2lint.toml", 'tool = "x"\n', "unknown configuration key 'tool'"),
    ],
)
def test_tool_l2lint_of_the_wrong_type_is_an_error_naming_the_file(tmp_path, name, text, problem):
    (tmp_path / "sub").mkdir()
    _copy(tmp_path / "sub")
    (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    result = run(["check", "a.md"], cwd=tmp_path / "sub")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"l2lint: {tmp_path.resolve() / name}: {problem}\n"
    result = run(["check", "--config", name, "sub/a.md"], cwd=tmp_path)
    assert result.stderr == f"l2lint: {name}: {problem}\n"


# --- where the search stops -------------------------------------------------------

SILENCE = 'exclude = ["**"]\nselect = ["B"]\n'


@pytest.mark.parametrize("marker", ["dir", "file"])
def test_search_stops_at_the_repository_root(tmp_path, marker):
    """A `.l2lint.toml` above the repository (`.git` a folder, or a file as in a git
    worktree or submodule) does not apply inside it."""
    (tmp_path / ".l2lint.toml").write_text(SILENCE, encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    _copy(repo / "docs")
    if marker == "dir":
        (repo / ".git").mkdir()
    else:
        (repo / ".git").write_text("gitdir: /elsewhere/.git/worktrees/repo\n", encoding="utf-8")
    result = run(["check", "docs"], cwd=repo)
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout.splitlines()[0] == "docs/" + T101.rstrip("\n")
    shown = run(["check", "--show-settings", "docs/a.md"], cwd=repo)
    assert shown.stdout.splitlines()[0] == "# configuration file: none (defaults)"
    # the repository's own configuration still applies, also from a folder below it
    (repo / ".l2lint.toml").write_text('ignore = ["T101"]\n', encoding="utf-8")
    result = run(["check", "a.md"], cwd=repo / "docs")
    assert (result.exit_code, result.stdout) == (0, "No findings in 1 file.\n")


def test_search_stops_at_the_home_folder(tmp_path, monkeypatch):
    (tmp_path / ".l2lint.toml").write_text(SILENCE, encoding="utf-8")
    home = tmp_path / "home"
    (home / "copy").mkdir(parents=True)
    _copy(home / "copy")
    monkeypatch.setenv("HOME", str(home))
    result = run(["check", "a.md"], cwd=home / "copy")
    assert result.exit_code == 1
    assert result.stdout.startswith(T101)
    # the home folder's own configuration applies
    (home / ".l2lint.toml").write_text('ignore = ["T101"]\n', encoding="utf-8")
    result = run(["check", "a.md"], cwd=home / "copy")
    assert (result.exit_code, result.stdout) == (0, "No findings in 1 file.\n")
    shown = run(["check", "--show-settings", "a.md"], cwd=home / "copy")
    assert (
        shown.stdout.splitlines()[0] == f"# configuration file: {home.resolve() / '.l2lint.toml'}"
    )


# --- configuration other users may have written ------------------------------------


def _as_another_users(path, monkeypatch):
    """Make `path` look owned by another user: chown as root, else a different uid."""
    if os.geteuid() == 0:
        os.chown(path, 4242, -1)
    else:
        uid = os.getuid()
        monkeypatch.setattr(os, "getuid", lambda: uid + 4242)


def test_world_writable_configuration_is_ignored_with_a_notice(tmp_path):
    (tmp_path / ".git").mkdir()
    docs = tmp_path / "docs"
    docs.mkdir()
    _copy(docs)
    config = docs / ".l2lint.toml"
    config.write_text(SILENCE, encoding="utf-8")
    config.chmod(0o666)
    result = run(["check", "docs"], cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == "docs/" + T101.rstrip("\n")
    notice = (
        f"l2lint: notice: ignored configuration {config.resolve()}: it is writable by every user\n"
    )
    assert result.stderr == notice
    # the same in a pyproject.toml, and for the run's own configuration
    config.unlink()
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[tool.l2lint]\n" + SILENCE, encoding="utf-8")
    pyproject.chmod(0o666)
    result = run(["check", "docs/a.md"], cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"l2lint: notice: ignored configuration {pyproject.resolve()}: it is writable by every user\n"
    )
    shown = run(["check", "--show-settings", "docs/a.md"], cwd=tmp_path)
    assert shown.stdout.splitlines()[0] == "# configuration file: none (defaults)"
    assert shown.stderr == result.stderr
    # writable by its group only: trusted
    pyproject.chmod(0o664)
    result = run(["check", "docs/a.md"], cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (
        2,
        "l2lint: notice: skipped 1 file (exclude: 1); --show-files lists them\nl2lint: warning: no file was checked (exit 2; --allow-empty accepts this)\n",
    )


def test_another_users_configuration_in_a_world_writable_folder_is_ignored(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    shared = tmp_path / "shared"
    shared.mkdir()
    _copy(shared)
    config = shared / ".l2lint.toml"
    config.write_text(SILENCE, encoding="utf-8")
    _as_another_users(config, monkeypatch)
    shared.chmod(0o777 | stat.S_ISVTX)  # like /tmp: the sticky bit does not help here
    result = run(["check", "shared"], cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == "shared/" + T101.rstrip("\n")
    assert result.stderr == (
        f"l2lint: notice: ignored configuration {config.resolve()}: it belongs to another "
        "user and lies in a folder every user can write to\n"
    )
    # the same file in a folder only its owner can write to: a shared checkout, trusted
    shared.chmod(0o755)
    result = run(["check", "shared"], cwd=tmp_path)
    assert result.exit_code == 2
    assert "ignored configuration" not in result.stderr


# --- --show-settings names the configuration ---------------------------------------


def test_show_settings_names_the_extend_chain(tmp_path):
    (tmp_path / ".git").mkdir()
    _copy(tmp_path)
    result = run(["check", "--show-settings", "a.md"], cwd=tmp_path)
    assert result.stdout.splitlines()[:2] == [
        "# configuration file: none (defaults)",
        f"# rule packs: {result.stdout.splitlines()[1].split(': ', 1)[1]}",
    ]
    (tmp_path / "base.toml").write_text('select = ["T"]\n', encoding="utf-8")
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "mid.toml").write_text('extend = "../base.toml"\n', encoding="utf-8")
    (tmp_path / ".l2lint.toml").write_text('extend = "conf/mid.toml"\n', encoding="utf-8")
    result = run(["check", "--show-settings", "a.md"], cwd=tmp_path)
    root = tmp_path.resolve()
    assert result.stdout.splitlines()[:2] == [
        f"# configuration file: {root / '.l2lint.toml'}",
        f"# extends: {root / 'conf' / 'mid.toml'} -> {root / 'base.toml'}",
    ]
    result = run(["check", "--show-settings", "--config", "conf/mid.toml", "a.md"], cwd=tmp_path)
    assert result.stdout.splitlines()[:2] == [
        "# configuration file: conf/mid.toml",
        f"# extends: {root / 'base.toml'}",
    ]


# --- property: bounded expansion is the plain expansion, or an error past the bound ---


def _naive(pattern: str, sources: dict[str, list[PatternSpec]]) -> str:
    """`{{name}}` replaced by the definition, recursively, with no sharing and no bound."""

    def replace(match) -> str:
        parts = [
            f"(?i:{_naive(s.pattern, sources)})"
            if s.ignore_case
            else f"(?-i:{_naive(s.pattern, sources)})"
            for s in sources[match.group(1)]
        ]
        return "(?:" + "|".join(parts) + ")"

    return patterns._REFERENCE.sub(replace, pattern)


@st.composite
def _lexicons(draw):
    """Entries e0..eN whose patterns mix literals and references to earlier entries."""
    count = draw(st.integers(1, 6))
    sources: dict[str, list[PatternSpec]] = {}
    for index in range(count):
        specs = []
        for _ in range(draw(st.integers(1, 3))):
            pieces = draw(
                st.lists(
                    st.one_of(
                        st.sampled_from(["a", "bc", "x y"]),
                        st.integers(0, index - 1).map(lambda i: f"{{{{e{i}}}}}")
                        if index
                        else st.just("z"),
                    ),
                    min_size=1,
                    max_size=4,
                )
            )
            specs.append(PatternSpec(pattern="".join(pieces), ignore_case=draw(st.booleans())))
        sources[f"e{index}"] = specs
    return sources


@settings(max_examples=200, deadline=None)
@given(lexicon=_lexicons(), limit=st.integers(20, 2000))
def test_expansion_equals_the_plain_one_or_fails_past_the_limit(lexicon, limit):
    top = f"{{{{e{len(lexicon) - 1}}}}}-{{{{e0}}}}"
    expected = _naive(top, lexicon)
    saved = patterns.MAX_EXPANDED_PATTERN
    patterns.MAX_EXPANDED_PATTERN = limit
    try:
        if len(expected) > limit:
            with pytest.raises(PatternError, match="expands to more than"):
                expand_references(top, lexicon)
        else:
            assert expand_references(top, lexicon) == expected
    finally:
        patterns.MAX_EXPANDED_PATTERN = saved


# --- a bound on a pack's patterns in total (#22) -------------------------------------

PACK_TOTAL_LIMIT = (
    "the pack's patterns expand to more than 4,194,304 characters in total "
    "(lexicon references repeated too often)"
)


def _wide(levels: int, patterns_count: int, reference: str) -> str:
    """A doubling lexicon (a0 'x', aK '{{aK-1}}{{aK-1}}') and one rule listing
    `reference` `patterns_count` times."""
    lines = ["pack: wide", "lexicon:", "  a0:", "    patterns: ['x']"]
    for level in range(1, levels + 1):
        lines += [f"  a{level}:", f"    patterns: ['{{{{a{level - 1}}}}}{{{{a{level - 1}}}}}']"]
    rule = RULE.replace("patterns: ['{pattern}']", "patterns:")
    return (
        "\n".join(lines)
        + "\n"
        + rule
        + "".join(f"      - '{reference}'\n" for _ in range(patterns_count))
    )


def test_many_patterns_that_each_expand_wide_stop_at_the_pack_total(tmp_path):
    """The given input: 12 doubling levels (about 45,000 characters each) used by 20,000
    patterns of one rule, a 360 kB pack."""
    _copy(tmp_path)
    text = _wide(12, 20_000, "{{a12}}")
    assert 300_000 < len(text) < 400_000
    _pack(tmp_path, text)
    result = run(["check", "--rules", "p.yaml", "a.md"], cwd=tmp_path)
    line = text.splitlines().index("  - code: Z901") + 1
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"l2lint: invalid rule pack: p.yaml:{line}: rule Z901: {PACK_TOTAL_LIMIT}\n",
    )


def test_lexicon_entries_count_towards_the_pack_total(tmp_path):
    """A 60,000-character literal referenced by 100 lexicon entries: the entry that
    crosses 4 MiB (e68, the 70th pattern counting `big`) is named by its line."""
    _copy(tmp_path)
    lines = ["pack: wide", "lexicon:", "  big:", "    patterns: ['" + "y" * 60_000 + "']"]
    for index in range(100):
        lines += [f"  e{index}:", "    patterns: ['{{big}}']"]
    text = "\n".join(lines) + "\n" + RULE.format(pattern="x")
    _pack(tmp_path, text)
    result = run(["check", "--rules", "p.yaml", "a.md"], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"l2lint: invalid rule pack: p.yaml:{_lexicon_line(text, 'e68')}: {PACK_TOTAL_LIMIT}\n"
    )


def test_many_short_patterns_within_the_pack_total_still_match(tmp_path):
    """2,000 patterns (each a short doubling reference) are well within the total: the
    pack loads and its rule matches."""
    _copy(tmp_path)
    text = _wide(3, 1999, "{{a3}}") + "      - 'L2 tech'\n"
    _pack(tmp_path, text)
    result = run(["check", "--rules", "p.yaml", "--select", "Z9", "a.md"], cwd=tmp_path)
    assert (result.exit_code, result.stdout.splitlines()[0]) == (1, "a.md:1:23: Z901 error: m")


# --- packs that raised internal errors: one line each (#22) --------------------------

COPY_HELLO = "Leica and LUMIX share L2 tech. Say hello.\n"


def _one_pattern(tmp_path, pattern: str):
    (tmp_path / "a.md").write_text(COPY_HELLO, encoding="utf-8")
    _pack(tmp_path, "pack: p\n" + RULE.format(pattern=pattern))
    return run(["check", "--rules", "p.yaml", "--select", "Z9", "a.md"], cwd=tmp_path)


VERBOSE_HINT = (
    "it compiles alone but not inside the group and word boundaries l2lint puts around "
    "it (missing )); in verbose mode (?x) a '#' comment runs to the end of the line and "
    "hides what follows the pattern: end the comment with a line break or drop (?x)"
)


@pytest.mark.parametrize("pattern", ["(?x)x #c", "(?x)hello # greeting", "(?xi) say|hello#"])
def test_verbose_comment_that_hides_the_wrapper_is_explained(tmp_path, pattern):
    result = _one_pattern(tmp_path, pattern)
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"l2lint: invalid rule pack: p.yaml:3: rule Z901: invalid regular expression "
        f"{pattern!r}: {VERBOSE_HINT}\n",
    )


def test_verbose_comment_ended_by_a_line_break_works(tmp_path):
    (tmp_path / "a.md").write_text(COPY_HELLO, encoding="utf-8")
    text = "pack: p\n" + RULE.replace("['{pattern}']", '["(?x)hello#greeting\\n"]')
    _pack(tmp_path, text)
    result = run(["check", "--rules", "p.yaml", "--select", "Z9", "a.md"], cwd=tmp_path)
    assert (result.exit_code, result.stdout.splitlines()[0]) == (1, "a.md:1:36: Z901 error: m")


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("(?V1)[[a-z]--[aeiou]]", "VERSION0 and VERSION1 flags are mutually incompatible"),
        ("(?V1)hello", "VERSION0 and VERSION1 flags are mutually incompatible"),
        ("hello(?V1)", "VERSION0 and VERSION1 flags are mutually incompatible"),
    ],
)
def test_flag_conflicts_are_invalid_patterns(tmp_path, pattern, problem):
    result = _one_pattern(tmp_path, pattern)
    assert (result.exit_code, result.stderr) == (
        2,
        f"l2lint: invalid rule pack: p.yaml:3: rule Z901: invalid regular expression "
        f"{pattern!r}: {problem}\n",
    )


@pytest.mark.parametrize(
    ("text", "line", "kind"),
    [
        ("pack: p\n? [a, b]\n: 1\n", 2, "list"),
        ("pack: p\n? {a: b}\n: 1\n", 2, "mapping"),
        ("pack: p\nrules:\n  - {[x]: 1}\n", 3, "list"),
    ],
)
def test_complex_mapping_keys_are_invalid_yaml(tmp_path, text, line, kind):
    _copy(tmp_path)
    _pack(tmp_path, text)
    result = run(["check", "--rules", "p.yaml", "a.md"], cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (
        2,
        f"l2lint: invalid rule pack: p.yaml:{line}: invalid YAML: "
        f"a mapping key must be a plain value, not a {kind}\n",
    )


# --- YAML merge keys: a key written in the mapping overrides a merged one (#22) ------

MERGED = """\
pack: p
rules:
  - &r {code: Z901, name: h, type: forbidden, severity: error, message: 'm {found}',
        patterns: ['hello']}
"""
HELLO = "a.md:1:36: Z901 error: m hello"


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        # flow mapping: the written message overrides the merged one
        (
            "  - {<<: *r, code: Z902, message: 'n {found}', patterns: ['share']}\n",
            ["a.md:1:17: Z902 error: n share", HELLO],
        ),
        # block mapping after `<<`: the written code and patterns override
        (
            "  - <<: *r\n    code: Z905\n    name: h2\n    patterns: ['Say']\n",
            ["a.md:1:32: Z905 error: m Say", HELLO],
        ),
        # several merged mappings: the first listed wins, then the written keys
        (
            "  - &s {code: Z903, name: s, type: forbidden, severity: warning, message: 's',"
            " patterns: ['x']}\n"
            "  - {<<: [*r, *s], code: Z904, patterns: ['LUMIX']}\n",
            ["a.md:1:11: Z904 error: m LUMIX", HELLO],
        ),
    ],
)
def test_merge_key_overrides(tmp_path, rules, expected):
    (tmp_path / "a.md").write_text(COPY_HELLO, encoding="utf-8")
    _pack(tmp_path, MERGED + rules)
    result = run(["check", "--rules", "p.yaml", "--select", "Z9", "a.md"], cwd=tmp_path)
    assert result.stderr == ""
    assert (result.exit_code, result.stdout.splitlines()[:-1]) == (1, expected)


def test_a_key_written_twice_beside_a_merge_is_still_a_duplicate(tmp_path):
    _copy(tmp_path)
    _pack(tmp_path, MERGED + "  - {<<: *r, code: Z902, code: Z903}\n")
    result = run(["check", "--rules", "p.yaml", "a.md"], cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (
        2,
        "l2lint: invalid rule pack: p.yaml:5: invalid YAML: duplicate key 'code'\n",
    )


# --- an Office package of another kind named .pptx (#22) -----------------------------

DOCX = os.path.join(os.path.dirname(__file__), "data", "fix", "superscript-2.docx")


def _xlsx() -> bytes:
    """A minimal Excel package: content types, the package relationship, a workbook."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        )
        package.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
            "</Relationships>",
        )
        package.writestr(
            "xl/workbook.xml",
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
        )
    return out.getvalue()


NO_FILE = "l2lint: warning: no file was checked (exit 2; --allow-empty accepts this)\n"


def test_word_file_on_stdin_named_pptx_is_named_as_given(tmp_path):
    with open(DOCX, "rb") as handle:
        data = handle.read()
    result = run(["check", "--stdin-filename", "x.pptx", "-"], cwd=tmp_path, input=data)
    assert (result.exit_code, result.stderr) == (
        2,
        "l2lint: error: x.pptx: not a valid .pptx file: "
        "it holds a Word document, not a PowerPoint presentation\n" + NO_FILE,
    )
    (tmp_path / "y.pptx").write_bytes(data)  # the same on disk
    result = run(["check", "y.pptx"], cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (
        2,
        "l2lint: error: y.pptx: not a valid .pptx file: "
        "it holds a Word document, not a PowerPoint presentation\n" + NO_FILE,
    )


def test_excel_file_on_stdin_named_pptx(tmp_path):
    result = run(["check", "--stdin-filename", "deck/s.pptx", "-"], cwd=tmp_path, input=_xlsx())
    assert (result.exit_code, result.stderr) == (
        2,
        "l2lint: error: deck/s.pptx: not a valid .pptx file: "
        "it holds an Excel workbook, not a PowerPoint presentation\n" + NO_FILE,
    )


# --- configuration: empty codes, strings for lists, links of other users (#22) ------

CODES_MESSAGE = 'must be a list of rule codes or prefixes such as ["B201", "T"]'


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ('ignore = [""]\n', "ignore"),
        ('ignore = [" "]\n', "ignore"),
        ('ignore = ""\n', "ignore"),
        ('select = "B201"\n', "select"),
        ('extend-select = ["T", "B 2"]\n', "extend-select"),
        ('[per-file-ignores]\n"*.md" = [""]\n', "per-file-ignores.*.md"),
    ],
)
def test_empty_codes_and_strings_for_lists_are_errors(tmp_path, table, key):
    """An empty code is a prefix of every code: it silenced every rule (exit 0)."""
    (tmp_path / ".git").mkdir()
    _copy(tmp_path)
    config = tmp_path / ".l2lint.toml"
    config.write_text(table, encoding="utf-8")
    result = run(["check", "a.md"], cwd=tmp_path)
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"l2lint: {config.resolve()}: '{key}' {CODES_MESSAGE}\n",
    )


def test_codes_with_spaces_around_and_lower_case_still_work(tmp_path):
    (tmp_path / ".git").mkdir()
    _copy(tmp_path)
    (tmp_path / ".l2lint.toml").write_text('ignore = [" t1 "]\n', encoding="utf-8")
    result = run(["check", "a.md"], cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (0, "No findings in 1 file.\n")


def _own_config(tmp_path):
    """The runner's configuration (silences the run) in a folder only it can write to."""
    own = tmp_path / "own"
    own.mkdir()
    target = own / "cfg.toml"
    target.write_text(SILENCE, encoding="utf-8")
    return target


def _link_as_another_users(link, monkeypatch):
    if os.geteuid() == 0:
        os.lchown(link, 4242, -1)
    else:
        uid = os.getuid()
        monkeypatch.setattr(os, "getuid", lambda: uid + 4242)


def test_another_users_link_to_our_configuration_is_ignored(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    target = _own_config(tmp_path)
    shared = tmp_path / "shared"
    shared.mkdir()
    _copy(shared)
    link = shared / ".l2lint.toml"
    link.symlink_to(target)
    _link_as_another_users(link, monkeypatch)
    shared.chmod(0o777)
    result = run(["check", "shared"], cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == "shared/" + T101.rstrip("\n")
    assert result.stderr == (
        f"l2lint: notice: ignored configuration {shared.resolve() / '.l2lint.toml'}: it is a "
        "symbolic link that belongs to another user and lies in a folder every user can "
        "write to\n"
    )
    # the same link in a folder only its owner can write to: trusted, the run is silenced
    shared.chmod(0o755)
    result = run(["check", "shared"], cwd=tmp_path)
    assert result.exit_code == 2
    assert "ignored configuration" not in result.stderr


def test_our_link_to_another_users_file_in_a_world_writable_folder_is_ignored(
    tmp_path, monkeypatch
):
    """The target's own folder counts, not the link's."""
    (tmp_path / ".git").mkdir()
    drop = tmp_path / "drop"
    drop.mkdir()
    target = drop / "cfg.toml"
    target.write_text(SILENCE, encoding="utf-8")
    _as_another_users(target, monkeypatch)
    drop.chmod(0o777)
    docs = tmp_path / "docs"
    docs.mkdir()
    _copy(docs)
    (docs / ".l2lint.toml").symlink_to(target)
    result = run(["check", "docs"], cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"l2lint: notice: ignored configuration {docs.resolve() / '.l2lint.toml'}: it belongs "
        "to another user and lies in a folder every user can write to\n"
    )


# --- --show-settings for a folder and for several paths (#22) -----------------------


def _nested_tree(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "nested").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / ".l2lint.toml").write_text('ignore = ["T"]\n', encoding="utf-8")
    (tmp_path / "nested" / ".l2lint.toml").write_text('ignore = ["B"]\n', encoding="utf-8")
    _copy(tmp_path / "nested", "x.md")
    _copy(tmp_path / "other", "y.md")
    return tmp_path.resolve()


def _shown(result) -> list[tuple[str, str]]:
    """(configuration file line, ignore line) of each block, with its header if any."""
    lines = result.stdout.splitlines()
    return [
        (line, next(x for x in lines[i:] if x.startswith("ignore = ")))
        for i, line in enumerate(lines)
        if line.startswith("# configuration file:")
    ]


@pytest.mark.parametrize("folder", ["nested", "nested/", "./nested"])
def test_show_settings_of_a_folder_is_its_own_configuration(tmp_path, folder):
    root = _nested_tree(tmp_path)
    result = run(["check", "--show-settings", folder], cwd=tmp_path)
    assert result.exit_code == 0
    assert _shown(result) == [
        (f"# configuration file: {root / 'nested' / '.l2lint.toml'}", 'ignore = ["B"]')
    ]
    assert "# settings for:" not in result.stdout  # one path: one block, as before
    # a file in it: the same
    result = run(["check", "--show-settings", f"{folder.rstrip('/')}/x.md"], cwd=tmp_path)
    assert _shown(result) == [
        (f"# configuration file: {root / 'nested' / '.l2lint.toml'}", 'ignore = ["B"]')
    ]


def test_show_settings_of_several_paths_shows_each(tmp_path):
    root = _nested_tree(tmp_path)
    result = run(["check", "--show-settings", "nested", "other/y.md", "."], cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (0, "")
    headers = [line for line in result.stdout.splitlines() if line.startswith("# settings for:")]
    assert headers == [
        "# settings for: nested",
        "# settings for: other/y.md",
        "# settings for: .",
    ]
    assert _shown(result) == [
        (f"# configuration file: {root / 'nested' / '.l2lint.toml'}", 'ignore = ["B"]'),
        (f"# configuration file: {root / '.l2lint.toml'}", 'ignore = ["T"]'),
        (f"# configuration file: {root / '.l2lint.toml'}", 'ignore = ["T"]'),
    ]


# --- .gitignore: only regular files, bounded in bytes and patterns (#22) -------------

LUMIX = "The Lumix S5II.\n"
B201 = "B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]"


def _ignored_tree(tmp_path):
    """docs/a.md and docs/skip.md, both with a B201 finding; a repository."""
    (tmp_path / ".git").mkdir()
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text(LUMIX, encoding="utf-8")
    (docs / "skip.md").write_text(LUMIX, encoding="utf-8")
    return docs


def _not_used(reason: str) -> str:
    return (
        f"l2lint: notice: skipped 1 file (not used as .gitignore: {reason}: 1); "
        "--show-files lists them\n"
    )


BOTH = [f"docs/a.md:1:5: {B201}", f"docs/skip.md:1:5: {B201}"]


@pytest.mark.parametrize(
    ("lines", "reason"),
    [
        # the given input: 100,000 lines (2.3 MB)
        (100_000, "larger than the limit of 1 MiB (1,048,576 bytes)"),
        # under 1 MiB but more patterns than the limit
        (10_001, "more than 10,000 patterns"),
    ],
)
def test_gitignore_over_the_limits_is_not_used_with_a_notice(tmp_path, lines, reason):
    docs = _ignored_tree(tmp_path)
    width = 20 if lines > 20_000 else 1
    text = "".join(f"pat{i}*/**/x{i}.md{' ' * width}\n" for i in range(lines - 1))
    (docs / ".gitignore").write_text(text + "skip.md\n", encoding="utf-8")
    result = run(["check", "docs"], cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == BOTH
    assert result.stderr == _not_used(reason)


def test_gitignore_at_the_pattern_limit_is_used(tmp_path):
    docs = _ignored_tree(tmp_path)
    text = "# comments and blank lines do not count\n\n" * 100
    text += "".join(f"pat{i}*/**/x{i}.md\n" for i in range(9_999)) + "skip.md\n"
    (docs / ".gitignore").write_text(text, encoding="utf-8")
    result = run(["check", "docs"], cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == f"docs/a.md:1:5: {B201}"
    assert "docs/skip.md" not in result.stdout
    assert result.stderr == (
        "l2lint: notice: skipped 1 file (.gitignore: 1); --show-files lists them\n"
    )


def test_gitignore_that_is_a_device_or_a_fifo_is_not_used_with_a_notice(tmp_path):
    docs = _ignored_tree(tmp_path)
    (docs / ".gitignore").symlink_to("/dev/zero")
    result = run(["check", "docs"], cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == BOTH
    assert result.stderr == _not_used("not a regular file: a character device")
    (docs / ".gitignore").unlink()
    os.mkfifo(docs / ".gitignore")
    result = run(["check", "--show-files", "docs"], cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (
        0,
        "docs/a.md (markdown)\ndocs/skip.md (markdown)\n"
        "docs/.gitignore (skipped: not used as .gitignore: not a regular file: "
        "a FIFO (named pipe))\n",
    )


def test_gitignore_above_the_walked_folder_that_is_not_used_gets_a_notice(tmp_path):
    """The repository's .gitignore applies to `check docs` though the walk never lists it."""
    _ignored_tree(tmp_path)
    os.mkfifo(tmp_path / ".gitignore")
    result = run(["check", "docs"], cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == BOTH
    assert result.stderr == _not_used("not a regular file: a FIFO (named pipe)")
    result = run(["check", "--show-files", "docs"], cwd=tmp_path)
    assert result.stdout.splitlines()[-1] == (
        f"{tmp_path.resolve() / '.gitignore'} (skipped: not used as .gitignore: "
        "not a regular file: a FIFO (named pipe))"
    )
    # a regular one there applies
    (tmp_path / ".gitignore").unlink()
    (tmp_path / ".gitignore").write_text("docs/skip.md\n", encoding="utf-8")
    result = run(["check", "docs"], cwd=tmp_path)
    assert result.stdout.splitlines()[0] == f"docs/a.md:1:5: {B201}"
    assert "skip.md" not in result.stdout
