"""Limits on input: the error a reader raises for a file over one (size, nesting,
ratio), and the environment variables that change them (`env_limit`)."""

from __future__ import annotations

import os

MIB = 1 << 20
# Standard input is read whole (a file on disk is read in slices): at most this many MiB.
STDIN_LIMIT_ENV = "L2LINT_STDIN_MAX_MB"
DEFAULT_STDIN_MAX_MB = 256


class LimitSettingError(ValueError):
    """An L2LINT_* limit variable that is not a whole number above 0; its text names the
    variable and the value (a one-line error for the run, exit 2)."""


def env_limit(name: str, default: int) -> int:
    """The whole number above 0 in environment variable `name`, or `default` when it is
    unset or blank. Raises LimitSettingError for any other value ("abc", "0", "1.5")."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise LimitSettingError(f"{name} must be a whole number above 0, not {raw!r}")
    return value


def stdin_limit_bytes() -> int:
    """How many bytes of standard input are read at most (`L2LINT_STDIN_MAX_MB`)."""
    return env_limit(STDIN_LIMIT_ENV, DEFAULT_STDIN_MAX_MB) * MIB


class InputLimitError(ValueError):
    """A file over a reader's limit; its text is the one-line reason, without the path."""
