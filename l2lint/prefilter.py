"""A fast literal prefilter built from the packs' patterns.

Most copy names no brand at all. Rather than run every rule's regular expression over
every block, l2lint derives from each pattern a few literal strings ("factors") at
least one of which any match must contain, e.g. `L\\s?[²₂]\\s*-?\\s*tech(?:nology)?`
needs "tech". A block whose case-folded text contains none of the factors cannot
match and never reaches the rules or spaCy. Patterns whose factors cannot be derived
(unusual syntax, or nothing literal) are kept as regular expressions and searched.

All factors are looked for in one pass: an Aho-Corasick automaton (pyahocorasick, a C
extension with wheels for every CPython) built once per pack, instead of one `in` scan
per factor. The same gate runs twice: on a file's raw text before it is parsed
(`Prefilter.may_match_source`, markup stripped and entities decoded where needed; a
file that fails is not parsed at all) and on each block's prose (`Prefilter.may_match`).
`FactorIndex`, one automaton over the factors of every pattern of the rule set, then
tells the match cache which patterns of a passing block need to run at all.
"""

from __future__ import annotations

import html
import re

import ahocorasick

from l2lint.document import read_characters
from l2lint.literals import minimise
from l2lint.patterns import REGEX_TIMEOUT_SECONDS, CompiledPattern, factors_of

_MARKUP_HINT = re.compile(r"[<&*_`\\\[]")
_TAG = re.compile(r"<[^>]*>")  # linear only where a ">" follows: see _strip_tags
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


_MARKS = "*_`\\[]"  # inline Markdown marks, which can split a word: `**Lu**mix`


def _without_marks(text: str) -> str:
    """`text` without inline Markdown marks (`*`, `_`, backtick, backslash, brackets)."""
    for mark in _MARKS:
        if mark in text:
            text = text.replace(mark, "")
    return text


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
        self._automaton = automaton(self.factors)
        self._marks_apart = not any(m in f for f in self.factors for m in _MARKS)

    def _any(self, folded: str) -> bool:
        """Whether the case-folded text contains a factor (one automaton pass, stops at
        the first)."""
        if self._automaton is None:
            return False
        for _ in self._automaton.iter(folded):
            return True
        return False

    def may_match(self, text: str) -> bool:
        """Could a pattern of the pack match in this prose text? False only when no literal
        factor occurs in its case-folded form (and no pattern lacks factors)."""
        if self._any(text.casefold()):
            return True
        return self._fallback_matches(text)

    def may_match_source(self, source: str) -> bool:
        """Could the prose of this raw file contain a match? Checked before parsing it.

        The source is read as a block reads its prose (`read_characters`: invisible
        characters such as a soft hyphen left out, full-width forms as ASCII, NFC), so
        `Lu` + U+00AD + `mix` is "lumix" here too (#14). Markup can join or change
        characters (`**Lu**mix`, `L<sup>2</sup>`, `&sup2;`, `Lu&shy;mix`), so the source is
        checked as it is and, if need be, with markup stripped and entities decoded (and
        read again). ASCII text without markup takes one automaton pass.
        Large files are checked a window at a time (cut at line ends) to keep memory flat.
        """
        if self.fallback:
            return True
        return any(self._window_may_match(w) for w in _windows(read_characters(source)))

    def _window_may_match(self, source: str) -> bool:
        folded = source.casefold()
        if self._marks_apart and "&" not in source and "<" not in source:
            # Deleting inline marks keeps every factor the text holds (no factor has a
            # mark), so one automaton pass over the text without them answers for both.
            return self._any(_without_marks(folded))
        if self._any(folded):
            return True
        if not _MARKUP_HINT.search(source):
            return False
        if "&" in source:  # entity names are case-sensitive: decode before folding
            plain = _strip_tags(_SCRIPT_TAG.sub(_script_digits, source))
            # an entity can stand for an invisible or full-width character (`Lu&shy;mix`)
            plain = read_characters(html.unescape(plain)).casefold()
        else:  # (tags match case-insensitively, and folding commutes with deleting marks)
            plain = folded
            if "<" in plain:
                plain = _strip_tags(_SCRIPT_TAG.sub(_script_digits, plain))
                plain = read_characters(plain)  # a tag can part a base and its mark
        return self._any(_without_marks(plain))

    def _fallback_matches(self, text: str) -> bool:
        for compiled in self.fallback:
            try:
                if compiled.compiled.search(text, timeout=REGEX_TIMEOUT_SECONDS):
                    return True
            except TimeoutError:  # too slow to decide: let the rule run and report it
                return True
        return False


class FactorIndex:
    """Every factor of a rule set's patterns in one automaton, so that a block is read
    once to learn which of them it contains (`present`); a pattern or pattern set whose
    factors are all `known` and none present cannot match there and never runs."""

    def __init__(self, patterns) -> None:
        known: set[str] = set()
        for compiled in patterns:
            if compiled.factors is not None:
                known |= compiled.factors
            for conjunct in compiled.conjuncts:
                known |= conjunct
        self.known = frozenset(known)
        self._automaton = automaton(sorted(known))

    def present(self, folded: str) -> frozenset[str]:
        """The known factors the case-folded text contains."""
        if self._automaton is None:
            return frozenset()
        return frozenset(word for _end, word in self._automaton.iter(folded))


def automaton(strings) -> ahocorasick.Automaton | None:
    """An Aho-Corasick automaton over `strings` (each reported as itself), or None when
    there are none."""
    strings = list(strings)
    if not strings:
        return None
    found = ahocorasick.Automaton()
    for s in strings:
        found.add_word(s, s)
    found.make_automaton()
    return found


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
