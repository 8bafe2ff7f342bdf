"""Many files: discovery, then each file checked in turn or in a process pool, one result.

`run_paths` is the entry point (the CLI calls it once per configuration group,
`configdiscovery.plan_groups`); `map_files` is the local executor, and another with its
signature may replace it (`dask_executor.dask_map`).

Output with --jobs N is identical to --jobs 1: results come back in the order the files
were discovered (standard input first), and every worker runs the same linter, inherited
by fork (`_fork_state`). Workers end with their parent: a worker whose parent is gone
(killed with SIGKILL, as a CI runner cancelling a job does) stops before its next file,
and on Linux the kernel sends it SIGTERM at once (`PR_SET_PDEATHSIG`, prctl(2)). On
SIGINT (or SIGTERM inside `stop_on_sigterm`) the parent stops the pool, so no further
file is written. A worker that dies (the OOM killer's SIGKILL) costs the one file it was
checking, reported as that file's error; the run goes on with a new worker (`_pool_map`).
"""

from __future__ import annotations

import dataclasses
import gc
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from itertools import groupby
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING

from l2lint.discovery import Excluded, Skipped, checked_roots, discover, target_reason
from l2lint.engine import Linter
from l2lint.filecheck import STDIN, FileResult, Input, InputError, Options, check_file
from l2lint.finding import Finding, Severity
from l2lint.pathfilter import GlobSet, PerFileIgnores
from l2lint.remote import collect_urls, expand_archives, is_url
from l2lint.report import Report
from l2lint.sources import DEFAULT_EXTENSIONS, format_for
from l2lint.sources.limits import MIB, STDIN_LIMIT_ENV, stdin_limit_bytes

if TYPE_CHECKING:
    from l2lint.config import Settings
    from l2lint.packs import Rule

# Files, and bytes, per worker below which a pool costs more than it saves: a worker
# that needs spaCy loads it itself (about a second of CPU time), which pays off only
# over a few megabytes of copy.
MIN_FILES_PER_WORKER = 8
MIN_BYTES_PER_WORKER = 2_000_000
# A pooled run checks at most 1 / (WARM_UP_SHARE * workers) of its files in this process
# before forking, waiting for a claim to load spaCy (see `map_files`).
WARM_UP_SHARE = 4
# With --jobs not given, CPU seconds of work a worker must have left for a pool to pay:
# about what a worker spends loading spaCy and the language detector when it meets a
# claim, or (spaCy inherited) forking and sending results back.
POOL_MIN_SECONDS = 1.0
POOL_MIN_SECONDS_LOADED = 0.25

Progress = Callable[[int, int], None]
# Executor: (inputs, linter, ignores, options, jobs) -> results in input order; `map_files`
# is the local one, `dask_executor.dask_map` the distributed one.
Executor = Callable[..., Generator[FileResult, None, None]]
# Called after each file: (files done, files in all, the input, its result).
OnResult = Callable[[int, int, Input, FileResult], None]


@dataclass
class RunResult:
    """Everything one run yielded, added file by file (`add`), and its exit code."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # the files checked
    fixed: int = 0
    fixed_files: int = 0
    diffs: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    stdout_text: bytes | None = None  # --fix on stdin: the fixed input, in its encoding
    skipped: list[Excluded] = field(default_factory=list)  # what folder walks left out

    def add(self, result: FileResult) -> None:
        """Count one file's result: its findings, error, notices, fixes, diff and source."""
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
        if result.stdout_text is not None:
            self.stdout_text = result.stdout_text

    def merge(self, other: RunResult) -> None:
        """Add the result of another run over other files (another configuration's group):
        its files, errors, notices, diffs and skipped paths after these, its fix counts
        to these, its sources and fixed stdin text over these; the findings are then
        sorted by position again (`Finding.sort_key`)."""
        self.findings.extend(other.findings)
        self.errors.extend(other.errors)
        self.notices.extend(other.notices)
        self.files.extend(other.files)
        self.fixed += other.fixed
        self.fixed_files += other.fixed_files
        self.diffs.extend(other.diffs)
        self.sources.update(other.sources)
        if other.stdout_text is not None:
            self.stdout_text = other.stdout_text
        self.skipped.extend(other.skipped)
        self.findings.sort(key=lambda f: f.sort_key)

    def report(
        self,
        rules: dict[str, Rule],
        fail_on: Severity = Severity.SUGGESTION,
        stale: list | None = None,
        baselined: int = 0,
        extensions: dict[str, str] | None = None,
        exit_zero: bool = False,
    ) -> Report:
        """What the reporters get of this run: its findings, checked files, fix counts
        and sources, and the errors that fail it (a skipped binary file is a notice, not
        one of them); `rules` (code → Rule) and the rest as `Report` describes them."""
        return Report(
            self.findings,
            self.files,
            rules,
            self.fixed,
            self.fixed_files,
            self.sources,
            fail_on=fail_on,
            stale=stale or [],
            baselined=baselined,
            extensions=extensions,
            errors=[e for e in self.errors if not e.skipped_binary],
            exit_zero=exit_zero,
        )

    def exit_code(
        self,
        fail_on: Severity = Severity.SUGGESTION,
        exit_zero: bool = False,
        mode: str = "check",
        allow_empty: bool = True,
    ) -> int:
        """0 clean, 1 findings, 2 an input that could not be checked.

        A skipped binary file yields to findings (exit 1). The answer is whether a
        finding at or above `fail_on` remains (with --fix or --diff: after the fix);
        with --diff also whether there is a diff. Without `allow_empty`, a run that
        checked no file at all exits 2.
        """
        if any(not e.skipped_binary for e in self.errors):
            return 2
        failing = any(f.severity.rank >= fail_on.rank for f in self.findings)
        if mode == "diff":
            failing = failing or bool(self.diffs)
        if failing:
            return 0 if exit_zero else 1
        if self.errors or (not self.files and not allow_empty):
            return 2
        return 0


def exclude_globs(settings: Settings) -> GlobSet:
    """`exclude` of the configuration (relative to its folder) and `--exclude` (relative
    to the working directory)."""
    return GlobSet(settings.exclude, settings.root).add(settings.cli_exclude, Path.cwd())


def collect_inputs(
    paths: Iterable[str],
    extensions: dict[str, str],
    exclude: GlobSet | None,
    stdin_filename: str | None = None,
    respect_gitignore: bool = True,
    skipped: list[Excluded] | None = None,
) -> tuple[list[Input], list[InputError]]:
    """The inputs to check, in order (stdin "-" first), and the paths that do not exist;
    what a folder walk skipped on purpose is appended to `skipped` when given."""
    paths = list(paths)
    matcher = exclude.matches if exclude is not None and exclude.spec is not None else None
    inputs: list[Input] = []
    missing: list[InputError] = []
    if STDIN in paths:
        name = stdin_filename or STDIN
        limit = stdin_limit_bytes()
        data = sys.stdin.buffer.read(limit + 1)  # never more: "-" < /dev/zero must end
        if len(data) > limit:
            reason = (
                f"standard input is larger than the limit of {limit // MIB} MiB "
                f"({STDIN_LIMIT_ENV}); save it to a file, which is read in slices"
            )
            missing.append(InputError(name, reason))
        else:
            inputs.append(Input(STDIN, format_for(name, extensions) or "text", name, data))
    for url, group in groupby([p for p in paths if p != STDIN], key=is_url):
        if url:  # fsspec URLs (`remote`), in their place in the order given
            found, problems = collect_urls(list(group), extensions, exclude)
            inputs.extend(found)
            missing.extend(problems)
            continue
        for item in discover(list(group), extensions, matcher, respect_gitignore):
            if isinstance(item, Skipped):
                missing.append(InputError(item.path, item.reason))
            elif isinstance(item, Excluded):
                if skipped is not None:
                    skipped.append(item)
            else:
                inputs.append(Input(*item))
    return unique(inputs), missing


def unique(inputs: list[Input]) -> list[Input]:
    """`inputs` with each file once, under the first name it was given by: a file named
    twice, by another relative or an absolute path or a symbolic link, or named and also
    found in a folder walk, is one file (compared by `os.path.realpath`). URLs and
    standard input compare as given. A name with no symbolic link on its way is
    preferred to one through a link, in the place the first name had: per-file
    settings and reports follow the file's own name (#22)."""
    seen: dict[str, int] = {}  # key -> index in `kept`
    kept: list[Input] = []
    for item in inputs:
        by_name = item.data is not None or is_url(item.path)
        key = item.path if by_name else os.path.realpath(item.path)
        if key not in seen:
            seen[key] = len(kept)
            kept.append(item)
        elif not by_name and _through_link(kept[seen[key]]) and not _through_link(item):
            kept[seen[key]] = item  # the file's own name, not a link's (#22)
    return kept


def _through_link(item: Input) -> bool:
    """Whether a symbolic link lies on the way of a file input's path."""
    return os.path.realpath(item.path) != os.path.abspath(item.path)


def run_paths(
    paths: Iterable[str],
    linter: Linter,
    options: Options,
    extensions: dict[str, str] | None = None,
    exclude: GlobSet | None = None,
    per_file_ignores: PerFileIgnores | None = None,
    jobs: int | None = 1,
    progress: Progress | None = None,
    stdin_filename: str | None = None,
    respect_gitignore: bool = True,
    executor: Executor | None = None,
    on_result: OnResult | None = None,
) -> RunResult:
    """Check files and folders (recursively) and URLs; "-" is standard input.

    Inputs that cannot be read or checked become `RunResult.errors`, never exceptions.
    `jobs` None: `default_jobs()` processes, for scans big enough to pay for them.
    `executor` (default `map_files`) checks the inputs; `on_result` sees each result.
    """
    result = RunResult()
    paths = list(paths)
    inputs, missing = collect_inputs(
        paths,
        extensions or DEFAULT_EXTENSIONS,
        exclude,
        stdin_filename,
        respect_gitignore,
        result.skipped,
    )
    inputs, unreadable = expand_archives(inputs, options.mode)
    result.errors.extend(missing + unreadable)
    if options.mode == "fix" and options.roots is None:
        options = dataclasses.replace(options, roots=checked_roots(paths))
    if options.mode == "fix" and options.skipped_targets is None:
        matcher = exclude.matches if exclude is not None and exclude.spec is not None else None
        ext = extensions or DEFAULT_EXTENSIONS
        walked = [p for p in paths if p != STDIN and not is_url(p)]
        skips = {
            i.path: reason
            for i in inputs
            if i.data is None
            and (reason := target_reason(i.path, walked, ext, matcher, respect_gitignore))
        }
        options = dataclasses.replace(options, skipped_targets=skips)
    mapped = (executor or map_files)(inputs, linter, per_file_ignores, options, jobs)
    # closing: a signal raised between two results stops the pool at once
    with closing(mapped) as results:
        for done, (item, file_result) in enumerate(zip(inputs, results, strict=True), start=1):
            result.add(file_result)
            if progress is not None:
                progress(done, len(inputs))
            if on_result is not None:
                on_result(done, len(inputs), item, file_result)
    result.findings.sort(key=lambda f: f.sort_key)
    return result


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def map_files(
    inputs: list[Input],
    linter: Linter,
    ignores: PerFileIgnores | None,
    options: Options,
    jobs: int | None,
) -> Generator[FileResult, None, None]:
    """`check_file` of every input, in input order; in a fork pool for large runs.

    Below `MIN_FILES_PER_WORKER` files a worker (and, when `jobs` is None, the default,
    below `MIN_BYTES_PER_WORKER` bytes a worker), the run stays in this process.
    Otherwise this process first checks files itself, in order, until it has loaded
    what a claim needs (`_claim_tools_loaded`: spaCy, and the language detector when the
    packs have several languages) or has checked `1 / (WARM_UP_SHARE * workers)` of the
    files; the rest go to a pool forked from it. Workers so inherit what the scan has
    shown it needs, loaded once, and nothing is loaded on speculation: most files never
    reach spaCy (the literal prefilter), and a scan that never meets a claim never
    loads it. With `jobs` None, the rest stays in this process too when, at the CPU
    time per byte of the files checked so far, the pool would not pay (`_pool_pays`)."""
    workers = min(jobs or default_jobs(), len(inputs) // MIN_FILES_PER_WORKER)
    if jobs is None and workers > 1:
        workers = min(workers, _total_bytes(inputs) // MIN_BYTES_PER_WORKER)
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for item in inputs:
            yield check_file(item, linter, ignores, options)
        return
    several_languages = len(linter.languages) > 1
    warm_up = len(inputs) // (WARM_UP_SHARE * workers)
    done = 0
    costs: list[tuple[float, int]] = []  # (CPU seconds, bytes) of each file checked here
    while done < warm_up and not _claim_tools_loaded(several_languages):
        started = time.process_time()
        result = check_file(inputs[done], linter, ignores, options)
        costs.append((time.process_time() - started, _total_bytes(inputs[done : done + 1])))
        yield result
        done += 1
    rest = inputs[done:]
    if jobs is None and not _pool_pays(
        costs, _total_bytes(rest), workers, _claim_tools_loaded(several_languages)
    ):
        for item in rest:
            yield check_file(item, linter, ignores, options)
        return
    chunk = max(1, min(64, len(rest) // (workers * 8)))
    context = multiprocessing.get_context("fork")
    # Objects made so far (spaCy, compiled expressions, the packs) are moved out of the
    # collector's reach before forking: a collection in a worker would otherwise write
    # to every one of them and copy the pages the workers share (gc.freeze, Python docs).
    gc.freeze()
    try:
        with _fork_state((linter, ignores, options, _death_signal(), os.getpid(), rest)):
            yield from _pool_map(context, workers, len(rest), chunk, rest)
    finally:
        gc.unfreeze()


@dataclass
class _Worker:
    """One forked worker: its process, its end of the pipe, and the indices (into the
    files left for the pool) it was given and has not answered yet, in order."""

    process: multiprocessing.process.BaseProcess
    conn: Connection
    pending: deque[int] = field(default_factory=deque)


def _pool_map(
    context: multiprocessing.context.ForkContext,
    workers: int,
    count: int,
    chunk: int,
    rest: list[Input],
) -> Generator[FileResult, None, None]:
    """The results of files 0..count-1 of `rest` (the fork state's files), in order,
    from `workers` forked processes that each take `chunk` files at a time and answer
    file by file.

    A worker that dies (the OOM killer's SIGKILL, a crash in native code) loses only the
    file it was checking: that file becomes one error naming the cause, the rest of its
    chunk goes back to the queue, and a new worker is forked in its place. Every death
    consumes a file, so the run always ends. On exit (the end, an exception, SIGINT or
    `Stopped` in this process, `close()`) every worker is terminated with SIGTERM. When
    the run is interrupted, the results that arrived but were not yielded yet (files
    finished, and with --fix written, before the stop) are left on the
    `KeyboardInterrupt` as `unreported`.

    `multiprocessing.Pool` waits forever for a dead worker's lost task, and
    `concurrent.futures.ProcessPoolExecutor` fails every pending task at once without
    telling which file the dead worker held (Python docs, BrokenProcessPool); hence this
    dispatcher over `multiprocessing` processes and pipes."""
    todo: deque[tuple[int, int]] = deque(
        (start, min(start + chunk, count)) for start in range(0, count, chunk)
    )
    results: dict[int, FileResult] = {}
    running: list[_Worker] = []

    def assign(worker: _Worker) -> None:
        start, stop = todo.popleft()
        worker.pending.extend(range(start, stop))
        worker.conn.send((start, stop))

    def spawn() -> None:
        ours, theirs = context.Pipe()
        process = context.Process(target=_worker_loop, args=(theirs,), daemon=True)
        process.start()
        theirs.close()
        worker = _Worker(process, ours)
        running.append(worker)
        assign(worker)

    def receive(worker: _Worker) -> bool:
        """Take one answer; False when the pipe is closed (the worker is gone)."""
        try:
            index, file_result = worker.conn.recv()
        except (EOFError, OSError):
            return False
        worker.pending.remove(index)
        results[index] = file_result
        return True

    def buried(worker: _Worker) -> None:
        """A dead worker: keep what it sent, report the file it held, requeue the rest."""
        while worker.conn.poll() and receive(worker):
            pass
        worker.process.join()
        running.remove(worker)
        worker.conn.close()
        if worker.pending:
            lost = worker.pending.popleft()
            shown = rest[lost].shown
            cause = _death_cause(worker.process.exitcode)
            reason = f"worker process died ({cause}) while checking this file"
            results[lost] = FileResult(shown, error=InputError(shown, reason), checked=False)
        for index in reversed(worker.pending):
            todo.appendleft((index, index + 1))
        worker.pending.clear()

    try:
        for _ in range(min(workers, len(todo))):
            spawn()
        following = 0
        while following < count:
            while following in results:
                yield results.pop(following)
                following += 1
            if following >= count:
                break
            ready = wait([w.conn for w in running] + [w.process.sentinel for w in running])
            for worker in list(running):
                if worker.conn in ready and receive(worker):
                    if not worker.pending and todo:
                        assign(worker)
                elif worker.conn in ready or worker.process.sentinel in ready:
                    buried(worker)
            while todo and len(running) < workers:
                spawn()
    except BaseException as exc:
        # SIGINT or `Stopped` here, or in the caller that then closes this generator
        stop = exc if isinstance(exc, KeyboardInterrupt) else exc.__context__
        _stop(running, receive)
        if isinstance(stop, KeyboardInterrupt):
            stop.unreported = list(results.values())  # type: ignore[attr-defined]
        raise
    finally:
        _stop(running, receive)


def _stop(running: list[_Worker], receive: Callable[[_Worker], bool]) -> None:
    """Terminate every worker (SIGTERM), wait for it, and `receive` what it had sent
    already: files it finished, and may have written, before the stop."""
    for worker in running:
        worker.process.terminate()
    for worker in running:
        worker.process.join()
        while worker.conn.poll() and receive(worker):
            pass
        worker.conn.close()
    running.clear()


def _death_cause(exitcode: int | None) -> str:
    """How a worker ended, for its lost file's error: "killed by signal 9, SIGKILL" or
    "exit code 1"."""
    if exitcode is not None and exitcode < 0:
        try:
            name = f", {signal.Signals(-exitcode).name}"
        except ValueError:
            name = ""
        return f"killed by signal {-exitcode}{name}"
    return f"exit code {exitcode}"


def _pool_pays(costs: list[tuple[float, int]], bytes_left: int, workers: int, loaded: bool) -> bool:
    """Whether the `bytes_left` still to check, at the CPU time per byte the files
    checked so far took here (`costs`: seconds and bytes per file), give each of
    `workers` at least `POOL_MIN_SECONDS` of work (`POOL_MIN_SECONDS_LOADED` when
    they inherit spaCy): about what a worker that meets a claim spends loading spaCy
    and the language detector itself. The two slowest files are left out of the rate:
    loading spaCy or the language detector lands on one file each. True when too few
    files were checked to tell."""
    kept = sorted(costs)[:-2]
    seconds = sum(c for c, _ in kept)
    size = sum(b for _, b in kept)
    if size <= 0:
        return True
    left = seconds / size * bytes_left
    return left / workers >= (POOL_MIN_SECONDS_LOADED if loaded else POOL_MIN_SECONDS)


def _claim_tools_loaded(several_languages: bool) -> bool:
    """Whether this process has loaded spaCy and, for packs of several languages, the
    language detector (py3langid): what a block that may make a claim needs."""
    return "spacy" in sys.modules and (not several_languages or "py3langid" in sys.modules)


def _total_bytes(inputs: list[Input]) -> int:
    """The inputs' total size in bytes (files that cannot be read count as empty)."""
    total = 0
    for item in inputs:
        if item.data is not None:
            total += len(item.data)
            continue
        with suppress(OSError):
            total += os.stat(item.path).st_size
    return total


# What forked workers inherit: (linter, ignores, options, death signal setter, parent pid,
# the files left for the pool).
_STATE: tuple | None = None


@contextmanager
def _fork_state(state: tuple) -> Iterator[None]:
    global _STATE
    _STATE = state
    try:
        yield
    finally:
        _STATE = None


class Stopped(KeyboardInterrupt):
    """The run was asked to stop (SIGTERM); raised in the parent like SIGINT is."""


@contextmanager
def stop_on_sigterm() -> Iterator[None]:
    """While inside, SIGTERM raises `Stopped` as SIGINT raises KeyboardInterrupt: a run
    ends between two files, or its pool is terminated, and no further file is written.
    The command line uses it; a library caller keeps its own handlers."""

    def stop(signum, frame):
        raise Stopped()

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _death_signal() -> Callable[[], object] | None:
    """A function that makes the calling process get SIGTERM when its parent dies
    (Linux `prctl(PR_SET_PDEATHSIG)`), or None. Loaded before forking, so that a worker
    does not load a library while some thread of its parent may hold the loader lock."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return lambda: prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG


def _worker_init() -> None:
    """A worker ignores SIGINT (its parent decides), dies at once on SIGTERM (from
    `Pool.terminate` or its parent's death) and checks that its parent still lives.

    SIGTERM keeps its default action: a Python handler could miss a signal that lands
    just before a blocking wait, and the worker would hang."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    assert _STATE is not None, "a worker runs inside _fork_state"
    death_signal, parent = _STATE[3], _STATE[4]
    if death_signal is not None:
        death_signal()
    if os.getppid() != parent:
        os._exit(1)  # the parent died before the death signal was set


def _worker_loop(conn: Connection) -> None:
    """A worker: checks the files of each range (start, stop) it receives and sends back
    (index, FileResult) file by file, until its pipe closes. Stops at once when its
    parent is gone: checks and writes nothing more."""
    _worker_init()
    assert _STATE is not None, "a worker runs inside _fork_state"
    linter, ignores, options, _, parent, rest = _STATE
    while True:
        try:
            start, stop = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        for index in range(start, stop):
            if os.getppid() != parent:  # the parent is gone: check and write nothing more
                os._exit(1)
            conn.send((index, check_file(rest[index], linter, ignores, options)))
