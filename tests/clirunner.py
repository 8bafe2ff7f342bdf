"""Running the CLI in-process (fast) or as a real subprocess (end to end)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass

from click.testing import CliRunner

from l2lint.cli import cli


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def json(self):
        return json.loads(self.stdout)


def run(args: list[str], cwd=None, input: str | bytes | None = None) -> Run:
    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, args, input=input, catch_exceptions=False)
    finally:
        os.chdir(old)
    return Run(result.exit_code, result.stdout, result.stderr)


def run_process(args: list[str], cwd=None, input: bytes | None = None, env=None) -> Run:
    proc = subprocess.run(
        [sys.executable, "-m", "l2lint", *args],
        cwd=cwd,
        input=input,
        capture_output=True,
        env=env,
        timeout=300,
    )
    return Run(
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )
