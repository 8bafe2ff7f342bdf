"""Write docs/rules/CODE.md for every rule of the shipped packs, and docs/rules/README.md.

Usage: python scripts/generate_rule_docs.py [--check] [FOLDER]
FOLDER defaults to docs/rules/ of this checkout. With --check nothing is written; the
pages that differ from the packs (or should not be there) are named and the exit code is 1.
"""

from __future__ import annotations

import sys
from pathlib import Path

from l2lint.packs import load_rule_set
from l2lint.ruledocs import DOCS_FOLDER, GENERATOR, pages

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    check = "--check" in argv[1:]
    folders = [a for a in argv[1:] if a != "--check"]
    folder = Path(folders[0]) if folders else ROOT / DOCS_FOLDER
    wanted = pages(load_rule_set())
    present = {p.name for p in folder.glob("*.md")} if folder.is_dir() else set()
    stale = sorted(present - set(wanted))
    differ = sorted(
        name
        for name, text in wanted.items()
        if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text
    )
    if check:
        for name in differ + stale:
            print(f"{folder / name}: out of date; run python {GENERATOR}")
        return 1 if differ or stale else 0
    folder.mkdir(parents=True, exist_ok=True)
    for name in differ:
        (folder / name).write_text(wanted[name], encoding="utf-8", newline="\n")
    for name in stale:
        (folder / name).unlink()
    print(f"{len(differ)} page(s) written, {len(stale)} removed, {len(wanted)} in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
