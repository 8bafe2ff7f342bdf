"""`claim`: A together with B in one sentence, unless the claim is negated or asked.

Each block is read in its own language (`MatchCache.block(i).language`: declared,
configured or detected): sentences, negation cues, question forms and the message come
from the pack's section for that language (`languages:`), else from its defaults.
Sentences are the reader's sentences (`nlp.sentences`, with the pack's abbreviations).
Claim words are the pack's regular expressions and lemma phrases (`phrases:` in a
lexicon entry, matched on spaCy lemmas with gaps: `newly *2 brand`). Negation is
NegEx-scoped (`negation.negated`) when the pack gives NegEx term lists; a pack that
gives a plain list of cue patterns keeps the older rule: any cue in the sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from l2lint.negation import NegationTerms, negated_words
from l2lint.nlp import LemmaPhrase, sentences
from l2lint.patterns import PatternSet
from l2lint.ruletypes.base import Checker, Hit
from l2lint.ruletypes.common import render

if TYPE_CHECKING:
    from l2lint.matchcache import MatchCache
    from l2lint.packs import PackCompiler, Rule

_CLOSERS = "\"'”’)]»*_ \n\t"

Condition = tuple[PatternSet, tuple[LemmaPhrase, ...]]


_QUOTED_QUESTION = re.compile(r"\?[\"'”’»]")


def is_question(sentence: str, after: int = 0, endings: tuple[str, ...] = ("?",)) -> bool:
    """Whether the sentence asks rather than claims: it ends with one of `endings` (the
    pack's question forms for the block's language: "?", "？", Japanese "か。"), or a
    quoted question closes after offset `after` (the claim words): "“Did they merge?”
    he asked."
    """
    stripped = sentence.rstrip(_CLOSERS)
    return any(stripped.endswith(e) for e in endings) or bool(
        _QUOTED_QUESTION.search(sentence, after)
    )


def _within(spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The spans inside [start, end), `spans` sorted: a binary search, not a scan of all
    of a block's spans per sentence, which was quadratic for many short claims (#22)."""
    low, high = bisect_left(spans, (start, -1)), bisect_left(spans, (end, -1))
    return [m for m in spans[low:high] if m[1] <= end]


def _holds(spans: list[tuple[int, int]], starts: list[int], a: int, b: int) -> bool:
    """Whether one of `spans` (sorted; `starts` their starts) lies within [a, b): a binary
    search to the first span starting at `a` or later, then only the spans starting
    up to `b` (0-based characters). Testing every span against every sentence made a
    block of many short claims quadratic (#14)."""
    for i in range(bisect_left(starts, a), len(spans)):
        start, end = spans[i]
        if start > b:  # (an empty span at b still counts, as the plain test says)
            return False
        if end <= b:
            return True
    return False


class ClaimChecker(Checker):
    """A `claim` rule: some condition of `when_any` met in one sentence (a match of every
    set in the group), not negated (NegEx, Chapman et al. 2001, or older packs' cue
    list) and, by default, not asked. Raises PackError for a group whose every entry
    has lemma phrases."""

    def __init__(self, config: dict[str, Any], compiler: PackCompiler) -> None:
        self.conditions: list[list[Condition]] = [
            [(compiler.reference(ref), compiler.phrases(ref)) for ref in group]
            for group in config["when_any"]
        ]
        for group in self.conditions:
            if all(phrases for _, phrases in group):
                raise compiler.error(
                    "each 'when_any' group needs one entry without 'phrases' (for the prefilter)"
                )
        self.negation = compiler.negation(config["negation"]) if "negation" in config else None
        self.skip_questions = config.get("questions", "skip") == "skip"
        self.context = config.get("context")
        self.message = config["message"]

    def trigger_groups(self) -> list[list[PatternSet]]:
        """Each condition needs all its sets; the engine gates on the most selective one.

        Sets with lemma phrases can match words their literals lack, so they never gate.
        """
        return [[p for p, phrases in group if not phrases] for group in self.conditions]

    def _found(self, match_cache, index: int, pack) -> dict[int, list[tuple[int, int]]]:
        """Claim-word spans per pattern set. Lemma phrases need spaCy, so they are looked
        for only where the group's other sets all match and the phrase's letters occur."""
        block = match_cache.block(index)
        found: dict[int, list[tuple[int, int]]] = {}
        for group in self.conditions:
            for patterns, _ in group:
                if id(patterns) not in found:
                    found[id(patterns)] = [
                        (m[0], m[1]) for m in match_cache.find(patterns, index, pack)
                    ]
        looked: set[int] = set()
        for group in self.conditions:
            if not all(found[id(p)] for p, phrases in group if not phrases):
                continue
            # A phrase counts only in a sentence that holds the group's other sets: its
            # letters must occur in one of those (no spaCy for the block otherwise).
            folded = self._where_phrases_count(match_cache, block, group, found, pack)
            if not folded:
                continue
            for patterns, phrases in group:
                if id(patterns) in looked:
                    continue
                looked.add(id(patterns))
                for phrase in phrases:
                    if not any(phrase.may_match(f) for f in folded):
                        continue
                    found[id(patterns)].extend(
                        s
                        for s in phrase.find(block.nlp.tokens, block.text)
                        if not block.is_protected(*s)
                    )
        return found

    @staticmethod
    def _where_phrases_count(match_cache, block, group, found, pack) -> list[str]:
        """The case-folded sentences of the block in which every set of `group` without
        lemma phrases has a match: the only places where a phrase can complete a claim."""
        spans = [sorted(found[id(p)]) for p, phrases in group if not phrases]
        starts = [[m[0] for m in ms] for ms in spans]
        return [
            block.text[a:b].casefold()
            for a, b in sentences(block.text, match_cache.language, pack.abbreviations)
            if all(_holds(ms, at, a, b) for ms, at in zip(spans, starts, strict=True))
        ]

    def check(self, match_cache: MatchCache, rule: Rule) -> Iterator[Hit]:
        """One hit per sentence that makes an unnegated claim, spanning its claim words
        (prose offsets of the block, 0-based characters); never span-level."""
        pack = rule.pack
        for index in self.candidates(match_cache, rule):
            found = self._found(match_cache, index, pack)
            for spans in found.values():  # sorted, for `_within`
                spans.sort()
            if not any(all(found[id(p)] for p, _ in group) for group in self.conditions):
                continue
            block = match_cache.block(index)
            language = block.language
            negation = self.negation if self.negation is not None else pack.negation_for(language)
            questions = pack.questions_for(language)
            message = render(pack.message_for(rule.code, language, self.message))
            if isinstance(negation, PatternSet):
                cues = sorted((m[0], m[1]) for m in match_cache.find(negation, index, pack))
            abbreviations = pack.abbreviations_for(language)
            for s_start, s_end in sentences(block.text, language, abbreviations):
                words = self._claim_words(found, s_start, s_end)
                if not words:
                    continue
                sentence = block.text[s_start:s_end]
                if self.skip_questions and is_question(
                    sentence, max(e for _, e in words) - s_start, questions
                ):
                    continue
                if isinstance(negation, NegationTerms):
                    words = self._unnegated_claim(
                        found, words, sentence, s_start, negation, language
                    )
                    if not words:
                        continue
                elif _within(cues, s_start, s_end):
                    continue
                start = min(a for a, _ in words)
                end = max(b for _, b in words)
                yield Hit(index, start, end, message, span_level=False)

    def _unnegated_claim(
        self,
        found: dict,
        words: list[tuple[int, int]],
        sentence: str,
        s_start: int,
        terms: NegationTerms,
        language: str,
    ) -> list[tuple[int, int]]:
        """The words of the claims the sentence makes and does not negate (empty: none).

        A claim is one word from each set of a condition; it stands when none of its
        words is in a negation's scope ("Leica and Panasonic are not merging, but they
        formed a joint venture" makes the joint-venture claim).
        """
        flags = negated_words(
            sentence, [(a - s_start, b - s_start) for a, b in words], terms, language
        )
        ok = {w for w, flag in zip(words, flags, strict=True) if not flag}
        s_end = s_start + len(sentence)
        kept: set[tuple[int, int]] = set()
        for group in self.conditions:
            inside = [_within(found[id(p)], s_start, s_end) for p, _ in group]
            if all(inside) and all(any(m in ok for m in ms) for ms in inside):
                kept.update(m for ms in inside for m in ms if m in ok)
        return sorted(kept)

    def _claim_words(self, found: dict, s_start: int, s_end: int) -> list[tuple[int, int]]:
        """The claim words of every condition the sentence meets (empty: no claim)."""
        words: list[tuple[int, int]] = []
        for group in self.conditions:
            inside = [_within(found[id(p)], s_start, s_end) for p, _ in group]
            if all(inside):
                words.extend(m for ms in inside for m in ms)
        return sorted(set(words))
