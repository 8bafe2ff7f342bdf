"""Precision and recall of l2lint on the real-copy regression set (#13).

Run: `python -m tests.realcopy_score` (from the repository root). Each document of
tests/data/realcopy/documents.yaml is written to a temporary file of its format and
checked through the CLI; a finding counts as right when its code, line and column are
expected. Prints one line per document that differs, then precision and recall.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data" / "realcopy" / "documents.yaml"


def documents() -> list[dict]:
    """The set: dicts with name, format (txt, md, html), text and expected findings."""
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))["documents"]


def actual(document: dict, folder: Path) -> list[str]:
    """The findings l2lint reports, as sorted "CODE line:col" strings."""
    from tests.clirunner import run

    path = folder / f"{document['name']}.{document['format']}"
    path.write_text(document["text"], encoding="utf-8")
    result = run(["check", "--isolated", "--no-cache", "--format", "json", str(path)])
    if result.exit_code not in (0, 1):
        raise RuntimeError(f"{path}: exit {result.exit_code}: {result.stderr}")
    return sorted(f"{f['code']} {f['line']}:{f['column']}" for f in result.json)


def score() -> tuple[float, float, list[str]]:
    """(precision, recall, differences); a set without findings scores 1.0."""
    right = reported = expected_total = 0
    differences: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for document in documents():
            got = actual(document, Path(tmp))
            want = sorted(document["expected"])
            hits = len(set(got) & set(want))
            right += hits
            reported += len(got)
            expected_total += len(want)
            if got != want:
                differences.append(f"{document['name']}: expected {want}, got {got}")
    precision = right / reported if reported else 1.0
    recall = right / expected_total if expected_total else 1.0
    return precision, recall, differences


def main() -> int:
    precision, recall, differences = score()
    for line in differences:
        print(line)
    print(f"documents: {len(documents())}")
    print(f"precision: {precision:.3f}")
    print(f"recall:    {recall:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
