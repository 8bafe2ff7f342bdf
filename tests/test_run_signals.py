"""A run ends as a whole: workers die with a killed parent, SIGTERM/SIGINT stop cleanly.

Real processes (`python -m l2lint check --fix --jobs 2`) on 300 files, as a CI runner
cancelling a job would see them (#14).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc")

PARAGRAPH = "The Lumix S5II and the leica lens use L2 technology on an L mount body.\n\n"
FILES = 300


def make_copy(folder: Path) -> None:
    folder.mkdir()
    for i in range(FILES):
        (folder / f"page-{i:03d}.md").write_text(
            f"# Page {i}\n\n" + PARAGRAPH * 40, encoding="utf-8"
        )


def fixed_count(folder: Path) -> int:
    return sum("Lumix" not in p.read_text(encoding="utf-8") for p in folder.glob("*.md"))


def processes_of(folder: Path) -> list[int]:
    """Pids of live processes whose command line names `folder` (the run and its workers)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if str(folder).encode() in cmdline and state != "Z":
            pids.append(int(entry.name))
    return pids


def start_and_wait_for_progress(folder: Path, jobs: int = 2) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "l2lint", "check", "--fix", "--jobs", str(jobs), str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        # as from a terminal: a shell without job control starts background jobs with
        # SIGINT ignored, and Python then leaves it ignored (no KeyboardInterrupt)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    # a pooled run checks its first files itself before it forks (`run.map_files`):
    # wait for the workers as well as for the first fixed file
    expected = 1 + (jobs if jobs > 1 else 0)
    deadline = time.monotonic() + 120
    while (
        fixed_count(folder) == 0 or len(processes_of(folder)) < expected
    ) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(processes_of(folder)) == expected, "the run, its workers"
    return proc


def assert_everything_stopped(folder: Path, done_at_signal: int) -> None:
    """Within 5 s no process is left; at most the file each worker was writing when the
    signal came was finished after it (a worker holds a chunk of about 18 files)."""
    deadline = time.monotonic() + 5
    while processes_of(folder) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert processes_of(folder) == []
    done = fixed_count(folder)
    assert done - done_at_signal <= 2
    time.sleep(1)
    assert fixed_count(folder) == done  # nothing is written any more
    assert 0 < done < FILES  # stopped mid-run
    for page in folder.glob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert text.count("LUMIX") in (0, 40) and text.count("Lumix") in (0, 40), page.name


def test_workers_end_with_their_parent_killed_by_sigkill(tmp_path):
    folder = tmp_path / "copy"
    make_copy(folder)
    proc = start_and_wait_for_progress(folder)
    os.kill(proc.pid, signal.SIGKILL)
    done_at_signal = fixed_count(folder)
    proc.wait(timeout=30)
    assert_everything_stopped(folder, done_at_signal)


@pytest.mark.parametrize(
    ("signum", "code", "jobs"),
    [(signal.SIGTERM, 143, 2), (signal.SIGINT, 130, 2), (signal.SIGTERM, 143, 1)],
    ids=["TERM", "INT", "TERM-serial"],
)
def test_sigterm_and_sigint_stop_the_run_cleanly(tmp_path, signum, code, jobs):
    folder = tmp_path / "copy"
    make_copy(folder)
    proc = start_and_wait_for_progress(folder, jobs)
    os.kill(proc.pid, signum)
    done_at_signal = fixed_count(folder)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == code
    last = stderr.decode().splitlines()[-1]
    told = re.fullmatch(
        r"l2lint: interrupted; (\d+) files? (?:was|were) fixed before the stop; "
        r"no further file was checked or written",
        last,
    )
    assert told, last
    assert_everything_stopped(folder, done_at_signal)
    # the count told is the files written, but for one a worker may have finished as it
    # was terminated, before sending its result
    assert fixed_count(folder) - jobs <= int(told[1]) <= fixed_count(folder)
