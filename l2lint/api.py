"""The Python API the CLI itself uses: lint text or paths with the built-in packs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from l2lint.discovery import Skipped, discover
from l2lint.engine import Linter
from l2lint.finding import Finding
from l2lint.packs import load_rule_set
from l2lint.reader import InputError, read_document
from l2lint.sources import DEFAULT_EXTENSIONS, format_for, read_text_document


@cache
def default_linter() -> Linter:
    return Linter(load_rule_set())


def lint_text(text: str, filename: str | None = None, linter: Linter | None = None) -> list[Finding]:
    """Lint a string; `filename` picks the reader by extension (default plain text)."""
    name = filename or "<text>"
    fmt = format_for(name) or "text"
    if fmt == "docx":
        raise ValueError("lint_text reads text; use lint_paths for .docx files")
    doc = read_text_document(name, text, fmt)
    return (linter or default_linter()).lint_document(doc)


@dataclass
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def lint_paths(
    paths: Iterable[str],
    linter: Linter | None = None,
    extensions: dict[str, str] | None = None,
) -> LintResult:
    """Lint files and folders (recursively); unreadable inputs are collected, not raised."""
    linter = linter or default_linter()
    result = LintResult()
    for item in discover(list(paths), extensions or DEFAULT_EXTENSIONS):
        if isinstance(item, Skipped):
            result.errors.append(InputError(item.path, item.reason))
            continue
        path, fmt = item
        try:
            doc = read_document(path, fmt)
        except InputError as exc:
            result.errors.append(exc)
            continue
        result.files.append(doc.path)
        result.notices.extend(f"{doc.path}: {n}" for n in doc.notices)
        result.findings.extend(linter.lint_document(doc))
    result.findings.sort(key=lambda f: f.sort_key)
    return result
