"""Compiling the regular expressions of a rule pack.

Packs write patterns as plain regular expressions (the `regex` module's syntax).
l2lint adds word boundaries, case folding and `{{name}}` references to the pack's
lexicon here, once, so every rule type matches text the same way.
"""

from __future__ import annotations

import contextvars
import time
from dataclasses import dataclass, field

import regex

from l2lint.literals import Factors, all_factors_of_expanded, factors_of_expanded

# Word boundaries for scripts written with and without spaces between words.
#
# A *spaced* word character is a letter, digit (including ² and ₂) or underscore of a
# script that separates words with spaces (Latin, Greek, Cyrillic, ...). Han, Hiragana
# and Katakana are written without spaces (Unicode UAX #29 gives no word boundary rule
# for them either, it leaves them to a dictionary): `パナソニックはLumix` has a word boundary
# between `は` and `L` though both are letters. So a pattern boundary is
# - not a spaced word character on the other side of a spaced-script edge, and
# - not Katakana (or the prolonged sound mark ー) next to Katakana, since a Katakana
#   word glued to another Katakana run is part of a longer word (`ライカメラ`);
# a Han or Hiragana neighbour never blocks a match: Japanese particles and kanji words
# touch brand names directly. Claim words in Japanese are matched on SudachiPy tokens.
_CONTINUOUS = r"\p{Han}\p{Hiragana}\p{Katakana}\u30fc"
_SPACED_WORD = rf"(?:(?![{_CONTINUOUS}])[\p{{L}}\p{{N}}\p{{M}}_])"
_KATAKANA = r"[\p{Katakana}\u30fc]"
_KATAKANA_PAIR = rf"(?!(?<={_KATAKANA}){_KATAKANA})"
_BOUNDARY_BEFORE = rf"(?<!{_SPACED_WORD}){_KATAKANA_PAIR}"
_BOUNDARY_AFTER = rf"(?!{_SPACED_WORD}){_KATAKANA_PAIR}"
# A pattern can match Katakana only if it spells some or has a wide class or escape; a
# pattern that cannot needs no Katakana check (it costs about a third of the matching).
_MAY_MATCH_KATAKANA = regex.compile(r"[\p{Katakana}\u30fc]|\\[wWSpPXDN]|\.|\[\^")


def _boundaries(body: str) -> tuple[str, str]:
    """The lookarounds before and after a pattern body (see `_BOUNDARY_BEFORE`)."""
    if _MAY_MATCH_KATAKANA.search(body):
        return _BOUNDARY_BEFORE, _BOUNDARY_AFTER
    return f"(?<!{_SPACED_WORD})", f"(?!{_SPACED_WORD})"


# What `regex.compile` raises for a pattern it cannot compile: regex.error for syntax,
# ValueError for conflicting flags, OverflowError/RecursionError for huge or deep ones.
_COMPILE_ERRORS = (regex.error, ValueError, OverflowError, RecursionError)

_REFERENCE = regex.compile(r"\{\{\s*([A-Za-z_][\w-]*)\s*\}\}")

# User patterns run with a timeout so that a catastrophic pattern cannot hang a run:
# per search, and per file in total (#22: 1.3 s a paragraph stayed under the first and
# ran 67 s over 60 paragraphs): FILE_TIMEOUT_SECONDS, plus FILE_TIMEOUT_PER_MB for each
# million characters of the file, so that big files with ordinary patterns never hit it.
REGEX_TIMEOUT_SECONDS = 2.0
FILE_TIMEOUT_SECONDS = 10.0
FILE_TIMEOUT_PER_MB = 10.0


class TimeBudget:
    """Seconds left for the patterns of one file; `grant` adds for more of its text."""

    def __init__(self) -> None:
        self.granted = FILE_TIMEOUT_SECONDS
        self.left = FILE_TIMEOUT_SECONDS

    def grant(self, characters: int) -> None:
        """Add FILE_TIMEOUT_PER_MB seconds per million `characters` of text to check (a
        bigger file gets a proportionally bigger budget)."""
        extra = FILE_TIMEOUT_PER_MB * characters / 1_000_000
        self.granted += extra
        self.left += extra

    def activate(self) -> None:
        """Make this the budget the patterns of this thread (context) spend."""
        _BUDGET.set(self)


_BUDGET: contextvars.ContextVar[TimeBudget | None] = contextvars.ContextVar(
    "l2lint_pattern_budget", default=None
)


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
    # match only in blocks of these languages (ISO 639-1 codes); empty: every language
    languages: tuple[str, ...] = ()


class _Unknown:
    """The "not yet computed" marker: one object, also after pickling (a `Linter` is
    pickled to Dask workers), since `__reduce__` names the module-level instance."""

    def __reduce__(self) -> str:
        return "_UNKNOWN"


_UNKNOWN = _Unknown()


class CompiledPattern:
    """A pack pattern, compiled on first use (built-in packs) or at once (user packs)."""

    __slots__ = ("spec", "_body", "_flags", "_compiled", "_lexicon", "_factors", "_conjuncts")

    def __init__(self, spec: PatternSpec, body: str, flags: int, eager: bool = True, lexicon=None):
        self.spec, self._body, self._flags = spec, body, flags
        self._compiled: regex.Pattern[str] | None = None
        self._lexicon = lexicon or {}
        self._factors: object = _UNKNOWN
        self._conjuncts: tuple[frozenset[str], ...] | None = None
        if eager:
            self.compiled  # noqa: B018 - compile now to report errors at load time

    @property
    def compiled(self) -> regex.Pattern[str]:
        """The compiled expression (with boundaries and widened spaces), compiled on first
        use; raises PatternError naming the pattern as written when it does not compile
        (`regex` raises ValueError, not regex.error, for some flag conflicts such as
        `(?V1)` under VERSION0), also when only the wrapped form fails."""
        if self._compiled is None:
            try:
                self._compiled = regex.compile(self._body, self._flags)
            except _COMPILE_ERRORS as wrapped:
                raise PatternError(self._compile_problem(wrapped)) from None
        return self._compiled

    def _compile_problem(self, wrapped: Exception) -> str:
        """Why the pattern does not compile: the error of the pattern as written, or,
        when that compiles, of the form l2lint builds around it (boundaries, groups)."""
        written = self.spec.pattern
        try:  # report the error against the pattern as written, not our wrapped form
            alone = regex.compile(written, regex.V0)
        except _COMPILE_ERRORS as own:
            return f"invalid regular expression {written!r}: {own}"
        reason = getattr(wrapped, "msg", wrapped)  # regex.error's text without a position
        hint = ""
        if alone.flags & regex.VERBOSE:
            hint = (
                "; in verbose mode (?x) a '#' comment runs to the end of the line and hides "
                "what follows the pattern: end the comment with a line break or drop (?x)"
            )
        return (
            f"invalid regular expression {written!r}: it compiles alone but not inside the "
            f"group and word boundaries l2lint puts around it ({reason}){hint}"
        )

    @property
    def key(self) -> tuple[str, int]:
        """(expression, flags): two patterns with the same key match the same spans."""
        return (self._body, self._flags)

    @property
    def factors(self) -> Factors:
        """Case-folded literals one of which every match contains, or None (`factors_of`)."""
        factors = self._factors
        if factors is _UNKNOWN:
            factors = self._factors = factors_of(self.spec.pattern, self._lexicon)
        return factors  # type: ignore[return-value]

    @property
    def conjuncts(self) -> tuple[frozenset[str], ...]:
        """Sets of case-folded literals every match holds one string of each (`all_factors_of`);
        a text that lacks all strings of one set has no match."""
        if self._conjuncts is None:
            self._conjuncts = all_factors_of(self.spec.pattern, self._lexicon)
        return self._conjuncts

    def may_match(self, folded: str) -> bool:
        """False when the case-folded text lacks every literal a match must contain, so
        the expression need not run (see `factors_of`)."""
        factors = self.factors
        return factors is None or any(f in folded for f in factors)

    def finditer(self, text: str) -> list:
        """All matches, collected at once so the time limit measures the pattern alone.

        Raises PatternTimeout past REGEX_TIMEOUT_SECONDS for this search, or when the
        active `TimeBudget` of the file is spent."""
        budget = _BUDGET.get()
        limit = REGEX_TIMEOUT_SECONDS if budget is None else min(REGEX_TIMEOUT_SECONDS, budget.left)
        if limit <= 0:
            raise PatternTimeout(self._over_budget(budget))
        started = time.perf_counter()
        try:
            return list(self.compiled.finditer(text, timeout=limit))
        except TimeoutError as exc:
            if limit < REGEX_TIMEOUT_SECONDS:
                raise PatternTimeout(self._over_budget(budget)) from exc
            raise PatternTimeout(
                f"pattern {self.spec.pattern!r} took longer than {REGEX_TIMEOUT_SECONDS:g}s"
            ) from exc
        finally:
            if budget is not None:
                budget.left -= time.perf_counter() - started

    def _over_budget(self, budget: TimeBudget | None) -> str:
        granted = budget.granted if budget is not None else 0.0
        return (
            f"patterns took longer than {granted:.3g}s in total on this file "
            f"(last: {self.spec.pattern!r})"
        )


@dataclass
class PatternSet:
    """Several patterns plus exclusions: a span covered by an exclusion does not count."""

    patterns: list[CompiledPattern]
    excludes: list[CompiledPattern] = field(default_factory=list)
    label: str = ""
    _gate: object = field(default=_UNKNOWN, init=False, repr=False, compare=False)

    def gate(self) -> Factors:
        """The union of the patterns' factors: a text with none of them has no match of
        the set. None when some pattern has no factor (it must always run)."""
        if self._gate is _UNKNOWN:
            union: set[str] = set()
            for compiled in self.patterns:
                if compiled.factors is None:
                    union = None  # type: ignore[assignment]
                    break
                union |= compiled.factors
            self._gate = None if union is None else frozenset(union)
        return self._gate  # type: ignore[return-value]


# The longest a pattern may be once its `{{references}}` are expanded, in characters. The
# shipped pack's longest is under 500; references that double at each level (`a2: '{{a1}}
# {{a1}}'`) would otherwise grow past any memory in thirty levels.
MAX_EXPANDED_PATTERN = 100_000


def expand_references(
    pattern: str,
    lexicon_sources: dict[str, list[PatternSpec]],
    seen: tuple[str, ...] = (),
    expanded: dict[str, str] | None = None,
) -> str:
    """Replace `{{name}}` by an alternation of the lexicon entry's patterns.

    Each entry is expanded once per call (`expanded` holds them, by name), so the work
    is linear in the result; raises PatternError for an unknown name, a name that refers
    to itself, or a result longer than MAX_EXPANDED_PATTERN characters (checked as each
    entry is built, so a doubling chain stops at the limit instead of filling memory).
    """
    expanded = {} if expanded is None else expanded

    def replace(match: regex.Match) -> str:
        name = match.group(1)
        if name not in lexicon_sources:
            raise PatternError(f"unknown lexicon reference {{{{{name}}}}}")
        if name in seen:
            raise PatternError(f"lexicon reference {{{{{name}}}}} refers to itself")
        if name not in expanded:
            parts = []
            for spec in lexicon_sources[name]:
                inner = expand_references(spec.pattern, lexicon_sources, (*seen, name), expanded)
                parts.append(f"(?i:{inner})" if spec.ignore_case else f"(?-i:{inner})")
            expanded[name] = _bounded("(?:" + "|".join(parts) + ")", name)
        return expanded[name]

    if "{{" not in pattern:
        return pattern
    pieces: list[str] = []
    size = 0
    last = 0
    for match in _REFERENCE.finditer(pattern):
        piece = replace(match)
        size += match.start() - last + len(piece)
        if size > MAX_EXPANDED_PATTERN:
            raise PatternError(_too_long(seen[-1] if seen else None))
        pieces += [pattern[last : match.start()], piece]
        last = match.end()
    pieces.append(pattern[last:])
    return _bounded("".join(pieces), seen[-1] if seen else None)


def _too_long(name: str | None) -> str:
    where = f"lexicon entry {{{{{name}}}}}" if name else "pattern"
    return (
        f"{where} expands to more than {MAX_EXPANDED_PATTERN:,} characters "
        "(lexicon references nested too deep or repeated too often)"
    )


def _bounded(text: str, name: str | None) -> str:
    if len(text) > MAX_EXPANDED_PATTERN:
        raise PatternError(_too_long(name))
    return text


def all_factors_of(
    pattern: str, lexicon_sources: dict[str, list[PatternSpec]]
) -> tuple[frozenset[str], ...]:
    """Sets of literals a match holds one string of each (`literals.all_factors_of_expanded`
    after references are expanded and spaces widened, as for `factors_of`)."""
    try:
        expanded = widen_spaces(expand_references(pattern, lexicon_sources))
    except Exception:
        return ()
    return all_factors_of_expanded(expanded)


def factors_of(pattern: str, lexicon_sources: dict[str, list[PatternSpec]]) -> Factors:
    """Literal strings one of which every match of `pattern` contains, or None
    (`literals.factors_of_expanded` after `{{references}}` are expanded and spaces
    widened by `widen_spaces`, as `compile_spec` does)."""
    try:
        expanded = widen_spaces(expand_references(pattern, lexicon_sources))
    except Exception:
        return None
    return factors_of_expanded(expanded)


# What a space written in a pack pattern matches: any run of white space (`\s` is
# Unicode-aware: tab, line breaks, NBSP U+00A0, U+2028 ...), so that a name broken
# across lines, after a Markdown quote marker, or written with `&nbsp;` or a tab
# reads as it does on one line (#13).
_WIDE_SPACE = r"(?:\s+)"


def widen_spaces(body: str) -> str:
    r"""`body` with every literal space (` ` or `\ `) outside a character class made
    `(?:\s+)`, and every non-negated class holding a space, e.g. `[- ]`, made "one of
    the other characters then any white space, or a white-space run":
    `(?:[-]\s*|\s+)` (so `L-\nsquared` reads as `L-squared`).

    Raises nothing: an unterminated class is left as written, for the compiler to
    report."""
    if " " not in body:
        return body
    out: list[str] = []
    i, n = 0, len(body)
    while i < n:
        char = body[i]
        if char == "\\" and i + 1 < n:
            out.append(_WIDE_SPACE if body[i + 1] == " " else body[i : i + 2])
            i += 2
        elif char == " ":
            out.append(_WIDE_SPACE)
            i += 1
        elif char == "[":
            end = _class_end(body, i)
            if end < 0:
                out.append(body[i:])
                break
            out.append(_widen_class(body[i : end + 1]))
            i = end + 1
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _class_end(body: str, start: int) -> int:
    """Index of the `]` closing the class that opens at `start`, or -1."""
    i = start + 1
    if i < len(body) and body[i] == "^":
        i += 1
    if i < len(body) and body[i] == "]":
        i += 1
    while i < len(body):
        if body[i] == "\\":
            i += 2
            continue
        if body[i] == "]":
            return i
        i += 1
    return -1


def _widen_class(cls: str) -> str:
    """A class `[...]` holding a literal space, widened (see `widen_spaces`)."""
    inner = cls[1:-1]
    if inner.startswith("^") or (" " not in inner and "\\ " not in inner):
        return cls
    rest = inner.replace("\\ ", "").replace(" ", "")
    if not rest:
        return _WIDE_SPACE
    return rf"(?:[{rest}]\s*|\s+)"


def compile_spec(
    spec: PatternSpec,
    lexicon_sources: dict[str, list[PatternSpec]] | None = None,
    eager: bool = True,
) -> CompiledPattern:
    """Compile one pattern with boundaries and case folding; raises PatternError."""
    body = widen_spaces(expand_references(spec.pattern, lexicon_sources or {}))
    if spec.boundary:
        before, after = _boundaries(body)
        body = f"{before}(?:{body}){after}"
    flags = regex.V0 | (regex.IGNORECASE if spec.ignore_case else 0)
    return CompiledPattern(spec, body, flags, eager, lexicon_sources)
