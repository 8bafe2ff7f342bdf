"""Where git repositories are, from the file system alone (no git process).

A work tree is a folder holding a `.git` entry: a folder, or the file a linked
worktree or submodule has (git-scm.com, gitrepository-layout). A git directory is a
folder holding `HEAD`, `objects/` and `refs/`, as git recognises one (a bare
repository, or a `.git` folder under any name).
"""

from __future__ import annotations

import os


def work_tree_above(folder: os.PathLike[str] | str) -> str | None:
    """The first folder at or above `folder` (made absolute as written, and with links
    resolved) that holds a `.git` entry (a folder, or a worktree's file), else None."""
    seen: set[str] = set()
    for start in (os.path.abspath(folder), os.path.realpath(folder)):
        current = start
        while current not in seen:
            seen.add(current)
            if os.path.lexists(os.path.join(current, ".git")):
                return current
            parent = os.path.dirname(current)
            if parent == current:
                break
            current = parent
    return None


def git_dir_above(real: str) -> str | None:
    """The nearest folder at or above the real folder `real` that is a git directory
    (`HEAD`, `objects/` and `refs/` inside it), or None."""
    folder = real
    while True:
        if (
            os.path.isfile(os.path.join(folder, "HEAD"))
            and os.path.isdir(os.path.join(folder, "objects"))
            and os.path.isdir(os.path.join(folder, "refs"))
        ):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
