"""What a walk of folders left out, for the user: one notice with counts (the listing is
`check --show-files`, in `show.py`).

Files with extensions l2lint does not read, and hidden files (`.gitignore`), are listed
by `--show-files` but not counted in the notice (most folders hold images and the like);
nor are version-control folders and l2lint's own cache, which never hold copy.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from l2lint.discovery import BY_EXTENSION, BY_HIDDEN, Excluded

NEVER_COPY = {".git", ".hg", ".svn", ".l2lint_cache"}


def counted(skipped: list[Excluded]) -> list[Excluded]:
    """The skipped items worth a word (see the module's docstring)."""
    return [
        s
        for s in skipped
        if s.reason != BY_EXTENSION
        and not (s.reason == BY_HIDDEN and not s.is_dir)
        and Path(s.path).name not in NEVER_COPY
    ]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def skipped_notice(skipped: list[Excluded]) -> str | None:
    """E.g. "skipped 2 files and 1 folder (.gitignore: 2, default skip list: 1);
    --show-files lists them", or None when nothing worth a word was skipped."""
    items = counted(skipped)
    if not items:
        return None
    folders = sum(1 for s in items if s.is_dir)
    files = len(items) - folders
    what = " and ".join(
        p
        for p in (
            _plural(files, "file") if files else "",
            _plural(folders, "folder") if folders else "",
        )
        if p
    )
    reasons = Counter(s.reason for s in items)
    detail = ", ".join(f"{reason}: {count}" for reason, count in sorted(reasons.items()))
    return f"skipped {what} ({detail}); --show-files lists them"
