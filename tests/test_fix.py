"""--fix, --diff and --unsafe-fixes: exact file contents, bytes kept, nothing lost."""

from __future__ import annotations

import codecs
import os
import stat

import pytest

from l2lint.packs import builtin_pack_paths, load_pack
from l2lint.writer import WriteError, write_atomic
from tests.clirunner import run

WRONG = "The Lumix S5II is powered by L2 technology and leica optics.\n"
FIXED = "The LUMIX S5II is powered by L² Technology and Leica optics.\n"


def _safe_fix_examples():
    for path in builtin_pack_paths():
        for rule in load_pack(path).rules:
            if rule.fixable != "safe":
                continue
            for number, example in enumerate(e for e in rule.examples if not e.valid):
                if example.fixed:
                    yield pytest.param(
                        rule.code, example.text, example.fixed, id=f"{rule.code}-{number + 1}"
                    )


@pytest.mark.parametrize(("code", "text", "fixed"), list(_safe_fix_examples()))
def test_every_safe_fix_example_through_the_cli(tmp_path, code, text, fixed):
    target = tmp_path / "copy.txt"
    target.write_text(text, encoding="utf-8")
    run(["check", "--isolated", "--fix", "--select", code, str(target)])
    assert target.read_text(encoding="utf-8") == fixed


def test_fix_rewrites_reports_the_rest_and_exits_by_what_remains(tmp_path):
    target = tmp_path / "copy.txt"
    target.write_text("The Lumix S5II is powered by L2 technology.\n", encoding="utf-8")
    result = run(["check", "--fix", "copy.txt"], cwd=tmp_path)
    assert target.read_text(encoding="utf-8") == "The LUMIX S5II is powered by L² Technology.\n"
    assert result.stdout.splitlines() == [
        "copy.txt:1:30: C301 warning: L² Technology stands for both brands: this document does not name Leica.",
        "Fixed 2 findings in 1 file.",
        "Found 1 finding in 1 file checked (0 errors, 1 warning, 0 suggestions).",
    ]
    assert result.exit_code == 1


def test_fix_exit_code_zero_when_nothing_remains(tmp_path):
    target = tmp_path / "copy.txt"
    target.write_text("Leica and Lumix bring L2 technology.\n", encoding="utf-8")
    result = run(["check", "--fix", "copy.txt"], cwd=tmp_path)
    assert target.read_text(encoding="utf-8") == "Leica and LUMIX bring L² Technology.\n"
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["Fixed 2 findings in 1 file.", "No findings in 1 file."]


def test_second_fix_changes_nothing(tmp_path):
    target = tmp_path / "copy.txt"
    target.write_text(WRONG, encoding="utf-8")
    run(["check", "--fix", "copy.txt"], cwd=tmp_path)
    first = target.read_bytes()
    result = run(["check", "--fix", "copy.txt"], cwd=tmp_path)
    assert target.read_bytes() == first
    assert "Fixed" not in result.stdout


def test_diff_writes_nothing_and_exits_1(tmp_path):
    target = tmp_path / "copy.txt"
    target.write_text(WRONG, encoding="utf-8")
    before = target.stat().st_mtime_ns
    result = run(["check", "--diff", "copy.txt"], cwd=tmp_path)
    assert result.exit_code == 1
    assert target.read_text(encoding="utf-8") == WRONG and target.stat().st_mtime_ns == before
    assert result.stdout.splitlines()[:5] == [
        "--- a/copy.txt",
        "+++ b/copy.txt",
        "@@ -1 +1 @@",
        "-" + WRONG.rstrip("\n"),
        "+" + FIXED.rstrip("\n"),
    ]
    clean = tmp_path / "clean.txt"
    clean.write_text(FIXED, encoding="utf-8")
    assert run(["check", "--diff", "clean.txt"], cwd=tmp_path).exit_code == 0


def test_unsafe_fixes_only_on_request(tmp_path):
    target = tmp_path / "copy.txt"
    target.write_text("Leica and LUMIX explain the L2 partnership.\n", encoding="utf-8")
    result = run(["check", "--fix", "copy.txt"], cwd=tmp_path)
    assert target.read_text(encoding="utf-8") == "Leica and LUMIX explain the L2 partnership.\n"
    assert "T104" in result.stdout and "[unsafe fix]" in result.stdout and result.exit_code == 1
    run(["check", "--fix", "--unsafe-fixes", "copy.txt"], cwd=tmp_path)
    assert (
        target.read_text(encoding="utf-8")
        == "Leica and LUMIX explain the L² Technology partnership.\n"
    )


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("cp1252", b""),
    ],
)
def test_encoding_bom_and_crlf_are_kept(tmp_path, encoding, bom):
    text = "Caf\u00e9 copy: the Lumix S5II\r\nwith Leica and LUMIX.\r\nNo newline at the end"
    target = tmp_path / "copy.txt"
    target.write_bytes(bom + text.encode(encoding))
    result = run(["check", "--fix", "copy.txt"], cwd=tmp_path)
    expected = bom + text.replace("Lumix", "LUMIX").encode(encoding)
    assert target.read_bytes() == expected
    if encoding == "cp1252":
        assert "read as cp1252" in result.stderr


def test_permissions_are_kept(tmp_path):
    target = tmp_path / "copy.txt"
    target.write_text(WRONG, encoding="utf-8")
    os.chmod(target, 0o640)
    run(["check", "--fix", "copy.txt"], cwd=tmp_path)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".l2lint-")]


def test_read_only_file_is_reported_not_crashed_on(tmp_path):
    target = tmp_path / "copy.txt"
    target.write_text(WRONG, encoding="utf-8")
    os.chmod(target, 0o444)
    result = run(["check", "--fix", "copy.txt"], cwd=tmp_path)
    assert result.exit_code == 2
    assert "copy.txt: not fixed: file is read-only" in result.stderr
    assert target.read_text(encoding="utf-8") == WRONG


def test_read_only_check_with_access_denied(tmp_path, monkeypatch):
    target = tmp_path / "copy.txt"
    target.write_text(WRONG, encoding="utf-8")
    monkeypatch.setattr("l2lint.writer.is_writable", lambda path: False)
    result = run(["check", "--fix", "copy.txt"], cwd=tmp_path)
    assert result.exit_code == 2
    assert "l2lint: error: copy.txt: not fixed: file is read-only" in result.stderr
    assert target.read_text(encoding="utf-8") == WRONG


def test_file_changed_on_disk_is_not_overwritten(tmp_path):
    target = tmp_path / "copy.txt"
    target.write_bytes(b"new content written by someone else")
    with pytest.raises(WriteError, match="changed on disk"):
        write_atomic(str(target), b"fixed", expected=b"what l2lint read")
    assert target.read_bytes() == b"new content written by someone else"


def test_stdin_fix_writes_the_fixed_text_to_stdout():
    result = run(["check", "--fix", "-"], input="Leica and Lumix bring L2 technology.\n")
    assert result.stdout == "Leica and LUMIX bring L² Technology.\n"
    assert "Fixed 2 findings" in result.stderr
    assert result.exit_code == 0


def test_json_carries_fixes_and_text_marks_them(tmp_path):
    (tmp_path / "copy.txt").write_text(WRONG, encoding="utf-8")
    findings = run(["check", "--format", "json", "copy.txt"], cwd=tmp_path).json
    assert {f["code"]: f["fix"] for f in findings} == {
        "B201": {"replacement": "LUMIX", "safe": True},
        "B202": {"replacement": "Leica", "safe": True},
        "T101": {"replacement": "L² Technology", "safe": True},
    }
    text = run(["check", "copy.txt"], cwd=tmp_path).stdout
    assert text.splitlines()[-1].endswith("3 fixable with --fix.")
