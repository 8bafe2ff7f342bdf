"""Writing a fixed file so that nothing is ever lost.

The new bytes go to a temporary file beside the original, which then replaces it
with one rename: an interrupted run leaves either the old or the new file. A file
that changed on disk since it was read, or that is read-only, is left alone.
"""

from __future__ import annotations

import contextlib
import os
import tempfile


class WriteError(Exception):
    """The fix could not be written; the original file is untouched."""


def is_writable(path: str) -> bool:
    """Writable by us, and not marked read-only (root may write anything, but should not)."""
    try:
        return os.access(path, os.W_OK) and bool(os.stat(path).st_mode & 0o222)
    except OSError:
        return False


def write_atomic(path: str, data: bytes, expected: bytes) -> None:
    if not is_writable(path):
        raise WriteError("file is read-only")
    try:
        with open(path, "rb") as handle:
            if handle.read() != expected:
                raise WriteError("file changed on disk since it was read")
        stat = os.stat(path)
    except OSError as exc:
        raise WriteError(exc.strerror or str(exc)) from None
    directory = os.path.dirname(os.path.abspath(path))
    try:
        fd, temp = tempfile.mkstemp(prefix=".l2lint-", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise WriteError(f"cannot create a temporary file: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, stat.st_mode & 0o7777)
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise WriteError(exc.strerror or str(exc)) from None
        raise
