"""Writing a fixed file so that nothing is ever lost, and no link is broken.

The new bytes go to a temporary file beside the original, which then replaces it
with one rename: an interrupted run leaves either the old or the new file. The
temporary file gets the original's mode, owner and group (where the OS allows) and
extended attributes (where the file system has them). A file that changed on disk
since it was read, or that is read-only, is left alone.

Links (#22):

- a symbolic link is followed: its target is fixed (by the same rename, in the
  target's folder), so the link stays a link, but only when the target lies inside
  one of `roots` (the folders being checked); otherwise nothing is written;
- a file with more than one hard link is written in place, through the same inode,
  after checking that it still holds the bytes that were read: every link sees the
  fix. (Such a write is not atomic: an interrupted run may leave it part-written.)
  The same holds for a file whose owner or group a new file could not keep.

Temporary files are named `.l2lint-*.tmp` (and hold only a copy of the file beside
them, mode 0600 until renamed). A run killed between creating and renaming one (SIGKILL,
power loss) leaves it behind, where `git add -A` would pick it up. Git ignores nothing by
default, and a temporary file elsewhere (under `.git/`, in the user's cache) would make
the rename cross folders, maybe file systems, and so not atomic or not possible; so the
name stays beside its file and leftovers are removed instead: every run removes the
`.l2lint-*.tmp` files older than `STALE_SECONDS` and owned by the running user in each
folder it checked a file in (`remove_stale_temps_near`; a fixed file is always a checked
one, so its folder is among them), and a fix or a report written into a folder does the
same there first.
"""

from __future__ import annotations

import contextlib
import os
import stat as statmod
import tempfile
import time
from collections.abc import Iterable, Sequence

TEMP_PREFIX, TEMP_SUFFIX = ".l2lint-", ".tmp"
STALE_SECONDS = 60.0
_cleaned: set[str] = set()  # folders already cleaned by this process


class WriteError(Exception):
    """The fix could not be written; the original file is untouched."""


class WriteRefused(WriteError):
    """The fix is not written by design (a link out of the checked folders): a notice."""


def is_writable(path: str) -> bool:
    """Writable by us, and not marked read-only (root may write anything, but should not)."""
    try:
        return os.access(path, os.W_OK) and bool(os.stat(path).st_mode & 0o222)
    except OSError:
        return False


def inside(path: str, roots: Sequence[str]) -> bool:
    """Whether the real path `path` lies in (or is) one of the real paths `roots`."""
    for root in roots:
        with contextlib.suppress(ValueError):
            if os.path.commonpath([path, root]) == root:
                return True
    return False


def shown_target(real: str) -> str:
    """A link's real target as messages show it: relative to the working folder when it
    lies below it, else absolute."""
    try:
        shown = os.path.relpath(real)
    except ValueError:  # another drive
        return real
    return real if shown.startswith("..") else shown


def target_of(path: str, roots: Sequence[str] | None) -> str:
    """The file a fix of `path` is written to: its real path (a symbolic link, or a
    folder on the way that is one, followed), which must lie inside `roots` (None:
    anywhere). Raises `WriteRefused` when a link leads outside them."""
    real = os.path.realpath(path)
    if roots is not None and not inside(real, [os.path.realpath(r) for r in roots]):
        raise WriteRefused(
            f"symbolic link to {shown_target(real)}, outside the checked folders; "
            "fix the target itself"
        )
    return real


def write_atomic(
    path: str, data: bytes, expected: bytes, roots: Sequence[str] | None = None
) -> None:
    """Replace the content of `path` (bytes `expected` when read) by `data`.

    Follows a symbolic link whose target lies inside `roots` (see `target_of`); a file
    with several hard links, or whose owner a new file could not keep, is written in
    place. A file that already holds `data` (fixed through another link in the same
    run) is left as it is. Raises `WriteError` (the file untouched) when it is
    read-only, changed on disk since it was read, or a link out of `roots`.
    """
    path = target_of(path, roots)
    if not is_writable(path):
        raise WriteError("file is read-only")
    try:
        with open(path, "rb") as handle:
            current = handle.read()
        info = os.stat(path)
    except OSError as exc:
        raise WriteError(exc.strerror or str(exc)) from None
    if current == data:
        return
    if current != expected:
        raise WriteError("file changed on disk since it was read")
    if info.st_nlink > 1:
        _write_in_place(path, data, expected)
        return
    directory = os.path.dirname(os.path.abspath(path))
    remove_stale_temps(directory)
    try:
        fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=directory)
    except OSError as exc:
        raise WriteError(f"cannot create a temporary file: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if not _copy_metadata(path, temp, info):
            os.unlink(temp)
            _write_in_place(path, data, expected)
            return
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise WriteError(exc.strerror or str(exc)) from None
        raise


def _copy_metadata(source: str, temp: str, info: os.stat_result) -> bool:
    """Give `temp` the mode, owner, group and extended attributes of `source`.

    Returns False when the owner or group cannot be kept (then the file must be
    written in place). Extended attributes the OS refuses to set are left out.
    """
    if hasattr(os, "geteuid") and (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.chown(temp, info.st_uid, info.st_gid)
        except OSError:
            return False
    os.chmod(temp, statmod.S_IMODE(info.st_mode))
    if hasattr(os, "listxattr"):
        try:
            names = os.listxattr(source)
        except OSError:
            names = []
        for name in names:
            with contextlib.suppress(OSError):
                os.setxattr(temp, name, os.getxattr(source, name))
    return True


def _write_in_place(path: str, data: bytes, expected: bytes) -> None:
    """Overwrite `path` through its own inode, if it still holds `expected`."""
    try:
        with open(path, "r+b") as handle:
            if handle.read() != expected:
                raise WriteError("file changed on disk since it was read")
            handle.seek(0)
            handle.write(data)
            handle.truncate()
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise WriteError(exc.strerror or str(exc)) from None


def remove_stale_temps_near(paths: Iterable[str]) -> None:
    """`remove_stale_temps` in the folder of each local file of `paths` (a URL, `-` and
    `<stdin>` are left out), each folder once per process."""
    folders = {
        os.path.dirname(os.path.abspath(p))
        for p in paths
        if "://" not in p and p not in ("-", "<stdin>")
    }
    for folder in sorted(folders):
        remove_stale_temps(folder)


def remove_stale_temps(directory: str, now: float | None = None) -> None:
    """Remove `.l2lint-*.tmp` files in `directory` older than STALE_SECONDS (by mtime)
    and owned by the running user (left by a killed run; a running one holds its own for
    well under a second). Regular files only, never through a link; errors are ignored."""
    if now is None:
        if directory in _cleaned:
            return
        _cleaned.add(directory)
    limit = (time.time() if now is None else now) - STALE_SECONDS
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX):
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                mine = not hasattr(os, "geteuid") or info.st_uid == os.geteuid()
                if statmod.S_ISREG(info.st_mode) and mine and info.st_mtime < limit:
                    os.unlink(entry.path)
