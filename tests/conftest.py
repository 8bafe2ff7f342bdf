"""Shared test helpers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parent.parent

# Hypothesis profiles. "fast" (the default, for the development loop) runs a quarter of
# the examples; "full" (HYPOTHESIS_PROFILE=full, set by .ci/run) runs Hypothesis's
# default 100, and every `examples(n)` in full.
settings.register_profile("fast", max_examples=25)
settings.register_profile("full", max_examples=100)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))


def examples(n: int) -> int:
    """`n` examples under the full profile; under the fast one a quarter (at least 10)."""
    return max(10, n * settings.default.max_examples // 100) if n > 10 else n


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


WITHOUT_JA = REPO / "tests" / "fixtures" / "without_ja"  # a `sudachipy` that fails to import


def without_japanese_extra() -> dict[str, str]:
    """The environment for an l2lint subprocess installed without the `ja` extra:
    `import sudachipy` fails there (`WITHOUT_JA` comes first on PYTHONPATH)."""
    paths = [str(WITHOUT_JA), os.environ.get("PYTHONPATH", "")]
    return dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in paths if p))


@pytest.fixture(autouse=True, scope="session")
def _result_cache_outside_the_checkout(tmp_path_factory):
    """The results cache of a run in this checkout (the CLI in-process with the working
    directory or configuration in the repository, e.g. tests/data/samples) goes to this
    session's folder instead, so the suite writes no `.l2lint_cache` into the checkout.
    Runs in a temporary folder keep their cache where the CLI puts it."""
    from l2lint.cache import ResultCache

    elsewhere = tmp_path_factory.mktemp("result-cache")
    real_init = ResultCache.__init__

    def init(self, root: Path, *args, **kwargs) -> None:
        resolved = Path(root).resolve()
        if resolved.is_relative_to(REPO):
            root = elsewhere / resolved.relative_to(REPO)
        real_init(self, root, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ResultCache, "__init__", init)
        yield


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
