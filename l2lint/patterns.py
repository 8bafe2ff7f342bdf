"""Compiling the regular expressions of a rule pack.

Packs write patterns as plain regular expressions (the `regex` module's syntax).
l2lint adds word boundaries, case folding and `{{name}}` references to the pack's
lexicon here, once, so every rule type matches text the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from l2lint.literals import Factors, factors_of_expanded

# A word character for boundary purposes: letters, digits (including ² and ₂), underscore.
_BOUNDARY_BEFORE = r"(?<![\p{L}\p{N}_])"
_BOUNDARY_AFTER = r"(?![\p{L}\p{N}_])"
_REFERENCE = regex.compile(r"\{\{\s*([A-Za-z_][\w-]*)\s*\}\}")

# User patterns run with a timeout so that a catastrophic pattern cannot hang a run.
REGEX_TIMEOUT_SECONDS = 2.0


class PatternError(ValueError):
    """A pattern that does not compile or refers to an unknown lexicon entry."""


class PatternTimeout(RuntimeError):
    """A pattern took longer than REGEX_TIMEOUT_SECONDS on one block of text."""


@dataclass(frozen=True)
class PatternSpec:
    """One pattern as written in a pack, before compilation."""

    pattern: str
    ignore_case: bool = True
    context: str | None = None
    boundary: bool = True
    canonical: str | None = None
    message: str | None = None


class _Unknown:
    """The "not yet computed" marker: one object, also after pickling (a `Linter` is
    pickled to Dask workers), since `__reduce__` names the module-level instance."""

    def __reduce__(self) -> str:
        return "_UNKNOWN"


_UNKNOWN = _Unknown()


class CompiledPattern:
    """A pack pattern, compiled on first use (built-in packs) or at once (user packs)."""

    __slots__ = ("spec", "_body", "_flags", "_compiled", "_lexicon", "_factors")

    def __init__(self, spec: PatternSpec, body: str, flags: int, eager: bool = True, lexicon=None):
        self.spec, self._body, self._flags = spec, body, flags
        self._compiled: regex.Pattern[str] | None = None
        self._lexicon = lexicon or {}
        self._factors: object = _UNKNOWN
        if eager:
            self.compiled  # noqa: B018 - compile now to report errors at load time

    @property
    def compiled(self) -> regex.Pattern[str]:
        if self._compiled is None:
            try:
                self._compiled = regex.compile(self._body, self._flags)
            except (regex.error, OverflowError, RecursionError):
                try:  # report the error against the pattern as written, not our wrapped form
                    regex.compile(self.spec.pattern, regex.V0)
                except (regex.error, OverflowError, RecursionError) as own:
                    exc = own
                raise PatternError(
                    f"invalid regular expression {self.spec.pattern!r}: {exc}"
                ) from None
        return self._compiled

    def may_match(self, folded: str) -> bool:
        """False when the case-folded text lacks every literal a match must contain, so
        the expression need not run (see `factors_of`)."""
        factors = self._factors
        if factors is _UNKNOWN:
            factors = self._factors = factors_of(self.spec.pattern, self._lexicon)
        return factors is None or any(f in folded for f in factors)  # type: ignore[attr-defined]

    def finditer(self, text: str) -> list:
        """All matches, collected at once so the time limit measures the pattern alone."""
        try:
            return list(self.compiled.finditer(text, timeout=REGEX_TIMEOUT_SECONDS))
        except TimeoutError as exc:
            raise PatternTimeout(
                f"pattern {self.spec.pattern!r} took longer than {REGEX_TIMEOUT_SECONDS:g}s"
            ) from exc


@dataclass
class PatternSet:
    """Several patterns plus exclusions: a span covered by an exclusion does not count."""

    patterns: list[CompiledPattern]
    excludes: list[CompiledPattern] = field(default_factory=list)
    label: str = ""


def expand_references(
    pattern: str, lexicon_sources: dict[str, list[PatternSpec]], seen: tuple[str, ...] = ()
) -> str:
    """Replace `{{name}}` by an alternation of the lexicon entry's patterns."""

    def replace(match: regex.Match) -> str:
        name = match.group(1)
        if name not in lexicon_sources:
            raise PatternError(f"unknown lexicon reference {{{{{name}}}}}")
        if name in seen:
            raise PatternError(f"lexicon reference {{{{{name}}}}} refers to itself")
        parts = []
        for spec in lexicon_sources[name]:
            inner = expand_references(spec.pattern, lexicon_sources, (*seen, name))
            parts.append(f"(?i:{inner})" if spec.ignore_case else f"(?-i:{inner})")
        return "(?:" + "|".join(parts) + ")"

    return _REFERENCE.sub(replace, pattern)


def factors_of(pattern: str, lexicon_sources: dict[str, list[PatternSpec]]) -> Factors:
    """Literal strings one of which every match of `pattern` contains, or None
    (`literals.factors_of_expanded` after `{{references}}` are expanded)."""
    try:
        expanded = expand_references(pattern, lexicon_sources)
    except Exception:
        return None
    return factors_of_expanded(expanded)


def compile_spec(
    spec: PatternSpec,
    lexicon_sources: dict[str, list[PatternSpec]] | None = None,
    eager: bool = True,
) -> CompiledPattern:
    """Compile one pattern with boundaries and case folding; raises PatternError."""
    body = expand_references(spec.pattern, lexicon_sources or {})
    if spec.boundary:
        body = f"{_BOUNDARY_BEFORE}(?:{body}){_BOUNDARY_AFTER}"
    flags = regex.V0 | (regex.IGNORECASE if spec.ignore_case else 0)
    return CompiledPattern(spec, body, flags, eager, lexicon_sources)
