"""Shared test helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLES = SHARED / "samples"


@pytest.fixture(autouse=True, scope="session")
def _data_cache(tmp_path_factory):
    """Derived data (`l2lint.datacache`) goes to this session's folder, not the user's."""
    import os

    saved = os.environ.get("L2LINT_DATA_CACHE")
    os.environ["L2LINT_DATA_CACHE"] = str(tmp_path_factory.mktemp("data-cache"))
    yield
    if saved is None:
        os.environ.pop("L2LINT_DATA_CACHE", None)
    else:
        os.environ["L2LINT_DATA_CACHE"] = saved


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
