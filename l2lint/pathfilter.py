"""Glob matching for `exclude`, `per-file-ignores` and `per-file-language`, the way
.gitignore matches."""

from __future__ import annotations

import os
from pathlib import Path

import pathspec


class GlobSet:
    """Globs relative to a root folder (the configuration file's folder)."""

    def __init__(self, globs: list[str], root: Path):
        self.root = root.resolve()
        self.spec = pathspec.GitIgnoreSpec.from_lines(globs) if globs else None

    def _relative(self, path: str) -> str:
        absolute = Path(os.path.abspath(path))
        try:
            return absolute.relative_to(self.root).as_posix()
        except ValueError:
            return Path(path).as_posix()

    def matches(self, path: str, is_dir: bool = False) -> bool:
        if self.spec is None:
            return False
        rel = self._relative(path)
        return self.spec.match_file(rel + ("/" if is_dir else ""))


class PerFileIgnores:
    def __init__(self, table: dict[str, list[str]], root: Path):
        self.entries = [(GlobSet([glob], root), codes) for glob, codes in table.items()]

    def ignored_codes(self, path: str) -> list[str]:
        return [code for globs, codes in self.entries if globs.matches(path) for code in codes]


class PerFileLanguage:
    """The configured language of a path: the first `per-file-language` glob that
    matches it, else the `language` setting ("auto": detect per paragraph)."""

    def __init__(self, table: dict[str, str], root: Path, default: str = "auto"):
        self.entries = [(GlobSet([glob], root), language) for glob, language in table.items()]
        self.default = default

    def language_for(self, path: str) -> str:
        for globs, language in self.entries:
            if globs.matches(path):
                return language
        return self.default
