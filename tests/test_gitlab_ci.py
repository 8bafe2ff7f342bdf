"""The README's CI snippets: schema-valid, and the GitLab job's script runs locally.

The GitLab job is checked against check-jsonschema's vendored GitLab CI schema, then its
`script:` lines run in a shell in a temporary repository (the `pip install` line is
replaced by the l2lint of this test run: it needs the network and a published tag).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def readme_block(marker: str) -> str:
    """The ```yaml block of the README that contains `marker`."""
    for block in re.findall(r"```yaml\n(.*?)```", README, re.S):
        if marker in block:
            return block
    raise AssertionError(f"no yaml block with {marker!r} in README.md")


def check_schema(tmp_path: Path, name: str, data: object, schema: str) -> None:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_gitlab_job_is_valid_gitlab_ci(tmp_path):
    config = yaml.safe_load(readme_block("codequality:"))
    check_schema(tmp_path, ".gitlab-ci.yml", config, "vendor.gitlab-ci")
    job = config["l2lint"]
    assert job["artifacts"]["reports"] == {
        "codequality": "gl-code-quality.json",
        "junit": "l2lint-junit.xml",
    }
    assert "v0.2.0" in job["script"][0]


def test_github_workflow_snippet_is_a_valid_workflow(tmp_path):
    job = yaml.safe_load(readme_block("brand-tools/l2lint@"))
    workflow = {"on": "pull_request", "jobs": {"l2lint": {"runs-on": "ubuntu-latest", **job}}}
    check_schema(tmp_path, "l2lint.yml", workflow, "vendor.github-workflows")
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    step = next(s for s in job["steps"] if "brand-tools/l2lint@" in s.get("uses", ""))
    assert set(step["with"]) <= set(action["inputs"])


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
@pytest.mark.slow  # runs l2lint four times
def test_gitlab_job_script_runs(tmp_path):
    job = yaml.safe_load(readme_block("codequality:"))["l2lint"]
    project = tmp_path / "project"
    (project / "press").mkdir(parents=True)
    (project / "press" / "launch.md").write_text(
        "# LUMIX S5II\n\nThe Lumix S5II by Leica and LUMIX.\n\nShoot Micro 4/3.\n",
        encoding="utf-8",
    )
    script = [line for line in job["script"] if not line.startswith("pip install")]
    assert len(script) == len(job["script"]) - 1
    env = {
        **os.environ,
        "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
        "CI_PROJECT_DIR": str(project),
    }
    statuses = []
    outputs = []
    for line in script:
        proc = subprocess.run(
            ["bash", "-c", line], cwd=project, env=env, capture_output=True, text=True, timeout=600
        )
        statuses.append(proc.returncode)
        outputs.append(proc.stdout)
    assert statuses == [0, 0, 0, 1]  # the reports never fail; the gate does (B201 is an error)
    # the gate, run last, reads the copy and never the reports written before it
    assert outputs[-1].splitlines() == [
        "press/launch.md:3:5: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]",
        "press/launch.md:5:7: B205 suggestion: Write 'Micro Four Thirds', not 'Micro 4/3'. [*]",
        "Found 2 findings in 2 files checked (1 error, 0 warnings, 1 suggestion). 2 fixable with --fix.",
    ]

    issues = json.loads((project / "gl-code-quality.json").read_text(encoding="utf-8"))
    assert [(i["check_name"], i["severity"], i["location"]["path"]) for i in issues] == [
        ("B201", "critical", "press/launch.md"),
        ("B205", "minor", "press/launch.md"),
    ]
    assert len({i["fingerprint"] for i in issues}) == 2
    root = ET.parse(project / "l2lint-junit.xml").getroot()
    assert (root.get("tests"), root.get("failures")) == ("1", "1")
    summary = (project / "l2lint.md").read_text(encoding="utf-8")
    assert "2 findings (1 error, 1 suggestion) in 1 file" in summary
    for path in job["cache"]["paths"]:
        if path == ".l2lint_cache":
            assert (project / path).is_dir()
