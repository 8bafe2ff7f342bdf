"""Derived data kept between runs: tables l2lint builds from installed packages' data.

A cold start that meets a claim or an undeclared language needs data that is slow to
build from the packages' own files (py3langid's model is 4.6 MB of LZMA, 0.7 s to
unpack; spaCy's lemma tables are megabytes of JSON). What l2lint derives from them (the
detector restricted to the packs' languages, the lemma entries the packs' phrases can
use) is written here once and read back in milliseconds. This is not the results cache
(`cache.py`, `--no-cache`): an entry holds no findings, only a function of installed
package files and rule-pack data, named by a SHA-256 digest of everything it is derived
from, so a changed package or pack gets a new entry and an old one is never read.

Location: `$L2LINT_DATA_CACHE` when set (empty or `off`: nothing is stored), else the
user cache folder: `%LOCALAPPDATA%\\l2lint\\Cache` on Windows, `~/Library/Caches/l2lint`
on macOS, `$XDG_CACHE_HOME/l2lint` (default `~/.cache/l2lint`) elsewhere.

An entry is a directory written under a temporary name and renamed into place, so a
reader never sees half of one; any error writing or reading (read-only home, full disk)
only means the data is built in memory, as without the cache. Each use of an entry
touches its `done` marker; when a new entry is stored, entries of the same kind beyond
the `KEEP` most recently used ones are deleted (an upgraded package or a changed pack
leaves its old, up to 40 MB, entries behind otherwise).

A folder inside a git work tree (`work_tree_above`: `XDG_CACHE_HOME=$PWD/.cache` in a
CI job) is neither read nor written: its entries could be committed by anyone, with
names anyone can compute, and would change what l2lint detects (a language model that
calls English copy German silences the English rules).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from l2lint.gitrepo import work_tree_above

ENV = "L2LINT_DATA_CACHE"
# bump when the layout of any entry changes
FORMAT = 1
# entries of one kind kept when another is stored (packs with other language sets)
KEEP = 4


def root() -> Path | None:
    """The cache folder (not created here), or None when `$L2LINT_DATA_CACHE` turns it off."""
    configured = os.environ.get(ENV)
    if configured is not None:
        return None if configured.strip().lower() in ("", "off") else Path(configured)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "l2lint" / "Cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "l2lint"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache") / "l2lint"


def key(kind: str, *parts: object) -> str:
    """`kind-<first 24 hex digits of SHA-256>` over the format version and `parts` (reprs)."""
    digest = hashlib.sha256(f"{FORMAT}\0{kind}".encode())
    for part in parts:
        digest.update(b"\0" + repr(part).encode("utf-8", "surrogatepass"))
    return f"{kind}-{digest.hexdigest()[:24]}"


def _trusted_root() -> Path | None:
    """`root()`, or None when it is off or lies inside a git work tree."""
    base = root()
    return None if base is None or work_tree_above(base) is not None else base


def lookup(name: str) -> Path | None:
    """The directory of entry `name` (from `key`) if it is complete, else None (also when
    the folder lies inside a git work tree)."""
    base = _trusted_root()
    if base is None:
        return None
    done = base / name / "done"
    if not done.is_file():
        return None
    with contextlib.suppress(OSError):  # a read-only cache still serves
        os.utime(done)  # most recently used: the last entry `_prune` removes
    return done.parent


def store(name: str, write: Callable[[Path], None]) -> Path | None:
    """Write entry `name`: `write(folder)` fills a fresh folder that then becomes the
    entry. Returns the entry's directory, or None when the cache is off or the folder
    cannot be written or lies inside a git work tree (the caller keeps what it built in
    memory)."""
    base = _trusted_root()
    if base is None:
        return None
    final = base / name
    try:
        base.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=base))
    except OSError:
        return None
    try:
        write(tmp)
        (tmp / "done").write_bytes(b"")
        if (final / "done").is_file():  # another process was first
            shutil.rmtree(tmp, ignore_errors=True)
            return final
        if final.exists():  # a broken entry: no "done" marker
            shutil.rmtree(final, ignore_errors=True)
        os.replace(tmp, final)
        _prune(base, name.partition("-")[0])
        return final
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        return final if (final / "done").is_file() else None


def _prune(base: Path, kind: str) -> None:
    """Delete the entries of `kind` beyond the `KEEP` most recently used (by the mtime of
    their `done` marker); errors are ignored (another process may prune at once)."""
    entries = []
    for path in base.glob(f"{kind}-*"):
        try:
            entries.append(((path / "done").stat().st_mtime_ns, path))
        except OSError:
            continue
    for _, path in sorted(entries, reverse=True)[KEEP:]:
        shutil.rmtree(path, ignore_errors=True)
