"""l2lint: a brand-compliance linter for L² Technology, Leica and LUMIX marketing copy.

Importing the package is cheap: spaCy and the rule packs load on first use.
"""

from __future__ import annotations

__version__ = "0.2.0"

__all__ = ["__version__", "lint_paths", "lint_text"]


def __getattr__(name: str):
    if name in ("lint_text", "lint_paths"):
        from l2lint import api

        return getattr(api, name)
    raise AttributeError(name)
