"""Spreading files over processes, with results in input order.

Output with --jobs N is identical to --jobs 1: results come back in the order the
files were discovered, and every worker runs the same linter (inherited by fork).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator

from l2lint.pipeline import FileResult, process_file

# Files per worker below which a pool costs more than it saves.
MIN_FILES_PER_WORKER = 8

# Scans this large almost surely need spaCy somewhere: load it once, before forking,
# rather than once in every worker.
PREWARM_FILES = 200

_STATE: tuple | None = None


def _prewarm(linter) -> None:
    from l2lint.nlp import pipeline

    languages = {pack.language for pack in linter.rule_set.packs} or {"en"}
    for language in languages:
        pipeline(language)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _work(item: tuple[str, str | None]) -> FileResult:
    linter, ignores, options = _STATE  # type: ignore[misc]
    return process_file(item[0], item[1], linter, ignores, options)


def map_files(inputs: list, linter, ignores, options, jobs: int) -> Iterator[FileResult]:
    global _STATE
    workers = min(jobs, len(inputs) // MIN_FILES_PER_WORKER)
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for path, fmt in inputs:
            yield process_file(path, fmt, linter, ignores, options)
        return
    _STATE = (linter, ignores, options)
    if len(inputs) >= PREWARM_FILES:
        _prewarm(linter)
    context = multiprocessing.get_context("fork")
    chunk = max(1, min(64, len(inputs) // (workers * 8)))
    with context.Pool(workers) as pool:
        yield from pool.imap(_work, inputs, chunksize=chunk)
    _STATE = None
