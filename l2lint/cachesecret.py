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
   used.
3. None: `$L2LINT_DATA_CACHE` is off (or the folder cannot be written) and no
   `$L2LINT_CACHE_KEY` is set; the results cache is then off, with a notice.
"""

from __future__ import annotations

import contextlib
import functools
import os
import stat

from l2lint import datacache
from l2lint.regularfile import open_regular

ENV = "L2LINT_CACHE_KEY"
FILE_NAME = "cache-key"
KEY_BYTES = 32
_MAX_KEY_BYTES = 1024
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


@functools.cache
def cache_key() -> bytes | None:
    """The HMAC key for results-cache entries (see the module docs), read or created
    once per process; None when there is none."""
    configured = os.environ.get(ENV)
    if configured:
        return configured.encode("utf-8", "surrogateescape")
    base = datacache.root()
    if base is None:
        return None
    path = base / FILE_NAME
    key = _read_key(str(path))
    if key is not None:
        return key
    with contextlib.suppress(OSError):
        base.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
        try:
            os.write(fd, os.urandom(KEY_BYTES))
        finally:
            os.close(fd)
    return _read_key(str(path))  # ours, or the one another process created first


def _read_key(path: str) -> bytes | None:
    """The key in `path` if it is a regular file (not a link) the user owns, that only
    the user can read, of 32 to 1,024 bytes; else None."""
    try:
        with open_regular(path, follow_links=False) as handle:
            info = os.fstat(handle.fileno())
            if hasattr(os, "geteuid") and (
                info.st_uid != os.geteuid() or info.st_mode & (stat.S_IRWXG | stat.S_IRWXO)
            ):
                return None
            data = handle.read(_MAX_KEY_BYTES + 1)
    except OSError:  # missing, a link, not regular
        return None
    return data if KEY_BYTES <= len(data) <= _MAX_KEY_BYTES else None
