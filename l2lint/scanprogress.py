"""Progress of a long scan on a terminal: files done, MB/s, findings so far and ETA.

Shown on stderr only on a terminal (never in CI logs, `progress.wanted`), for scans
of at least `progress.MIN_FILES` files, redrawn at most ten times a second. Throughput
counts the bytes of the inputs done (as stored: a WARC page's record, a file's size)
over the wall time since the first file; the ETA assumes the remaining files go at
the average rate so far.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from l2lint.filecheck import FileResult, Input
from l2lint.progress import MIN_FILES, wanted

Meter = Callable[[int, int, Input, FileResult], None]


def status_line(done: int, total: int, nbytes: int, findings: int, seconds: float) -> str:
    """E.g. "1200/5000 files  3.4 MB/s  87 findings  ETA 0:01:05" (MB: 10^6 bytes)."""
    rate = nbytes / seconds / 1e6 if seconds > 0 else 0.0
    if done and seconds > 0:
        left = round(seconds / done * (total - done))
        eta = f"{left // 3600}:{left // 60 % 60:02d}:{left % 60:02d}"
    else:
        eta = "?"
    return f"{done}/{total} files  {rate:.1f} MB/s  {findings} findings  ETA {eta}"


@contextmanager
def scan_meter(enabled: bool = True) -> Iterator[Meter | None]:
    """A `run.OnResult` callback drawing `status_line`, or None when not on a terminal."""
    if not wanted(enabled):
        yield None
        return
    clock = {"start": 0.0, "last": 0.0}
    counts = {"bytes": 0, "findings": 0, "width": 0}

    def update(done: int, total: int, item: Input, result: FileResult) -> None:
        now = time.monotonic()
        if done == 1:
            clock["start"] = now
        counts["bytes"] += item.size()
        counts["findings"] += len(result.findings)
        if total < MIN_FILES or (now - clock["last"] < 0.1 and done < total):
            return
        clock["last"] = now
        seconds = now - clock["start"]
        line = status_line(done, total, counts["bytes"], counts["findings"], seconds)
        counts["width"] = max(counts["width"], len(line))
        sys.stderr.write("\r" + line.ljust(counts["width"]))
        sys.stderr.flush()

    try:
        yield update
    finally:
        if counts["width"]:
            sys.stderr.write("\r" + " " * counts["width"] + "\r")
            sys.stderr.flush()
