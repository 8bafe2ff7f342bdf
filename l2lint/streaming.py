"""Huge files, checked slice by slice so that memory does not grow with them.

`pipeline` sends a file here when it is over `slices.SLICE_THRESHOLD` and only checked
(`pipeline.sliceable`). A file on disk is read twice, a megabyte at a time: once to hash
it (for the result cache) and settle its encoding as `decode` would, once to decode and
lint it (`sliced.lint_in_slices`). Input already in memory (stdin) is sliced the same way.
"""

from __future__ import annotations

from l2lint.engine import Linter, RuleTimeout
from l2lint.pipeline import FileResult, Options, finish_findings
from l2lint.reader import InputError, decode_input, display_path, input_error, skipped_binary
from l2lint.sliced import lint_in_slices
from l2lint.sources.decode import BinaryFileError, decode_pieces, sniff
from l2lint.sources.slices import pieces_of


def check_bytes_in_slices(
    result: FileResult, data: bytes, fmt: str, linter: Linter, ignores, options: Options
) -> FileResult:
    """Input already in memory (stdin)."""
    path = result.path
    try:
        decoded = decode_input(path, data)
    except InputError as exc:
        result.error, result.checked = exc, False
        return result
    if decoded.notice:
        result.notices.append(f"{path}: {decoded.notice}")
    return check_pieces(result, pieces_of(decoded.text), fmt, linter, ignores, options)


def check_file_in_slices(
    path: str, fmt: str, linter: Linter, ignores, options: Options
) -> FileResult:
    """A huge file, streamed twice (to hash and sniff its encoding, then to lint it)."""
    result = FileResult(display_path(path))
    cache = options.cache
    try:
        with open(path, "rb") as handle:
            found = sniff(handle)
            key = cache.key_for_hash(result.path, found.sha256) if cache is not None else None
            hit = cache.get(key) if cache is not None else None
            if hit is not None:
                result.findings, result.notices = hit
                return result
            if found.notice:
                result.notices.append(f"{result.path}: {found.notice}")
            check_pieces(result, decode_pieces(handle, found), fmt, linter, ignores, options)
    except OSError as exc:
        return FileResult(path, error=input_error(path, exc), checked=False)
    except BinaryFileError as exc:
        return FileResult(path, error=skipped_binary(path, exc), checked=False)
    if cache is not None and result.error is None:
        cache.put(key, result.findings, result.notices)
    return result


def check_pieces(
    result: FileResult, pieces, fmt: str, linter: Linter, ignores, options: Options
) -> FileResult:
    """Check a huge document given as decoded pieces, slice by slice."""
    try:
        sliced = lint_in_slices(result.path, pieces, fmt, linter)
    except RuleTimeout as exc:
        result.error, result.checked = InputError(result.path, str(exc)), False
        return result
    whole = sliced.document(result.path, fmt)
    result.findings = finish_findings(whole, sliced.findings, ignores, options, sliced.directives)
    return result
