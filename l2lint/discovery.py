"""Which files a `check` of folders reads: recursive, skipping what is never copy.

Every path named on the command line is read (a file) or walked (a folder), even when
`.gitignore`, `exclude` or the default skip list would skip it; inside a walked folder,
those rules apply to what lies below the named folder. Everything skipped in a walk is
reported as an `Excluded` item with its reason, so a run can count and list it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from l2lint.pathfilter import matches_below
from l2lint.regularfile import FileTooLargeError, not_regular_reason, read_regular
from l2lint.sources import format_for

# Folders never walked into (unless named on the command line); documented in README.md.
SKIP_DIRS = {
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    "__pycache__",
    ".venv",
    "venv",
    "env",
    ".tox",
    ".nox",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".l2lint_cache",
    "site-packages",
    "dist",
    "build",
}

# Reasons an `Excluded` item gives, as the user sees them.
BY_GITIGNORE = ".gitignore"
BY_EXCLUDE = "exclude"
BY_DEFAULT = "default skip list"
BY_HIDDEN = "hidden"
BY_VIRTUALENV = "virtual environment"
BY_EXTENSION = "not a known extension"
BY_NOT_REGULAR = "not a regular file"
BY_LINK_LOOP = "symbolic link loop"
BY_BROKEN_LINK = "broken symbolic link"


@dataclass(frozen=True)
class Skipped:
    """An input that could not be read: missing, or a folder that cannot be listed."""

    path: str
    reason: str


@dataclass(frozen=True)
class Excluded:
    """A file or folder a walk skipped on purpose; `reason` is one of the BY_* names."""

    path: str
    reason: str
    is_dir: bool = False


# (path as given or found, is it a folder) -> skipped by `exclude`?
ExcludeMatcher = Callable[[str, bool, "str | None"], bool]


def _mode(path: str) -> int | None:
    """`st_mode` of `path` (links followed), None when it cannot be stat'ed."""
    try:
        return os.stat(path).st_mode
    except OSError:
        return None


def link_problem(path: str | os.PathLike[str]) -> str | None:
    """BY_LINK_LOOP for a symbolic link that leads back to itself (`ln -s a a`, or `a` ->
    `b` -> `a`: `stat` fails with ELOOP), BY_BROKEN_LINK for one whose target does not
    exist (ENOENT, ENOTDIR); None for anything else, including a link that cannot be
    followed for another reason (no permission: reading it reports why)."""
    if not os.path.islink(path):
        return None
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return BY_LINK_LOOP
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return BY_BROKEN_LINK
    return None


def _links_to_ancestor(directory: Path) -> bool:
    """Whether `directory` is a symbolic link to itself or a folder above it (walking it
    would never end); a second link to a folder elsewhere is not."""
    if not directory.is_symlink():
        return False
    try:
        target = directory.resolve()
        return target == directory.parent.resolve() or target in directory.parent.resolve().parents
    except (OSError, RuntimeError):
        return True


def _is_regular(entry: os.DirEntry) -> bool:
    """A regular file, or a path that cannot be stat'ed (reading it reports why)."""
    try:
        if entry.is_file():
            return True
    except OSError:
        return True
    return _mode(entry.path) is None


def _is_virtualenv(path: Path) -> bool:
    return (path / "pyvenv.cfg").is_file()


# A .gitignore l2lint reads: at most this many bytes and patterns (real ones hold a few
# hundred lines); pathspec compiles every pattern, about 0.1 ms each, and matching a path
# tries them all, so 100,000 lines cost 44 s for one file. A larger one, or one that is
# not a regular file (a link to /dev/zero, a FIFO), is not used, with a notice.
MAX_GITIGNORE_BYTES = 1 << 20
MAX_GITIGNORE_PATTERNS = 10_000
NOT_USED_GITIGNORE = "not used as .gitignore"


class GitIgnore:
    """.gitignore rules of the git repository a folder lies in (via pathspec).

    Each folder's `.gitignore` is read once, only when it is a regular file of at most
    MAX_GITIGNORE_BYTES bytes and MAX_GITIGNORE_PATTERNS patterns; `problem` tells why
    one was not used."""

    def __init__(self) -> None:
        self._specs: dict[Path, object] = {}
        self._problems: dict[Path, str] = {}

    @staticmethod
    def repo_root(path: Path) -> Path | None:
        """The nearest folder at or above `path` holding a `.git` entry (folder or file, as in a
        worktree), or None outside a git repository."""
        for parent in [path, *path.parents]:
            if (parent / ".git").exists():
                return parent
        return None

    def problem(self, directory: Path) -> str | None:
        """Why the `.gitignore` of the (resolved) `directory` is not used, e.g. "not a
        regular file: a FIFO (named pipe)", or None (used, or there is none)."""
        self._spec(directory)
        return self._problems.get(directory)

    def _spec(self, directory: Path):
        if directory not in self._specs:
            self._specs[directory] = None
            try:
                lines = self._lines(directory / ".gitignore")
            except OSError as exc:
                self._problems[directory] = str(exc) if exc.strerror is None else exc.strerror
                return None
            if lines:
                import pathspec

                with contextlib.suppress(Exception):  # a broken .gitignore must not stop the scan
                    self._specs[directory] = pathspec.GitIgnoreSpec.from_lines(lines)
        return self._specs[directory]

    @staticmethod
    def _lines(ignore: Path) -> list[str]:
        """The pattern lines of `ignore` ([] when there is none); raises OSError
        (NotRegularFileError, FileTooLargeError: the text is the reason) for one not used."""
        try:
            raw = read_regular(ignore, MAX_GITIGNORE_BYTES)
        except FileNotFoundError:  # none, or a dangling link (git skips it too)
            return []
        lines = [
            line
            for line in raw.decode("utf-8", errors="replace").splitlines()
            if line.strip() and not line.startswith("#")
        ]
        if len(lines) > MAX_GITIGNORE_PATTERNS:
            raise FileTooLargeError(f"more than {MAX_GITIGNORE_PATTERNS:,} patterns")
        return lines

    def ignored(self, path: Path, root: Path, is_dir: bool, top: Path | None = None) -> bool:
        """Whether a .gitignore from the repo root down to the path's folder ignores it.

        All paths resolved. `top` is the folder named on the command line: a pattern of a
        .gitignore above it that matches `top` itself (say `public/`) does not count, as
        the user asked for that folder.
        """
        directory = root
        try:
            rel_parts = path.relative_to(root).parts
        except ValueError:  # a link out of the repository
            return False
        top_parts: tuple[str, ...] | None = None
        if top is not None:
            try:
                top_parts = top.relative_to(root).parts
            except ValueError:
                top_parts = None
        for depth in range(len(rel_parts)):
            spec = self._spec(directory)
            if spec is not None:
                rel = "/".join(rel_parts[depth:]) + ("/" if is_dir else "")
                top_rel = None
                if top_parts is not None and depth < len(top_parts):  # a .gitignore above top
                    top_rel = "/".join(top_parts[depth:])
                if matches_below(spec, rel, top_rel):
                    return True
            directory = directory / rel_parts[depth]
        return False


def discover(
    paths: list[str],
    extensions: dict[str, str],
    exclude: ExcludeMatcher | None = None,
    respect_gitignore: bool = True,
) -> Iterator[tuple[str, str | None] | Skipped | Excluded]:
    """Yield (path as the user will see it, format) for every file to read, in a stable
    order, a `Skipped` for an input that cannot be read and an `Excluded` for each file
    or folder a walk skipped (not the files inside a skipped folder).

    Files named explicitly are read unless `exclude` matches them (format None when the
    extension is unknown: read as plain text); folders are walked recursively for known
    extensions only. Only regular files are read (symbolic links followed): a named FIFO,
    device or socket is a `Skipped` ("not a regular file: a FIFO (named pipe)"), one
    found in a walk an `Excluded` with reason BY_NOT_REGULAR. A symbolic link that
    cannot be followed (`link_problem`) is a `Skipped` when named ("symbolic link
    loop", "broken symbolic link") and an `Excluded` with that reason in a walk, so that
    the skip summary counts it and `--show-files` lists it (#14). `exclude(path, is_dir,
    top)` answers for a path below the named folder `top` (None for a named file).
    """
    gitignore = GitIgnore() if respect_gitignore else None
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, extensions, gitignore, exclude)
        elif path.exists() or path.is_symlink():
            mode = _mode(given)
            if exclude is not None and exclude(given, False, None):
                yield Excluded(given, BY_EXCLUDE)
            elif mode is None and (problem := link_problem(given)) is not None:
                yield Skipped(given, problem)
            elif mode is not None and not stat.S_ISREG(mode):
                yield Skipped(given, not_regular_reason(mode))
            else:
                yield given, format_for(given, extensions)
        else:
            yield Skipped(given, "no such file or directory")


def _walk(
    top: Path, extensions, gitignore: GitIgnore | None, exclude: ExcludeMatcher | None
) -> Iterator[tuple[str, str | None] | Skipped | Excluded]:
    resolved_top = top.resolve()
    root = GitIgnore.repo_root(resolved_top) if gitignore is not None else None
    if gitignore is not None and root is not None:  # .gitignore files above `top` apply too
        above = [root, *reversed(resolved_top.parents)]
        for folder in dict.fromkeys(
            f for f in above if f.is_relative_to(root) and f != resolved_top
        ):
            problem = gitignore.problem(folder)
            if problem:
                yield Excluded(str(folder / ".gitignore"), f"{NOT_USED_GITIGNORE}: {problem}")
    seen: set[tuple[int, int]] = set()
    stack = [top]
    while stack:
        directory = stack.pop()
        try:
            stat = directory.stat()
        except OSError as exc:
            yield Skipped(str(directory), exc.strerror or str(exc))
            continue
        key = (stat.st_dev, stat.st_ino)
        if key in seen:  # a symlink loop or a second link to the same folder
            if _links_to_ancestor(directory):  # a loop: said, not silent (#14)
                yield Excluded(str(directory), BY_LINK_LOOP, is_dir=True)
            continue
        seen.add(key)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            yield Skipped(str(directory), exc.strerror or str(exc))
            continue
        subdirs = []
        for entry in entries:
            child = Path(entry.path)
            try:
                is_dir = entry.is_dir()
            except OSError:  # a symbolic link loop (ELOOP), or no permission
                is_dir = False
            # a link that cannot be followed is matched by where it lies, not resolved
            # (resolving a loop raises): #14
            problem = None if is_dir else link_problem(entry.path)
            where = child.parent.resolve() / child.name if problem else None
            reason = None
            if exclude is not None and exclude(str(child), is_dir, str(top)):
                reason = BY_EXCLUDE
            elif (
                entry.name == ".gitignore"
                and gitignore is not None
                and root is not None
                and (problem := gitignore.problem(directory.resolve()))
            ):
                reason = f"{NOT_USED_GITIGNORE}: {problem}"
            elif (
                gitignore is not None
                and root is not None
                and gitignore.ignored(where or child.resolve(), root, is_dir, resolved_top)
            ):
                reason = BY_GITIGNORE
            elif is_dir:
                if entry.name in SKIP_DIRS:
                    reason = BY_DEFAULT
                elif entry.name.startswith("."):
                    reason = BY_HIDDEN
                elif _is_virtualenv(child):
                    reason = BY_VIRTUALENV
            elif entry.name.startswith(".") and not entry.name.lower().endswith(tuple(extensions)):
                reason = BY_HIDDEN
            elif format_for(entry.name, extensions) is None:
                reason = BY_EXTENSION
            elif problem is not None:
                reason = problem
            elif not _is_regular(entry):
                reason = BY_NOT_REGULAR
            if reason is not None:
                yield Excluded(str(child), reason, is_dir)
            elif is_dir:
                subdirs.append(child)
            else:
                yield str(child), format_for(entry.name, extensions)
        stack.extend(reversed(subdirs))
