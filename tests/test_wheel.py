"""The built wheel carries the rule packs and the schema: a plain install finds them."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow  # builds and installs a wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (built,) = out.glob("l2lint-*.whl")
    return built


def test_wheel_contains_packs_and_schema(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "l2lint/rules/l2-technology.yaml" in names
    assert "l2lint/schema/rule-pack.schema.json" in names


def test_installed_wheel_runs_outside_the_source_tree(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    env = dict(os.environ, PYTHONPATH=str(site))
    where = subprocess.run(
        [sys.executable, "-c", "import l2lint.packs as p; print(p.builtin_rules_dir())"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(site)
    (tmp_path / "copy.txt").write_text("The Lumix S5II.\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "l2lint", "check", "--isolated", "--no-cache", "copy.txt"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stdout.startswith("copy.txt:1:5: B201")
    tested = subprocess.run(
        [sys.executable, "-m", "l2lint", "test-rules"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert tested.returncode == 0 and tested.stdout.strip().endswith("passed, 0 failed")
