"""What a committed file cannot make l2lint trust or write (#22), through the command line.

- a results-cache entry is signed with a key outside the working tree: a forged,
  edited or copied entry is a miss (and overwritten), and a signed entry with
  impossible positions or control characters is a miss too;
- `--baseline` reads only a regular file of bounded size, and bad JSON of any depth is
  one line;
- `--output-file`, `--write-baseline` and `--prune-baseline` never write through a
  symbolic link or into a FIFO, and replace the file atomically;
- temporary files a killed run left beside checked files are removed by the next run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import l2lint.baseline
import l2lint.cachesecret
import l2lint.filecheck
from l2lint.cache import ResultCache
from tests.clirunner import run, run_process

COPY = "Shot on a Lumix camera.\n"
B201 = "a.md:1:11: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]\n"
ONE = "Found 1 finding in 1 file checked (1 error, 0 warnings, 0 suggestions). 1 fixable with --fix.\n"
REPORTED = B201 + ONE
CLEAN = "No findings in 1 file.\n"

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX links and FIFOs")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    folder = tmp_path / "repo"
    folder.mkdir()
    (folder / "a.md").write_text(COPY, encoding="utf-8")
    (folder / ".l2lint.toml").write_text("", encoding="utf-8")
    return folder


@pytest.fixture
def key(monkeypatch):
    """Set `$L2LINT_CACHE_KEY` to a value (None: unset) for in-process runs."""

    def use(value: str | None) -> None:
        if value is None:
            monkeypatch.delenv("L2LINT_CACHE_KEY", raising=False)
        else:
            monkeypatch.setenv("L2LINT_CACHE_KEY", value)
        l2lint.cachesecret.key_status.cache_clear()

    yield use
    l2lint.cachesecret.key_status.cache_clear()


def _entry(repo: Path) -> Path:
    (entry,) = (repo / ".l2lint_cache" / "v3").rglob("*.json")
    return entry


def _sign(entry: Path, body: dict, secret: bytes) -> None:
    """Write `body` as the entry `entry`, signed with `secret` as l2lint signs."""
    data = json.dumps(body, separators=(",", ":")).encode("utf-8")
    mac = ResultCache(entry.parent, "", secret=secret).sign(entry.stem, data)
    entry.write_bytes(mac + b"\n" + data)


def _no_lint(monkeypatch) -> None:
    """From here on a file that is linted fails the test: only cache hits pass."""

    def fail(*args, **kwargs):
        raise AssertionError("linted although the cache held the result")

    monkeypatch.setattr(l2lint.filecheck, "_lint_whole", fail)


# --- the results cache ------------------------------------------------------------------


def test_an_entry_with_the_shared_key_is_a_hit(repo, key, monkeypatch, tmp_path):
    key("ci-project-secret")
    assert run(["check", "a.md"], cwd=repo).stdout == REPORTED
    # another CI job: another data cache folder, the same key, the restored folder
    monkeypatch.setenv("L2LINT_DATA_CACHE", str(tmp_path / "other-job"))
    key("ci-project-secret")
    _no_lint(monkeypatch)
    result = run(["check", "a.md"], cwd=repo)
    assert (result.exit_code, result.stdout) == (1, REPORTED)


@pytest.mark.parametrize(
    "planted",
    [
        b'{"findings":[],"notices":[]}',  # the newcomer's repro: no signature at all
        b"0" * 64 + b'\n{"findings":[],"notices":[]}',  # a made-up signature
        "signed-by-another-key",  # a well-formed entry made with the attacker's own key
        "real-signature-other-body",  # the real signature line over an edited body
    ],
    ids=["unsigned", "made-up-mac", "other-key", "edited-body"],
)
def test_a_committed_entry_saying_no_findings_does_not_silence_the_file(
    repo, key, monkeypatch, tmp_path, planted
):
    key(None)  # the user's own key file, in the data cache folder
    assert run(["check", "a.md"], cwd=repo).stdout == REPORTED
    entry = _entry(repo)
    empty = {"findings": [], "notices": []}
    if planted == "signed-by-another-key":
        _sign(entry, empty, b"attacker's key")
    elif planted == "real-signature-other-body":
        mac = entry.read_bytes().partition(b"\n")[0]
        entry.write_bytes(mac + b"\n" + json.dumps(empty).encode())
    else:
        entry.write_bytes(planted)
    result = run(["check", "a.md"], cwd=repo)
    assert (result.exit_code, result.stdout, result.stderr) == (1, REPORTED, "")
    mac, _, body = entry.read_bytes().partition(b"\n")  # the miss stored a signed entry
    assert len(mac) == 64 and [f["code"] for f in json.loads(body)["findings"]] == ["B201"]
    _no_lint(monkeypatch)
    assert run(["check", "a.md"], cwd=repo).stdout == REPORTED  # and that one is a hit


def test_the_key_file_is_created_private_outside_the_working_tree(repo, key):
    key(None)
    run(["check", "a.md"], cwd=repo)
    path = Path(os.environ["L2LINT_DATA_CACHE"]) / "cache-key"
    assert path.stat().st_size == 32
    if sys.platform != "win32":
        assert path.stat().st_mode & 0o777 == 0o600
    assert not list(repo.rglob("cache-key"))


def test_an_entry_copied_from_another_file_is_a_miss(repo, key):
    key(None)
    (repo / "b.md").write_text("Shot on a LUMIX camera.\n", encoding="utf-8")
    assert run(["check", "b.md"], cwd=repo).stdout == "No findings in 1 file.\n"
    clean = _entry(repo)
    assert run(["check", "a.md"], cwd=repo).stdout == REPORTED
    (entry,) = set((repo / ".l2lint_cache" / "v3").rglob("*.json")) - {clean}
    entry.write_bytes(clean.read_bytes())  # b.md's signed "no findings" under a.md's name
    result = run(["check", "a.md"], cwd=repo)
    assert (result.exit_code, result.stdout) == (1, REPORTED)


def _finding(**changes) -> dict:
    record = {
        "path": "a.md",
        "code": "B201",
        "severity": "error",
        "message": "Write 'LUMIX' in capitals, not 'Lumix'.",
        "start": [1, 11],
        "end": [1, 16],
        "offsets": [10, 15],
        "fix": {"replacement": "LUMIX", "safe": True},
        "found": "Lumix",
        "locus": "",
    }
    record.update(changes)
    return record


@pytest.mark.parametrize(
    "changes",
    [
        {"message": "Fine.\n::error file=x.md,line=2::FORGED2"},
        {"message": "Fine.\x1b]0;title\x07"},
        {"code": "B201\u202e"},
        {"start": [999999, 5], "end": [1, 16]},  # end before start
        {"start": [0, 0], "end": [0, 0]},  # not 1-based
        {"offsets": [10**12, 3]},
    ],
    ids=["newline-command", "osc-bel", "bidi-override", "end-before-start", "zero", "offsets"],
)
def test_a_signed_entry_with_control_characters_or_impossible_positions_is_a_miss(
    repo, key, changes
):
    key(None)
    assert run(["check", "a.md"], cwd=repo).stdout == REPORTED
    secret = l2lint.cachesecret.cache_key()
    assert secret is not None
    _sign(_entry(repo), {"findings": [_finding(**changes)], "notices": []}, secret)
    result = run(["check", "a.md"], cwd=repo)
    assert (result.exit_code, result.stdout, result.stderr) == (1, REPORTED, "")
    assert not [line for line in result.stdout.split("\n") if line.startswith("::")]


def test_a_signed_well_formed_entry_is_used(repo, key, monkeypatch):
    """The control for the test above: the same planting with a sane finding is a hit."""
    key(None)
    run(["check", "a.md"], cwd=repo)
    secret = l2lint.cachesecret.cache_key()
    assert secret is not None
    moved = _finding(start=[1, 1], end=[1, 6], offsets=[0, 5])
    _sign(_entry(repo), {"findings": [moved], "notices": []}, secret)
    result = run(["check", "a.md"], cwd=repo)
    assert result.stdout.startswith("a.md:1:1: B201 error:")


def test_without_any_key_the_cache_is_off_with_a_notice(repo, key, monkeypatch):
    monkeypatch.setenv("L2LINT_DATA_CACHE", "off")
    key(None)
    result = run(["check", "a.md"], cwd=repo)
    assert (result.exit_code, result.stdout) == (1, REPORTED)
    assert result.stderr == (
        "l2lint: notice: the results cache is off: no key to sign entries with "
        "(the data cache folder is off; set L2LINT_CACHE_KEY)\n"
    )
    assert not (repo / ".l2lint_cache").exists()


# --- reading --baseline -----------------------------------------------------------------


@posix_only
@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("link-to-dev-zero", "not a regular file: a character device"),
        ("fifo", "not a regular file: a FIFO (named pipe)"),
    ],
)
def test_a_baseline_that_is_not_a_regular_file_is_one_line(repo, kind, reason):
    path = repo / "bz.json"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    result = run_process(["check", "--no-cache", "--baseline", "bz.json", "a.md"], cwd=repo)
    assert (result.exit_code, result.stderr) == (
        2,
        f"l2lint: bz.json: cannot read baseline: {reason}\n",
    )


def test_a_baseline_over_the_size_limit_is_refused_unread(repo, monkeypatch):
    monkeypatch.setattr(l2lint.baseline, "MAX_BASELINE_BYTES", 1024)
    big = {"l2lint-baseline": 1, "findings": [], "pad": "x" * 2000}
    (repo / "big.json").write_text(json.dumps(big), encoding="utf-8")
    result = run(["check", "--no-cache", "--baseline", "big.json", "a.md"], cwd=repo)
    assert (result.exit_code, result.stderr) == (
        2,
        "l2lint: big.json: cannot read baseline: larger than the limit of 1 KiB (1,024 bytes)\n",
    )


def test_the_baseline_size_limit_is_64_mib():
    assert l2lint.baseline.MAX_BASELINE_BYTES == 64 * 1024 * 1024


@pytest.mark.parametrize("text", ["[" * 100_000, '{"a":' * 100_000, "[{}," * 50_000])
def test_a_deeply_nested_baseline_is_one_line_not_an_internal_error(repo, text):
    (repo / "deep.json").write_text(text, encoding="utf-8")
    result = run(["check", "--no-cache", "--baseline", "deep.json", "a.md"], cwd=repo)
    assert result.exit_code == 2
    assert result.stderr.startswith("l2lint: deep.json: not a baseline file: ")
    assert result.stderr.count("\n") == 1 and "RecursionError" not in result.stderr


# --- files written ----------------------------------------------------------------------


def _git_hook(repo: Path) -> Path:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(parents=True)
    hook.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    hook.chmod(0o755)
    return hook


@posix_only
@pytest.mark.parametrize(
    ("option", "name", "what"),
    [
        (["--exit-zero", "--format", "markdown", "--output-file"], "l2lint.md", "report"),
        (["--exit-zero", "--format", "junit", "--output-file"], "junit.xml", "report"),
        (["--format", "jsonl", "--output-file"], "out.jsonl", "report"),
        (["--write-baseline"], "base.json", "baseline"),
    ],
    ids=["markdown", "junit", "jsonl-stream", "write-baseline"],
)
@pytest.mark.parametrize("target", ["victim-outside", "git-hook"])
def test_nothing_is_written_through_a_symbolic_link(tmp_path, repo, option, name, what, target):
    if target == "git-hook":
        victim = _git_hook(repo)
    else:
        victim = tmp_path / "victim.txt"
        victim.write_text("precious\n", encoding="utf-8")
    before = victim.read_bytes()
    (repo / name).symlink_to(victim)
    result = run(["check", "--no-cache", *option, name, "a.md"], cwd=repo)
    assert (result.exit_code, result.stderr) == (
        2,
        f"l2lint: {name}: cannot write {what}: is a symbolic link; not written through it\n",
    )
    assert victim.read_bytes() == before and (repo / name).is_symlink()
    assert not list(repo.glob(".l2lint-*.tmp"))


@posix_only
def test_prune_baseline_does_not_write_through_a_link(tmp_path, repo):
    run(["check", "--no-cache", "--write-baseline", "real.json", "a.md"], cwd=repo)
    outside = tmp_path / "outside.json"
    (repo / "real.json").rename(outside)
    before = outside.read_bytes()
    (repo / "base.json").symlink_to(outside)
    (repo / "a.md").write_text("Clean copy.\n", encoding="utf-8")
    result = run(
        ["check", "--no-cache", "--baseline", "base.json", "--prune-baseline", "a.md"], cwd=repo
    )
    assert (result.exit_code, result.stderr) == (
        2,
        "l2lint: base.json: cannot write baseline: is a symbolic link; not written through it\n",
    )
    assert outside.read_bytes() == before


@posix_only
@pytest.mark.parametrize("option", ["--output-file", "--write-baseline"])
def test_an_output_file_that_is_a_fifo_is_refused_without_hanging(repo, option):
    os.mkfifo(repo / "out")
    result = run_process(["check", "--no-cache", option, "out", "a.md"], cwd=repo)
    what = "report" if option == "--output-file" else "baseline"
    assert (result.exit_code, result.stderr) == (
        2,
        f"l2lint: out: cannot write {what}: is not a regular file but a FIFO (named pipe); "
        "not written\n",
    )


@posix_only
def test_a_report_replaces_the_file_atomically_and_keeps_its_mode(repo):
    report = repo / "report.json"
    report.write_text("old\n", encoding="utf-8")
    report.chmod(0o640)
    inode = report.stat().st_ino
    result = run(["check", "--no-cache", "--format", "json", "-o", "report.json", "a.md"], cwd=repo)
    assert result.exit_code == 1
    assert [f["code"] for f in json.loads(report.read_text(encoding="utf-8"))] == ["B201"]
    assert report.stat().st_mode & 0o777 == 0o640
    assert report.stat().st_ino != inode  # a new file renamed into place, not rewritten
    assert not list(repo.glob(".l2lint-*.tmp"))


# --- temporary files a killed run left --------------------------------------------------


def _stale(folder: Path, name: str, age: float = 120.0) -> Path:
    path = folder / name
    path.write_text("Shot on a Lumix camera.\n", encoding="utf-8")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_a_run_removes_stale_temporary_files_beside_the_files_it_checks(repo):
    (repo / "docs").mkdir()
    (repo / "docs" / "b.md").write_text("Clean copy.\n", encoding="utf-8")
    stale = [_stale(repo, ".l2lint-z_hywjia.tmp"), _stale(repo / "docs", ".l2lint-abc123.tmp")]
    fresh = _stale(repo, ".l2lint-fresh.tmp", age=0)  # maybe another run's, still working
    other = _stale(repo, "l2lint-z_hywjia.tmp")  # not the writer's name
    result = run(["check", "--no-cache", "."], cwd=repo)
    assert (result.exit_code, result.stdout) == (
        1,
        B201
        + "Found 1 finding in 2 files checked (1 error, 0 warnings, 0 suggestions). 1 fixable with --fix.\n",
    )
    assert [p.exists() for p in stale] == [False, False]
    assert fresh.exists() and other.exists()


@posix_only
def test_a_stale_temporary_name_that_is_a_link_is_left_alone(repo, tmp_path):
    target = _stale(tmp_path, "target.txt")
    link = repo / ".l2lint-link.tmp"
    link.symlink_to(target)
    then = time.time() - 120
    os.utime(link, (then, then), follow_symlinks=False)
    run(["check", "--no-cache", "a.md"], cwd=repo)
    assert link.is_symlink() and target.exists()


# --- a key file the repository could hold -------------------------------------------------


def _plant_signed_clean_entry(repo: Path, key, secret: bytes) -> None:
    """Store a.md's entry with `secret` as the key, then re-sign it as "no findings"."""
    key(secret.decode())
    assert run(["check", "a.md"], cwd=repo).stdout == REPORTED
    _sign(_entry(repo), {"findings": [], "notices": []}, secret)
    key(None)


@posix_only
@pytest.mark.parametrize("variable", ["XDG_CACHE_HOME", "L2LINT_DATA_CACHE"])
def test_a_committed_key_file_in_the_checkout_is_not_trusted(repo, key, monkeypatch, variable):
    """CI that caches `$PWD/.cache`; the attacker committed `.cache/l2lint/cache-key`,
    checked out 0600 and owned by the runner (umask 077), and an entry signed with it."""
    (repo / ".git").mkdir()
    secret = b"k" * 32
    _plant_signed_clean_entry(repo, key, secret)
    folder = repo / ".cache" / "l2lint"
    folder.mkdir(parents=True)
    (folder / "cache-key").write_bytes(secret)
    (folder / "cache-key").chmod(0o600)
    if variable == "XDG_CACHE_HOME":
        monkeypatch.delenv("L2LINT_DATA_CACHE")
        monkeypatch.setenv("XDG_CACHE_HOME", str(repo / ".cache"))
    else:
        monkeypatch.setenv("L2LINT_DATA_CACHE", str(folder))
    key(None)
    result = run(["check", "a.md"], cwd=repo)
    assert (result.exit_code, result.stdout) == (1, REPORTED)
    assert result.stderr == (
        "l2lint: notice: the results cache is off: no key to sign entries with "
        f"(the key file {folder / 'cache-key'} lies inside the git work tree {repo}, where "
        "it could be committed; set L2LINT_CACHE_KEY)\n"
    )
    assert (folder / "cache-key").read_bytes() == secret  # left alone


@posix_only
def test_a_key_folder_in_a_work_tree_gets_no_key_file(repo, key, monkeypatch):
    (repo / ".git").write_text("gitdir: ../elsewhere\n", encoding="utf-8")  # a worktree
    monkeypatch.setenv("L2LINT_DATA_CACHE", str(repo / "sub" / "cache"))
    key(None)
    result = run(["check", "a.md"], cwd=repo)
    assert (result.exit_code, result.stdout) == (1, REPORTED)
    assert "lies inside the git work tree" in result.stderr
    assert not list(repo.rglob("cache-key"))


@posix_only
@pytest.mark.parametrize("kind", ["readable", "link"])
def test_a_refused_key_file_notice_says_why(repo, key, tmp_path, kind):
    key(None)
    path = Path(os.environ["L2LINT_DATA_CACHE"]) / "cache-key"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    if kind == "readable":
        path.write_bytes(b"r" * 32)
        path.chmod(0o644)
        why = f"the key file {path} can be read or written by other users"
    else:
        (tmp_path / "elsewhere").write_bytes(b"l" * 32)
        path.symlink_to(tmp_path / "elsewhere")
        why = f"the key file {path} cannot be used (not a regular file: a symbolic link)"
    try:
        result = run(["check", "a.md"], cwd=repo)
    finally:
        path.unlink()
        key(None)
    assert (result.exit_code, result.stdout) == (1, REPORTED)
    assert result.stderr == (
        f"l2lint: notice: the results cache is off: no key to sign entries with ({why}; "
        "set L2LINT_CACHE_KEY)\n"
    )


# --- outputs through a linked folder -------------------------------------------------------


@posix_only
@pytest.mark.parametrize(
    ("option", "what"),
    [
        (["--exit-zero", "--format", "junit", "--output-file"], "report"),
        (["--write-baseline"], "baseline"),
    ],
    ids=["junit", "write-baseline"],
)
def test_nothing_is_written_through_a_folder_link_into_git_hooks(repo, option, what):
    hook = _git_hook(repo)
    (repo / "reports").symlink_to(".git/hooks")  # committed: reports -> .git/hooks
    result = run(["check", "--no-cache", *option, "reports/pre-commit", "a.md"], cwd=repo)
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"l2lint: reports/pre-commit: cannot write {what}: lies inside a .git folder "
        f"({repo / '.git' / 'hooks'}); not written there\n",
    )
    assert hook.read_text(encoding="utf-8") == "#!/bin/sh\nexit 0\n"


@posix_only
@pytest.mark.parametrize(
    ("option", "what"),
    [(["--exit-zero", "--output-file"], "report"), (["--write-baseline"], "baseline")],
    ids=["report", "write-baseline"],
)
def test_nothing_is_written_through_a_folder_link_leading_outside(tmp_path, repo, option, what):
    outside = tmp_path / "outside"
    outside.mkdir()
    (repo / "od").symlink_to(outside)
    result = run(["check", "--no-cache", *option, "od/b.json", "a.md"], cwd=repo)
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"l2lint: od/b.json: cannot write {what}: its folder is reached through a symbolic "
        f"link leading outside the working folder (to {outside}); not written through it\n",
    )
    assert list(outside.iterdir()) == []


@posix_only
def test_a_folder_link_inside_the_working_folder_and_plain_absolute_paths_are_written(
    tmp_path, repo
):
    (repo / "real").mkdir()
    (repo / "out").symlink_to("real")
    result = run(["check", "--no-cache", "--exit-zero", "-o", "out/r.txt", "a.md"], cwd=repo)
    assert (result.exit_code, result.stderr) == (0, "")
    assert (repo / "real" / "r.txt").read_text(encoding="utf-8") == REPORTED
    elsewhere = tmp_path / "abs.txt"
    result = run(["check", "--no-cache", "--exit-zero", "-o", str(elsewhere), "a.md"], cwd=repo)
    assert (result.exit_code, elsewhere.read_text(encoding="utf-8")) == (0, REPORTED)


@posix_only
def test_a_report_can_be_discarded_to_dev_null_or_sent_to_dev_stdout(repo):
    result = run_process(["check", "--no-cache", "-o", "/dev/null", "a.md"], cwd=repo)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "")
    result = run_process(
        ["check", "--no-cache", "--format", "jsonl", "-o", "/dev/stdout", "a.md"], cwd=repo
    )
    assert result.exit_code == 1
    assert [json.loads(line)["code"] for line in result.stdout.splitlines()] == ["B201"]


@posix_only
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_newcomers_clone_with_a_committed_key_is_not_silenced(tmp_path):
    """`(umask 077; git clone -q src c2); cd c2; XDG_CACHE_HOME=$PWD/.cache l2lint check
    bad.md`, the clone holding `.cache/l2lint/cache-key` and an entry signed with it."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "bad.md").write_text(COPY, encoding="utf-8")
    (src / ".l2lint.toml").write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("L2LINT_")}
    signing = {**env, "L2LINT_CACHE_KEY": "k" * 32, "L2LINT_DATA_CACHE": "off"}
    assert run_process(["check", "bad.md"], cwd=src, env=signing).exit_code == 1
    (entry,) = (src / ".l2lint_cache" / "v3").rglob("*.json")
    _sign(entry, {"findings": [], "notices": []}, b"k" * 32)
    (src / ".cache" / "l2lint").mkdir(parents=True)
    (src / ".cache" / "l2lint" / "cache-key").write_bytes(b"k" * 32)
    git = ["git", "-c", "user.email=a@example.com", "-c", "user.name=a"]
    subprocess.run(["git", "init", "-q"], cwd=src, check=True)
    subprocess.run([*git, "add", "-f", "."], cwd=src, check=True)
    subprocess.run([*git, "commit", "-qm", "x"], cwd=src, check=True)
    subprocess.run(["sh", "-c", "umask 077 && git clone -q src c2"], cwd=tmp_path, check=True)
    clone = tmp_path / "c2"
    assert (clone / ".cache" / "l2lint" / "cache-key").stat().st_mode & 0o777 == 0o600
    result = run_process(
        ["check", "bad.md"], cwd=clone, env={**env, "XDG_CACHE_HOME": str(clone / ".cache")}
    )
    assert (result.exit_code, result.stdout) == (1, REPORTED.replace("a.md", "bad.md"))
    assert "lies inside the git work tree" in result.stderr


@pytest.mark.parametrize(
    ("flags", "what"),
    [(["--write-baseline", "a.md"], "baseline"), (["--output-file", "a.md"], "report")],
)
def test_an_output_over_a_file_to_check_is_refused(repo, flags, what):
    (repo / "a.md").write_text("The Lumix S9.\n", encoding="utf-8")
    result = run(["check", "--no-cache", *flags, "a.md"], cwd=repo)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"l2lint: a.md: cannot write {what}: it is one of the files to check\n"
    assert (repo / "a.md").read_text(encoding="utf-8") == "The Lumix S9.\n"


@posix_only
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_an_output_into_a_bare_repositorys_hooks_is_refused(repo, tmp_path):
    import subprocess

    bare = tmp_path / "bare.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    (repo / "a.md").write_text("The Lumix S9.\n", encoding="utf-8")
    result = run(["check", "--no-cache", "-o", f"{bare}/hooks/pre-commit", "a.md"], cwd=repo)
    assert result.exit_code == 2
    assert result.stderr == (
        f"l2lint: {bare}/hooks/pre-commit: cannot write report: lies inside a git "
        f"repository's own folder ({bare}); not written there\n"
    )
    assert not (bare / "hooks" / "pre-commit").exists()
