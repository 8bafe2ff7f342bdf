"""The Python API the CLI itself uses: lint text or paths with the built-in packs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from l2lint.discovery import Excluded, Skipped, discover
from l2lint.engine import Linter
from l2lint.finding import Finding
from l2lint.packs import load_rule_set
from l2lint.parallel import map_files
from l2lint.pathfilter import GlobSet, PerFileIgnores
from l2lint.pipeline import FileResult, Options
from l2lint.reader import InputError
from l2lint.sources import DEFAULT_EXTENSIONS, format_for, read_text_document


@cache
def default_linter() -> Linter:
    return Linter(load_rule_set())


def lint_text(
    text: str, filename: str | None = None, linter: Linter | None = None
) -> list[Finding]:
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
    fixed: int = 0
    fixed_files: int = 0
    diffs: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    skipped: list[Excluded] = field(default_factory=list)  # what folder walks left out

    def add(self, result: FileResult) -> None:
        if result.checked:
            self.files.append(result.path)
        if result.error is not None:
            self.errors.append(result.error)
        self.notices.extend(result.notices)
        self.findings.extend(result.findings)
        if result.fixed:
            self.fixed += result.fixed
            self.fixed_files += 1
        if result.diff:
            self.diffs.append(result.diff)
        if result.source is not None:
            self.sources[result.path] = result.source


def collect_inputs(
    paths,
    extensions,
    exclude: GlobSet | None,
    respect_gitignore: bool = True,
    skipped: list[Excluded] | None = None,
):
    """Discovered (path, format) pairs and the inputs that could not be found; what a
    walk skipped on purpose is appended to `skipped` when given."""
    matcher = exclude.matches if exclude is not None and exclude.spec is not None else None
    inputs, missing = [], []
    for item in discover(list(paths), extensions, matcher, respect_gitignore):
        if isinstance(item, Skipped):
            missing.append(InputError(item.path, item.reason))
        elif isinstance(item, Excluded):
            if skipped is not None:
                skipped.append(item)
        else:
            inputs.append(item)
    return inputs, missing


def lint_paths(
    paths: Iterable[str],
    linter: Linter | None = None,
    extensions: dict[str, str] | None = None,
    exclude: GlobSet | None = None,
    per_file_ignores: PerFileIgnores | None = None,
    options: Options | None = None,
    jobs: int = 1,
    progress=None,
    respect_gitignore: bool = True,
) -> LintResult:
    """Lint files and folders (recursively); unreadable inputs are collected, not raised."""
    linter = linter or default_linter()
    options = options or Options()
    result = LintResult()
    inputs, missing = collect_inputs(
        paths, extensions or DEFAULT_EXTENSIONS, exclude, respect_gitignore, result.skipped
    )
    result.errors.extend(missing)
    progress = progress or (lambda done, total: None)
    for done, file_result in enumerate(
        map_files(inputs, linter, per_file_ignores, options, jobs), start=1
    ):
        result.add(file_result)
        progress(done, len(inputs))
    result.findings.sort(key=lambda f: f.sort_key)
    return result
