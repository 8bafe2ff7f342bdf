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


# No limit is set above this (a 1 TiB part, 10^12 members): larger values are typing
# slips, and Python cannot read or allocate that much at once anyway.
MAX_LIMIT = 10**12


def env_limit(name: str, default: int, maximum: int = MAX_LIMIT) -> int:
    """The whole number from 1 to `maximum` in environment variable `name`, written with
    ASCII digits only, or `default` when it is unset or blank. Raises LimitSettingError
    for any other value ("abc", "0", "1.5", "+2", "2_0", "99999999999999999999")."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    value = int(raw) if raw.isascii() and raw.isdigit() else 0
    if not 1 <= value <= maximum:
        raise LimitSettingError(f"{name} must be a whole number from 1 to {maximum:,}, not {raw!r}")
    return value


def stdin_limit_bytes() -> int:
    """How many bytes of standard input are read at most (`L2LINT_STDIN_MAX_MB`)."""
    return env_limit(STDIN_LIMIT_ENV, DEFAULT_STDIN_MAX_MB, maximum=1 << 20) * MIB  # 1 TiB


class InputLimitError(ValueError):
    """A file over a reader's limit; its text is the one-line reason, without the path."""
