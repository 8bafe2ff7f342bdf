"""File names in machine reports (#22): one notation per name, and GitHub annotations
that name the real file or none."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from l2lint.report.escape import unicode_text

COPY = b"Shot on a Lumix camera.\n"
posix_only = pytest.mark.skipif(
    sys.platform == "win32" or sys.getfilesystemencoding().lower() != "utf-8",
    reason="POSIX file names, UTF-8 file system encoding",
)


def read_back(text: str) -> str:
    """The reading `unicode_text` documents."""
    if not re.search(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})", text):
        return text
    out, index = [], 0
    while index < len(text):
        char = text[index]
        if char == "\\" and text[index + 1 : index + 2] == "\\":
            out.append("\\")
            index += 2
        elif char == "\\" and re.match(r"x[0-9a-fA-F]{2}", text[index + 1 : index + 4]):
            value = int(text[index + 2 : index + 4], 16)
            out.append(chr(0xDC00 + value) if value >= 0x80 else chr(value))
            index += 4
        elif char == "\\" and re.match(r"u[0-9a-fA-F]{4}", text[index + 1 : index + 6]):
            out.append(chr(int(text[index + 2 : index + 6], 16)))
            index += 6
        else:
            out.append(char)
            index += 1
    return "".join(out)


@given(st.text(alphabet=["\\", "x", "u", "f", "0", "d", "a", "/", "\udcff", "\udc80", "\ud800"]))
def test_unicode_text_is_one_to_one_and_valid_utf8(text):
    escaped = unicode_text(text)
    escaped.encode("utf-8")
    assert read_back(escaped) == text


@pytest.mark.parametrize(
    "name",
    ["docs\\press\\a.md", "C:\\copy\\new.md", "\\\\server\\share\\a.md", "café.md", "x.md"],
)
def test_names_without_escapes_are_unchanged(name):
    assert unicode_text(name) == name


def test_the_byte_and_the_literal_escape_differ():
    assert unicode_text("bad\udcff.md") == "bad\\xff.md"
    assert unicode_text("bad\\xff.md") == "bad\\\\xff.md"
    assert unicode_text("a\\\udcff") == "a\\\\\\xff"


def process(args: list[str], cwd: Path) -> tuple[int, bytes, bytes]:
    proc = subprocess.run(
        [sys.executable, "-m", "l2lint", *args], cwd=cwd, capture_output=True, timeout=120
    )
    return proc.returncode, proc.stdout, proc.stderr


def write(tmp_path: Path, raw: bytes) -> None:
    with open(os.path.join(os.fsencode(tmp_path), raw), "wb") as handle:
        handle.write(COPY)


@posix_only
def test_json_and_baselines_tell_a_byte_from_a_literal_escape(tmp_path):
    write(tmp_path, b"bad\xff.md")
    code, out, err = process(["check", "--no-cache", "--write-baseline", "b.json", "."], tmp_path)
    assert (code, err) == (0, b"l2lint: wrote 1 finding to baseline b.json\n")
    recorded = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert [e["path"] for e in recorded["findings"]] == ["bad\\xff.md"]
    # the file literally named `bad\xff.md` is another file: not in the baseline
    write(tmp_path, b"bad\\xff.md")
    code, out, err = process(
        ["check", "--no-cache", "--format", "json", "--baseline", "b.json", "."], tmp_path
    )
    assert [f["path"] for f in json.loads(out)] == ["bad\\\\xff.md"]
    assert code == 1
    code, out, err = process(["check", "--no-cache", "--format", "json", "."], tmp_path)
    assert sorted(f["path"] for f in json.loads(out)) == ["bad\\\\xff.md", "bad\\xff.md"]


PROPS = "line=1,col=11,endLine=1,endColumn=16,title=B201 lumix-capitals"
MESSAGE = "Write 'LUMIX' in capitals, not 'Lumix'."


@posix_only
@pytest.mark.parametrize(
    ("raw", "line"),
    [
        # a name `escape.printable` would change is not shown raw in `file=` (#22)
        (b"tab\tq.md", f"::error {PROPS}::tab\\tq.md (file name not representable): {MESSAGE}"),
        (
            "rtl\u202egnp.md".encode(),
            f"::error {PROPS}::rtl\\u202egnp.md (file name not representable): {MESSAGE}",
        ),
        (b"nl\nq.md", f"::error {PROPS}::nl\\nq.md (file name not representable): {MESSAGE}"),
        (
            "ls\u2028q.md".encode(),
            f"::error {PROPS}::ls\\u2028q.md (file name not representable): {MESSAGE}",
        ),
        (
            "lrm\u200eq.md".encode(),
            f"::error {PROPS}::lrm\\u200eq.md (file name not representable): {MESSAGE}",
        ),
        (b"pct%3A,x.md", f"::error file=pct%253A%2Cx.md,{PROPS}::{MESSAGE}"),
        (
            b"esc\x1b[31m.md",
            f"::error {PROPS}::esc\\x1b[31m.md (file name not representable): {MESSAGE}",
        ),
        (b"bad\xff.md", f"::error {PROPS}::bad\\xff.md (file name not representable): {MESSAGE}"),
    ],
    ids=["tab", "bidi", "newline", "line-separator", "lrm", "percent", "escape", "not-utf8"],
)
def test_github_file_property_names_the_real_file_or_none(tmp_path, raw, line):
    write(tmp_path, raw)
    code, out, err = process(["check", "--no-cache", "--format", "github", "."], tmp_path)
    assert (code, err) == (1, b"")
    assert out.decode("utf-8").splitlines() == [line]


@posix_only
def test_junit_names_differing_in_a_control_character_stay_distinct(tmp_path):
    for raw in (b"a\x1b.md", b"a\x1c.md", b"t\tq.md", "r\u202eq.md".encode(), b"bad\xff.md"):
        write(tmp_path, raw)
    code, out, err = process(["check", "--no-cache", "--format", "junit", "."], tmp_path)
    assert (code, err) == (1, b"")
    names = re.findall(r'<testcase classname="l2lint" name="([^"]*)"', out.decode("utf-8"))
    assert sorted(names) == ["a\\x1b.md", "a\\x1c.md", "bad\\xff.md", "r\\u202eq.md", "t\\tq.md"]
    failure = (
        '      <failure message="1 finding (1 error)" type="error">'
        f"1:11 B201 error: {MESSAGE}</failure>\n"
    )
    case = '    <testcase classname="l2lint" name="a\\x1b.md">\n' + failure + "    </testcase>\n"
    assert case in out.decode("utf-8")
