"""Literal strings a regular expression's every match must contain ("factors").

From the parse tree of Python's own `re` parser: a literal run, a small character
class (expanded), a group, an alternation whose every branch has factors (their
union), or a repetition of at least one. E.g. `L\\s?[²₂]\\s*-?\\s*tech(?:nology)?`
yields {"tech"}. Factors are case-folded. The approach is the "required literal"
analysis of regex engines (RE2's prefilter, ripgrep's literal extraction).
"""

from __future__ import annotations

import functools
import itertools
import sys

if sys.version_info >= (3, 11):
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
else:  # pragma: no cover - Python 3.10
    import sre_constants
    import sre_parse

_MAX_STRINGS = 16
_SMALL_CLASS = 4
Factors = frozenset[str] | None  # None: no literal is guaranteed


def _score(factors: Factors) -> tuple[int, int]:
    if not factors:
        return (-1, 0)
    return (min(len(f) for f in factors), -len(factors))


def minimise(strings: set[str]) -> frozenset[str]:
    """Drop strings that contain a shorter member: finding the shorter is enough."""
    ordered = sorted(strings, key=len)
    kept: list[str] = []
    for s in ordered:
        if not any(k in s for k in kept):
            kept.append(s)
    return frozenset(kept)


def _fold(code: int) -> str | None:
    """The case-folded character, or None when it folds to more than one character
    ("İ" → "i̇"): a case-insensitive regex matches such a letter by simple folding ("i"),
    which the folded literal would not find in folded text, so it gives no factor."""
    folded = chr(code).casefold()
    return folded if len(folded) == 1 else None


def _class_chars(items) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is sre_constants.LITERAL and (folded := _fold(av)) is not None:
            chars.add(folded)
        elif op is sre_constants.RANGE and av[1] - av[0] < _SMALL_CLASS:
            folds = [_fold(c) for c in range(av[0], av[1] + 1)]
            if None in folds:
                return None
            chars.update(f for f in folds if f is not None)
        else:
            return None
    return chars if len(chars) <= _SMALL_CLASS else None


def _sequence(items, every: list[frozenset[str]] | None = None) -> Factors:
    """Factors of a sequence: the best of its literal runs and of its elements. With
    `every`, each run's and element's factors are appended to it: a match of the
    sequence holds one string of each."""
    best: Factors = None
    runs: list[str] = [""]

    def close_run() -> None:
        nonlocal best, runs
        strings = set(runs)  # a run may be empty ("(?:x)?"): then nothing is guaranteed
        if "" not in strings and len(strings) <= _MAX_STRINGS:
            candidate = minimise(strings)
            if every is not None:
                every.append(candidate)
            if _score(candidate) > _score(best):
                best = candidate
        runs = [""]

    for op, av in items:
        if op is sre_constants.LITERAL and (folded := _fold(av)) is not None:
            runs = [r + folded for r in runs]
            continue
        if op is sre_constants.IN:
            chars = _class_chars(av)
            if chars is not None and len(runs) * len(chars) <= _MAX_STRINGS:
                runs = [r + c for r, c in itertools.product(runs, sorted(chars))]
                continue
        exact = _exact(op, av)
        if exact is not None and len(runs) * len(exact) <= _MAX_STRINGS:
            runs = [r + e for r, e in itertools.product(runs, sorted(exact))]
            continue
        close_run()
        element = _element(op, av)
        if every is not None and element:
            every.append(element)
        if _score(element) > _score(best):
            best = element
    close_run()
    return best


def _exact(op, av) -> set[str] | None:
    """The case-folded strings a group, alternation or optional part matches, when it
    matches literal text only (at most `_MAX_STRINGS`), e.g. `(?:es|s)` -> {"es", "s"},
    `(?:x)?` -> {"", "x"}; else None. A literal run then runs on through it."""
    if op is sre_constants.SUBPATTERN:
        return _exact_sequence(av[-1])
    if op is sre_constants.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            strings = _exact_sequence(branch)
            if strings is None:
                return None
            union |= strings
        return union if len(union) <= _MAX_STRINGS else None
    if op is sre_constants.MAX_REPEAT or op is sre_constants.MIN_REPEAT:
        low, high, item = av
        if low == 0 and high == 1:
            strings = _exact_sequence(item)
            return None if strings is None else strings | {""}
    return None


def _exact_sequence(items) -> set[str] | None:
    strings = {""}
    for op, av in items:
        if op is sre_constants.LITERAL:
            folded = _fold(av)
            if folded is None:
                return None
            part: set[str] | None = {folded}
        elif op is sre_constants.IN:
            part = _class_chars(av)
        else:
            part = _exact(op, av)
        if part is None or len(strings) * len(part) > _MAX_STRINGS:
            return None
        strings = {a + b for a in strings for b in part}
    return strings


def _element(op, av) -> Factors:
    if op is sre_constants.SUBPATTERN:
        return _sequence(av[-1])
    if op is sre_constants.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            factors = _sequence(branch)
            if not factors:
                return None
            union |= factors
        return minimise(union) if len(union) <= _MAX_STRINGS * 2 else None
    if op in (
        sre_constants.MAX_REPEAT,
        sre_constants.MIN_REPEAT,
        getattr(sre_constants, "POSSESSIVE_REPEAT", None),
    ):
        low, _high, item = av
        return _sequence(item) if low >= 1 else None
    if op is getattr(sre_constants, "ATOMIC_GROUP", None):
        return _sequence(av)
    return None


@functools.lru_cache(maxsize=4096)
def factors_of_expanded(expanded: str) -> Factors:
    """Factors of a pattern without `{{references}}`, or None when no literal is
    guaranteed or the syntax is the `regex` module's own. (Cached: the same patterns
    are gated per pack, per rule and per pattern.)"""
    try:
        parsed = sre_parse.parse(expanded)
    except Exception:  # regex-module-only syntax: keep the pattern as a regex
        return None
    return _sequence(list(parsed))


# The shortest string a conjunct (`all_factors_of_expanded`) may hold: shorter ones
# ("s", "/") occur so often that looking for them costs more than the search they save.
_MIN_CONJUNCT = 3


@functools.lru_cache(maxsize=4096)
def all_factors_of_expanded(expanded: str) -> tuple[frozenset[str], ...]:
    """Sets of literals a match of `expanded` holds one string of each ("conjuncts"):
    those of each literal run and element of its top-level sequence, e.g.
    `squared\\s*technology` gives ({"squared"}, {"technology"}), where
    `factors_of_expanded` gives one of them. Only sets whose strings all have at least
    `_MIN_CONJUNCT` characters; () when none or the syntax is the `regex` module's own.
    """
    try:
        parsed = sre_parse.parse(expanded)
    except Exception:
        return ()
    every: list[frozenset[str]] = []
    _sequence(list(parsed), every)
    kept = {f for f in every if f and all(len(s) >= _MIN_CONJUNCT for s in f)}
    return tuple(sorted(kept, key=sorted))
