"""Writing a file l2lint creates by name (`--output-file`, `--write-baseline`,
`--prune-baseline`): never through a symbolic link, never into a FIFO or a device, and
never half-written.

A link named as the output could point anywhere (a file outside the repository, a git
hook), a FIFO would block the run, and a killed run would leave a truncated report that
a CI step then uploads. So the path is checked with `os.lstat` first: a symbolic link or
anything but a regular file (or nothing) is refused with `OutputRefused`. The bytes go
to a temporary file in the same folder (`writer.TEMP_PREFIX`…`writer.TEMP_SUFFIX`, so a
killed run's leftover is removed by a later one, see `writer.remove_stale_temps`), which
then replaces the path with one `os.replace`. A link planted between the check and the
rename is itself replaced, never followed. The new file keeps the mode of the file it
replaces; a new one gets 0666 less the umask, as `open` would give it.

The folders on the way are checked too (`_check_folder`), since a repository can hold a
link to a folder (`reports -> .git/hooks`, `out -> /etc`):
- nothing is written inside a `.git` folder (a `.git` component in the folder's real
  path): a hook there would run on the next commit;
- a path written inside the working folder whose real folder lies outside it (a link on
  the way leads out) is refused. A path written outside the working folder is the
  user's explicit choice and is used as the system resolves it (`/tmp` may itself be a
  link, as on macOS).

`/dev/null`, `/dev/stdout` and `/dev/stderr`, written exactly so, are the one exception
to "regular files only": they are how a user discards a report or sends it to a stream,
no repository can plant them, and they are written directly (nothing to replace).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from typing import BinaryIO

from l2lint.gitrepo import git_dir_above
from l2lint.regularfile import kind_of
from l2lint.writer import TEMP_PREFIX, TEMP_SUFFIX, remove_stale_temps


class OutputRefused(OSError):
    """The output path is a symbolic link or not a regular file; the text is the reason
    ("is a symbolic link; not written through it"), without the path."""


def _mode_for(path: str) -> int:
    """The permission bits for the new file at `path`: those of the regular file there,
    else 0666 less the umask. Raises OutputRefused for a link or a non-regular file."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
    if stat.S_ISLNK(info.st_mode):
        raise OutputRefused("is a symbolic link; not written through it")
    if not stat.S_ISREG(info.st_mode):
        raise OutputRefused(f"is not a regular file but {kind_of(info.st_mode)}; not written")
    return stat.S_IMODE(info.st_mode)


_STREAMS = frozenset({"/dev/null", "/dev/stdout", "/dev/stderr"})


def _is_stream(path: str) -> bool:
    """`path` is written exactly as one of `_STREAMS` and exists as a character device
    or the pipe/file behind a standard stream (POSIX only)."""
    return os.name == "posix" and path in _STREAMS and os.path.exists(path)


def _inside(path: str, folder: str) -> bool:
    """`path` is `folder` or lies under it (both absolute, normalised)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _check_folder(target: str) -> None:
    """Raise OutputRefused when the folder of `target` (a path as given) is, or leads
    through a link into, a `.git` folder, or is written inside the working folder but
    reached through a link leading outside it (see the module docs)."""
    written = os.path.dirname(os.path.abspath(target))
    real = os.path.realpath(os.path.dirname(target) or os.curdir)
    if ".git" in real.split(os.sep):
        raise OutputRefused(f"lies inside a .git folder ({real}); not written there")
    repository = git_dir_above(real)
    if repository is not None:
        raise OutputRefused(
            f"lies inside a git repository's own folder ({repository}); not written there"
        )
    if real == written:
        return
    working = os.path.abspath(os.curdir)
    working_real = os.path.realpath(working)
    if (_inside(written, working) or _inside(written, working_real)) and not _inside(
        real, working_real
    ):
        raise OutputRefused(
            f"its folder is reached through a symbolic link leading outside the working "
            f"folder (to {real}); not written through it"
        )


def check_output_path(path: str | os.PathLike[str]) -> None:
    """Raise OutputRefused now when `path` could not be written by `replacing` (a
    symbolic link, a FIFO, a folder, a folder reached through a link out of the working
    folder or into `.git`), so a run stops before its work, not after."""
    target = os.fspath(path)
    if _is_stream(target):
        return
    _check_folder(target)
    _mode_for(target)


@contextlib.contextmanager
def replacing(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary handle whose bytes replace the regular file `path` (or create it) when
    the block ends without an exception; on an exception the temporary file is removed
    and `path` is untouched.

    Raises OutputRefused (see module docs) before anything is written, and OSError when
    the folder cannot be written.
    """
    target = os.fspath(path)
    if _is_stream(target):
        with open(target, "wb") as stream:
            yield stream
        return
    _check_folder(target)
    mode = _mode_for(target)
    folder = os.path.dirname(os.path.abspath(target))
    remove_stale_temps(folder)
    fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            with contextlib.suppress(OSError):
                os.fsync(handle.fileno())
        os.chmod(temp, mode)
        _mode_for(target)  # still no link or FIFO there (a late one is replaced anyway)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def write_output(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace (or create) the regular file `path` with `data`, atomically; see `replacing`
    for the errors."""
    with replacing(path) as handle:
        handle.write(data)
