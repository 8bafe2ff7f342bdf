"""Which files a `check` of folders reads: recursive, skipping what is never copy.

Every path named on the command line is read (a file) or walked (a folder), even when
`.gitignore`, `exclude` or the default skip list would skip it; inside a walked folder,
those rules apply to what lies below the named folder. Everything skipped in a walk is
reported as an `Excluded` item with its reason, so a run can count and list it.

A walk follows a symbolic link (to a file or a folder) only when its target lies inside
the folders being checked (`checked_roots`): a link to `/`, `/usr/share` or a secret
elsewhere on the machine is skipped as BY_OUTSIDE, as ripgrep and ruff do not leave the
tree either. A file or folder that cannot be looked at is one `Skipped` item, and the
walk goes on.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from l2lint.gitrepo import work_tree_above
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
BY_OUTSIDE = "link out of the checked folders"


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
    try:
        return (path / "pyvenv.cfg").is_file()
    except OSError:  # a folder we may not look into is not a virtual environment
        return False


def checked_roots(paths: Iterable[str]) -> tuple[str, ...]:
    """The real paths of the folders being checked: each folder given, and the folder
    of each file given by name ("-", standard input, gives none). A walk reads no link
    leading out of them and --fix writes nothing outside them."""
    roots = []
    for given in paths:
        if given == "-":
            continue
        if os.path.isdir(given):
            roots.append(os.path.realpath(given))
        else:  # a file (or a link to one): its own folder, not its target's
            roots.append(_unlinked_folder(given))
    return tuple(roots)


def _unlinked_folder(given: str) -> str:
    """The real path of the folder a named file lies in, followed from the working folder
    down only as far as no symbolic link is on the way: `docs/gd/g.md` with `gd -> ../.git`
    gives `docs`, so a fix through that link counts as leaving the checked folder (#22).
    A file named outside the working folder: its folder's real path."""
    folder = os.path.dirname(os.path.abspath(given))
    cwd = os.getcwd()
    rel = os.path.relpath(folder, cwd)
    if rel == os.curdir or rel.startswith(os.pardir):
        return os.path.realpath(folder if rel.startswith(os.pardir) else cwd)
    current = cwd
    for part in rel.split(os.sep):
        candidate = os.path.join(current, part)
        if os.path.islink(candidate):
            break
        current = candidate
    return os.path.realpath(current)


def _through_link_reason(given: str, extensions, exclude) -> str | None:
    """For a file named on the command line whose path holds a symbolic link below the
    working folder: why a walk of the working folder would skip its real file (excluded,
    or in a default-skipped folder such as `.git/`), else None. Excludes always apply to
    named files, and a link must not take a file out of them (#22)."""
    cwd = os.getcwd()
    rel = os.path.relpath(os.path.abspath(given), cwd)
    if rel.startswith(os.pardir):
        return None
    real = os.path.realpath(given)
    real_cwd = os.path.realpath(cwd)
    if real == os.path.join(real_cwd, rel) or not inside(real, [real_cwd]):
        return None
    reason = target_reason(given, [os.curdir], extensions, exclude, respect_gitignore=False)
    return reason if reason in (BY_EXCLUDE, BY_DEFAULT) else None


def inside(path: str, roots: Iterable[str]) -> bool:
    """Whether the real path `path` lies in (or is) one of the real paths `roots`."""
    for root in roots:
        try:
            if os.path.commonpath([path, root]) == root:
                return True
        except ValueError:  # another drive
            continue
    return False


def _link_out(entry: os.DirEntry, roots: tuple[str, ...]) -> bool:
    """Whether `entry` is a symbolic link whose existing target lies outside `roots`
    (a dangling link is left to the reader, which reports it)."""
    if not entry.is_symlink():
        return False
    real = os.path.realpath(entry.path)
    return os.path.exists(real) and not inside(real, roots)


# A .gitignore l2lint reads: at most this many bytes and patterns (real ones hold a few
# hundred lines); pathspec compiles every pattern, about 0.1 ms each, and matching a path
# tries them all, so 100,000 lines cost 44 s for one file. A larger one, or one that is
# not a regular file (a link to /dev/zero, a FIFO), is not used, with a notice.
MAX_GITIGNORE_BYTES = 1 << 20
MAX_GITIGNORE_PATTERNS = 10_000
# ... and at most this many patterns in all the .gitignore files one run uses: nested
# folders each with a large .gitignore would otherwise add up without bound (30 files
# of 9,999 patterns: 60 s, 354 MB). Files read once the total is reached are not used.
MAX_GITIGNORE_TOTAL_PATTERNS = 20_000
NOT_USED_GITIGNORE = "not used as .gitignore"


class GitIgnore:
    """.gitignore rules of the git repository a folder lies in (via pathspec).

    Each folder's `.gitignore` is read once, only when it is a regular file of at most
    MAX_GITIGNORE_BYTES bytes and MAX_GITIGNORE_PATTERNS patterns, and while the files
    used so far hold MAX_GITIGNORE_TOTAL_PATTERNS patterns or fewer with it (in the
    order they are read); `problem` tells why one was not used."""

    def __init__(self) -> None:
        self._specs: dict[Path, object] = {}
        self._problems: dict[Path, str] = {}
        self._patterns = 0  # patterns in the .gitignore files used so far

    @staticmethod
    def repo_root(path: Path) -> Path | None:
        """The nearest folder at or above `path` holding a `.git` entry (folder or file, as in a
        worktree), or None outside a git repository."""
        found = work_tree_above(path)
        return Path(found) if found is not None else None

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
            if self._patterns + len(lines) > MAX_GITIGNORE_TOTAL_PATTERNS:
                self._problems[directory] = (
                    f"more than {MAX_GITIGNORE_TOTAL_PATTERNS:,} patterns in all .gitignore files"
                )
                return None
            self._patterns += len(lines)
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
    the skip summary counts it and `--show-files` lists it (#14); a link found in a walk
    whose target lies outside `checked_roots(paths)` is an `Excluded` with reason
    BY_OUTSIDE (#22). `exclude(path, is_dir, top)` answers for a path below the named
    folder `top` (None for a named file).
    """
    gitignore = GitIgnore() if respect_gitignore else None
    roots = checked_roots(paths)
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, extensions, gitignore, exclude, roots)
        elif path.exists() or path.is_symlink():
            mode = _mode(given)
            if exclude is not None and exclude(given, False, None):
                yield Excluded(given, BY_EXCLUDE)
            elif mode is None and (problem := link_problem(given)) is not None:
                yield Skipped(given, problem)
            elif mode is not None and not stat.S_ISREG(mode):
                yield Skipped(given, not_regular_reason(mode))
            elif (why := _through_link_reason(given, extensions, exclude)) is not None:
                yield Excluded(given, why)
            else:
                yield given, format_for(given, extensions)
        else:
            yield Skipped(given, "no such file or directory")


def _reason(
    child: Path,
    is_dir: bool,
    top: Path,
    walk: _Walk,
    entry: os.DirEntry | None = None,
) -> str | None:
    """Why a walk of `top` skips `child` (a BY_* name), or None when it reads or enters
    it. `entry` is the folder entry found by the walk (None: `child` is the target of a
    link, checked as if found). Raises OSError when `child` cannot be looked at."""
    name = child.name
    # a link that cannot be followed is matched by where it lies, not resolved
    # (resolving a loop raises): #14
    problem = None if is_dir or entry is None else link_problem(entry.path)
    where = child.parent.resolve() / name if problem else None
    if walk.exclude is not None and walk.exclude(str(child), is_dir, str(top)):
        return BY_EXCLUDE
    if (
        entry is not None
        and name == ".gitignore"
        and walk.gitignore is not None
        and walk.root is not None
        and (unused := walk.gitignore.problem(child.parent.resolve()))
    ):
        return f"{NOT_USED_GITIGNORE}: {unused}"
    if (
        walk.gitignore is not None
        and walk.root is not None
        and walk.gitignore.ignored(where or child.resolve(), walk.root, is_dir, walk.resolved_top)
    ):
        return BY_GITIGNORE
    outside = entry is not None and _link_out(entry, walk.roots)
    if is_dir:
        if outside:
            return BY_OUTSIDE
        if name in SKIP_DIRS:
            return BY_DEFAULT
        if name.startswith("."):
            return BY_HIDDEN
        if _is_virtualenv(child):
            return BY_VIRTUALENV
        return None
    if name.startswith(".") and not name.lower().endswith(tuple(walk.extensions)):
        return BY_HIDDEN
    if format_for(name, walk.extensions) is None:
        return BY_EXTENSION
    if problem is not None:
        return problem
    if entry is not None and not _is_regular(entry):
        return BY_NOT_REGULAR
    if outside:  # checked after the reasons a file outside would have anyway
        return BY_OUTSIDE
    if entry is None:
        mode = _mode(str(child))
        if mode is not None and not stat.S_ISREG(mode):
            return BY_NOT_REGULAR
    return None


@dataclass
class _Walk:
    """What every decision of one walk needs."""

    extensions: dict[str, str]
    gitignore: GitIgnore | None
    exclude: ExcludeMatcher | None
    roots: tuple[str, ...]
    resolved_top: Path
    root: Path | None

    @classmethod
    def of(cls, top: Path, extensions, gitignore, exclude, roots) -> _Walk:
        resolved_top = top.resolve()
        root = GitIgnore.repo_root(resolved_top) if gitignore is not None else None
        return cls(extensions, gitignore, exclude, roots, resolved_top, root)


def target_reason(
    path: str,
    paths: list[str],
    extensions: dict[str, str],
    exclude: ExcludeMatcher | None = None,
    respect_gitignore: bool = True,
) -> str | None:
    """Why a walk of `paths` would not read the real file behind `path` by its own
    path (a BY_* name), or None when it would, or when `path` is no link (neither it
    nor a folder on its way). A fix through a link writes only what the walk reads
    (#22): not into an excluded, gitignored, hidden or default-skipped place such as
    `.git/` or `node_modules/`. The real file's folders from the checked folder down
    are judged as a walk would judge them, then the file; a file given by name counts
    as a walk of its folder. None too when no checked folder holds it: `writer`
    refuses to write outside them.
    """
    real = os.path.realpath(path)
    if real == os.path.abspath(path):
        return None
    gitignore = GitIgnore() if respect_gitignore else None
    roots = checked_roots(paths)
    reasons = []
    for given in paths:
        if given == "-":
            continue
        top = Path(given) if os.path.isdir(given) else Path(os.path.dirname(given) or ".")
        walk = _Walk.of(top, extensions, gitignore, exclude, roots)
        try:
            parts = Path(real).relative_to(walk.resolved_top).parts
        except ValueError:
            continue
        reason = _real_reason(parts, top, walk, is_dir=False)
        if reason is None:
            return None
        reasons.append(reason)
    return reasons[0] if reasons else None


def _real_reason(parts: tuple[str, ...], top: Path, walk: _Walk, is_dir: bool) -> str | None:
    """Why a walk of `top` would skip the real path `top`/`parts` (its folders from `top`
    down, then itself, a folder when `is_dir`), or None when it would read or enter it."""
    child = top
    for depth, part in enumerate(parts):
        child = child / part
        try:
            reason = _reason(child, is_dir or depth < len(parts) - 1, top, walk)
        except OSError as exc:
            reason = exc.strerror or str(exc)
        if reason is not None:
            return reason
    return None


def _link_target_reason(entry: os.DirEntry, is_dir: bool, top: Path, walk: _Walk) -> str | None:
    """For a symbolic link found in the walk of `top`: why the walk would skip its real
    target where it lies (excluded, gitignored, hidden, default skip list: `.git/`,
    `node_modules/`), or None (also for no link, or a target outside `top`). A link
    does not lead the walk into a place it skips (#22)."""
    if not entry.is_symlink():
        return None
    try:
        parts = Path(os.path.realpath(entry.path)).relative_to(walk.resolved_top).parts
    except ValueError:
        return None
    reason = _real_reason(parts, top, walk, is_dir) if parts else None
    return None if reason == BY_EXTENSION else reason  # the link's own name gives the format


def _walk(
    top: Path,
    extensions,
    gitignore: GitIgnore | None,
    exclude: ExcludeMatcher | None,
    roots: tuple[str, ...],
) -> Iterator[tuple[str, str | None] | Skipped | Excluded]:
    walk = _Walk.of(top, extensions, gitignore, exclude, roots)
    if gitignore is not None and walk.root is not None:  # .gitignore files above `top` apply
        root = walk.root
        above = [root, *reversed(walk.resolved_top.parents)]
        for folder in dict.fromkeys(
            f for f in above if f.is_relative_to(root) and f != walk.resolved_top
        ):
            problem = gitignore.problem(folder)
            if problem:
                yield Excluded(str(folder / ".gitignore"), f"{NOT_USED_GITIGNORE}: {problem}")
    seen: set[tuple[int, int]] = set()
    stack = [top]
    while stack:
        directory = stack.pop()
        try:
            info = directory.stat()
        except OSError as exc:
            yield Skipped(str(directory), exc.strerror or str(exc))
            continue
        key = (info.st_dev, info.st_ino)
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
            try:
                reason = _reason(child, is_dir, top, walk, entry) or _link_target_reason(
                    entry, is_dir, top, walk
                )
            except OSError as exc:  # one entry we may not look at: said, the walk goes on
                yield Skipped(str(child), exc.strerror or str(exc))
                continue
            if reason is not None:
                yield Excluded(str(child), reason, is_dir)
            elif is_dir:
                subdirs.append(child)
            else:
                yield str(child), format_for(entry.name, extensions)
        stack.extend(reversed(subdirs))
