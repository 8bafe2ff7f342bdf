"""Applying fixes to source text: non-overlapping edits, applied from the end."""

from __future__ import annotations

from collections.abc import Iterable

from l2lint.finding import Finding


def fixable(finding: Finding, unsafe: bool) -> bool:
    return finding.fix is not None and (finding.fix.safe or unsafe)


def apply_fixes(source: str, findings: Iterable[Finding], unsafe: bool = False) -> tuple[str, int]:
    """Apply every applicable fix that does not overlap an earlier one; returns (text, count).

    Overlapping fixes never both apply; the skipped ones are picked up on the next pass.
    """
    edits = sorted(
        (f for f in findings if fixable(f, unsafe)), key=lambda f: (f.start_offset, f.end_offset)
    )
    chosen: list[Finding] = []
    last_end = -1
    for finding in edits:
        if finding.start_offset >= last_end:
            chosen.append(finding)
            last_end = max(finding.end_offset, finding.start_offset + 1)
    out = source
    for finding in reversed(chosen):
        out = out[: finding.start_offset] + finding.fix.replacement + out[finding.end_offset :]  # type: ignore[union-attr]
    return out, len(chosen)
