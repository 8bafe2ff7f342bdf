"""The one record every rule produces and every reporter consumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    """How bad a finding is; ordered so that a gate can say "fail on warning or worse"."""

    ERROR = "error"
    WARNING = "warning"
    SUGGESTION = "suggestion"

    @property
    def rank(self) -> int:
        """3 for error, 2 for warning, 1 for suggestion: a higher rank is worse."""
        return {"error": 3, "warning": 2, "suggestion": 1}[self.value]


@dataclass(frozen=True)
class Fix:
    """A replacement for the finding's span; `safe` fixes may be applied without review."""

    replacement: str
    safe: bool

    def to_dict(self) -> dict:
        """`{"replacement": str, "safe": bool}`, as in `--format json`."""
        return {"replacement": self.replacement, "safe": self.safe}


@dataclass(frozen=True, order=True)
class Position:
    """1-based line and column; columns count Unicode characters."""

    line: int
    column: int


@dataclass(frozen=True)
class Finding:
    """One violation at one place in one source file.

    `start_offset`/`end_offset` are 0-based character offsets into the original source
    text (end exclusive), so that fixes can be applied to the file and reporters can
    quote it; `start`/`end` are the same places as 1-based lines and columns.
    """

    path: str
    code: str
    name: str
    severity: Severity
    message: str
    start: Position
    end: Position
    start_offset: int
    end_offset: int
    fix: Fix | None = None
    found: str = ""
    rationale: str = field(default="", compare=False, repr=False)
    # where the finding lies in the document's prose, for fixes that must spare markup
    block: int = field(default=-1, compare=False, repr=False)
    prose_start: int = field(default=0, compare=False, repr=False)
    prose_end: int = field(default=0, compare=False, repr=False)
    # where the start line lies in a file without text lines (.pptx, .pdf):
    # "slide 2:shape 1:paragraph 3", "page 1:line 4"; "" for text files
    locus: str = field(default="", compare=False)

    @property
    def sort_key(self) -> tuple:
        """The report order: path, then start and end (1-based line and column), then code."""
        return (
            self.path,
            self.start.line,
            self.start.column,
            self.end.line,
            self.end.column,
            self.code,
        )

    def to_dict(self) -> dict:
        """The finding as a `--format json` object: path, code, name, severity, message,
        `line`/`column`/`end_line`/`end_column` (1-based; columns in Unicode characters, end
        exclusive), `fix` (or None) and, for files without text lines, `locus`."""
        record = {
            "path": self.path,
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "line": self.start.line,
            "column": self.start.column,
            "end_line": self.end.line,
            "end_column": self.end.column,
            "fix": self.fix.to_dict() if self.fix else None,
        }
        if self.locus:
            record["locus"] = self.locus
        return record
