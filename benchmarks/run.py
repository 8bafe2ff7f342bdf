"""Benchmark l2lint (and textlint + textlint-rule-prh for comparison); print a Markdown table.

Usage: python benchmarks/run.py [--quick] [--files N] [--only l2lint|textlint] [--jobs N] ...

Every measurement is a fresh process started with `subprocess`, timed with a wall clock and
wrapped in `/usr/bin/time -v` (or a small Python wrapper using `getrusage`) for its peak RSS.
The table goes to stdout and, with the date, the machine and the command, to
benchmarks/results.md. Progress goes to stderr. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import corpus  # noqa: E402  (the sibling module, importable once BENCH_DIR is on sys.path)

REPO_DIR = BENCH_DIR.parent
NODE_DIR = BENCH_DIR / ".node"
PRH_FILE = BENCH_DIR / "prh.yml"
TEXTLINTRC = NODE_DIR / ".textlintrc.json"
RESULTS_FILE = BENCH_DIR / "results.md"
MB = corpus.MB

# Pinned with `npm view textlint version` / `npm view textlint-rule-prh version`.
TEXTLINT_PACKAGES = {"textlint": "15.8.0", "textlint-rule-prh": "6.1.0"}

# A user's Python writes .pyc files; some CI images turn that off, which would make every
# run compile l2lint's modules again and measure that instead.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

COLD_RUNS = 5
QUICK_FILES = 200
SCENARIOS = [
    "cold", "hook", "dense", "sparse", "big-md", "big-html", "huge-md", "many-small",
]  # fmt: skip
LARGE_SCENARIOS = {"big-md", "big-html", "huge-md", "many-small"}

# Targets.
DENSE_RATIO = 10.0  # l2lint at least 10x faster than textlint on the dense corpus
SPARSE_MBPS = 50.0
COLD_CLEAN_S = 0.3
COLD_FINDINGS_S = 0.8
HOOK_ONE_S = 0.5
FLOOR_FACTOR = 3.0  # sparse: at most 3x the floor's time
BASELINE_REF = "4c9e433"  # main before the matching work of #17
RSS_LIMIT_MB = 300.0


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- running one process


@dataclass
class Run:
    """One finished process: wall time, peak RSS, exit code and where its output went."""

    seconds: float
    rss_kb: int | None
    returncode: int | None  # None: killed after the timeout
    stdout: Path
    stderr: Path
    cpu: float | None = None  # user + system seconds of the process and its children


def _gnu_time() -> str | None:
    """`/usr/bin/time` if it is GNU time (supports -v and -o)."""
    path = "/usr/bin/time"
    if not os.access(path, os.X_OK):
        return None
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as out:
        try:
            subprocess.run([path, "-v", "-o", out.name, "true"], check=True, capture_output=True)
        except (OSError, subprocess.CalledProcessError):
            return None
        return path if "Maximum resident set size" in Path(out.name).read_text() else None


# Fallback when GNU time is missing: run the command and report getrusage(RUSAGE_CHILDREN).
RUSAGE_WRAPPER = """\
import resource, subprocess, sys
rc = subprocess.call(sys.argv[2:])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
peak = usage.ru_maxrss
if sys.platform == "darwin":
    peak //= 1024  # bytes there, kilobytes on Linux
with open(sys.argv[1], "w") as handle:
    handle.write(f"Maximum resident set size (kbytes): {peak}\\n")
    handle.write(f"User time (seconds): {usage.ru_utime}\\n")
    handle.write(f"System time (seconds): {usage.ru_stime}\\n")
sys.exit(rc)
"""


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                kids.extend(int(k) for k in handle.read().split())
    except OSError:
        pass
    return kids


def _rss_kb(pid: int) -> int:
    """The process's proportional set size (PSS, /proc/PID/smaps_rollup, Linux 4.14+):
    its resident pages, each page it shares counted as 1/n for n sharers, so that the
    sum over a process tree counts the pages forked workers share with their parent
    (spaCy, the packs) once. Its RSS (/proc/PID/statm) where PSS cannot be read."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, ValueError, IndexError):
        return 0


class TreeSampler(threading.Thread):
    """Samples the summed memory (PSS, see `_rss_kb`) of all descendants of a pid
    (Linux /proc), every 50 ms.

    `time -v` reports the largest single process; once l2lint runs worker processes
    (`--jobs`), the sum over the process tree is what the machine actually pays. Summed
    RSS would count each page a forked worker shares with its parent once per process.
    """

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_kb = pid, 0
        self.done = threading.Event()

    def run(self) -> None:
        if not os.path.isdir("/proc"):
            return
        while not self.done.wait(0.05):
            stack, total = _children(self.pid), 0
            while stack:
                pid = stack.pop()
                total += _rss_kb(pid)
                stack.extend(_children(pid))
            self.peak_kb = max(self.peak_kb, total)


class Runner:
    """Starts measured processes."""

    def __init__(self, scratch: Path, timeout: float):
        self.scratch = scratch
        self.timeout = timeout
        self.time_bin = _gnu_time()
        self.rss_method = (
            "GNU `/usr/bin/time -v`" if self.time_bin else "`getrusage(RUSAGE_CHILDREN)` wrapper"
        )
        self._count = 0

    def run(self, cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
        self._count += 1
        base = self.scratch / f"run-{self._count:03d}"
        out, err, rss_file = (base.with_suffix(s) for s in (".out", ".err", ".rss"))
        if self.time_bin:
            wrapped = [self.time_bin, "-v", "-o", str(rss_file), *cmd]
        else:
            wrapped = [sys.executable, "-c", RUSAGE_WRAPPER, str(rss_file), *cmd]
        with out.open("wb") as stdout, err.open("wb") as stderr:
            started = time.perf_counter()
            proc = subprocess.Popen(
                wrapped,
                cwd=cwd,
                stdout=stdout,
                stderr=stderr,
                start_new_session=True,
                env={**CHILD_ENV, **(env or {})},
            )
            sampler = TreeSampler(proc.pid)
            sampler.start()
            try:
                returncode: int | None = proc.wait(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)  # the session we started for this run
                proc.wait()
                returncode = None
            seconds = time.perf_counter() - started
            sampler.done.set()
            sampler.join()
        rss_kb = cpu = None
        if rss_file.exists():
            report = rss_file.read_text()
            found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
            if found:
                rss_kb = int(found.group(1))
            times = re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", report)
            if len(times) == 2:
                cpu = float(times[0]) + float(times[1])
        if sampler.peak_kb and (rss_kb is None or sampler.peak_kb > rss_kb):
            rss_kb = sampler.peak_kb
        return Run(seconds, rss_kb, returncode, out, err, cpu)


# ---------------------------------------------------------------- tools


@dataclass
class Measurement:
    """The outcome of one tool on one input: median time of `runs`, max RSS, or an error."""

    runs: list[float] = field(default_factory=list)
    rss_kb: int | None = None
    findings: int | None = None
    files: int | None = None
    error: str | None = None
    note: str | None = None
    cpu: list[float] = field(default_factory=list)  # user + system seconds per run
    codes: set[str] = field(default_factory=set)  # rule codes of the findings (l2lint)
    output: bytes | None = None  # the last run's report (l2lint), to compare paths

    @property
    def seconds(self) -> float | None:
        return statistics.median(self.runs) if self.runs and not self.error else None

    @property
    def cpu_seconds(self) -> float | None:
        return statistics.median(self.cpu) if self.cpu and not self.error else None

    @property
    def rss_mb(self) -> float | None:
        return self.rss_kb * 1024 / MB if self.rss_kb and not self.error else None


def _stderr_reason(path: Path, limit: int = 300) -> str:
    """The most telling stderr line: an exception or error line, else the last line."""
    lines = [ln.strip() for ln in path.read_text(errors="replace").splitlines() if ln.strip()]
    if not lines:
        return "no output on stderr"
    for line in reversed(lines):
        if re.match(r"^[\w.]+(Error|Exception)\b", line) or "error" in line.lower():
            return line[:limit]
    return lines[-1][:limit]


class L2lint:
    """The l2lint CLI from this virtualenv, with the options its `check --help` offers."""

    def __init__(self, jobs: int | None):
        exe = Path(sys.executable).parent / "l2lint"
        if exe.exists():
            self.base = [str(exe)]
        elif shutil.which("l2lint"):
            self.base = [shutil.which("l2lint") or "l2lint"]
        else:
            self.base = [sys.executable, "-m", "l2lint"]
        help_text = self._capture([*self.base, "check", "--help"])
        self.has_jobs = bool(re.search(r"--jobs\b", help_text))
        self.has_no_cache = bool(re.search(r"--no-cache\b", help_text))
        self.has_isolated = bool(re.search(r"--isolated\b", help_text))
        version = self._capture([*self.base, "--version"]).strip() or "version unknown"
        self.version = version.replace("l2lint, version", "l2lint").splitlines()[-1]
        self.jobs = jobs
        self.notes: list[str] = []
        if jobs is not None and not self.has_jobs:
            self.notes.append(f"`--jobs {jobs}` ignored: `l2lint check --help` has no --jobs.")

    @staticmethod
    def _capture(cmd: list[str]) -> str:
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired):
            return ""
        return done.stdout + done.stderr

    def options(self) -> list[str]:
        cmd = ["check", "--format", "json"]
        if self.has_no_cache:
            cmd.append("--no-cache")
        if self.has_isolated:  # no user or project configuration may change the work
            cmd.append("--isolated")
        if self.has_jobs and self.jobs is not None:
            cmd += ["--jobs", str(self.jobs)]
        return cmd

    def command(self, target: Path) -> list[str]:
        return [*self.base, *self.options(), str(target)]

    def measure(
        self,
        runner: Runner,
        target: Path,
        cwd: Path,
        repeat: int,
        warmup: int = 0,
        cmd: list[str] | None = None,
        env: dict[str, str] | None = None,
    ):
        """Run `repeat` times (after `warmup` untimed runs); every run must succeed."""
        result = Measurement()
        for index in range(warmup + repeat):
            run = runner.run(cmd or self.command(target), cwd, env)
            problem = self._check(run, result)
            if problem:
                result.error = problem
                return result
            if index >= warmup:
                result.runs.append(run.seconds)
                if run.cpu is not None:
                    result.cpu.append(run.cpu)
                result.rss_kb = max(result.rss_kb or 0, run.rss_kb or 0) or None
        return result

    @staticmethod
    def _check(run: Run, result: Measurement) -> str | None:
        """An error message for a failed run, else None (and the finding count is recorded)."""
        if run.returncode is None:
            return f"timeout after {run.seconds:.0f} s"
        stderr = run.stderr.read_text(errors="replace")
        if "Traceback (most recent call last)" in stderr:
            return f"crash: {_stderr_reason(run.stderr)}"
        if run.returncode not in (0, 1):
            return f"exit {run.returncode}: {_stderr_reason(run.stderr)}"
        try:
            data = json.loads(run.stdout.read_text(encoding="utf-8") or "null")
        except (ValueError, UnicodeDecodeError) as exc:
            return f"exit {run.returncode} but stdout is not JSON ({exc})"
        if isinstance(data, dict):
            data = data.get("findings", data.get("results"))
        result.findings = len(data) if isinstance(data, list) else None
        if isinstance(data, list):
            result.codes = {str(f.get("code")) for f in data if isinstance(f, dict)}
        result.output = run.stdout.read_bytes()
        if run.returncode == 1 and not result.findings:
            return f"exit 1 without findings: {_stderr_reason(run.stderr)}"
        return None


def _npm_reason(stderr: str) -> str:
    """The first npm error line that says something ('code', 'notarget', not the log path)."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    useful = [ln for ln in lines if "complete log" not in ln and "error code" not in ln]
    text = (useful or lines or ["unknown error"])[0]
    return re.sub(r"^npm (?:error|ERR!)\s+(?:\w+\s+)?", "", text)[:120]


class Textlint:
    """textlint + textlint-rule-prh, installed with npm into benchmarks/.node/."""

    def __init__(self) -> None:
        self.unavailable: str | None = None
        self.version = ""
        self.bin = NODE_DIR / "node_modules" / ".bin" / "textlint"

    def setup(self, sample: Path) -> None:
        """Install (if needed), write the .textlintrc and prove it finds something in `sample`."""
        npm, node = shutil.which("npm"), shutil.which("node")
        if not npm or not node:
            self.unavailable = "n/a (npm not found)" if not npm else "n/a (node not found)"
            return
        if not self._installed():
            specs = [f"{name}@{version}" for name, version in TEXTLINT_PACKAGES.items()]
            log(f"installing {' '.join(specs)} into {NODE_DIR} ...")
            NODE_DIR.mkdir(parents=True, exist_ok=True)
            cmd = [npm, "install", "--prefix", str(NODE_DIR), "--save-exact", "--no-audit"]
            try:
                done = subprocess.run(
                    [*cmd, "--no-fund", *specs], capture_output=True, text=True, timeout=900
                )
            except (OSError, subprocess.TimeoutExpired) as exc:
                self.unavailable = f"n/a (npm install failed: {exc})"
                return
            if done.returncode != 0 or not self._installed():
                self.unavailable = f"n/a (npm install failed: {_npm_reason(done.stderr)})"
                return
        TEXTLINTRC.write_text(
            json.dumps({"rules": {"prh": {"rulePaths": [str(PRH_FILE)]}}}, indent=2) + "\n"
        )
        node_version = subprocess.run([node, "--version"], capture_output=True, text=True)
        self.version = (
            f"textlint {TEXTLINT_PACKAGES['textlint']} + textlint-rule-prh "
            f"{TEXTLINT_PACKAGES['textlint-rule-prh']} on node {node_version.stdout.strip()}"
        )
        with tempfile.TemporaryDirectory() as scratch:
            check = self.measure(Runner(Path(scratch), 300), sample, 1, expect_files=1)
        if check.error or not check.findings:
            reason = check.error or "no findings on the sample file: dictionary not loaded?"
            self.unavailable = f"n/a (textlint self-check failed: {reason[:150]})"

    @staticmethod
    def _installed() -> bool:
        for name, version in TEXTLINT_PACKAGES.items():
            manifest = NODE_DIR / "node_modules" / name / "package.json"
            try:
                if json.loads(manifest.read_text())["version"] != version:
                    return False
            except (OSError, ValueError, KeyError):
                return False
        return True

    def command(self, target: Path) -> list[str]:
        modules = str(NODE_DIR / "node_modules")
        return [
            str(self.bin), "--config", str(TEXTLINTRC), "--rules-base-directory", modules,
            "--format", "json", "--no-color", str(target),
        ]  # fmt: skip

    def measure(
        self, runner: Runner, target: Path, repeat: int, expect_files: int | None = None
    ) -> Measurement:
        result = Measurement()
        for _ in range(repeat):
            run = runner.run(self.command(target), NODE_DIR)
            problem = self._check(run, result, expect_files)
            if problem:
                result.error = problem
                return result
            result.runs.append(run.seconds)
            if run.cpu is not None:
                result.cpu.append(run.cpu)
            result.rss_kb = max(result.rss_kb or 0, run.rss_kb or 0) or None
        return result

    @staticmethod
    def _check(run: Run, result: Measurement, expect_files: int | None) -> str | None:
        # textlint exits 1 both on findings and on errors, and reports some errors (a rule
        # that fails to load) only on stderr with an empty report: check the report itself.
        if run.returncode is None:
            return f"timeout after {run.seconds:.0f} s"
        stderr = run.stderr.read_text(errors="replace")
        if "Unexpected error" in stderr or run.returncode not in (0, 1):
            return f"exit {run.returncode}: {_stderr_reason(run.stderr)}"
        try:
            data = json.loads(run.stdout.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            return f"report is not JSON ({exc}): {_stderr_reason(run.stderr)}"
        result.files = len(data)
        result.findings = sum(len(item.get("messages", [])) for item in data)
        if expect_files is not None and result.files != expect_files:
            return f"linted {result.files} files, expected {expect_files}"
        return None


# ---------------------------------------------------------------- corpora


def _corpus_version() -> str:
    """Changes whenever corpus.py changes, so cached corpora are regenerated."""
    return hashlib.sha256(Path(corpus.__file__).read_bytes()).hexdigest()[:10]


def _inside_git_repo(path: Path) -> Path | None:
    for parent in [path, *path.parents]:
        if (parent / ".git").exists():
            return parent
    return None


@dataclass
class Prepared:
    """A generated input: the path to lint and what it contains."""

    path: Path
    stats: corpus.Stats


class Corpora:
    """Generates (or reuses) the corpora under one root folder, outside any git repository."""

    def __init__(self, root: Path, seed: int, fresh: bool):
        self.root, self.seed, self.fresh = root, seed, fresh
        self.version = _corpus_version()
        root.mkdir(parents=True, exist_ok=True)

    def _cached(self, name: str, make: Callable[[Path], corpus.Stats]) -> Prepared:
        folder = self.root / f"{name}-s{self.seed}-{self.version}"
        marker = folder.with_suffix(".json")  # a sibling, so that no linter reads it
        if marker.exists() and folder.exists() and not self.fresh:
            stats = corpus.Stats(**json.loads(marker.read_text()))
            log(f"reusing {folder}")
            return Prepared(folder, stats)
        if folder.exists():
            shutil.rmtree(folder)
        marker.unlink(missing_ok=True)
        log(f"generating {folder} ...")
        started = time.perf_counter()
        stats = make(folder)
        elapsed = time.perf_counter() - started
        log(f"  {stats.files} file(s), {stats.bytes / MB:.1f} MB in {elapsed:.1f} s")
        marker.write_text(json.dumps(asdict(stats)))
        return Prepared(folder, stats)

    def samples(self) -> dict[str, Path]:
        prepared = self._cached(
            "samples", lambda out: _samples_stats(corpus.sample_files(out, self.seed))
        )
        return {p.stem: p for p in sorted(prepared.path.glob("*.md"))}

    def preset(self, name: str, files: int | None = None) -> Prepared:
        preset = corpus.PRESETS[name]
        label = f"{name}-{files}" if files else name
        prepared = self._cached(
            label, lambda out: corpus.generate_preset(preset, out, files, self.seed)
        )
        if preset.single:
            prepared.path = prepared.path / f"{preset.name}.{preset.fmt}"
        return prepared


def _samples_stats(paths: dict[str, Path]) -> corpus.Stats:
    sizes = [p.stat().st_size for p in paths.values()]
    return corpus.Stats(files=len(sizes), bytes=sum(sizes))


# ---------------------------------------------------------------- table


@dataclass
class Row:
    scenario: str
    input: str
    nbytes: int
    l2: Measurement | None  # None: not run (--only textlint)
    tl: Measurement | str | None  # str: why textlint is n/a/skipped; None: not part of it
    target: str
    met: Callable[[Row], bool | None]
    throughput: bool = True


# The practical limit (#17): one Python process that only walks the folder, reads each
# file, case-folds it and tests the pack's prefilter literals with `in`.
FLOOR_SCRIPT = """\
import os, sys
literals = sys.argv[2:]
hits = 0
for folder, _dirs, names in os.walk(sys.argv[1]):
    for name in names:
        with open(os.path.join(folder, name), "rb") as handle:
            text = handle.read().decode("utf-8", "replace").casefold()
        hits += any(f in text for f in literals)
print(hits)
"""


def pack_literals() -> list[str]:
    """The literals of the built-in packs' prefilter, as l2lint derives them."""
    from l2lint.engine import Linter
    from l2lint.packs import load_rule_set

    return sorted(Linter(load_rule_set()).prefilter_literals)


class Baseline:
    """l2lint as of a git commit (`git archive`), run with this virtualenv's packages, to
    check that the findings are byte-for-byte those of the code measured."""

    def __init__(self, ref: str, scratch: Path):
        self.ref, self.error = ref, None
        self.root = scratch / "baseline"
        self.root.mkdir()
        try:
            archive = subprocess.run(
                ["git", "-C", str(REPO_DIR), "archive", ref, "l2lint", "rules"],
                capture_output=True,
                check=True,
            ).stdout
            subprocess.run(["tar", "-x", "-C", str(self.root)], input=archive, check=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            self.error = f"cannot extract {ref}: {exc}"

    def compare(self, l2: L2lint, runner: Runner, target: Path, cwd: Path, new: Measurement):
        """A note saying whether the report of `ref` equals the one measured."""
        if self.error:
            return self.error
        if new.output is None:
            return None
        cmd = [sys.executable, "-m", "l2lint", *l2.options(), str(target)]
        old = l2.measure(runner, target, cwd, 1, cmd=cmd, env={"PYTHONPATH": str(self.root)})
        if old.error or old.output is None:
            return f"{self.ref} failed: {old.error}"
        if old.output == new.output:
            return f"findings identical to {self.ref} ({new.findings:,} findings, same bytes)"
        return f"findings DIFFER from {self.ref}: {old.findings} there, {new.findings} here"


def stage_files(repo: Path, sources: list[Path]) -> list[str]:
    """A git repository with `sources` staged, and the staged names (as pre-commit passes
    them to the hook)."""
    repo.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    for source in sources:
        shutil.copy(source, repo / source.name)
    subprocess.run(["git", "-C", str(repo), "add", "."], check=True)
    names = subprocess.run(
        ["git", "-C", str(repo), "diff", "--cached", "--name-only"],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    return names


def fmt_seconds(value: float | None) -> str:
    if value is None:
        return "—"
    if value < 1:
        return f"{value:.3f} s"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def fmt_mbps(value: float) -> str:
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def _short_error(error: str) -> str:
    text = error.replace("|", "\\|")
    return f"error: {text[:70]}…" if len(text) > 70 else f"error: {text}"


def fmt_cpu(result: object) -> str:
    value = result.cpu_seconds if isinstance(result, Measurement) else None
    return "—" if value is None else fmt_seconds(value)


def _cells(row: Row) -> list[str]:
    l2_time = l2_mbps = l2_rss = "—"
    if row.l2 is None:
        l2_time = "skipped"
    elif row.l2.error:
        l2_time = _short_error(row.l2.error)
    else:
        l2_time = fmt_seconds(row.l2.seconds)
        if row.throughput and row.l2.seconds:
            l2_mbps = fmt_mbps(row.nbytes / MB / row.l2.seconds)
        if row.l2.rss_mb is not None:
            l2_rss = f"{row.l2.rss_mb:.0f} MB"
    tl_time = ratio_text = "—"
    if isinstance(row.tl, str):
        tl_time = row.tl.replace("|", "\\|")
    elif isinstance(row.tl, Measurement):
        tl_time = _short_error(row.tl.error) if row.tl.error else fmt_seconds(row.tl.seconds)
        ratio = _ratio(row)
        if ratio is not None:
            ratio_text = f"{ratio:.1f}×"
        cpu_ratio = _ratio(row, cpu=True)
        if cpu_ratio is not None:
            ratio_text += f" (CPU {cpu_ratio:.1f}×)"
    met = row.met(row)
    met_text = "n/a" if met is None else ("yes" if met else "**no**")
    return [
        row.scenario, row.input, l2_time, fmt_cpu(row.l2), l2_mbps, l2_rss, tl_time,
        fmt_cpu(row.tl), ratio_text, row.target, met_text,
    ]  # fmt: skip


def _ratio(row: Row, cpu: bool = False) -> float | None:
    """textlint's time / l2lint's (wall clock, or CPU seconds with `cpu`)."""
    if not isinstance(row.tl, Measurement) or row.l2 is None:
        return None
    tl, l2 = (row.tl.cpu_seconds, row.l2.cpu_seconds) if cpu else (row.tl.seconds, row.l2.seconds)
    if tl is None or not l2:
        return None
    return tl / l2


HEADER = [
    "scenario", "input", "l2lint time", "l2lint CPU", "l2lint MB/s", "l2lint peak RSS",
    "textlint time", "textlint CPU", "ratio", "target", "met?",
]  # fmt: skip


def markdown_table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join("---" for _ in HEADER) + "|"]
    lines += ["| " + " | ".join(_cells(row)) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def time_at_most(limit: float) -> Callable[[Row], bool | None]:
    return lambda row: None if not row.l2 or row.l2.seconds is None else row.l2.seconds <= limit


def mbps_at_least(limit: float) -> Callable[[Row], bool | None]:
    def check(row: Row) -> bool | None:
        if not row.l2 or not row.l2.seconds:
            return None
        return row.nbytes / MB / row.l2.seconds >= limit

    return check


def ratio_at_least(limit: float) -> Callable[[Row], bool | None]:
    def check(row: Row) -> bool | None:
        ratio = _ratio(row)
        return None if ratio is None else ratio >= limit

    return check


def rss_below(limit_mb: float) -> Callable[[Row], bool | None]:
    return lambda row: None if not row.l2 or row.l2.rss_mb is None else row.l2.rss_mb < limit_mb


def describe(stats: corpus.Stats, kind: str, density: str) -> str:
    files = f"{stats.files:,} {kind} files" if stats.files > 1 else f"1 {kind} file"
    size = (
        f"{stats.bytes / MB:.1f} MB" if stats.bytes >= MB / 10 else f"{stats.bytes / 1000:.1f} kB"
    )
    return f"{files}, {size}" + (f", {density}" if density else "")


# ---------------------------------------------------------------- machine


def machine_info() -> dict[str, str]:
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count() or 0
    model = platform.processor() or platform.machine()
    memory = ""
    try:
        text = Path("/proc/cpuinfo").read_text()
        found = re.search(r"^model name\s*:\s*(.+)$", text, re.M)
        model = found.group(1).strip() if found else model
        kb = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
        memory = f", {int(kb.group(1)) / 1024 / 1024:.1f} GiB RAM" if kb else ""
    except OSError:
        pass
    return {
        "machine": f"nproc {cpus}, CPU {model}{memory}, {platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


def _load_average() -> str:
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except (AttributeError, OSError):
        return "n/a"


def git_state() -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(REPO_DIR), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        dirty = subprocess.run(
            ["git", "-C", str(REPO_DIR), "status", "--porcelain", "--", "l2lint", "rules"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "git state unknown"
    return f"git {head}" + (" with uncommitted changes in l2lint/ or rules/" if dirty else "")


# ---------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark l2lint; print a Markdown table.")
    parser.add_argument(
        "--quick", action="store_true",
        help=f"{QUICK_FILES}-file corpora; skip the 50 MB, 200 MB and 10,000-file scenarios",
    )  # fmt: skip
    parser.add_argument("--files", type=int, help="files in the dense and sparse corpora")
    parser.add_argument("--only", choices=["l2lint", "textlint"], help="run only this tool")
    parser.add_argument(
        "--scenario", action="append", choices=SCENARIOS,
        help="run only these scenarios (repeatable; default: all, or all but the large in --quick)",
    )  # fmt: skip
    parser.add_argument("--jobs", type=int, help="passed to l2lint if it has a --jobs option")
    parser.add_argument(
        "--repeat", type=int, default=1,
        help="runs per corpus scenario and tool; the median is reported (default 1)",
    )  # fmt: skip
    parser.add_argument("--cold-runs", type=int, default=COLD_RUNS, help="runs per cold start")
    parser.add_argument(
        "--corpus-dir", type=Path,
        default=Path(tempfile.gettempdir()) / "l2lint-bench-corpus",
        help="where corpora are generated and cached; must lie outside any git repository",
    )  # fmt: skip
    parser.add_argument("--fresh-corpus", action="store_true", help="regenerate cached corpora")
    parser.add_argument("--seed", type=int, default=2022, help="corpus seed")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per process")
    parser.add_argument("--output", type=Path, default=RESULTS_FILE, help="results file")
    parser.add_argument(
        "--baseline", default=BASELINE_REF,
        help=f"git commit whose findings must equal these (default {BASELINE_REF}; '' to skip)",
    )  # fmt: skip
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started_at, started = datetime.now().astimezone(), time.perf_counter()
    command = shlex.join(["python", *(sys.argv if argv is None else ["benchmarks/run.py", *argv])])
    corpus_dir = args.corpus_dir.resolve()
    repo = _inside_git_repo(corpus_dir)
    if repo is not None:
        print(
            f"run.py: --corpus-dir {corpus_dir} lies inside the git repository {repo}; l2lint "
            "honours .gitignore and would skip the (ignored) corpus. Choose a folder outside.",
            file=sys.stderr,
        )
        return 2
    scenarios = args.scenario or [s for s in SCENARIOS if not (args.quick and s in LARGE_SCENARIOS)]
    files = args.files or (QUICK_FILES if args.quick else None)
    run_l2, run_tl = args.only != "textlint", args.only != "l2lint"

    corpora = Corpora(corpus_dir, args.seed, args.fresh_corpus)
    samples = corpora.samples()
    # l2lint's data cache (l2lint/datacache.py) in the corpus folder, not the user's: the
    # first run fills it (as a user's first run does), the runs measured read it
    CHILD_ENV["L2LINT_DATA_CACHE"] = str(corpus_dir / "data-cache")
    l2 = L2lint(args.jobs)
    notes: list[str] = list(l2.notes)
    textlint = Textlint()
    if run_tl and "dense" in scenarios:
        textlint.setup(samples["one-file-with-findings"])
        if textlint.unavailable:
            log(f"textlint: {textlint.unavailable}")

    load_before = _load_average()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="l2lint-bench-") as scratch:
        runner = Runner(Path(scratch), args.timeout)
        baseline = Baseline(args.baseline, Path(scratch)) if args.baseline and run_l2 else None

        literals = pack_literals()

        def measure_floor(target: Path) -> Measurement:
            log(f"floor {target.name} ({args.repeat} run(s)) ...")
            result = Measurement()
            for _ in range(args.repeat):
                run = runner.run(
                    [sys.executable, "-c", FLOOR_SCRIPT, str(target), *literals], target
                )
                if run.returncode != 0:
                    result.error = f"floor: exit {run.returncode}: {_stderr_reason(run.stderr)}"
                    return result
                result.runs.append(run.seconds)
                if run.cpu is not None:
                    result.cpu.append(run.cpu)
                result.rss_kb = max(result.rss_kb or 0, run.rss_kb or 0) or None
            log(f"  -> {fmt_seconds(result.seconds)}")
            return result

        def sparse_check(floor: Measurement) -> Callable[[Row], bool | None]:
            def check(row: Row) -> bool | None:
                fast = mbps_at_least(SPARSE_MBPS)(row)
                if fast is None or floor.seconds is None or row.l2 is None:
                    return fast
                return fast and row.l2.seconds <= FLOOR_FACTOR * floor.seconds  # type: ignore[operator]

            return check

        def measure_l2(
            target: Path, repeat: int, warmup: int = 0, env: dict[str, str] | None = None
        ) -> Measurement | None:
            if not run_l2:
                return None
            log(f"l2lint {target.name} ({repeat} run(s)) ...")
            result = l2.measure(runner, target, corpus_dir, repeat, warmup, env=env)
            log(f"  -> {result.error or fmt_seconds(result.seconds)}")
            return result

        if "cold" in scenarios:
            no_data_cache = {"L2LINT_DATA_CACHE": "off"}
            cold = [  # label, sample, time limit, findings expected, environment
                ("cold start, clean", "one-clean-file", COLD_CLEAN_S, False, None),
                (
                    "cold start, with findings",
                    "one-file-with-findings",
                    COLD_FINDINGS_S,
                    True,
                    None,
                ),
                (
                    "cold start, with findings, no data cache",
                    "one-file-with-findings",
                    None,
                    True,
                    no_data_cache,
                ),
                ("cold start, correct brand names", "one-file-correct-brands", None, False, None),
            ]
            for label, key, limit, expect_findings, env in cold:
                path = samples[key]
                kb = path.stat().st_size / 1000
                result = measure_l2(path, args.cold_runs, warmup=1, env=env)
                how = " (`L2LINT_DATA_CACHE=off`: a first run)" if env else ""
                rows.append(
                    Row(
                        label,
                        f"`{path.name}` ({kb:.1f} kB){how}, median of {args.cold_runs}",
                        path.stat().st_size,
                        result,
                        None,
                        f"≤ {limit} s" if limit else "— (informational)",
                        time_at_most(limit) if limit else (lambda row: None),
                        throughput=False,
                    )
                )
                if (
                    result
                    and result.findings is not None
                    and bool(result.findings) != (expect_findings)
                ):
                    notes.append(f"{label}: l2lint reported {result.findings} findings in {key}.")
                if expect_findings and result and not any(c.startswith("A") for c in result.codes):
                    notes.append(f"{label}: no claim finding, so spaCy was not part of it.")

        if "hook" in scenarios and run_l2:
            dense_files = sorted(corpora.preset("dense", files).path.rglob("*.md"))
            for count in (1, 200):
                repo = Path(scratch) / f"hook-{count}"
                names = stage_files(repo, dense_files[:count])
                cmd = [*l2.base, "check", "--allow-empty", "--format", "json", "--no-cache"]
                log(f"l2lint pre-commit hook, {count} staged file(s) ...")
                result = l2.measure(
                    runner, repo, repo, args.cold_runs, warmup=1, cmd=[*cmd, *names]
                )
                log(f"  -> {result.error or fmt_seconds(result.seconds)}")
                nbytes = sum((repo / n).stat().st_size for n in names)
                rows.append(
                    Row(
                        f"pre-commit hook, {count} staged file{'s' if count > 1 else ''}",
                        f"`l2lint check --allow-empty FILES` ({nbytes / 1000:,.0f} kB of the "
                        f"dense corpus), median of {args.cold_runs}",
                        nbytes,
                        result,
                        None,
                        f"≤ {HOOK_ONE_S} s" if count == 1 else "— (informational)",
                        time_at_most(HOOK_ONE_S) if count == 1 else (lambda row: None),
                        throughput=count > 1,
                    )
                )

        for name in ("dense", "sparse"):
            if name not in scenarios:
                continue
            prepared = corpora.preset(name, files)
            density = f"1 in {round(1 / corpus.PRESETS[name].density)} sentences names a brand"
            l2_result = measure_l2(prepared.path, args.repeat)
            tl_result: Measurement | str | None = None
            if name == "dense":
                if not run_tl:
                    tl_result = "skipped (--only l2lint)"
                elif textlint.unavailable:
                    tl_result = textlint.unavailable
                else:
                    log(f"textlint {prepared.path.name} ({args.repeat} run(s)) ...")
                    tl_result = textlint.measure(
                        runner, prepared.path, args.repeat, expect_files=prepared.stats.files
                    )
                    log(f"  -> {tl_result.error or fmt_seconds(tl_result.seconds)}")
                target = f"≥ {DENSE_RATIO:.0f}× faster than textlint"
                check = ratio_at_least(DENSE_RATIO)
            else:
                floor = measure_floor(prepared.path)
                target = f"≥ {SPARSE_MBPS:.0f} MB/s and ≤ {FLOOR_FACTOR:.0f}× the floor's time"
                check = sparse_check(floor)
            if baseline is not None and l2_result is not None:
                note = baseline.compare(l2, runner, prepared.path, corpus_dir, l2_result)
                if note:
                    notes.append(f"{name}: {note}.")
            rows.append(
                Row(
                    f"{name} corpus",
                    describe(prepared.stats, ".md", density),
                    prepared.stats.bytes,
                    l2_result,
                    tl_result,
                    target,
                    check,
                )
            )
            _corpus_note(notes, name, prepared.stats, l2_result, tl_result)
            if name == "sparse":
                rows.append(
                    Row(
                        "floor (sparse)",
                        "one Python process: walk, read, case-fold, `in` over the pack's "
                        f"{len(literals)} prefilter literals",
                        prepared.stats.bytes,
                        floor,
                        None,
                        "— (practical limit)",
                        lambda row: None,
                    )
                )

        for name, label, kind in (
            ("big-md", "50 MB Markdown file", ".md"),
            ("big-html", "50 MB HTML file", ".html"),
            ("huge-md", "200 MB Markdown file", ".md"),
            ("many-small", "10,000-file folder", ".md"),
        ):
            if name not in scenarios:
                continue
            prepared = corpora.preset(name)
            density = "1 in 500" if name == "huge-md" else "1 in 12"
            rows.append(
                Row(
                    label,
                    describe(prepared.stats, kind, f"{density} sentences names a brand"),
                    prepared.stats.bytes,
                    measure_l2(prepared.path, args.repeat),
                    None,
                    f"peak RSS < {RSS_LIMIT_MB:.0f} MB",
                    rss_below(RSS_LIMIT_MB),
                )
            )
            _corpus_note(notes, label, prepared.stats, rows[-1].l2, None)
        rss_method = runner.rss_method

    for row in rows:
        for tool, result in (("l2lint", row.l2), ("textlint", row.tl)):
            if isinstance(result, Measurement) and result.error:
                notes.append(f"{row.scenario}: {tool} failed: {result.error}")

    table = markdown_table(rows)
    info = machine_info()
    context = [
        f"- Date: {started_at.isoformat(timespec='seconds')} "
        f"(the run took {(time.perf_counter() - started) / 60:.1f} min)",
        f"- Machine: {info['machine']}",
        f"- Python {info['python']}, {l2.version} ({git_state()})",
        f"- textlint: {textlint.version or textlint.unavailable or 'not run'}",
        f"- Load average (1 min) before / after: {load_before} / {_load_average()} "
        "(other work on the machine inflates times)",
        f"- Command: `{command}`",
        f"- Mode: {'quick' if args.quick else 'full'}; scenarios: {', '.join(scenarios)}",
    ]
    methods = [
        f"- l2lint: `{_show(l2.command(Path('INPUT')))}` (cwd: {corpus_dir})",
        f"- textlint: `{_show(textlint.command(Path('INPUT')))}` (cwd: benchmarks/.node)",
        "- CPU: user + system seconds of the process and the children it waited for (from "
        "the same report); it moves much less than wall time with other load on the machine.",
        f"- Peak RSS: {rss_method}, or the sampled sum over the process tree if larger "
        "(of PSS: a page shared by forked workers counts once); "
        "MB = 10^6 bytes. Times are wall-clock medians; corpus runs: "
        f"{args.repeat}, cold starts: {args.cold_runs} after 1 warm-up.",
        "- Data cache (the language detector and lemma tables l2lint derives from installed "
        f"packages): `L2LINT_DATA_CACHE={corpus_dir / 'data-cache'}`, filled by the first "
        "run; the row marked `L2LINT_DATA_CACHE=off` builds them in every run.",
    ]
    notes_text = "\nNotes:\n\n" + "".join(f"- {n}\n" for n in notes) if notes else ""
    print(table + notes_text, end="")
    document = (
        "# l2lint benchmark results\n\n"
        + "\n".join(context)
        + "\n\n"
        + table
        + notes_text
        + "\n## How it was measured\n\n"
        + "\n".join(methods)
        + "\n"
    )
    args.output.write_text(document, encoding="utf-8")
    log(f"wrote {args.output}")
    return 0


def _show(cmd: list[str]) -> str:
    """A command line with paths inside the repository shown relative to it."""
    return shlex.join(
        os.path.relpath(a, REPO_DIR) if a.startswith(str(REPO_DIR) + os.sep) else a for a in cmd
    )


def _corpus_note(
    notes: list[str],
    name: str,
    stats: corpus.Stats,
    l2_result: Measurement | None,
    tl_result: Measurement | str | None,
) -> None:
    """How many findings each tool reported, next to what the corpus contains."""
    parts = [
        f"{name}: {stats.brand_sentences:,} brand sentences, "
        f"{stats.wrong_sentences:,} deliberately wrong"
    ]
    if isinstance(l2_result, Measurement) and l2_result.findings is not None:
        parts.append(f"l2lint reported {l2_result.findings:,} findings")
    if isinstance(tl_result, Measurement) and tl_result.findings is not None:
        parts.append(f"textlint+prh {tl_result.findings:,} in {tl_result.files:,} files")
    if len(parts) > 1:
        notes.append("; ".join(parts) + ".")


if __name__ == "__main__":
    sys.exit(main())
