"""Every --format through the CLI, on real files."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from tests.clirunner import run

DATA = Path(__file__).parent / "data"


@pytest.fixture
def copy_dir(tmp_path: Path) -> Path:
    (tmp_path / "wrong.md").write_text(
        "# LUMIX\n\nThe Lumix S5II with L2 technology, by Leica.\n", encoding="utf-8"
    )
    (tmp_path / "clean.txt").write_text("Nothing to see.\n", encoding="utf-8")
    return tmp_path


def test_sarif_validates_against_the_official_schema(copy_dir):
    result = run(["check", "--format", "sarif", "."], cwd=copy_dir)
    assert result.exit_code == 1
    sarif = json.loads(result.stdout)
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(sarif, schema)
    results = sarif["runs"][0]["results"]
    assert [
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results
    ] == [
        ("B201", 3),
        ("T101", 3),
    ]
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startColumn"], region["endColumn"]) == (5, 10)
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "wrong.md"
    rules = {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert {"B201", "T101", "A401"} <= rules


def test_github_annotations(copy_dir):
    result = run(["check", "--format", "github", "wrong.md"], cwd=copy_dir)
    assert result.stdout.splitlines() == [
        "::error file=wrong.md,line=3,col=5,endLine=3,endColumn=10,title=B201 lumix-capitals::"
        "Write 'LUMIX' in capitals, not 'Lumix'.",
        "::error file=wrong.md,line=3,col=21,endLine=3,endColumn=34,title=T101 l2-technology-spelling::"
        "Write 'L² Technology', not 'L2 technology'.",
    ]


def test_junit_one_testcase_per_file(copy_dir):
    result = run(["check", "--format", "junit", "."], cwd=copy_dir)
    root = ET.fromstring(result.stdout)
    cases = root.findall(".//testcase")
    assert sorted(c.get("name") for c in cases) == ["clean.txt", "wrong.md"]
    failed = [c for c in cases if c.find("failure") is not None]
    assert [c.get("name") for c in failed] == ["wrong.md"]


def test_gitlab_code_quality(copy_dir):
    result = run(["check", "--format", "gitlab", "."], cwd=copy_dir)
    issues = json.loads(result.stdout)
    assert [i["check_name"] for i in issues] == ["B201", "T101"]
    assert len({i["fingerprint"] for i in issues}) == 2
    assert issues[0]["location"]["path"] == "wrong.md"


def test_html_report_to_output_file(copy_dir):
    out = copy_dir / "report.html"
    result = run(["check", "--format", "html", "--output-file", str(out), "."], cwd=copy_dir)
    assert result.exit_code == 1 and result.stdout == ""
    page = out.read_text(encoding="utf-8")
    assert page.count('class="finding ') + page.count('class="finding"') == 2
    assert "<script" not in page
