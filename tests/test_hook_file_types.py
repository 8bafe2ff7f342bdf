"""Which staged files the pre-commit hooks hand to l2lint: every format it reads, no other.

identify (pre-commit's file typing) has no tag for .pptx or .docx, so the hooks select
files by name; this checks the selection the way pre-commit does (`files` searched in
the path, then `types`, `types_or`, `exclude_types` against identify's tags), fast. The
hooks themselves run under real `pre-commit try-repo` in tests/test_precommit_hook.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from identify.identify import tags_from_path
from pre_commit.clientlib import load_manifest

from l2lint.sources import DEFAULT_EXTENSIONS

HOOKS = load_manifest(str(Path(__file__).resolve().parent.parent / ".pre-commit-hooks.yaml"))


def selected(hook: dict, path: Path) -> bool:
    """pre-commit's filter for one file (pre_commit/commands/run.py, `Classifier`)."""
    name = path.as_posix()
    if not re.search(hook["files"], name) or re.search(hook["exclude"], name):
        return False
    tags = tags_from_path(str(path))
    return (
        set(hook["types"]) <= tags
        and (not hook["types_or"] or bool(set(hook["types_or"]) & tags))
        and not set(hook["exclude_types"]) & tags
    )


# Formats whose reader needs an optional extra (`l2lint[dask]` for web archives): a hook's
# environment installs l2lint without extras, so the hooks leave these files alone.
NEEDS_AN_EXTRA = {".warc", ".warc.gz"}


@pytest.mark.parametrize("hook", HOOKS, ids=[h["id"] for h in HOOKS])
def test_hooks_select_every_format_l2lint_reads_and_nothing_else(hook, tmp_path):
    wanted = sorted(set(DEFAULT_EXTENSIONS) - NEEDS_AN_EXTRA)
    others = [".py", ".png", ".json", ".yaml", ".pptx.bak", ".docx~", ".xlsx", "", *NEEDS_AN_EXTRA]
    for ext in wanted + [e.upper() for e in wanted] + others:
        path = tmp_path / "site" / f"page{ext}"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"PK\x03\x04" if ext.lower() in (".pptx", ".docx") else b"Lumix\n")
        assert selected(hook, path) == (ext.lower() in wanted), ext
