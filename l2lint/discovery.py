"""Which files a `check` of folders reads: recursive, skipping what is never copy."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

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


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


def _is_virtualenv(path: Path) -> bool:
    return (path / "pyvenv.cfg").is_file()


class GitIgnore:
    """.gitignore rules of the git repository a folder lies in (via pathspec)."""

    def __init__(self) -> None:
        self._specs: dict[Path, object] = {}

    @staticmethod
    def repo_root(path: Path) -> Path | None:
        for parent in [path, *path.parents]:
            if (parent / ".git").exists():
                return parent
        return None

    def _spec(self, directory: Path):
        if directory not in self._specs:
            ignore = directory / ".gitignore"
            spec = None
            if ignore.is_file():
                import pathspec

                try:
                    lines = ignore.read_text(encoding="utf-8", errors="replace").splitlines()
                    spec = pathspec.GitIgnoreSpec.from_lines(lines)
                except Exception:  # a broken .gitignore must not stop the scan
                    spec = None
            self._specs[directory] = spec
        return self._specs[directory]

    def ignored(self, path: Path, root: Path, is_dir: bool) -> bool:
        """Check every .gitignore from the repo root down to the path's folder."""
        directory = root
        try:
            rel_parts = path.relative_to(root).parts
        except ValueError:  # a link out of the repository
            return False
        for depth in range(len(rel_parts)):
            spec = self._spec(directory)
            if spec is not None:
                rel = "/".join(rel_parts[depth:]) + ("/" if is_dir else "")
                if spec.match_file(rel):
                    return True
            directory = directory / rel_parts[depth]
        return False


def discover(
    paths: list[str], extensions: dict[str, str], exclude=None
) -> Iterator[tuple[str, str | None] | Skipped]:
    """Yield (path as the user will see it, format) for every file to read, in a stable order.

    Files named explicitly are always read (format None when the extension is unknown:
    read as plain text); folders are walked recursively for known extensions only.
    """
    gitignore = GitIgnore()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, extensions, gitignore, exclude)
        elif path.exists() or path.is_symlink():
            yield given, extensions.get(path.suffix.lower())
        else:
            yield Skipped(given, "no such file or directory")


def _walk(
    top: Path, extensions, gitignore: GitIgnore, exclude
) -> Iterator[tuple[str, str | None] | Skipped]:
    root = GitIgnore.repo_root(top.resolve())
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
            except OSError:
                continue
            if exclude is not None and exclude(str(child), is_dir):
                continue
            if root is not None and gitignore.ignored(child.resolve(), root, is_dir):
                continue
            if is_dir:
                if entry.name.startswith(".") or entry.name in SKIP_DIRS or _is_virtualenv(child):
                    continue
                subdirs.append(child)
            elif not entry.name.startswith(".") or entry.name.lower().endswith(tuple(extensions)):
                fmt = extensions.get(child.suffix.lower())
                if fmt is not None:
                    yield str(child), fmt
        stack.extend(reversed(subdirs))
