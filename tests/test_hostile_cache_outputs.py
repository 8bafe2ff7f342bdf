"""Hostile caches and file names (#22, "Cache and outputs"), through the command line.

- a cached result stands for one file under one set of settings only: `per-file-ignores`
  of one folder never reach an identical file in another;
- a `.l2lint_cache` that is a link or not a folder is not used and nothing is written
  through it; a corrupt or planted entry is a miss, never a crash;
- a file name cannot start a GitHub workflow command or drive the terminal, and a name
  that is not UTF-8 leaves every report valid.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import l2lint
import l2lint.cache
import l2lint.cachesecret
from l2lint.cache import ResultCache
from l2lint.report.escape import printable, uri_path
from tests.clirunner import run

DATA = Path(__file__).parent / "data"
SARIF_SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
COPY = "Shot on a Lumix camera.\n"
B201 = "1:11: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]\n"
ONE = "Found 1 finding in 1 file checked (1 error, 0 warnings, 0 suggestions). 1 fixable with --fix.\n"
CLEAN = "No findings in 1 file.\n"

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names")


def _process(args: list[str], cwd: Path) -> tuple[int, bytes, bytes]:
    """Run l2lint in a real process; (exit code, stdout bytes, stderr bytes)."""
    import subprocess

    proc = subprocess.run(
        [sys.executable, "-m", "l2lint", *args],
        cwd=cwd,
        capture_output=True,
        timeout=300,
        env={**os.environ, "NO_COLOR": "1"},
    )
    return proc.returncode, proc.stdout, proc.stderr


# --- the key: resolved path, per-path settings, code ------------------------------------


@pytest.fixture
def two_folders(tmp_path: Path) -> Path:
    """sub1/a.md and sub2/a.md with the same bytes; B201 is ignored in sub2/a.md only."""
    for folder in ("sub1", "sub2"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.md").write_text(COPY, encoding="utf-8")
    (tmp_path / ".l2lint.toml").write_text(
        '[per-file-ignores]\n"sub2/a.md" = ["B201"]\n', encoding="utf-8"
    )
    return tmp_path


def test_per_file_ignores_of_one_folder_do_not_reach_an_identical_file_in_another(two_folders):
    ignored = run(["check", "a.md"], cwd=two_folders / "sub2")
    assert (ignored.exit_code, ignored.stdout) == (0, CLEAN)
    for _ in range(2):  # a miss, then a hit: both report the finding
        result = run(["check", "a.md"], cwd=two_folders / "sub1")
        assert (result.exit_code, result.stdout) == (1, "a.md" + ":" + B201 + ONE)
    fresh = run(["check", "--no-cache", "a.md"], cwd=two_folders / "sub1")
    assert (fresh.exit_code, fresh.stdout) == (1, "a.md:" + B201 + ONE)
    again = run(["check", "a.md"], cwd=two_folders / "sub2")
    assert (again.exit_code, again.stdout) == (0, CLEAN)


def test_a_file_moved_out_of_an_ignored_folder_is_linted_again(two_folders):
    (two_folders / "sub1" / "a.md").unlink()
    assert run(["check", "a.md"], cwd=two_folders / "sub2").exit_code == 0
    shutil.move(two_folders / "sub2" / "a.md", two_folders / "sub1" / "a.md")
    result = run(["check", "a.md"], cwd=two_folders / "sub1")
    assert (result.exit_code, result.stdout) == (1, "a.md:" + B201 + ONE)


def test_a_configuration_change_between_runs_is_not_hidden_by_the_cache(two_folders):
    first = run(["check", "sub2/a.md"], cwd=two_folders)
    assert (first.exit_code, first.stdout) == (0, CLEAN)
    (two_folders / ".l2lint.toml").write_text(
        '[per-file-ignores]\n"sub1/a.md" = ["B201"]\n', encoding="utf-8"
    )
    second = run(["check", "sub2/a.md"], cwd=two_folders)
    assert (second.exit_code, second.stdout) == (1, "sub2/a.md:" + B201 + ONE)
    third = run(["check", "sub1/a.md"], cwd=two_folders)
    assert (third.exit_code, third.stdout) == (0, CLEAN)


def _copy_package(tmp_path: Path, monkeypatch) -> Path:
    package = tmp_path / "pkg" / "l2lint"
    shutil.copytree(
        Path(l2lint.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__")
    )
    monkeypatch.setattr(l2lint, "__file__", str(package / "__init__.py"))
    l2lint.cache.code_fingerprint.cache_clear()
    return package


def test_the_code_fingerprint_follows_the_code_not_the_version_number(tmp_path, monkeypatch):
    package = _copy_package(tmp_path, monkeypatch)
    try:
        before = l2lint.cache.code_fingerprint()
        l2lint.cache.code_fingerprint.cache_clear()
        assert l2lint.cache.code_fingerprint() == before  # stable
        engine = package / "engine.py"
        stat = engine.stat()
        data = bytearray(engine.read_bytes())
        data[-2:-1] = b" " if data[-2:-1] != b" " else b"\t"  # same size, same mtime
        engine.write_bytes(bytes(data))
        os.utime(engine, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        l2lint.cache.code_fingerprint.cache_clear()
        changed = l2lint.cache.code_fingerprint()
        assert changed != before
        (package / "extra.py").write_text("", encoding="utf-8")  # a file more
        l2lint.cache.code_fingerprint.cache_clear()
        assert l2lint.cache.code_fingerprint() not in (before, changed)
    finally:
        l2lint.cache.code_fingerprint.cache_clear()


def test_a_cache_written_by_other_code_is_not_read(tmp_path, monkeypatch):
    (tmp_path / "a.md").write_text(COPY, encoding="utf-8")
    (tmp_path / ".l2lint.toml").write_text("", encoding="utf-8")
    assert run(["check", "a.md"], cwd=tmp_path).exit_code == 1
    entries = list((tmp_path / ".l2lint_cache" / "v3").rglob("*.json"))
    assert len(entries) == 1
    secret = l2lint.cachesecret.cache_key()
    assert secret is not None
    for entry in entries:  # what this code would never have stored, signed with our key
        body = b'{"findings":[],"notices":[]}'
        mac = l2lint.cache.ResultCache(entry.parent, "", secret=secret).sign(entry.stem, body)
        entry.write_bytes(mac + b"\n" + body)
    assert run(["check", "a.md"], cwd=tmp_path).stdout == CLEAN  # the planted entry is used
    package = _copy_package(tmp_path, monkeypatch)  # other code, same version number
    with open(package / "engine.py", "a", encoding="utf-8") as handle:
        handle.write("# patched\n")
    try:
        result = run(["check", "a.md"], cwd=tmp_path)
    finally:
        l2lint.cache.code_fingerprint.cache_clear()
    assert (result.exit_code, result.stdout) == (1, "a.md:" + B201 + ONE)


# --- the cache folder and its entries --------------------------------------------------


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "a.md").write_text(COPY, encoding="utf-8")
    (repo / ".l2lint.toml").write_text("", encoding="utf-8")
    return repo


@posix_only
@pytest.mark.parametrize("target", ["..", "elsewhere"])
def test_a_cache_folder_that_is_a_link_is_not_used_or_written_through(tmp_path, target):
    repo = _repo(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    link = repo / ".l2lint_cache"
    link.symlink_to(target if target == ".." else tmp_path / "elsewhere")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    for _ in range(2):
        result = run(["check", "a.md"], cwd=repo)
        assert (result.exit_code, result.stdout) == (1, "a.md:" + B201 + ONE)
        assert result.stderr == (
            f"l2lint: notice: {link}: is a symbolic link; running without the cache\n"
        )
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert not (tmp_path / ".gitignore").exists() and not (tmp_path / "CACHEDIR.TAG").exists()
    quiet = run(["check", "--quiet", "a.md"], cwd=repo)
    assert (quiet.exit_code, quiet.stderr) == (1, "")


@posix_only
def test_a_cache_folder_that_is_a_file_or_whose_version_folder_is_a_link(tmp_path):
    repo = _repo(tmp_path)
    (repo / ".l2lint_cache").write_text("not a folder\n", encoding="utf-8")
    result = run(["check", "a.md"], cwd=repo)
    assert (result.exit_code, result.stdout) == (1, "a.md:" + B201 + ONE)
    assert result.stderr == (
        f"l2lint: notice: {repo / '.l2lint_cache'}: is not a folder; running without the cache\n"
    )
    assert (repo / ".l2lint_cache").read_text(encoding="utf-8") == "not a folder\n"

    (repo / ".l2lint_cache").unlink()
    (repo / ".l2lint_cache").mkdir()
    (tmp_path / "outside").mkdir()
    (repo / ".l2lint_cache" / "v3").symlink_to(tmp_path / "outside")
    result = run(["check", "a.md"], cwd=repo)
    assert (result.exit_code, result.stdout) == (1, "a.md:" + B201 + ONE)
    v3 = repo / ".l2lint_cache" / "v3"
    assert result.stderr == f"l2lint: notice: {v3}: is a symbolic link; running without the cache\n"
    assert list((tmp_path / "outside").iterdir()) == []


@posix_only
def test_tag_files_planted_as_links_are_not_written_through(tmp_path):
    repo = _repo(tmp_path)
    (repo / ".l2lint_cache").mkdir()
    (repo / ".l2lint_cache" / ".gitignore").symlink_to(tmp_path / "victim")
    (repo / ".l2lint_cache" / "CACHEDIR.TAG").symlink_to(tmp_path / "victim2")
    result = run(["check", "a.md"], cwd=repo)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "a.md:" + B201 + ONE, "")
    assert not (tmp_path / "victim").exists() and not (tmp_path / "victim2").exists()
    assert len(list((repo / ".l2lint_cache" / "v3").rglob("*.json"))) == 1


GOOD = {
    "path": "a.md",
    "code": "B201",
    "severity": "error",
    "message": "m",
    "start": [1, 11],
    "end": [1, 16],
    "offsets": [10, 15],
    "fix": None,
    "found": "Lumix",
    "locus": "",
}
CORRUPT = {
    "wrong-position-types": json.dumps({"findings": [{**GOOD, "start": ["x", 1]}], "notices": []}),
    "position-not-a-pair": json.dumps({"findings": [{**GOOD, "end": [1]}], "notices": []}),
    "unknown-severity": json.dumps({"findings": [{**GOOD, "severity": "fatal"}], "notices": []}),
    "unknown-rule": json.dumps({"findings": [{**GOOD, "code": "Z999"}], "notices": []}),
    "fix-wrong-type": json.dumps({"findings": [{**GOOD, "fix": "LUMIX"}], "notices": []}),
    "notice-not-text": json.dumps({"findings": [], "notices": [1]}),
    "findings-a-dict": json.dumps({"findings": {}, "notices": []}),
    "a-list": "[]",
    "a-number": "7",
    "truncated": '{"findings":[{"path":"a.md","co',
    "not-utf-8": '{"findings":[],"notices":["\xe9"]}',
    "deeply-nested": "[" * 100_000,
    "empty": "",
}


@pytest.mark.parametrize("content", list(CORRUPT.values()), ids=list(CORRUPT))
def test_a_corrupt_cache_entry_is_a_miss_never_a_crash(tmp_path, content):
    repo = _repo(tmp_path)
    assert run(["check", "a.md"], cwd=repo).exit_code == 1
    (entry,) = (repo / ".l2lint_cache" / "v3").rglob("*.json")
    body = content.encode("latin-1")  # "\xe9": a byte that is not UTF-8
    secret = l2lint.cachesecret.cache_key()
    assert secret is not None  # signed with the right key: the shapes are what is tested
    mac = l2lint.cache.ResultCache(entry.parent, "", secret=secret).sign(entry.stem, body)
    entry.write_bytes(mac + b"\n" + body)
    result = run(["check", "a.md"], cwd=repo)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "a.md:" + B201 + ONE, "")
    stored = entry.read_bytes().partition(b"\n")[2]
    fixed = json.loads(stored.decode("utf-8"))  # the miss stored a good entry
    assert [f["code"] for f in fixed["findings"]] == ["B201"]


@posix_only
@pytest.mark.parametrize("kind", ["link-to-dev-zero", "fifo", "folder"])
def test_a_cache_entry_that_is_not_a_regular_file_is_a_miss(tmp_path, kind):
    repo = _repo(tmp_path)
    assert run(["check", "a.md"], cwd=repo).exit_code == 1
    (entry,) = (repo / ".l2lint_cache" / "v3").rglob("*.json")
    entry.unlink()
    if kind == "fifo":
        os.mkfifo(entry)
    elif kind == "folder":
        entry.mkdir()
    else:
        entry.symlink_to("/dev/zero")
    result = run(["check", "a.md"], cwd=repo)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "a.md:" + B201 + ONE, "")


# --- file names in outputs ----------------------------------------------------------------

NEWLINE_NAME = b"x\n::error file=evil.md,line=1::pwned\n.md"
BINARY_NAME = b"bin\n::error::pw.md"


def _no_workflow_command(output: bytes, allowed: int = 0) -> None:
    """No line but l2lint's own `allowed` annotations starts a GitHub workflow command."""
    commands = [line for line in output.split(b"\n") if line.lstrip().startswith(b"::")]
    assert len(commands) == allowed, commands


@posix_only
def test_a_file_name_with_a_newline_starts_no_workflow_command(tmp_path):
    (tmp_path / os.fsdecode(NEWLINE_NAME)).write_text(COPY, encoding="utf-8")
    (tmp_path / os.fsdecode(BINARY_NAME)).write_bytes(b"\x00\x01binary")
    code, out, err = _process(["check", "--no-cache", "."], tmp_path)
    assert code == 1
    assert (
        err == b"l2lint: notice: bin\\n::error::pw.md: skipped: binary file (contains NUL bytes)\n"
    )
    assert out.decode() == "x\\n::error file=evil.md,line=1::pwned\\n.md:" + B201 + ONE
    _no_workflow_command(out + err)

    code, out, err = _process(["check", "--no-cache", "--format", "github", "."], tmp_path)
    assert code == 1
    assert (
        err == b"l2lint: notice: bin\\n::error::pw.md: skipped: binary file (contains NUL bytes)\n"
    )
    # a name the text report escapes names no file in an annotation (GitHub would show
    # a file that does not exist): the message says which, escaped
    assert out == (
        b"::error line=1,col=11,endLine=1,endColumn=16,title=B201 lumix-capitals::"
        b"x\\n::error file=evil.md,line=1::pwned\\n.md (file name not representable): "
        b"Write 'LUMIX' in capitals, not 'Lumix'.\n"
    )
    _no_workflow_command(out + err, allowed=1)


@posix_only
def test_an_unreadable_file_whose_name_holds_a_command_is_one_error_line(tmp_path):
    (tmp_path / "w\n::error::x.docx").write_bytes(b"not a zip")
    (tmp_path / "ok.md").write_text(COPY, encoding="utf-8")
    code, out, err = _process(["check", "--no-cache", "--format", "github", "."], tmp_path)
    assert code == 2
    assert err == b"l2lint: error: w\\n::error::x.docx: not a valid .docx file: not a zip archive\n"
    _no_workflow_command(out + err, allowed=1)
    assert out.startswith(b"::error file=ok.md,line=1,col=11,")


@posix_only
@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("e\x1b[31mred.md", "e\\x1b[31mred.md"),
        ("r\u202eod.md", "r\\u202eod.md"),  # right-to-left override
        ("t\tab\x7f\x9b.md", "t\\tab\\x7f\\x9b.md"),  # tab, DEL, C1 CSI
    ],
)
def test_control_characters_in_file_names_are_shown_escaped(tmp_path, name, shown):
    (tmp_path / name).write_text(COPY, encoding="utf-8")
    (tmp_path / f"{name}.docx").write_bytes(b"not a zip")
    code, out, err = _process(["check", "--no-cache", "--color", "always", "."], tmp_path)
    assert code == 2
    assert err.decode() == (
        f"l2lint: error: {shown}.docx: not a valid .docx file: not a zip archive\n"
    )
    text = out.decode()
    assert shown in text and name not in text
    code, out, _ = _process(["check", "--no-cache", "--format", "markdown", name], tmp_path)
    assert code == 1 and shown.replace("\\", "\\\\").replace("[", "\\[") in out.decode()


# --- names that are not UTF-8 --------------------------------------------------------------

NOT_UTF8 = [b"caf\xe9.md", b"d\xff/x.md", b"n\xe9\nl.md"]


def _non_utf8_tree(tmp_path: Path, raw: bytes) -> Path:
    path = os.path.join(os.fsencode(tmp_path), raw)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(COPY.encode())
    (tmp_path / "ok.md").write_text(COPY, encoding="utf-8")
    return tmp_path


def _validate_sarif(log: dict) -> None:
    validator_class = jsonschema.validators.validator_for(SARIF_SCHEMA)
    validator = validator_class(SARIF_SCHEMA, format_checker=validator_class.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


@posix_only
@pytest.mark.parametrize(
    ("folder", "shown"),
    [("ev\nil", "ev\\nil"), ("e\x1b[31mred", "e\\x1b[31mred"), ("plain", "plain")],
)
def test_show_settings_names_a_hostile_config_path_on_one_line(tmp_path, folder, shown):
    (tmp_path / ".git").mkdir()
    (tmp_path / folder).mkdir()
    (tmp_path / folder / ".l2lint.toml").write_text('select = ["B"]\n', encoding="utf-8")
    (tmp_path / folder / "a.md").write_text(COPY, encoding="utf-8")
    code, out, err = _process(["check", "--show-settings", "a.md"], tmp_path / folder)
    assert (code, err) == (0, b"")
    first = out.decode("utf-8").splitlines()[0]
    assert first == f"# configuration file: {tmp_path}/{shown}/.l2lint.toml"


@posix_only
@pytest.mark.parametrize("raw", NOT_UTF8, ids=["file", "folder", "with-newline"])
def test_a_name_that_is_not_utf8_leaves_every_report_valid(tmp_path, raw):
    if sys.getfilesystemencoding().lower() != "utf-8":
        pytest.skip("a UTF-8 file system encoding")
    _non_utf8_tree(tmp_path, raw)
    shown = os.fsdecode(raw).encode("utf-8", "surrogateescape")
    visible = "".join(f"\\x{b:02x}" if b >= 0x80 else "\\n" if b == 10 else chr(b) for b in shown)
    uri = "".join(f"%{b:02X}" if b >= 0x80 or b == 10 else chr(b) for b in shown)

    reports = {}
    for fmt in ("sarif", "gitlab", "json", "jsonl", "junit", "html", "markdown", "aggregate"):
        code, out, err = _process(["check", "--no-cache", "--format", fmt, "."], tmp_path)
        assert (code, err) == (1, b""), (fmt, err)
        reports[fmt] = out.decode("utf-8")  # strict: valid UTF-8

    sarif = json.loads(reports["sarif"])
    _validate_sarif(sarif)
    run0 = sarif["runs"][0]
    assert sorted(a["location"]["uri"] for a in run0["artifacts"]) == [uri, "ok.md"]
    assert [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run0["results"]
    ] == [uri, "ok.md"]
    assert run0["invocations"][0]["executionSuccessful"] is True

    gitlab = json.loads(reports["gitlab"])
    assert sorted(i["location"]["path"] for i in gitlab) == [
        visible.replace("\\n", "\n"),
        "ok.md",
    ]
    assert len({i["fingerprint"] for i in gitlab}) == 2
    assert sorted(f["path"] for f in json.loads(reports["json"])) == [
        visible.replace("\\n", "\n"),
        "ok.md",
    ]
    assert sorted(json.loads(line)["path"] for line in reports["jsonl"].splitlines()) == [
        visible.replace("\\n", "\n"),
        "ok.md",
    ]
    junit = ET.fromstring(reports["junit"].encode())
    assert sorted(c.get("name") for c in junit.iter("testcase")) == [
        visible,  # test case names as the text report shows them (escaped, distinct)
        "ok.md",
    ]
    assert f'<span class="path">{visible}</span>' in reports["html"]
    assert f"| {visible.replace(chr(92), chr(92) * 2)}:1:11 |" in reports["markdown"]
    assert json.loads(reports["aggregate"])["findings"] == 2

    code, out, err = _process(["check", "--no-cache", "."], tmp_path)
    assert (code, err) == (1, b"")
    assert out.decode("utf-8") == (
        f"{visible}:"
        + B201
        + "ok.md:"
        + B201
        + "Found 2 findings in 2 files checked (2 errors, 0 warnings, 0 suggestions). 2 fixable with --fix.\n"
    )


@posix_only
def test_show_files_lists_hostile_names_escaped_one_per_line(tmp_path):
    (tmp_path / os.fsdecode(NEWLINE_NAME)).write_text(COPY, encoding="utf-8")
    _non_utf8_tree(tmp_path, b"caf\xe9.md")
    (tmp_path / "e\x1b[31mred.md").write_text(COPY, encoding="utf-8")
    code, out, err = _process(["check", "--show-files", "."], tmp_path)
    assert (code, err) == (0, b"")
    assert sorted(out.decode("utf-8").splitlines()) == [
        "caf\\xe9.md (markdown)",
        "e\\x1b[31mred.md (markdown)",
        "ok.md (markdown)",
        "x\\n::error file=evil.md,line=1::pwned\\n.md (markdown)",
    ]


@posix_only
@pytest.mark.parametrize("raw", NOT_UTF8, ids=["file", "folder", "with-newline"])
def test_a_baseline_records_and_matches_a_name_that_is_not_utf8(tmp_path, raw):
    _non_utf8_tree(tmp_path, raw)
    code, out, err = _process(["check", "--no-cache", "--write-baseline", "bl.json", "."], tmp_path)
    assert (code, err) == (0, b"l2lint: wrote 2 findings to baseline bl.json\n")
    entries = json.loads((tmp_path / "bl.json").read_text(encoding="utf-8"))["findings"]
    visible = os.fsdecode(raw).encode("utf-8", "surrogateescape")
    assert sorted(e["path"] for e in entries) == sorted(
        ["ok.md", "".join(f"\\x{b:02x}" if b >= 0x80 else chr(b) for b in visible)]
    )
    code, out, err = _process(["check", "--no-cache", "--baseline", "bl.json", "."], tmp_path)
    assert (code, out, err) == (
        0,
        b"No findings in 2 files. 2 known findings in the baseline, not shown.\n",
        b"",
    )


@posix_only
def test_sarif_names_a_file_outside_the_working_folder_by_a_file_uri_of_its_bytes(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    _non_utf8_tree(outside, b"caf\xe9.md")
    (tmp_path / "here").mkdir()
    target = os.path.join(os.fsencode(outside), b"caf\xe9.md")
    code, out, err = _process(
        ["check", "--no-cache", "--format", "sarif", os.fsdecode(target)], tmp_path / "here"
    )
    assert (code, err) == (1, b"")
    log = json.loads(out.decode("utf-8"))
    _validate_sarif(log)
    expected = "file://" + os.fsencode(outside).decode() + "/caf%E9.md"
    assert [a["location"]["uri"] for a in log["runs"][0]["artifacts"]] == [expected]


@posix_only
def test_nested_configurations_with_a_linked_cache_give_one_notice(tmp_path):
    repo = _repo(tmp_path)
    (repo / "sub").mkdir()
    (repo / "sub" / "b.md").write_text(COPY, encoding="utf-8")
    (repo / "sub" / ".l2lint.toml").write_text("", encoding="utf-8")
    (repo / ".l2lint_cache").symlink_to("..")
    (repo / "sub" / ".l2lint_cache").symlink_to("..")
    result = run(["check", "."], cwd=repo)
    assert result.exit_code == 1
    assert result.stdout == "a.md:" + B201 + "sub/b.md:" + B201 + (
        "Found 2 findings in 2 files checked (2 errors, 0 warnings, 0 suggestions). "
        "2 fixable with --fix.\n"
    )
    assert result.stderr == (
        f"l2lint: notice: {repo / '.l2lint_cache'}: is a symbolic link; running without the cache\n"
        f"l2lint: notice: {repo / 'sub' / '.l2lint_cache'}: is a symbolic link; "
        "running without the cache\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repo"]


# --- invariants ------------------------------------------------------------------------------


_CONTROL = set(range(0x20)) | set(range(0x7F, 0xA0)) | {0x2028, 0x2029, 0x202E, 0x2066}


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=40))
def test_any_file_name_prints_as_one_line_of_valid_text(raw):
    name = os.fsdecode(raw) if sys.platform != "win32" else raw.decode("utf-8", "replace")
    shown = printable(name)
    shown.encode("utf-8")  # never raises: no lone surrogate is left
    assert not any(ord(c) in _CONTROL for c in shown)
    assert "\n" not in shown and "\r" not in shown
    if not any(b < 0x20 or b == 0x7F or b >= 0x80 for b in raw):
        assert shown == name  # plain names are shown as they are
    assert uri_path(name).isascii()


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                ["findings", "notices", "path", "code", "severity", "message", "start", "end"]
                + ["offsets", "fix", "found", "locus", "name", "rationale", "replacement", "safe"]
            ),
            inner,
            max_size=8,
        )
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(raw=_JSON)
def test_any_parsed_cache_entry_is_a_result_or_a_miss_never_an_error(tmp_path_factory, raw):
    cache = ResultCache(
        tmp_path_factory.getbasetemp(),
        "config",
        {"B201": ("lumix-capitals", "why")},
        secret=bytes(32),
    )
    key = "ab" * 32
    entry = cache.dir / key[:2] / f"{key}.json"
    entry.parent.mkdir(parents=True, exist_ok=True)
    body = json.dumps(raw).encode("utf-8")  # signed: the shape checks are what is tested
    entry.write_bytes(cache.sign(key, body) + b"\n" + body)
    result = cache.get(key)
    if result is not None:
        findings, notices = result
        assert all(isinstance(n, str) for n in notices)
        for f in findings:  # a stored result holds only well-typed findings
            assert isinstance(f.start.line, int) and isinstance(f.end.column, int)
            assert isinstance(f.path, str) and isinstance(f.message, str)
            start, end = (f.start.line, f.start.column), (f.end.line, f.end.column)
            assert min(start + end) >= 1 and start <= end and f.start_offset <= f.end_offset
            assert printable(f.message) == f.message  # no control character to escape


@posix_only
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize(
    ("raw", "header"),
    [
        (NEWLINE_NAME, b'"a/x\\n::error file=evil.md,line=1::pwned\\n.md"'),
        (b"caf\xe9.md", b'"a/caf\\351.md"'),
        (b'q"uo\\te.md', b'"a/q\\"uo\\\\te.md"'),
    ],
    ids=["newline", "not-utf-8", "quote-and-backslash"],
)
def test_diff_headers_quote_hostile_names_as_git_does_and_git_applies_them(tmp_path, raw, header):
    import subprocess

    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    path = os.path.join(os.fsencode(tmp_path), raw)
    with open(path, "wb") as handle:
        handle.write(COPY.encode())
    code, out, err = _process(["check", "--no-cache", "--diff", "."], tmp_path)
    assert (code, err) == (1, b"")
    assert out == (
        b"--- " + header + b"\n+++ " + header.replace(b'"a/', b'"b/', 1) + b"\n@@ -1 +1 @@\n"
        b"-Shot on a Lumix camera.\n+Shot on a LUMIX camera.\n1 file(s) would be changed.\n"
    )
    patch = out.rsplit(b"1 file(s)", 1)[0]
    subprocess.run(["git", "apply", "-"], cwd=tmp_path, input=patch, check=True)
    with open(path, "rb") as handle:
        assert handle.read() == b"Shot on a LUMIX camera.\n"
    _no_workflow_command(out)
