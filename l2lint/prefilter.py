"""A fast literal prefilter built from the packs' patterns.

Most copy names no brand at all. Rather than run every rule's regular expression over
every block, l2lint derives from each pattern a few literal strings ("factors") at
least one of which any match must contain, e.g. `L\\s?[²₂]\\s*-?\\s*tech(?:nology)?`
needs "tech". A block whose case-folded text contains none of the factors cannot
match and never reaches the rules or spaCy. Patterns whose factors cannot be derived
(unusual syntax, or nothing literal) are kept as regular expressions and searched.
"""

from __future__ import annotations

import html
import re

from l2lint.literals import minimise
from l2lint.patterns import REGEX_TIMEOUT_SECONDS, CompiledPattern, factors_of

_MARKUP_HINT = re.compile(r"[<&*_`\\\[]")
_TAG = re.compile(r"<[^>]*>")  # linear only where a ">" follows: see _strip_tags
_INLINE_MARKS = re.compile(r"[*_`\\\[\]]")
# attributes bounded: "<sup" repeated without ">" took time quadratic in their number
_SCRIPT_TAG = re.compile(r"<(sup|sub)\b[^>]{0,256}>\s*([0-9])\s*</\1\s*>", re.I)
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


_WINDOW = 1 << 20


def _windows(source: str):
    """Pieces of about a megabyte, each ending at a line end, overlapping by one line."""
    start = 0
    while len(source) - start > _WINDOW:
        cut = source.find("\n", start + _WINDOW)
        if cut == -1:
            break
        yield source[start : cut + 1]
        start = source.rfind("\n", start, cut) + 1 or cut + 1
    yield source[start:]


def _strip_tags(text: str) -> str:
    """`_TAG.sub("", text)` in linear time: no tag can start after the last ">", and
    searching there from every "<" ("<" repeated) took quadratic time (#14)."""
    last = text.rfind(">")
    return _TAG.sub("", text[: last + 1]) + text[last + 1 :]


def _script_digits(match: re.Match) -> str:
    table = _SUPERSCRIPT if match.group(1).lower() == "sup" else _SUBSCRIPT
    return match.group(2).translate(table)


class Prefilter:
    """Does a text possibly contain a match of any of the given patterns?"""

    def __init__(self, patterns: list[CompiledPattern], lexicon_sources_of) -> None:
        factors: set[str] = set()
        self.fallback: list[CompiledPattern] = []
        for compiled in patterns:
            found = factors_of(compiled.spec.pattern, lexicon_sources_of(compiled))
            if found:
                factors |= found
            else:
                self.fallback.append(compiled)
        self.factors = sorted(minimise(factors), key=len, reverse=True)

    def may_match(self, text: str) -> bool:
        folded = text.casefold()
        if any(f in folded for f in self.factors):
            return True
        return self._fallback_matches(text)

    def may_match_source(self, source: str) -> bool:
        """Could the prose of this raw file contain a match? Checked before parsing it.

        Markup can join or change characters (`**Lu**mix`, `L<sup>2</sup>`, `&sup2;`), so the
        source is checked as it is and, if need be, with markup stripped and entities decoded.
        Large files are checked a window at a time (cut at line ends) to keep memory flat.
        """
        if self.fallback:
            return True
        return any(self._window_may_match(w) for w in _windows(source))

    def _window_may_match(self, source: str) -> bool:
        folded = source.casefold()
        if any(f in folded for f in self.factors):
            return True
        if not _MARKUP_HINT.search(source):
            return False
        plain = _SCRIPT_TAG.sub(_script_digits, source)
        plain = html.unescape(_strip_tags(plain))
        plain = _INLINE_MARKS.sub("", plain).casefold()
        return any(f in plain for f in self.factors)

    def _fallback_matches(self, text: str) -> bool:
        for compiled in self.fallback:
            try:
                if compiled.compiled.search(text, timeout=REGEX_TIMEOUT_SECONDS):
                    return True
            except TimeoutError:  # too slow to decide: let the rule run and report it
                return True
        return False


def selectivity(pattern_set, lexicon_sources) -> tuple[int, int]:
    """How selective a pattern set is as a gate: fewer factors first, then longer ones.

    A set with a pattern that has no factor cannot gate at all.
    """
    factors: set[str] = set()
    for compiled in pattern_set.patterns:
        found = factors_of(compiled.spec.pattern, lexicon_sources)
        if not found:
            return (-(10**6), 0)
        factors |= found
    if not factors:
        return (-(10**6), 0)
    minimal = minimise(factors)
    return (-len(minimal), min(len(f) for f in minimal))
