"""Reading only regular files: never a FIFO, a device or a socket, never without a bound.

A path (or a symbolic link) that names `/dev/zero` gives an endless read, a FIFO a read
that waits forever for a writer. Every path l2lint reads by name (copy, rule packs,
configuration) is checked with `os.stat` first and opened with `O_NONBLOCK`, so that a
file swapped for a FIFO between the check and the open cannot block either; the open
file is checked again with `os.fstat` (the POSIX `S_ISREG` test).
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISLNK, "a symbolic link"),  # with follow_links=False
)


class NotRegularFileError(OSError):
    """A path that is not a regular file (after symbolic links); its text is the reason,
    e.g. "not a regular file: a character device", without the path."""


class FileTooLargeError(OSError):
    """A file over the size limit of what reads it; its text is the reason, without the path."""


def kind_of(mode: int) -> str:
    """What a `st_mode` names, in words ("a FIFO (named pipe)", …, "a special file")."""
    return next((name for test, name in _KINDS if test(mode)), "a special file")


def not_regular_reason(mode: int) -> str:
    """The one-line reason for a non-regular `st_mode`, e.g. "not a regular file: a FIFO
    (named pipe)"."""
    return f"not a regular file: {kind_of(mode)}"


def open_regular(path: str | os.PathLike[str], follow_links: bool = True) -> BinaryIO:
    """`path` opened for binary reading, only when it is a regular file (links followed,
    or with `follow_links=False` refused: OSError ELOOP from `O_NOFOLLOW` on POSIX).

    Raises NotRegularFileError for anything else (without opening it: opening a device
    can have effects), and OSError as `open` does (FileNotFoundError, PermissionError).
    """
    before = os.stat(path, follow_symlinks=follow_links)
    if not stat.S_ISREG(before.st_mode):
        raise NotRegularFileError(not_regular_reason(before.st_mode))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        after = os.fstat(fd)
        if not stat.S_ISREG(after.st_mode):  # replaced between the two looks
            raise NotRegularFileError(not_regular_reason(after.st_mode))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # a regular file never blocks; plain reads from here
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(
    path: str | os.PathLike[str], limit: int | None = None, follow_links: bool = True
) -> bytes:
    """The bytes of the regular file `path`, at most `limit` bytes (None: no limit).

    Raises NotRegularFileError, FileTooLargeError ("larger than the limit of 1 MiB
    (1,048,576 bytes)" for a file over `limit`, found without reading past it) and
    OSError as `open_regular` (`follow_links` as there).
    """
    with open_regular(path, follow_links) as handle:
        if limit is None:
            return handle.read()
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileTooLargeError(f"larger than the limit of {size_words(limit)}")
    return data


def size_words(size: int) -> str:
    """`size` bytes in words: "1 MiB (1,048,576 bytes)", "512 bytes"."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale and size % scale == 0:
            return f"{size // scale} {unit} ({size:,} bytes)"
    return f"{size:,} bytes"
