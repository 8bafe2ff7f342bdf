"""One `check` run: inputs → findings, messages, fixed files and the exit code."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from l2lint.api import LintResult, lint_paths
from l2lint.config import Settings
from l2lint.engine import Linter
from l2lint.finding import Severity
from l2lint.pathfilter import GlobSet, PerFileIgnores
from l2lint.pipeline import Options, process_bytes
from l2lint.sources import format_for


@dataclass
class Outcome(LintResult):
    stdout_text: str | None = None

    def exit_code(
        self, fail_on: Severity = Severity.SUGGESTION, exit_zero: bool = False, mode: str = "check"
    ) -> int:
        """2 for an unreadable input; a skipped binary file yields to findings (exit 1).

        With --diff the answer is whether there is a diff; otherwise whether a finding
        at or above `fail_on` remains.
        """
        if any(not e.skipped_binary for e in self.errors):
            return 2
        if mode == "diff":
            failing = bool(self.diffs)
        else:
            failing = any(f.severity.rank >= fail_on.rank for f in self.findings)
        if failing:
            return 0 if exit_zero else 1
        if self.errors:
            return 2
        return 0


def exclude_globs(settings: Settings) -> GlobSet:
    """`exclude` of the configuration (relative to its folder) and `--exclude` (relative
    to the working directory)."""
    return GlobSet(settings.exclude, settings.root).add(settings.cli_exclude, Path.cwd())


def run_check(
    paths: list[str],
    linter: Linter,
    settings: Settings,
    options: Options,
    stdin_filename: str | None = None,
    jobs: int = 1,
    progress=None,
) -> Outcome:
    outcome = Outcome()
    ignores = PerFileIgnores(settings.per_file_ignores, settings.root)
    if "-" in paths:
        name = stdin_filename or "-"
        data = sys.stdin.buffer.read()
        fmt = format_for(name, settings.extensions) or "text"
        result, final = process_bytes(name, data, fmt, linter, ignores, options)
        if options.mode == "fix" and final is not None:
            outcome.stdout_text = final.source
        elif options.mode == "fix":
            outcome.stdout_text = data.decode("utf-8", errors="replace")
        outcome.add(result)
    file_paths = [p for p in paths if p != "-"]
    if file_paths:
        result = lint_paths(
            file_paths,
            linter,
            extensions=settings.extensions,
            exclude=exclude_globs(settings),
            respect_gitignore=settings.respect_gitignore,
            per_file_ignores=ignores,
            options=options,
            jobs=jobs,
            progress=progress,
        )
        for key in ("findings", "files", "errors", "notices", "diffs", "skipped"):
            getattr(outcome, key).extend(getattr(result, key))
        outcome.fixed += result.fixed
        outcome.fixed_files += result.fixed_files
        outcome.sources.update(result.sources)
    outcome.findings.sort(key=lambda f: f.sort_key)
    return outcome
