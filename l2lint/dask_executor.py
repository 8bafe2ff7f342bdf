"""The Dask executor: files read and linted by dask.distributed workers.

`dask_map` has the signature of `run.map_files` and yields the same results in the same
(input) order, so a run's findings, output and exit code are those of a local run.

- Cluster: the scheduler at `scheduler` (e.g. "tcp://host:8786"), or without one a
  `LocalCluster` of `jobs` single-threaded worker processes listening on 127.0.0.1.
- Work: the inputs are cut into batches of about `batch_bytes` (several per worker, for
  balance); each batch is one task returning its `FileResult`s. The linter, per-file
  ignores and options go to the cluster once, as one task every batch depends on (a
  worker that loses it computes it again), not once per batch.
- Failures: `check_file` turns a bad file into its one-line error on the worker, as
  locally. A worker that dies has its tasks run again elsewhere (the scheduler's
  `distributed.scheduler.allowed-failures`, 3 by default); a batch that still fails is
  split into one task per file, and a file that kills every worker it meets becomes
  that file's one error line.
- Paths: local paths are sent as absolute paths with the shown path and the per-file
  ignores resolved on this machine, so workers elsewhere need the same files at the
  same place (a shared mount) or, better, URLs (`remote`). The results cache is each
  worker's disk at the configuration's folder: on this machine the usual
  `.l2lint_cache/`.

Source: the futures API of dask.distributed (https://distributed.dask.org/en/stable/
client.html): `Client.submit`, `as_completed`, `KilledWorker`.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import pickle
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from typing import Any

from l2lint.engine import Linter
from l2lint.filecheck import FileResult, Input, InputError, Options, check_file
from l2lint.pathfilter import PerFileIgnores

INSTALL_HINT = "pip install 'l2lint[dask]'"
BATCH_BYTES = 4 * 1024 * 1024  # at most this much copy per task ...
BATCH_FILES = 256  # ... and at most this many files
BATCHES_PER_WORKER = 8  # at least this many tasks per worker while there is enough work


class ExecutorError(RuntimeError):
    """The cluster cannot be used (Dask not installed, scheduler unreachable); one line."""


def dask_map(
    inputs: list[Input],
    linter: Linter,
    ignores: PerFileIgnores | None,
    options: Options,
    jobs: int | None,
    scheduler: str | None = None,
    batch_bytes: int = BATCH_BYTES,
) -> Generator[FileResult, None, None]:
    """`check_file` of every input on a Dask cluster; results in input order. `jobs`:
    the workers of a LocalCluster (None: one per core); unused with a `scheduler`.

    Raises `ExecutorError` when Dask is missing or the scheduler cannot be reached.
    """
    if not inputs:
        return
    try:
        from distributed import as_completed
    except ImportError:
        raise ExecutorError(f"--executor dask needs Dask: {INSTALL_HINT}") from None
    portable = [_portable(item) for item in inputs]
    if ignores is not None:
        ignores = _Resolved(ignores, [item.shown for item in portable])
    with _client(scheduler, jobs or os.cpu_count() or 1) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        blob = pickle.dumps((linter, ignores, options), protocol=pickle.HIGHEST_PROTOCOL)
        state = client.submit(_load_state, blob, pure=False)
        batches = list(_batches(portable, workers, batch_bytes))
        futures = {
            client.submit(_check_batch, batch, state, pure=False): (start, batch)
            for start, batch in batches
        }
        done: dict[int, list[FileResult]] = {}
        position = 0
        for future in as_completed(futures):
            start, batch = futures.pop(future)
            done[start] = gather_batch(client, future, batch, state)
            while position in done:
                results = done.pop(position)
                position += len(results)
                yield from results


@contextmanager
def _client(scheduler: str | None, jobs: int) -> Iterator[Any]:
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise ExecutorError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
        with client:
            yield client
        return
    cluster = LocalCluster(
        n_workers=max(1, jobs),
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    with cluster, Client(cluster) as client:
        yield client


def _portable(item: Input) -> Input:
    """The input with its shown path fixed here and a local path made absolute."""
    if item.data is not None or "://" in item.path:
        return dataclasses.replace(item, name=item.shown)
    return dataclasses.replace(item, path=os.path.abspath(item.path), name=item.shown)


class _Resolved(PerFileIgnores):
    """Per-file ignores resolved here, for the shown paths of a run: a worker elsewhere,
    in another working directory, cannot match globs against relative paths."""

    def __init__(self, ignores: PerFileIgnores, paths: list[str]):
        self.entries = []
        self.codes: dict[str, list[str]] = {}
        for path in paths:  # only the paths with codes to ignore: a crawl has millions
            codes = ignores.ignored_codes(path)
            if codes:
                self.codes[path] = codes

    def ignored_codes(self, path: str) -> list[str]:
        return self.codes.get(path, [])


def _batches(
    inputs: list[Input], workers: int, batch_bytes: int
) -> Iterator[tuple[int, list[Input]]]:
    """(index of the first input, inputs) in order, each batch at most `batch_bytes`
    (one bigger file alone) and small enough that every worker gets several."""
    sizes = [item.size() for item in inputs]
    limit = max(1, min(batch_bytes, sum(sizes) // (workers * BATCHES_PER_WORKER)))
    count = max(1, min(BATCH_FILES, len(inputs) // (workers * BATCHES_PER_WORKER)))
    start, total = 0, 0
    batch: list[Input] = []
    for index, (item, size) in enumerate(zip(inputs, sizes, strict=True)):
        if batch and (total + size > limit or len(batch) >= count):
            yield start, batch
            start, batch, total = index, [], 0
        batch.append(item)
        total += size
    if batch:
        yield start, batch


def gather_batch(client: Any, future: Any, batch: list[Input], state: Any) -> list[FileResult]:
    """A batch's results (one a file, in `batch` order) from its Dask `future`; a batch
    whose workers kept dying is run again file by file, and a file that still kills its
    worker gets a one-line error. Raises ExecutorError when the task fails otherwise
    (`check_file` never raises, so the workers cannot run l2lint)."""
    from distributed import KilledWorker

    try:
        return future.result()
    except KilledWorker:
        if len(batch) == 1:
            return [_lost(batch[0])]
    except Exception as exc:  # check_file never raises: the workers cannot run l2lint
        raise ExecutorError(
            f"the Dask workers cannot check files ({type(exc).__name__}: {exc}); "
            "is the same l2lint installed on them?"
        ) from None
    singles = [client.submit(_check_batch, [item], state, pure=False) for item in batch]
    results = []
    for item, single in zip(batch, singles, strict=True):
        try:
            results.extend(single.result())
        except KilledWorker:
            results.append(_lost(item))
    return results


def _lost(item: Input) -> FileResult:
    reason = "a Dask worker died each time it checked this file (out of memory, or a crash)"
    return FileResult(item.shown, error=InputError(item.shown, reason), checked=False)


def _load_state(blob: bytes) -> tuple[Linter, PerFileIgnores | None, Options]:
    """On a worker: the run's linter, per-file ignores and options."""
    return pickle.loads(blob)


def _check_batch(
    batch: list[Input], state: tuple[Linter, PerFileIgnores | None, Options]
) -> list[FileResult]:
    """On a worker: `check_file` of each input of a batch."""
    linter, ignores, options = state
    return [check_file(item, linter, ignores, options) for item in batch]
