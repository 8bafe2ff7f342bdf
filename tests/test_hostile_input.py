"""Bad input: one clear line naming the file and the problem, the rest still checked, no traceback."""

from __future__ import annotations

import builtins
import os
import sys

import pytest

from tests.clirunner import run, run_process

WRONG = "The Lumix S5II.\n"

PACK = """\
pack: p
rules:
  - code: X1
    name: a
    type: forbidden
    severity: warning
    patterns: ['foo']
    message: m
  - code: X2
    name: b
    type: forbidden
    severity: warning
    patterns: ['bar']
    message: m
"""


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("type: forbidden", "type: magic"), ":3: rule X1: rules.0.type: 'magic' is not one of"),
        (
            ("    message: m\n  - code: X2", "  - code: X2"),
            ":3: rule X1: rules.0: 'message' is a required property",
        ),
        (
            ("patterns: ['bar']", "patterns: 'bar'"),
            ":9: rule X2: rules.1.patterns: 'bar' is not of type 'array'",
        ),
        (("code: X2", "code: X1"), ":9: rule X1: duplicate rule code (first defined on line 3)"),
        (
            ("['bar']", "['ba(r']"),
            ":9: rule X2: invalid regular expression 'ba(r': missing ) at position 4",
        ),
        (("name: b", "name: [b"), ":11: invalid YAML:"),
        (
            ("severity: warning\n    patterns: ['foo']", "severity: fatal\n    patterns: ['foo']"),
            ":3: rule X1: rules.0.severity: 'fatal'",
        ),
        (("['bar']", "['{{nowhere}}']"), ":9: rule X2: unknown lexicon reference {{nowhere}}"),
    ],
)
def test_invalid_pack_names_file_rule_and_line(tmp_path, change, expected):
    pack = tmp_path / "pack.yaml"
    pack.write_text(PACK.replace(*change), encoding="utf-8")
    (tmp_path / "copy.txt").write_text(WRONG, encoding="utf-8")
    result = run(["check", "--rules", str(pack), "copy.txt"], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert f"l2lint: invalid rule pack: {pack}{expected}" in result.stderr


def test_missing_pack_file(tmp_path):
    result = run(["check", "--rules", str(tmp_path / "nope.yaml"), "-"], input="x")
    assert result.exit_code == 2
    assert "nope.yaml: rule pack not found" in result.stderr


# `(a|aa)+$` backtracks exponentially on a run of `a`s that does not end the text, even
# with the regex module's repeat guards; `(a+)+$` is not a good probe: the guards make it
# polynomial, about 2-4 s on the long input below, so it raced the 2 s limit (when it
# finished in time, "no finding" was the right answer).
@pytest.mark.parametrize(
    ("pattern", "long_text"),
    [
        ("(a|aa)+$", ("a" * 5000 + "b ") * 20 + "\n"),  # one long line
        # the variants wait for the rule timeout too: in the slow run
        pytest.param(  # short paragraphs, each one too slow
            "(a|aa)+$", ("a" * 40 + "!\n\n") * 3, marks=pytest.mark.slow
        ),
        pytest.param(  # nested quantifiers over `.`
            "(.*a){20}$", ("a" * 5000 + "b ") * 20 + "\n", marks=pytest.mark.slow
        ),
    ],
)
def test_catastrophic_user_regex_is_reported_not_hung(tmp_path, pattern, long_text):
    pack = tmp_path / "slow.yaml"
    pack.write_text(PACK.replace("['foo']", f"['{pattern}']"), encoding="utf-8")
    (tmp_path / "long.txt").write_text(long_text, encoding="utf-8")
    (tmp_path / "other.txt").write_text(WRONG, encoding="utf-8")
    (tmp_path / "clean.txt").write_text("Nothing here.\n", encoding="utf-8")
    args = ["check", "--no-cache", "--rules", str(pack), "long.txt", "other.txt", "clean.txt"]
    result = run(args, cwd=tmp_path)
    assert result.exit_code == 2
    assert (
        f"l2lint: error: long.txt: rule X1 ({pack}): pattern {pattern!r} took longer than 2s;"
        " file not checked\n" in result.stderr
    )
    assert "other.txt:1:5: B201" in result.stdout
    result = run([*args[:4], "long.txt", "clean.txt"], cwd=tmp_path)
    assert result.stdout == "No findings in 1 file.\n"  # long.txt was not checked


def test_binary_file_is_skipped_with_a_notice(tmp_path):
    (tmp_path / "logo.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "copy.txt").write_text(WRONG, encoding="utf-8")
    result = run(["check", "."], cwd=tmp_path)
    assert "l2lint: notice: logo.md: skipped: binary file (contains NUL bytes)" in result.stderr
    assert result.exit_code == 1  # a finding outranks a skipped binary
    (tmp_path / "copy.txt").write_text("Clean.\n", encoding="utf-8")
    assert (
        run(["check", "."], cwd=tmp_path).exit_code == 2
    )  # nothing found, but not everything read


def test_undecodable_file_is_read_as_cp1252_with_a_notice(tmp_path):
    (tmp_path / "win.txt").write_bytes("Caf\u00e9 \u201cLumix\u201d".encode("cp1252"))
    result = run(["check", "--format", "json", "win.txt"], cwd=tmp_path)
    assert "l2lint: notice: win.txt: not valid UTF-8, read as cp1252" in result.stderr
    assert [(f["code"], f["column"]) for f in result.json] == [("B201", 7)]


def test_permission_denied_is_one_line_and_others_checked(tmp_path, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text(WRONG, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(WRONG, encoding="utf-8")
    real_open = builtins.open

    def guarded(file, *args, **kwargs):
        if str(file).endswith("secret.txt"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    real_os_open = os.open

    def guarded_os_open(file, *args, **kwargs):  # files to check are opened with os.open
        if str(file).endswith("secret.txt"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_os_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded)
    monkeypatch.setattr(os, "open", guarded_os_open)
    result = run(["check", "secret.txt", "copy.txt"], cwd=tmp_path)
    assert result.exit_code == 2
    assert "l2lint: error: secret.txt: permission denied" in result.stderr
    assert "copy.txt:1:5: B201" in result.stdout


def test_file_that_vanishes_mid_run(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(WRONG, encoding="utf-8")
    (tmp_path / "b.txt").write_text(WRONG, encoding="utf-8")
    import l2lint.run

    real = l2lint.run.collect_inputs

    def collect_then_delete(*args, **kwargs):
        inputs, missing = real(*args, **kwargs)
        (tmp_path / "a.txt").unlink()
        return inputs, missing

    monkeypatch.setattr(l2lint.run, "collect_inputs", collect_then_delete)
    result = run(["check", "."], cwd=tmp_path)
    assert result.exit_code == 2
    assert "l2lint: error: a.txt: no such file or directory" in result.stderr
    assert "b.txt:1:5: B201" in result.stdout


def test_symlink_loop_and_dangling_link(tmp_path):
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "a.md").write_text(WRONG, encoding="utf-8")
    os.symlink(tmp_path / "copy", tmp_path / "copy" / "loop")
    os.symlink(tmp_path / "missing.md", tmp_path / "copy" / "dangling.md")
    result = run(["check", "--format", "json", "copy"], cwd=tmp_path)
    assert [f["path"] for f in result.json] == ["copy/a.md"]
    # a link a walk cannot follow is skipped and counted, as a walk skips (#14)
    assert result.stderr == (
        "l2lint: notice: skipped 1 file and 1 folder (broken symbolic link: 1,"
        " symbolic link loop: 1); --show-files lists them\n"
    )
    assert result.exit_code == 1


def test_directory_given_where_a_file_is_expected(tmp_path):
    (tmp_path / "copy.txt").write_text(WRONG, encoding="utf-8")
    (tmp_path / "conf").mkdir()
    result = run(["check", "--config", "conf", "copy.txt"], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith("l2lint: conf: cannot read configuration")
    result = run(["check", "--rules", "conf", "copy.txt"], cwd=tmp_path)  # a folder of packs: none
    assert result.exit_code == 1


def test_five_megabyte_single_line(tmp_path):
    line = ("Plain filler words about nothing at all. " * 25 + "The Lumix S5II. ") * 4810
    (tmp_path / "long.txt").write_text(line, encoding="utf-8")
    result = run(["check", "--format", "json", "--select", "B201", "long.txt"], cwd=tmp_path)
    assert len(line) > 5_000_000
    assert len(result.json) == 4810
    assert result.json[-1]["line"] == 1
    assert result.json[-1]["column"] == len(line) - len("Lumix S5II. ") + 1


def test_lone_surrogates_through_the_api_and_json():
    from l2lint import lint_text
    from l2lint.report import Report
    from l2lint.report.json_report import render_json

    findings = lint_text("\udc80 Lumix \ud800 copy")
    assert [f.code for f in findings] == ["B201"]
    assert '"B201"' in render_json(Report(findings))


def test_internal_error_is_one_line_and_traceback_only_with_verbose(tmp_path, monkeypatch, capsys):
    (tmp_path / "copy.txt").write_text(WRONG, encoding="utf-8")
    import l2lint.engine
    from l2lint.cli import main

    def boom(self, doc):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(l2lint.engine.Linter, "lint_document", boom)
    monkeypatch.chdir(tmp_path)
    for argv, traceback in (
        (["l2lint", "check", "copy.txt"], False),
        (["l2lint", "check", "-v", "copy.txt"], True),
    ):
        monkeypatch.setattr(sys, "argv", argv)
        with pytest.raises(SystemExit) as exit_info:
            main()
        assert exit_info.value.code == 2
        err = capsys.readouterr().err
        assert (
            "l2lint: error: copy.txt: internal error: RuntimeError: kaboom. This is a bug in l2lint"
            in err
        )
        assert ("Traceback" in err) is traceback


def test_no_traceback_for_garbage_files_end_to_end(tmp_path):
    (tmp_path / "a.html").write_bytes(b"<p><b><i>Lumix</p></b><![foo[ <!-- unterminated <script>x")
    (tmp_path / "b.md").write_bytes(
        b"```\nunclosed fence Lumix\n\n> > > [link](<broken\n| a | b |\n|--|\n| Lumix |"
    )
    (tmp_path / "c.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "d.txt").write_bytes(b"\xff\xfe" + "Lumix".encode("utf-16-le"))
    result = run_process(["check", "."], cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert "c.docx: not a valid .docx file" in result.stderr
    assert result.exit_code == 2
    assert "d.txt:1:1: B201" in result.stdout
