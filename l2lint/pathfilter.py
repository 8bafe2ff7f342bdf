"""Glob matching for `exclude`, `per-file-ignores` and `per-file-language`, the way
.gitignore matches."""

from __future__ import annotations

import os
from pathlib import Path

import pathspec

# A file name no pattern names, to ask "does this pattern take in everything in a folder?"
_ANY_CHILD = "\x00"


def matches_below(spec: pathspec.PathSpec, rel: str, top_rel: str | None) -> bool:
    """Whether gitignore-style `spec` matches `rel` (posix, relative to the spec's folder,
    a trailing "/" for a folder), not counting patterns that match the folder `top_rel`
    itself or everything in it: those name a folder the user gave on the command line.

    `top_rel` None: every pattern counts. Last matching pattern wins (gitignore, `!`).
    """
    if top_rel is None or top_rel in ("", "."):
        return spec.match_file(rel)
    top_dir = top_rel.rstrip("/") + "/"
    result = False
    for pattern in spec.patterns:
        if pattern.include is None or pattern.match_file(rel) is None:
            continue
        if pattern.match_file(top_dir) is not None:
            continue
        if pattern.match_file(top_dir + _ANY_CHILD) is not None:
            continue
        result = bool(pattern.include)
    return result


class GlobSet:
    """Globs, each group relative to its own root folder (a configuration file's folder,
    or the working directory for `--exclude` on the command line)."""

    def __init__(self, globs: list[str], root: Path):
        # (root, all the globs, each glob as given with its own spec)
        self.groups: list[tuple[Path, pathspec.PathSpec, list[tuple[str, pathspec.PathSpec]]]] = []
        self.used: set[str] = set()  # the globs (as given) that matched a path
        self.add(globs, root)

    def add(self, globs: list[str], root: Path) -> GlobSet:
        """Also match these globs, relative to `root`; returns self.

        A glob written as a path from `root` is taken as one: "./sub" and an absolute
        path inside `root` ("/home/me/site/sub") become the anchored "/sub" (`anchored`)."""
        if globs:
            root = root.resolve()
            lines = [anchored(glob, root) for glob in globs]
            each: list[tuple[str, pathspec.PathSpec]] = [
                (g, pathspec.GitIgnoreSpec.from_lines([line]))
                for g, line in zip(globs, lines, strict=True)
            ]
            self.groups.append((root, pathspec.GitIgnoreSpec.from_lines(lines), each))
        return self

    @property
    def spec(self) -> pathspec.PathSpec | None:
        """The first group's patterns (None: no globs at all)."""
        return self.groups[0][1] if self.groups else None

    @staticmethod
    def _relative(path: str, root: Path) -> str:
        absolute = Path(os.path.abspath(path))
        try:
            return absolute.relative_to(root).as_posix()
        except ValueError:
            return Path(path).as_posix()

    def matches(self, path: str, is_dir: bool = False, top: str | None = None) -> bool:
        """Whether a glob matches `path`; with `top` (the folder named on the command line
        that `path` was found in), globs that match `top` itself do not count."""
        for root, spec, globs in self.groups:
            rel = self._relative(path, root) + ("/" if is_dir else "")
            top_rel = None
            if top is not None:
                top_rel = self._relative(top, root)
                if top_rel.startswith("../") or os.path.isabs(top_rel):
                    top_rel = None
            if matches_below(spec, rel, top_rel):
                self.used.update(glob for glob, one in globs if one.match_file(rel))
                return True
        return False


def anchored(glob: str, root: Path) -> str:
    """`glob` with a leading "./" (any number) or an absolute path inside `root` (as
    written or with links resolved) made the anchored pattern "/rest" of .gitignore
    syntax; a leading "!" is kept. Other globs are returned unchanged."""
    negation = "!" if glob.startswith("!") else ""
    body = glob[len(negation) :]
    if body.startswith("./"):
        while body.startswith("./"):
            body = body[2:]
        return negation + "/" + body.lstrip("/")
    if os.path.isabs(body):
        slash = "/" if body.endswith("/") else ""
        for candidate in (os.path.normpath(body), os.path.realpath(body)):
            try:
                rel = Path(candidate).relative_to(root).as_posix()
            except ValueError:
                continue
            return glob if rel == "." else negation + "/" + rel + slash
    return glob


class PerFileIgnores:
    """The `per-file-ignores` table: globs (relative to `root`, the configuration's
    folder) and the rule codes or prefixes ignored in files they match."""

    def __init__(self, table: dict[str, list[str]], root: Path):
        self.entries = [(GlobSet([glob], root), codes) for glob, codes in table.items()]

    def ignored_codes(self, path: str) -> list[str]:
        """The codes and prefixes ignored in `path`: those of every glob that matches it.

        A path that passes through a symbolic link (`linked_real_path`) is also judged
        by its real path, and only what both ignore is ignored (`common_prefixes`): a
        link placed in a lax folder does not lend its ignores to a file that lies in a
        strict one (#22)."""
        codes = self._codes(path)
        real = linked_real_path(path)
        if real is None or not codes:
            return codes
        return common_prefixes(codes, self._codes(real))

    def _codes(self, path: str) -> list[str]:
        return [code for globs, codes in self.entries if globs.matches(path) for code in codes]


def linked_real_path(path: str) -> str | None:
    """The real path (`os.path.realpath`, absolute) of `path` when a symbolic link lies
    on its way (the file or a folder above it), else None."""
    real = os.path.realpath(path)
    return None if real == os.path.abspath(path) else real


def common_prefixes(first: list[str], second: list[str]) -> list[str]:
    """The code prefixes that select only codes both lists select (each list: rule
    codes or prefixes, "B" selecting "B201"): for each pair, the longer of the two when
    one is a prefix of the other. Order: `first`'s, then `second`'s; no repeats."""
    kept: dict[str, None] = {}
    for a in first:
        for b in second:
            if a.startswith(b):
                kept[a] = None
            elif b.startswith(a):
                kept[b] = None
    return list(kept)


class PerFileLanguage:
    """The configured language of a path: the first `per-file-language` glob that
    matches it, else the `language` setting ("auto": detect per paragraph)."""

    def __init__(self, table: dict[str, str], root: Path, default: str = "auto"):
        self.entries = [(GlobSet([glob], root), language) for glob, language in table.items()]
        self.default = default

    def language_for(self, path: str) -> str:
        """The language of `path`: an ISO 639-1 code, or "auto" (detect per block).

        A path that passes through a symbolic link takes the language its real path is
        configured with, when a glob names it: the file is one file, whatever name it is
        reached by (#22); else the language of the name it was reached by."""
        real = linked_real_path(path)
        if real is not None:
            found = self._glob_language(real)
            if found is not None:
                return found
        found = self._glob_language(path)
        return self.default if found is None else found

    def _glob_language(self, path: str) -> str | None:
        for globs, language in self.entries:
            if globs.matches(path):
                return language
        return None
