"""When to show progress on stderr for long scans (`scanprogress` draws it): only on a
terminal, never in CI logs."""

from __future__ import annotations

import os
import sys

MIN_FILES = 20  # below this a scan is over before a bar helps


def wanted(enabled: bool) -> bool:
    """Whether to draw a bar: asked for, stderr is a terminal and `CI` is unset or empty."""
    return enabled and sys.stderr.isatty() and not os.environ.get("CI")
