"""Precision and recall of l2lint on the real-copy regression set (#13).

Run: `python -m tests.realcopy_score` (from the repository root). Each document of
tests/data/realcopy/documents.yaml is written to a temporary file of its format and
checked through the CLI; a finding counts as right when its code, line and column are
expected. Prints one line per document that differs, then precision and recall per
language (a document's `language`, default "en"; #18) and over the whole set.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data" / "realcopy" / "documents.yaml"


def documents() -> list[dict]:
    """The set: dicts with name, format (txt, md, html), text, expected findings and
    optionally language (en, de, ja)."""
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
    """(precision, recall, differences) over the whole set; a set without findings
    scores 1.0."""
    totals, differences = score_by_language()
    return _ratios(*map(sum, zip(*totals.values(), strict=True))), differences


def _ratios(right: int, reported: int, expected: int) -> tuple[float, float]:
    return (right / reported if reported else 1.0, right / expected if expected else 1.0)


def score_by_language() -> tuple[dict[str, tuple[int, int, int]], list[str]]:
    """Per language (a document's `language`, default "en"): (right, reported, expected)
    finding counts, and the documents whose findings differ."""
    totals: dict[str, tuple[int, int, int]] = {}
    differences: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for document in documents():
            got = actual(document, Path(tmp))
            want = sorted(document["expected"])
            language = document.get("language", "en")
            right, reported, expected = totals.get(language, (0, 0, 0))
            totals[language] = (
                right + len(set(got) & set(want)),
                reported + len(got),
                expected + len(want),
            )
            if got != want:
                differences.append(f"{document['name']}: expected {want}, got {got}")
    return totals, differences


def main() -> int:
    totals, differences = score_by_language()
    for line in differences:
        print(line)
    print(f"documents: {len(documents())}")
    for language, counts in sorted(totals.items()):
        precision, recall = _ratios(*counts)
        count = sum(1 for d in documents() if d.get("language", "en") == language)
        print(f"{language}: documents {count}, precision {precision:.3f}, recall {recall:.3f}")
    precision, recall = _ratios(*map(sum, zip(*totals.values(), strict=True)))
    print(f"precision: {precision:.3f}")
    print(f"recall:    {recall:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
