"""SIGKILL in the middle of `--fix` on a large folder: every file is the original or fully fixed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

PARAGRAPH = "The Lumix S5II and the leica lens use L2 technology on an L mount body.\n\n"


def test_sigkill_leaves_every_file_original_or_fully_fixed(tmp_path):
    folder = tmp_path / "copy"
    folder.mkdir()
    for i in range(400):
        (folder / f"page-{i:03d}.md").write_text(
            f"# Page {i}\n\n" + PARAGRAPH * 40, encoding="utf-8"
        )
    original = (folder / "page-000.md").read_bytes()
    reference = tmp_path / "reference"
    reference.mkdir()
    shutil.copy(folder / "page-000.md", reference / "page-000.md")
    subprocess.run(
        [sys.executable, "-m", "l2lint", "check", "--fix", str(reference)],
        capture_output=True,
        check=False,
    )
    fixed = (reference / "page-000.md").read_bytes()
    assert fixed != original

    proc = subprocess.Popen(
        [sys.executable, "-m", "l2lint", "check", "--fix", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            states = {p.read_bytes() == fixed for p in folder.glob("*.md")}
            if True in states:  # some files are done: kill it now, mid-run
                break
            time.sleep(0.005)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)

    pages = sorted(folder.glob("*.md"))
    assert len(pages) == 400
    done = 0
    for page in pages:
        content = page.read_bytes()
        expected_original = original.replace(
            b"# Page 0\n", f"# Page {int(page.stem[-3:])}\n".encode()
        )
        expected_fixed = fixed.replace(b"# Page 0\n", f"# Page {int(page.stem[-3:])}\n".encode())
        assert content in (expected_original, expected_fixed), page.name
        done += content == expected_fixed
    assert 0 < done < 400, done  # the kill really happened mid-run
