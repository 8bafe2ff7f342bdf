"""Driving headless Chromium from tests with nothing but subprocess.

The HTML report needs no JavaScript, so the DOM Chromium builds after loading a page
(`--dump-dom`) and a `--screenshot` are all a test needs: no Selenium, no driver.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

# Tried in order; set L2LINT_CHROMIUM to point at any other Chromium or Chrome binary.
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")

# Quiet, offline, deterministic: no sandbox (containers run as root), no GPU, no
# background network, first-run or component updates.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)


def find_chromium() -> str | None:
    """The Chromium binary to use, or None when none is installed."""
    override = os.environ.get("L2LINT_CHROMIUM")
    if override:
        return override if Path(override).is_file() else shutil.which(override)
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def command(binary: str, profile: str, *args: str) -> list[str]:
    """The full command line, also shown in failure messages so they can be rerun."""
    return [binary, *FLAGS, f"--user-data-dir={profile}", *args]


def _run(binary: str, args: list[str], timeout: float) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="l2lint-chromium-") as profile:
        cmd = command(binary, profile, *args)
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(
            f"chromium failed ({result.returncode}): {' '.join(cmd)}\n{result.stderr[-2000:]}"
        )
    return result


def dump_dom(binary: str, page: Path, timeout: float = 120) -> str:
    """The serialised DOM after Chromium has parsed and loaded `page`."""
    return _run(binary, ["--dump-dom", page.resolve().as_uri()], timeout).stdout


def screenshot(
    binary: str, page: Path, out: Path, width: int = 1280, height: int = 2000, timeout: float = 120
) -> Path:
    """A PNG of the top `width`x`height` pixels of `page`."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out = out.resolve()
    args = [f"--screenshot={out}", f"--window-size={width},{height}", page.resolve().as_uri()]
    _run(binary, args, timeout)
    if not out.is_file():
        raise RuntimeError(f"chromium wrote no screenshot to {out}")
    return out


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) from the PNG header, to check a screenshot without Pillow."""
    data = path.read_bytes()[:24]
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


class ClassCounter(HTMLParser):
    """Counts elements by class token (as `querySelectorAll('.name')` does) and ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.classes: dict[str, int] = {}
        self.tags: dict[str, int] = {}
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1
        for name, value in attrs:
            if name == "class" and value:
                for token in value.split():
                    self.classes[token] = self.classes.get(token, 0) + 1
            elif name == "id" and value:
                self.ids.append(value)


def count_classes(html: str) -> ClassCounter:
    parser = ClassCounter()
    parser.feed(html)
    parser.close()
    return parser
