"""Shared test helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLES = SHARED / "samples"


def codes(findings) -> list[str]:
    return [f.code for f in findings]


def brief(findings) -> list[tuple]:
    """(code, line, column, end_line, end_column, found) for exact assertions."""
    return [
        (f.code, f.start.line, f.start.column, f.end.line, f.end.column, f.found) for f in findings
    ]


@pytest.fixture
def samples_dir() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip("../shared/samples is not present")
    return SAMPLES
