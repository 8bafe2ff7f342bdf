"""One `check` run: inputs → documents → findings, plus messages and the exit code."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from l2lint.api import lint_paths
from l2lint.engine import Linter
from l2lint.finding import Finding
from l2lint.reader import InputError, document_from_bytes
from l2lint.sources import format_for


@dataclass
class Outcome:
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    def exit_code(self, exit_zero: bool = False) -> int:
        """2 for an unreadable input; a skipped binary file yields to findings (exit 1)."""
        hard_errors = [e for e in self.errors if not e.skipped_binary]
        if hard_errors:
            return 2
        if self.findings:
            return 0 if exit_zero else 1
        if self.errors:
            return 2
        return 0


def run_check(paths: list[str], linter: Linter, stdin_filename: str | None = None) -> Outcome:
    outcome = Outcome()
    file_paths = [p for p in paths if p != "-"]
    if "-" in paths:
        name = stdin_filename or "-"
        data = sys.stdin.buffer.read()
        try:
            doc = document_from_bytes(name, data, format_for(name) or "text")
        except InputError as exc:
            outcome.errors.append(exc)
        else:
            outcome.files.append(name)
            outcome.findings.extend(linter.lint_document(doc))
    if file_paths:
        result = lint_paths(file_paths, linter)
        outcome.findings.extend(result.findings)
        outcome.files.extend(result.files)
        outcome.errors.extend(result.errors)
        outcome.messages.extend(result.notices)
    for error in outcome.errors:
        outcome.messages.append(f"{'notice' if error.skipped_binary else 'error'}: {error}")
    outcome.findings.sort(key=lambda f: f.sort_key)
    return outcome
