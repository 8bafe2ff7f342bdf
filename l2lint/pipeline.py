"""One file through the whole path: read → (fix) → lint → suppressions → results.

Everything here works on one file, so files can be spread over processes.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field

from l2lint.document import Document
from l2lint.engine import Linter, RuleTimeout
from l2lint.finding import Finding
from l2lint.fixverify import INEXACT, decodes_exactly, fixed_bytes, reread, run_fixes
from l2lint.pathfilter import PerFileIgnores
from l2lint.reader import InputError, display_path, document_from_bytes, read_bytes
from l2lint.sources.slices import SLICE_THRESHOLD
from l2lint.suppress import Directive, apply_suppressions, unused_findings
from l2lint.writer import WriteError, write_atomic

MAX_FIX_PASSES = 10


@dataclass
class Options:
    mode: str = "check"  # "check", "fix" or "diff"
    unsafe: bool = False
    report_unused: bool = False
    keep_source: bool = False  # reporters that show the copy need it
    cache: object | None = None  # a cache.ResultCache for plain checks


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    error: InputError | None = None
    notices: list[str] = field(default_factory=list)
    fixed: int = 0
    diff: str = ""
    output_text: str | None = None  # fixed text for stdin
    source: str | None = None
    checked: bool = True


def lint_doc(
    doc: Document, linter: Linter, ignores: PerFileIgnores | None, options: Options
) -> list[Finding]:
    return finish_findings(doc, linter.lint_document(doc), ignores, options)


def finish_findings(
    doc: Document,
    findings: list[Finding],
    ignores: PerFileIgnores | None,
    options: Options,
    directives: list[Directive] | None = None,
) -> list[Finding]:
    """Inline suppressions, per-file ignores and unused-suppression warnings."""
    findings, suppressions = apply_suppressions(doc, findings, directives)
    if ignores is not None:
        codes = ignores.ignored_codes(doc.path)
        if codes:
            findings = [f for f in findings if not any(f.code.startswith(c) for c in codes)]
    if options.report_unused and suppressions:
        findings = sorted(findings + unused_findings(doc, suppressions), key=lambda f: f.sort_key)
    return findings


def fix_loop(
    doc: Document, linter: Linter, ignores, options: Options
) -> tuple[Document, list[Finding], int]:
    """Verified fix passes until nothing changes (bounded); returns the final state.

    A fix that fails verification is not written; its finding says why (`fixverify`).
    """
    outcome = run_fixes(
        doc, lambda d: lint_doc(d, linter, ignores, options), options.unsafe, reread, MAX_FIX_PASSES
    )
    return outcome.doc, outcome.findings, outcome.applied


def process_bytes(
    path: str, data: bytes, fmt: str | None, linter: Linter, ignores, options: Options
) -> tuple[FileResult, Document | None]:
    result = FileResult(path)
    if sliceable(len(data), fmt, linter, options):
        from l2lint.streaming import check_bytes_in_slices

        return check_bytes_in_slices(result, data, fmt or "text", linter, ignores, options), None
    wanted = None if options.keep_source or options.report_unused else linter.may_match_source
    try:
        doc = document_from_bytes(path, data, fmt, wanted)
    except InputError as exc:
        result.error, result.checked = exc, False
        return result, None
    result.notices.extend(f"{path}: {n}" for n in doc.notices)
    if options.mode != "check" and doc.fixable and not decodes_exactly(doc, data):
        doc.fixable = False
        result.notices.append(f"{path}: not fixed: {INEXACT}")
    if options.keep_source:
        result.source = doc.source
    try:
        return _lint_or_fix(result, doc, linter, ignores, options)
    except RuleTimeout as exc:
        result.error, result.findings, result.fixed = InputError(path, str(exc)), [], 0
        result.checked = False
        return result, None


def sliceable(size: int, fmt: str | None, linter: Linter, options: Options) -> bool:
    """Whether a file is checked slice by slice (`streaming`), in bounded memory; fixes
    and reports that show the copy need the whole document."""
    return (
        size > SLICE_THRESHOLD
        and fmt != "docx"
        and options.mode == "check"
        and not options.keep_source
        and linter.can_slice
    )


def _lint_or_fix(result: FileResult, doc: Document, linter: Linter, ignores, options: Options):
    path = result.path
    if options.mode == "check" or not doc.fixable:
        result.findings = lint_doc(doc, linter, ignores, options)
        return result, doc
    final, result.findings, result.fixed = fix_loop(doc, linter, ignores, options)
    if options.mode == "diff" and final.source != doc.source:
        result.diff = "".join(
            difflib.unified_diff(
                doc.source.splitlines(keepends=True),
                final.source.splitlines(keepends=True),
                fromfile=f"a/{path}",
                tofile=f"b/{path}",
            )
        )
    if options.keep_source:
        result.source = final.source if options.mode == "fix" else doc.source
    return result, final


def process_file(
    path: str, fmt: str | None, linter: Linter, ignores, options: Options
) -> FileResult:
    try:
        size = os.stat(path).st_size
    except OSError:
        size = 0  # reading it will say what is wrong
    if sliceable(size, fmt, linter, options):
        from l2lint.streaming import check_file_in_slices

        return check_file_in_slices(path, fmt or "text", linter, ignores, options)
    try:
        data = read_bytes(path)
    except InputError as exc:
        return FileResult(path, error=exc, checked=False)
    shown = display_path(path)
    cache = options.cache if options.mode == "check" else None
    key = cache.key(shown, data) if cache is not None else None
    if cache is not None:
        hit = cache.get(key)
        if hit is not None:
            result = FileResult(shown, findings=hit[0], notices=hit[1])
            if options.keep_source:
                result.source = document_from_bytes(shown, data, fmt).source
            return result
    result, final = process_bytes(shown, data, fmt, linter, ignores, options)
    if cache is not None and result.error is None:
        cache.put(key, result.findings, result.notices)
    if options.mode == "fix" and final is not None and result.fixed:
        new_bytes = fixed_bytes(final, data)
        if new_bytes != data:
            try:
                write_atomic(path, new_bytes, expected=data)
            except WriteError as exc:
                result.error = InputError(shown, f"not fixed: {exc}")
                result.fixed = 0  # the file still holds every finding it had
                result.findings = lint_doc(
                    document_from_bytes(shown, data, fmt), linter, ignores, options
                )
    return result
