"""What a run reports as a whole (#14): nothing checked is no success, and one file that
breaks l2lint is that file's one-line error while every other file is still checked."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import l2lint.engine
import l2lint.filecheck
from l2lint.filecheck import FileResult, InputError
from l2lint.finding import Finding, Position, Severity
from l2lint.run import RunResult
from tests.clirunner import run
from tests.conftest import examples

WRONG = "The Lumix one.\n"
NOTHING = "l2lint: warning: no file was checked (exit 2; --allow-empty accepts this)\n"
BUG = (
    "l2lint: error: bad.md: internal error: RuntimeError: boom in bad.md. This is a bug in "
    "l2lint; please report it with the command you ran (--verbose shows the traceback)"
)


@pytest.mark.parametrize("names", [[], ["notes.rst", "brochure.odt"], ["a.md.bak"]])
def test_a_folder_with_nothing_to_check_is_a_warning_and_exit_2(tmp_path, names):
    (tmp_path / "copy").mkdir()
    for name in names:
        (tmp_path / "copy" / name).write_text(WRONG, encoding="utf-8")
    result = run(["check", "--isolated", "copy"], cwd=tmp_path)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", NOTHING)
    allowed = run(["check", "--isolated", "--allow-empty", "copy"], cwd=tmp_path)
    assert (allowed.exit_code, allowed.stdout) == (0, "")
    assert allowed.stderr == "l2lint: warning: no file was checked\n"
    as_json = run(["check", "--isolated", "--format", "json", "copy"], cwd=tmp_path)
    assert (as_json.exit_code, as_json.json) == (2, [])


def test_a_missing_path_prints_its_error_and_no_no_findings(tmp_path):
    result = run(["check", "--isolated", "missing.md"], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "l2lint: error: missing.md: no such file or directory\n" + NOTHING
    (tmp_path / "ok.md").write_text("Fine copy.\n", encoding="utf-8")
    result = run(["check", "--isolated", "missing.md", "ok.md"], cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (2, "No findings in 1 file.\n")
    assert result.stderr == "l2lint: error: missing.md: no such file or directory\n"


def boom_for(name: str):
    def boom(*args, **kwargs):
        if any(name in str(a) for a in args[:2]) or any(
            getattr(a, "path", "") == name for a in args[:2]
        ):
            raise RuntimeError(f"boom in {name}")
        return real[boom](*args, **kwargs)

    return boom


real: dict = {}

# where an exception strikes: reading, linting or fixing the file
STAGES = [
    (l2lint.filecheck, "read_text_document", []),
    (l2lint.engine.Linter, "lint_document", []),
    (l2lint.filecheck, "run_fixes", ["--fix"]),
]


@pytest.mark.parametrize(("owner", "attr", "flags"), STAGES, ids=["read", "lint", "fix"])
@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_an_exception_in_one_file_is_its_error_and_the_run_goes_on(
    tmp_path, monkeypatch, owner, attr, flags, fmt
):
    for name in ("a.md", "bad.md", "c.md"):
        (tmp_path / name).write_text(WRONG, encoding="utf-8")
    boom = boom_for("bad.md")
    real[boom] = getattr(owner, attr)
    monkeypatch.setattr(owner, attr, boom)
    args = ["check", "--isolated", "--no-cache", "--format", fmt, *flags, "a.md", "bad.md", "c.md"]
    result = run(args, cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [BUG]
    report = json.loads(result.stdout)
    if fmt == "json":
        found = [(f["path"], f["code"], f["line"], f["column"]) for f in report]
    else:
        found = [
            (
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                r["ruleId"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
                r["locations"][0]["physicalLocation"]["region"]["startColumn"],
            )
            for r in report["runs"][0]["results"]
        ]
    if flags:  # fixed: nothing left in the good files
        assert found == []
        assert (tmp_path / "a.md").read_text(encoding="utf-8") == "The LUMIX one.\n"
        assert (tmp_path / "bad.md").read_text(encoding="utf-8") == WRONG
    else:
        assert found == [("a.md", "B201", 1, 5), ("c.md", "B201", 1, 5)]
    verbose = run([*args[:2], "--verbose", *args[2:]], cwd=tmp_path)
    assert verbose.stderr.startswith("Traceback (most recent call last):\n")
    assert f"RuntimeError: boom in bad.md\n{BUG}\n" in verbose.stderr


def test_a_file_that_breaks_a_worker_process_is_its_error_too(tmp_path, monkeypatch):
    for i in range(20):
        (tmp_path / f"page-{i:02d}.md").write_text(WRONG, encoding="utf-8")
    (tmp_path / "bad.md").write_text(WRONG, encoding="utf-8")
    boom = boom_for("bad.md")
    real[boom] = l2lint.engine.Linter.lint_document
    monkeypatch.setattr(l2lint.engine.Linter, "lint_document", boom)  # inherited by fork
    result = run(
        ["check", "--isolated", "--no-cache", "-j", "2", "--format", "json", "."], tmp_path
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [BUG]
    assert [f["path"] for f in result.json] == [f"page-{i:02d}.md" for i in range(20)]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_stdin_is_one_more_input_among_files(tmp_path, jobs):
    (tmp_path / "copy").mkdir()
    for i in range(16):
        (tmp_path / "copy" / f"page-{i:02d}.md").write_text(WRONG, encoding="utf-8")
    args = ["check", "--isolated", "-j", jobs, "--stdin-filename", "in.md", "-", "copy"]
    result = run(args, cwd=tmp_path, input="Fine.\n\nThe Lumix two.\n")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert (
        lines[0] == "copy/page-00.md:1:5: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]"
    )
    assert lines[16] == "in.md:3:5: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]"
    assert lines[17:] == [
        "Found 17 findings in 17 files checked (17 errors, 0 warnings, 0 suggestions). 17 fixable with --fix."
    ]
    assert not (tmp_path / ".l2lint_cache" / "v3").exists() or all(
        "in.md" not in p.read_text() for p in (tmp_path / ".l2lint_cache").rglob("*.json")
    )


def _file_result(draw_index: int, lines: list[int], error: bool, fixed: int) -> FileResult:
    path = f"f{draw_index}.md"
    findings = [
        Finding(path, "B201", "lumix-capitals", Severity.ERROR, "m", Position(n, 1),
                Position(n, 6), 0, 5)
        for n in lines
    ]  # fmt: skip
    return FileResult(
        path,
        findings=findings,
        error=InputError(path, "unreadable") if error else None,
        notices=[f"{path}: notice"] if fixed else [],
        fixed=fixed,
        diff=f"--- a/{path}\n" if fixed else "",
        source=f"copy of {path}",
        checked=not error,
    )


@settings(max_examples=examples(100), deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(st.integers(1, 9), max_size=3), st.booleans(), st.integers(0, 2)),
        max_size=6,
    ),
    st.integers(0, 6),
)
def test_merging_two_runs_is_one_run_over_both_groups(files, cut):
    """Two configuration groups merged (`RunResult.merge`) report what one run over all
    their files reports, findings in position order."""
    results = [_file_result(i, *f) for i, f in enumerate(files)]
    first, second, whole = RunResult(), RunResult(), RunResult()
    for n, result in enumerate(results):
        (first if n < cut else second).add(result)
        whole.add(result)
    whole.findings.sort(key=lambda f: f.sort_key)
    first.merge(second)
    assert first == whole
    assert first.report({}) == whole.report({})
