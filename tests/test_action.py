"""The GitHub Action (action.yml): valid, schema-checked, and its steps run in a local shell.

The `run:` steps are executed as GitHub's runner does for `shell: bash`
(`bash --noprofile --norc -eo pipefail FILE`), with the inputs substituted into their `env:`
and $GITHUB_OUTPUT, $GITHUB_STEP_SUMMARY and $RUNNER_TEMP pointing into a temporary folder.
`uses:` steps (setup-python, cache, upload-sarif) are GitHub's own and are not run, and
neither is "Install l2lint" (it needs the network): the l2lint of this test run is on PATH.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
ACTION = REPO / "action.yml"
DATA = Path(__file__).parent / "data"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")


def load_action() -> dict:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


def test_action_is_valid_against_the_github_actions_schema():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-actions",
            str(ACTION),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_catches_the_old_unquoted_colon(tmp_path):
    broken = tmp_path / "action.yml"
    broken.write_text(
        ACTION.read_text(encoding="utf-8").replace(
            "description: The Python that runs l2lint.",
            "description: Python (default: 3.12).",
        ),
        encoding="utf-8",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-actions",
            str(broken),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Failed to parse" in result.stdout


def test_inputs_reach_scripts_only_through_env():
    action = load_action()
    for step in action["runs"]["steps"]:
        if "run" in step:
            assert "${{" not in step["run"], f"{step.get('name')}: expression inside a script"
            assert step["shell"] == "bash"
    used = set(EXPRESSION.findall(ACTION.read_text(encoding="utf-8")))
    for name in action["inputs"]:
        assert f"inputs.{name}" in used, f"input {name} is never used"


@dataclass
class ActionRun:
    status: int  # the exit code of the last step run (the Action's)
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)  # step id -> outputs
    stdout: str = ""
    summary: str = ""


def _evaluate(text: str, inputs: dict[str, str], outputs: dict[str, dict[str, str]]) -> str:
    def value(match: re.Match) -> str:
        expression = match.group(1)
        if expression.startswith("inputs."):
            return inputs[expression.removeprefix("inputs.")]
        step_id, _, key = expression.removeprefix("steps.").partition(".outputs.")
        assert expression.startswith("steps."), f"cannot evaluate {expression!r}"
        return outputs.get(step_id, {}).get(key, "")

    return EXPRESSION.sub(value, text)


def _read_outputs(path: Path) -> dict[str, str]:
    pairs = [line.partition("=") for line in path.read_text(encoding="utf-8").splitlines()]
    return {key: value for key, _, value in pairs if key}


def run_action(workspace: Path, tmp_path: Path, **given: str) -> ActionRun:
    action = load_action()
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    unknown = set(given) - set(inputs)
    assert not unknown, f"not inputs of the Action: {unknown}"
    inputs.update(given)
    temp = tmp_path / "runner-temp"
    temp.mkdir(exist_ok=True)
    summary = tmp_path / "step-summary.md"
    summary.write_text("", encoding="utf-8")
    result = ActionRun(status=0)
    bin_dir = str(Path(sys.executable).parent)
    for number, step in enumerate(action["runs"]["steps"]):
        if "uses" in step or step.get("name") == "Install l2lint":
            continue
        output = tmp_path / f"output-{number}"
        output.write_text("", encoding="utf-8")
        script = tmp_path / f"step-{number}.sh"
        script.write_text(step["run"], encoding="utf-8")
        env = {
            **os.environ,
            "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
            "GITHUB_ACTION_PATH": str(REPO),
            "GITHUB_OUTPUT": str(output),
            "GITHUB_STEP_SUMMARY": str(summary),
            "RUNNER_TEMP": str(temp),
            "RUNNER_OS": "Linux",
        }
        for key, value in step.get("env", {}).items():
            env[key] = _evaluate(str(value), inputs, result.outputs)
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        result.stdout += proc.stdout
        result.status = proc.returncode
        if "id" in step:
            result.outputs[step["id"]] = _read_outputs(output)
        if proc.returncode != 0:
            break
    result.summary = summary.read_text(encoding="utf-8")
    return result


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "press releases").mkdir(parents=True)
    (root / "press releases" / "launch copy.md").write_text(
        "# LUMIX S5II\n\nThe Lumix S5II by Leica and LUMIX.\n", encoding="utf-8"
    )
    (root / "web pages").mkdir()
    (root / "web pages" / "g9.md").write_text(
        "# LUMIX G9\n\nShoot Micro 4/3 with the LUMIX G9.\n", encoding="utf-8"
    )
    (root / "not checked.md").write_text("The Lumix G9.\n", encoding="utf-8")
    return root


@pytest.mark.slow  # runs l2lint up to three times
def test_paths_with_spaces_annotations_and_a_failing_gate(workspace, tmp_path):
    run = run_action(workspace, tmp_path, paths="press releases/launch copy.md\n  web pages/\n")
    assert run.status == 1
    assert run.outputs["check"]["exit-code"] == "1"
    assert run.stdout.splitlines() == [
        "::error file=press releases/launch copy.md,line=3,col=5,endLine=3,endColumn=10,"
        "title=B201 lumix-capitals::Write 'LUMIX' in capitals, not 'Lumix'.",
        "::notice file=web pages/g9.md,line=3,col=7,endLine=3,endColumn=16,"
        "title=B205 micro-four-thirds-spelling::Write 'Micro Four Thirds', not 'Micro 4/3'.",
    ]
    rows = [line for line in run.summary.splitlines() if line.startswith(("| ❌", "| ℹ️"))]
    assert [row.split(" | ")[2] for row in rows] == [
        "press releases/launch copy.md:3:5",
        "web pages/g9.md:3:7",
    ]
    assert "sarif-file" not in run.outputs["check"]


@pytest.mark.slow  # runs l2lint up to three times
def test_fail_on_error_passes_a_suggestion_and_the_summary_says_so(workspace, tmp_path):
    run = run_action(workspace, tmp_path, paths="web pages", **{"fail-on": "error"})
    assert run.status == 0
    assert run.outputs["check"]["exit-code"] == "0"
    assert (
        "1 finding (1 suggestion) in 1 file of 1 checked; 0 at or above `error` fail the gate."
        in run.summary
    )
    assert "| ℹ️ | suggestion | web pages/g9.md:3:7 |" in run.summary


@pytest.mark.slow  # runs l2lint up to three times
def test_upload_sarif_writes_a_valid_report(workspace, tmp_path):
    run = run_action(
        workspace, tmp_path, paths="press releases", format="text", **{"upload-sarif": "true"}
    )
    assert run.status == 1
    assert run.stdout.splitlines()[0] == (
        "press releases/launch copy.md:3:5: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]"
    )
    sarif_file = Path(run.outputs["check"]["sarif-file"])
    log = json.loads(sarif_file.read_text(encoding="utf-8"))
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(log, schema)
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    ]
    assert uris == ["press%20releases/launch%20copy.md"]


@pytest.mark.slow  # runs l2lint up to three times
def test_default_paths_args_and_no_summary(workspace, tmp_path):
    run = run_action(workspace, tmp_path, args="--ignore B205 --select B", summary="false")
    assert run.status == 1
    assert [line.split(",")[0] for line in run.stdout.splitlines()] == [
        "::error file=not checked.md",
        "::error file=press releases/launch copy.md",
    ]
    assert run.summary == ""


@pytest.mark.slow  # runs l2lint up to three times
def test_full_format_and_a_missing_path_fail_with_exit_2(workspace, tmp_path):
    run = run_action(workspace, tmp_path, paths="web pages\nno such folder", format="full")
    assert run.status == 2
    assert run.outputs["check"]["exit-code"] == "2"
    assert "  |       ^^^^^^^^^ B205" in run.stdout


@pytest.mark.slow  # runs l2lint up to three times
def test_pip_cache_key_step(workspace, tmp_path):
    run = run_action(workspace, tmp_path, version="l2lint==0.2.0")
    key = run.outputs["pip-cache"]["key"]
    assert re.fullmatch(r"l2lint-pip-Linux-py\d+\.\d+-[0-9a-f]{16}", key)
    assert run.outputs["pip-cache"]["dir"]
    (tmp_path / "second").mkdir()
    other = run_action(workspace, tmp_path / "second", version="l2lint==0.3.0")
    assert other.outputs["pip-cache"]["key"] != key


def test_readme_names_the_release_tag():
    import l2lint

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    tag = f"v{l2lint.__version__}"
    assert f"rev: {tag}" in readme
    assert f"brand-tools/l2lint@{tag}" in readme
    assert "v0.1.0" not in readme
