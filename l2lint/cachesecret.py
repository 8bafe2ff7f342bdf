"""The secret key that signs results-cache entries (`cache.py`), kept outside the
working tree.

`.l2lint_cache/` lies in the repository, and anyone who can commit a file can commit an
entry there: with nothing secret in the key, an entry saying "no findings" would pass
the gate for any file. So each entry carries an HMAC-SHA256 (RFC 2104) made with a key
only the user (or the CI project) holds: an entry that does not verify is a miss.

Where the key comes from, first match:

1. `$L2LINT_CACHE_KEY` (any non-empty text, used as its UTF-8 bytes): CI jobs that
   share `.l2lint_cache` between pipelines set the same value, kept as a masked/secret
   variable; an attacker who can only commit files does not know it.
2. The file `cache-key` in the data cache folder (`datacache.root()`, e.g.
   `~/.cache/l2lint/cache-key`): 32 random bytes (`os.urandom`) written on first use,
   mode 0600, never through a symbolic link. A file there that is a link, not a regular
   file, not owned by the user, readable by others, or not 32 to 1,024 bytes is not
   used. Nor is one whose folder lies inside a git work tree (the folder or one above
   it, as written or with links resolved, holds `.git`): a CI job that caches
   `$XDG_CACHE_HOME=$PWD/.cache` in the checkout would otherwise read a key file anyone
   could commit (checked out with umask 077 it is 0600 and the runner's own), and sign
   with a key the attacker knows. Such a folder gets no key file written either.
3. None: `$L2LINT_DATA_CACHE` is off, the key file is refused or cannot be written, and
   no `$L2LINT_CACHE_KEY` is set; the results cache is then off, with a notice giving
   the reason (`key_status`).
"""

from __future__ import annotations

import contextlib
import functools
import os
import stat

from l2lint import datacache
from l2lint.gitrepo import work_tree_above
from l2lint.regularfile import open_regular

ENV = "L2LINT_CACHE_KEY"
FILE_NAME = "cache-key"
KEY_BYTES = 32
_MAX_KEY_BYTES = 1024
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def cache_key() -> bytes | None:
    """The HMAC key for results-cache entries (see the module docs), read or created
    once per process; None when there is none (`key_status` says why)."""
    return key_status()[0]


@functools.cache
def key_status() -> tuple[bytes | None, str]:
    """(key, "") or (None, why there is none), the reason as a clause for a notice
    ("the data cache folder is off", "the key file /x/cache-key is readable by other
    users"); read or created once per process."""
    configured = os.environ.get(ENV)
    if configured:
        return configured.encode("utf-8", "surrogateescape"), ""
    base = datacache.root()
    if base is None:
        return None, "the data cache folder is off"
    path = base / FILE_NAME
    work_tree = work_tree_above(base)
    if work_tree is not None:
        return None, (
            f"the key file {path} lies inside the git work tree {work_tree}, where it "
            "could be committed"
        )
    key, why = _read_key(str(path))
    if key is not None or why != "missing":
        return key, why
    with contextlib.suppress(OSError):
        base.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
        try:
            os.write(fd, os.urandom(KEY_BYTES))
        finally:
            os.close(fd)
    key, why = _read_key(str(path))  # ours, or the one another process created first
    return key, ("the key file cannot be created" if why == "missing" else why)


def _read_key(path: str) -> tuple[bytes | None, str]:
    """(key, "") when `path` is a regular file (not a link) the user owns, that only the
    user can read, of 32 to 1,024 bytes; else (None, the reason): "missing" when there
    is nothing at `path`, else a clause naming the file."""
    try:
        with open_regular(path, follow_links=False) as handle:
            info = os.fstat(handle.fileno())
            if hasattr(os, "geteuid"):
                if info.st_uid != os.geteuid():
                    return None, f"the key file {path} is owned by another user"
                if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
                    return None, f"the key file {path} can be read or written by other users"
            data = handle.read(_MAX_KEY_BYTES + 1)
    except FileNotFoundError:
        return None, "missing"
    except OSError as error:  # a link, not regular, unreadable
        reason = error.strerror or str(error)
        return None, f"the key file {path} cannot be used ({reason})"
    if not KEY_BYTES <= len(data) <= _MAX_KEY_BYTES:
        return None, f"the key file {path} does not hold {KEY_BYTES} to {_MAX_KEY_BYTES} bytes"
    return data, ""
