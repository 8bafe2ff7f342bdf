"""The error a reader raises for a file over one of its limits (size, nesting, ratio)."""

from __future__ import annotations


class InputLimitError(ValueError):
    """A file over a reader's limit; its text is the one-line reason, without the path."""
