"""When progress is drawn (`wanted`: only on a terminal, never in CI logs; `MIN_FILES`),
and a plain progress bar on stderr (`progress_bar`).

The CLI's scan shows `scanprogress.scan_meter`, built on `wanted`; `progress_bar` is not
on the CLI's path.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

MIN_FILES = 20  # below this a scan is over before a bar helps
WIDTH = 30


def wanted(enabled: bool) -> bool:
    """Whether to draw a bar: asked for, stderr is a terminal and `CI` is unset or empty."""
    return enabled and sys.stderr.isatty() and not os.environ.get("CI")


@contextmanager
def progress_bar(enabled: bool = True) -> Iterator[Callable[[int, int], None] | None]:
    """A context giving `update(done, total)` (counts of files) that redraws the bar on
    stderr at most every 0.1 s, or None when no bar is `wanted`. Runs of fewer than
    `MIN_FILES` files draw nothing; the bar is erased on exit."""
    if not wanted(enabled):
        yield None
        return
    shown = {"drawn": False, "last": 0.0}

    def update(done: int, total: int) -> None:
        now = time.monotonic()
        if total < MIN_FILES or (now - shown["last"] < 0.1 and done < total):
            return
        shown["last"], shown["drawn"] = now, True
        filled = WIDTH * done // total
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total} files")
        sys.stderr.flush()

    try:
        yield update
    finally:
        if shown["drawn"]:
            sys.stderr.write("\r" + " " * (WIDTH + 30) + "\r")
            sys.stderr.flush()
