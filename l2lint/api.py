"""The Python API: lint text or paths with the built-in packs (or a given linter).

A facade over the run layer: `lint_text` is one document (`engine`) with inline
suppressions applied as for a file (`filecheck`), `lint_paths` is a run over many files
(`run`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from l2lint.engine import Linter
from l2lint.filecheck import Options, finish_findings
from l2lint.finding import Finding
from l2lint.packs import load_rule_set
from l2lint.pathfilter import GlobSet, PerFileIgnores
from l2lint.run import Progress, RunResult, run_paths
from l2lint.sources import BINARY_FORMATS, format_for, read_text_document

__all__ = ["RunResult", "default_linter", "lint_paths", "lint_text"]


@cache
def default_linter() -> Linter:
    """A linter with every rule of the built-in packs (built once, then shared)."""
    return Linter(load_rule_set())


def lint_text(
    text: str, filename: str | None = None, linter: Linter | None = None
) -> list[Finding]:
    """The findings of a string, sorted by position, after its inline suppressions.

    `filename` picks the reader by extension (default plain text). Positions are
    1-based lines and columns in Unicode characters. Raises ValueError for a name of a
    binary format (.docx, .pptx, .pdf): read those with `lint_paths`.
    """
    name = filename or "<text>"
    fmt = format_for(name) or "text"
    if fmt in BINARY_FORMATS:
        raise ValueError(f"lint_text reads text; use lint_paths for .{fmt} files")
    doc = read_text_document(name, text, fmt)
    return finish_findings(doc, (linter or default_linter()).lint_document(doc), None)


def lint_paths(
    paths: Iterable[str],
    linter: Linter | None = None,
    extensions: dict[str, str] | None = None,
    exclude: GlobSet | None = None,
    per_file_ignores: PerFileIgnores | None = None,
    options: Options | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
) -> RunResult:
    """Lint files and folders (recursively); unreadable inputs are collected, not raised.

    Returns a `RunResult`: `.findings`, `.errors`, `.files` (checked), `.exit_code()`.
    """
    return run_paths(
        paths,
        linter or default_linter(),
        options or Options(),
        extensions=extensions,
        exclude=exclude,
        per_file_ignores=per_file_ignores,
        jobs=jobs,
        progress=progress,
    )
