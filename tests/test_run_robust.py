"""A run neither hangs nor says too little (#14): a dead worker costs one file, a file
named twice is checked once, every summary counts the files checked, an `--exclude`
given as a path works and one that matches nothing is told."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from l2lint.filecheck import Input
from l2lint.pathfilter import anchored
from l2lint.run import unique
from tests.clirunner import run

B201 = "1:5: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]"
WRONG = "The Lumix S5II.\n"

# Runs the CLI with `run.check_file` wrapped: in a worker (not in the parent, which
# checks the first files itself), a file named in DIE kills its worker ("kill":
# SIGKILL, as the OOM killer does; "exit": exit code 3, as a crash in native code
# would), "*" stands for every file; every other file takes SLEEP seconds.
PROBE = """
import os, signal, sys, time
import l2lint.run

DIE, SLEEP = {die!r}, {sleep!r}
PARENT = os.getpid()
real = l2lint.run.check_file


def check(item, *args):
    if os.getpid() != PARENT:
        how = DIE.get(os.path.basename(item.path), DIE.get("*"))
        if how == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        elif how == "exit":
            os._exit(3)
        time.sleep(SLEEP)
    return real(item, *args)


l2lint.run.check_file = check
from l2lint.cli import entry

sys.argv = ["l2lint", *sys.argv[1:]]
entry()
"""

needs_fork = pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs fork and /proc")


def make_pages(folder: Path, count: int) -> list[str]:
    folder.mkdir()
    names = []
    for i in range(count):
        name = f"page-{i:03d}.md"
        (folder / name).write_text(f"# Page {i}\n\n" + WRONG, encoding="utf-8")
        names.append(f"work/{name}")
    return names


def probe(tmp_path: Path, die: dict[str, str], sleep: float = 0.0, fmt: str = "json"):
    args = ["check", "--isolated", "--no-cache", "--jobs", "2", "--format", fmt, "work"]
    code = PROBE.replace("{die!r}", repr(die)).replace("{sleep!r}", repr(sleep))
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def finish(proc: subprocess.Popen) -> tuple[bytes, bytes]:
    """The run's output; a run still going after 120 s is killed (its workers die with
    it) and fails the test."""
    try:
        return proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise


def died(name: str, cause: str) -> str:
    return f"l2lint: error: {name}: worker process died ({cause}) while checking this file"


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid and stat[0] != "Z":
                found.append(int(entry.name))
    return found


@needs_fork
def test_a_worker_killed_from_outside_costs_its_file_and_the_run_ends(tmp_path):
    """The report's input: `kill -9` of one worker mid-run. Before, the pool waited
    forever for the lost file; now that file is one error and the other 299 are checked."""
    names = make_pages(tmp_path / "work", 300)
    proc = probe(tmp_path, {}, sleep=0.02)
    deadline = time.monotonic() + 120
    while len(children(proc.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.5)
    os.kill(children(proc.pid)[0], signal.SIGKILL)
    out, err = finish(proc)
    assert proc.returncode == 2
    lines = err.decode().splitlines()
    assert len(lines) == 1
    pattern = re.escape(died("NAME", "killed by signal 9, SIGKILL"))
    lost = re.fullmatch(pattern.replace("NAME", r"(work/page-\d{3}\.md)"), lines[0])
    assert lost, lines
    findings = json.loads(out)
    assert sorted(f["path"] for f in findings) == [n for n in names if n != lost[1]]


@needs_fork
@pytest.mark.parametrize(
    ("die", "cause"),
    [("kill", "killed by signal 9, SIGKILL"), ("exit", "exit code 3")],
    ids=["SIGKILL", "exit-3"],
)
def test_a_file_that_kills_its_worker_is_that_files_error(tmp_path, die, cause):
    names = make_pages(tmp_path / "work", 300)
    proc = probe(tmp_path, {"page-250.md": die, "page-251.md": die}, fmt="text")
    out, err = finish(proc)
    assert proc.returncode == 2
    assert err.decode().splitlines() == [
        died("work/page-250.md", cause),
        died("work/page-251.md", cause),
    ]
    kept = [n for n in names if n not in ("work/page-250.md", "work/page-251.md")]
    assert out.decode() == "".join(f"{n}:3:{B201[2:]}\n" for n in kept) + (
        "Found 298 findings in 298 files checked (298 errors, 0 warnings, 0 suggestions). "
        "298 fixable with --fix.\n"
    )


@needs_fork
def test_when_every_worker_dies_the_run_still_ends(tmp_path):
    """Each death consumes the file its worker held: 40 files, the first 5 checked in
    the parent before it forks (`run.WARM_UP_SHARE`), the other 35 each kill a worker."""
    names = make_pages(tmp_path / "work", 40)
    proc = probe(tmp_path, {"*": "kill"})
    out, err = finish(proc)
    assert proc.returncode == 2
    assert err.decode().splitlines() == [died(n, "killed by signal 9, SIGKILL") for n in names[5:]]
    assert [f["path"] for f in json.loads(out)] == names[:5]


def one_finding(name: str, files: int = 1) -> str:
    checked = f"{files} file{'' if files == 1 else 's'} checked"
    return (
        f"{name}:{B201}\n"
        f"Found 1 finding in {checked} (1 error, 0 warnings, 0 suggestions). 1 fixable with --fix.\n"
    )


@pytest.mark.parametrize(
    "names",
    [
        ["good.md", "./good.md", "{abs}/good.md"],  # the report's input
        ["good.md", ".", "sub/../good.md"],  # named, then found in a walk
        ["good.md", "link.md"],  # a symbolic link to it
    ],
    ids=["spellings", "walk", "link"],
)
def test_a_file_named_twice_is_checked_once(tmp_path, names):
    (tmp_path / "good.md").write_text(WRONG, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.md").symlink_to("good.md")
    args = [n.replace("{abs}", str(tmp_path)) for n in names]
    result = run(["check", "--isolated", "--no-cache", *args], cwd=tmp_path)
    # the walk of "." meets link.md too: the same file
    assert (result.exit_code, result.stdout, result.stderr) == (1, one_finding("good.md"), "")
    as_json = run(["check", "--isolated", "--no-cache", "--format", "json", *args], cwd=tmp_path)
    assert [f["path"] for f in as_json.json] == ["good.md"]
    fixed = run(["check", "--isolated", "--fix", *args], cwd=tmp_path)
    assert (fixed.exit_code, fixed.stdout) == (
        0,
        "Fixed 1 finding in 1 file.\nNo findings in 1 file.\n",
    )
    assert (tmp_path / "good.md").read_text(encoding="utf-8") == "The LUMIX S5II.\n"


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text(WRONG, encoding="utf-8")
    (tmp_path / "top.md").write_text(WRONG, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("glob", ["sub/", "./sub", "{abs}/sub", "{abs}/sub/", "././sub/a.md"])
def test_an_exclude_written_as_a_path_excludes_it(tree, glob):
    args = ["check", "--isolated", "--no-cache", "--exclude", glob.replace("{abs}", str(tree)), "."]
    result = run(args, cwd=tree)
    assert (result.exit_code, result.stdout) == (1, one_finding("top.md"))
    what = "1 file" if glob.endswith(".md") else "1 folder"
    assert (
        result.stderr == f"l2lint: notice: skipped {what} (exclude: 1); --show-files lists them\n"
    )


def test_an_exclude_that_matches_nothing_is_told(tree):
    args = ["check", "--isolated", "--no-cache", "--exclude", "nothing*", "--exclude", "sub/"]
    args += ["--exclude", "/elsewhere/sub", "--exclude", "!top.md", "."]
    result = run(args, cwd=tree)
    assert (result.exit_code, result.stdout) == (1, one_finding("top.md"))
    assert result.stderr == (
        "l2lint: notice: skipped 1 folder (exclude: 1); --show-files lists them\n"
        "l2lint: notice: --exclude 'nothing*' matched no file or folder\n"
        "l2lint: notice: --exclude '/elsewhere/sub' matched no file or folder\n"
    )
    quiet = run([*args[:-1], "--quiet", "."], cwd=tree)
    assert (quiet.exit_code, quiet.stderr) == (1, "")


def test_an_exclude_that_matches_a_named_file_is_not_told(tree):
    args = ["check", "--isolated", "--no-cache", "--allow-empty", "--exclude", "./top.md"]
    result = run([*args, "top.md"], cwd=tree)
    assert result.exit_code == 0
    assert "matched no file" not in result.stderr


segment = st.text(alphabet="abcxyz-_.", min_size=1, max_size=6).filter(
    lambda s: s not in (".", "..")
)


@given(parts=st.lists(segment, min_size=1, max_size=4), folder=st.booleans())
def test_a_path_from_the_root_and_its_anchored_glob_are_one(tmp_path_factory, parts, folder):
    """`./p`, `././p` and `<root>/p` all mean the anchored `/p`, a trailing "/" kept."""
    root = tmp_path_factory.getbasetemp().resolve()
    rel = "/".join(parts) + ("/" if folder else "")
    assert anchored("./" + rel, root) == "/" + rel
    assert anchored("././" + rel, root) == "/" + rel
    assert anchored(f"{root}/{rel}", root) == "/" + rel
    assert anchored("!./" + rel, root) == "!/" + rel
    assert anchored(rel, root) == rel  # a glob, not a path: unchanged


@given(picks=st.lists(st.sampled_from(["a.md", "./a.md", "b.md", "sub/../b.md", "ln.md"])))
def test_unique_keeps_the_first_name_of_each_file_in_order(tmp_path_factory, picks):
    root = tmp_path_factory.mktemp("u")
    for name in ("a.md", "b.md"):
        (root / name).write_text(WRONG, encoding="utf-8")
    (root / "sub").mkdir()
    (root / "ln.md").symlink_to("a.md")
    kept = unique([Input(str(root / p), "markdown") for p in picks])
    real = [os.path.realpath(i.path) for i in kept]
    assert len(set(real)) == len(real)
    # in the order each file first came; under its first name without a symbolic link
    # on the way, else its first name (#22)
    first: dict[str, str] = {}
    for p in picks:
        name = str(root / p)
        real = os.path.realpath(name)
        if real not in first or (os.path.islink(first[real]) and not os.path.islink(name)):
            first[real] = name
    assert [i.path for i in kept] == list(first.values())
