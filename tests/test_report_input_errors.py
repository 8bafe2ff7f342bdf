"""Reports name the inputs that could not be read: JUnit <error>, SARIF notifications."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from tests.clirunner import run

DATA = Path(__file__).parent / "data"
BROKEN = {
    "bad.docx": (b"PK\x03\x04garbage", "not a valid .docx file: not a zip archive"),
    "gone.md": (None, "no such file or directory"),
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "launch.md").write_text("The Lumix S5.\n", encoding="utf-8")
    (tmp_path / "clean.md").write_text("The LUMIX S5.\n", encoding="utf-8")
    for name, (data, _) in BROKEN.items():
        if data is not None:
            (tmp_path / name).write_bytes(data)
    return tmp_path


@pytest.mark.parametrize("broken", sorted(BROKEN))
@pytest.mark.parametrize("others", [["launch.md"], ["clean.md"]])
def test_junit_counts_and_lists_unreadable_inputs(project, broken, others):
    result = run(["check", "--format", "junit", broken, *others], cwd=project)
    assert result.exit_code == 2
    root = ET.fromstring(result.stdout)
    failures = "1" if others == ["launch.md"] else "0"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("2", failures, "1")
    case = next(c for c in root.iter("testcase") if c.get("name") == broken)
    error = case.find("error")
    assert error is not None and error.get("message") == BROKEN[broken][1]
    assert error.text == f"{broken}: {BROKEN[broken][1]}"


@pytest.mark.parametrize("broken", [sorted(BROKEN), []])
def test_sarif_invocation_says_whether_every_input_was_checked(project, broken):
    result = run(["check", "--format", "sarif", *broken, "launch.md"], cwd=project)
    assert result.exit_code == (2 if broken else 1)
    log = json.loads(result.stdout)
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(log, schema)
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is (not broken)
    notes = invocation.get("toolExecutionNotifications", [])
    # missing paths first (found before any file is read), then files that failed
    assert sorted((n["level"], n["message"]["text"]) for n in notes) == [
        ("error", f"{name}: {BROKEN[name][1]}") for name in broken
    ]
    uris = [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notes]
    assert sorted(uris) == broken


@pytest.mark.parametrize("fmt", ["sarif", "junit", "markdown"])
def test_broken_configuration_writes_no_report_and_says_why(project, fmt):
    (project / ".l2lint.toml").write_text("select = [\n", encoding="utf-8")
    result = run(["check", "--format", fmt, "-o", "report.out", "launch.md"], cwd=project)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"l2lint: {project / '.l2lint.toml'}:2:1: invalid TOML: ")
    assert not (project / "report.out").exists()
