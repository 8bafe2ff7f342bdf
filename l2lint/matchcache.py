"""The match cache: per-document matching state shared by all rule types.

It holds the blocks the engine's literal prefilter let through and answers, with
caching, "where does this pattern set match in this block", "is this block in brand
context" and "what are this block's sentences" (spaCy, only when a rule asks). A block
is read once by the linter's `prefilter.FactorIndex` (one Aho-Corasick pass), and a
pattern none of whose literal factors is present never runs its regular expression.
The interface rule types rely on is listed in `ruletypes.base.Checker`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from functools import partial
from itertools import accumulate
from typing import TYPE_CHECKING

from l2lint.document import Document
from l2lint.patterns import CompiledPattern, PatternSet
from l2lint.protected import ProtectedIndex

if TYPE_CHECKING:
    from l2lint.nlp import Analysis
    from l2lint.packs import Pack
    from l2lint.prefilter import FactorIndex

Match = tuple[int, int, CompiledPattern]


def covered_by(spans: list[tuple[int, int]]) -> Callable[[int, int], bool]:
    """A test "does one of `spans` contain [start, end)?" for spans sorted by start.

    A binary search over the starts and a running maximum of the ends: O(log n) per test
    after O(n) once (#22: testing every span made exclusions quadratic in the hits).
    """
    starts = [s for s, _ in spans]
    reach = list(accumulate((e for _, e in spans), max))

    def covered(start: int, end: int) -> bool:
        i = bisect_right(starts, start) - 1
        return i >= 0 and reach[i] >= end

    return covered


class BlockText:
    """One block's text with its never-checked spans and, on demand, spaCy's view of it."""

    def __init__(
        self,
        text: str,
        language: str,
        index: FactorIndex | None = None,
        resolve: Callable[[], str] | None = None,
    ):
        self.text = text
        self._language = language
        self._resolve = resolve  # finds the block's language on first use (l2lint.language)
        self._nlp: Analysis | None = None
        self._folded: str | None = None
        self._index = index
        self._present: frozenset[str] | None = None
        self._protected: ProtectedIndex | None = None
        # per expression (`CompiledPattern.key`): every match's span, and those a rule
        # may report (not empty, not protected); one regex run a block, however many
        # rules and pattern sets use the expression
        self._spans: dict[tuple[str, int], list[tuple[int, int]]] = {}
        self._usable: dict[tuple[str, int], list[tuple[int, int]]] = {}

    def may_contain(self, factors: frozenset[str] | None) -> bool:
        """False when the text holds none of `factors` (None: unknown, so True). One
        automaton pass per block answers for every factor the index knows."""
        if factors is None:
            return True
        index = self._index
        if index is not None and factors <= index.known:
            if self._present is None:
                self._present = index.present(self.folded)
            return not factors.isdisjoint(self._present)
        folded = self.folded
        return any(f in folded for f in factors)

    def spans(self, compiled: CompiledPattern) -> list[tuple[int, int]]:
        """[start, end) of every match of `compiled` in the text (0-based characters,
        empty matches included), found once per expression. Raises `PatternTimeout`."""
        key = compiled.key
        found = self._spans.get(key)
        if found is None:
            found = self._spans[key] = [m.span() for m in compiled.finditer(self.text)]
        return found

    def usable_spans(self, compiled: CompiledPattern) -> list[tuple[int, int]]:
        """`spans` without the empty ones and those touching a protected span."""
        key = compiled.key
        found = self._usable.get(key)
        if found is None:
            found = self._usable[key] = [
                (start, end)
                for start, end in self.spans(compiled)
                if start < end and not self.is_protected(start, end)
            ]
        return found

    def may_contain_each(self, compiled: CompiledPattern) -> bool:
        """False when the text lacks the pattern's factors or every string of one of its
        conjuncts (`CompiledPattern.conjuncts`): it cannot match here."""
        if not self.may_contain(compiled.factors):
            return False
        return all(self.may_contain(conjunct) for conjunct in compiled.conjuncts)

    @property
    def language(self) -> str:
        """The block's language code (declared, configured or detected), found once."""
        if self._resolve is not None:
            self._language, self._resolve = self._resolve(), None
        return self._language

    @property
    def nlp(self) -> Analysis:
        """spaCy's analysis of the text (sentences, tokens), made on first use.

        Tokens (lemma phrases, "is a word next") need the block's own language only
        where words are not separated by spaces (`language.unspaced`); elsewhere the
        default language's tokenizer serves unless the language is already known, so
        the language detector is loaded only for claims."""
        if self._nlp is None:
            from l2lint.language import unspaced
            from l2lint.nlp import analyse

            known = self._resolve is None or unspaced(self.text)
            self._nlp = analyse(self.text, self.language if known else self._language)
        return self._nlp

    @property
    def folded(self) -> str:
        """The text case-folded, to skip patterns whose literals it lacks."""
        if self._folded is None:
            self._folded = self.text.casefold()
        return self._folded

    def is_protected(self, start: int, end: int) -> bool:
        """True when [start, end) touches a URL, e-mail, handle, hashtag or file name.

        Regular expressions only, so a span is protected (or not) whether or not another
        rule made this block reach spaCy: results never depend on that.
        """
        if self._protected is None:
            self._protected = ProtectedIndex(self.text)
        return self._protected.touches(start, end)

    def sentences(self) -> tuple[tuple[int, int], ...]:
        """The block's sentences as [start, end) offsets, 0-based characters (loads spaCy
        and the sentence segmenter on first use)."""
        return self.nlp.sentences


class MatchCache:
    """Matching state for one document under one rule set.

    `candidates` are the indexes of the blocks the prefilter let through (0-based,
    sorted; never the title, which `block(-1)` gives when `title` is not None); offsets
    are characters into a block's prose text.
    """

    def __init__(
        self,
        doc: Document,
        candidates: set[int],
        language: str = "en",
        ascii_mode: bool = False,
        state: dict | None = None,
        final: bool = True,
        index: FactorIndex | None = None,
        languages: tuple[str, ...] = (),
    ):
        self.doc = doc
        # what document-wide rules carry from one slice of a huge document to the next
        self.state: dict = state if state is not None else {}
        self.final = final  # no slice of the document comes after this one
        self.candidates = sorted(candidates)
        self.ascii = ascii_mode
        self._blocks: dict[int, BlockText] = {}  # made on first use: huge documents stay lean
        self.language = language
        self._index = index
        self.languages = languages or (language,)  # the packs' languages: detection's choice
        self.title = (
            BlockText(doc.title, language, index, partial(self._language_of, -1))
            if doc.title
            else None
        )
        self._find_cache: dict[tuple, list[Match]] = {}
        self._context_cache: dict[tuple, bool] = {}

    @property
    def block_count(self) -> int:
        """How many blocks the document has (the title not counted)."""
        return len(self.doc.blocks)

    def block(self, index: int) -> BlockText:
        """The `BlockText` of block `index` (0-based; -1 is the title, which must exist),
        made on first use and kept for the document."""
        if index == -1:
            return self.title  # type: ignore[return-value]
        block_text = self._blocks.get(index)
        if block_text is None:
            block_text = self._blocks[index] = BlockText(
                self.doc.blocks[index].text,
                self.language,
                self._index,
                partial(self._language_of, index),
            )
        return block_text

    def _language_of(self, index: int) -> str:
        from l2lint.language import resolve

        doc = self.doc
        block = doc.blocks[index] if index >= 0 else None
        text = block.text if block is not None else doc.title or ""
        declared = (block.language if block is not None else None, doc.language)
        return resolve(declared, doc.configured_language, text, self.languages, self.language)

    def find(
        self, patterns: PatternSet, index: int, pack: Pack, use_context: bool = True
    ) -> list[Match]:
        """Matches of a pattern set in a block, outside protected spans and exclusions."""
        key = (id(patterns), index, use_context)
        cached = self._find_cache.get(key)
        if cached is not None:
            return cached
        block_text = self.block(index)
        found: list[Match] = []
        if block_text.may_contain(patterns.gate()):
            for compiled in patterns.patterns:
                if not block_text.may_contain_each(compiled):
                    continue
                context = compiled.spec.context
                if context and not (use_context and self.in_context(pack, context, index)):
                    continue
                spans = block_text.usable_spans(compiled)
                # a pattern of one language: the block's language is looked up (maybe
                # detected) only once the pattern has matched
                languages = compiled.spec.languages
                if spans and languages and block_text.language not in languages:
                    continue
                found.extend((start, end, compiled) for start, end in spans)
            if found and patterns.excludes:
                excluded = sorted(
                    span
                    for c in patterns.excludes
                    if block_text.may_contain_each(c)
                    for span in block_text.spans(c)
                )
                covered = covered_by(excluded)
                found = [f for f in found if not covered(f[0], f[1])]
        self._find_cache[key] = found
        return found

    def mentions(self, patterns: PatternSet, index: int, pack: Pack) -> bool:
        """Whether a block mentions a lexicon entry (context-gated patterns do not count)."""
        return bool(self.find(patterns, index, pack, use_context=False))

    def _list_mentions(self, pack: Pack, name: str, entries: list, index: int) -> bool:
        """For a list item: whether an item before it in its list, or the block that
        introduces the list, mentions one of `entries` (brand guide B205: a list is one
        context). False for other blocks.

        Item by item from the first one whose answer is not known yet, each answer cached:
        a list of n items costs O(n), not O(n^2) as asking every earlier item did.
        """
        blocks = self.doc.blocks
        if index >= len(blocks) or blocks[index].kind != "list_item":
            return False
        cache = self._context_cache

        def key(i: int) -> tuple:
            return (id(pack), name, "list", i)

        def mentioned(i: int) -> bool:
            return any(self.mentions(entry, i, pack) for entry in entries)

        start = index
        while start > 0 and blocks[start - 1].kind == "list_item" and key(start) not in cache:
            start -= 1
        for i in range(start, index + 1):
            if key(i) in cache:
                continue
            if i > 0 and blocks[i - 1].kind == "list_item":
                cache[key(i)] = cache[key(i - 1)] or mentioned(i - 1)
            else:
                cache[key(i)] = i > 0 and mentioned(i - 1)
        return bool(cache[key(index)])

    def in_context(self, pack: Pack, name: str, index: int) -> bool:
        """Brand context (or any named context) for a block, per the pack's definition."""
        key = (id(pack), name, index)
        cached = self._context_cache.get(key)
        if cached is not None:
            return cached
        spec = pack.contexts[name]
        entries = [pack.lexicon[m] for m in spec.mentions]
        places: list[int] = []
        if "paragraph" in spec.scope:
            places.append(index)
        if "previous_paragraph" in spec.scope and index > 0:
            places.append(index - 1)
        if "title" in spec.scope and self.title is not None and index != -1:
            places.append(-1)
        if "document" in spec.scope:
            places.extend(range(self.block_count))
        result = any(self.mentions(entry, place, pack) for place in places for entry in entries)
        if not result and "list" in spec.scope and index >= 0:
            result = self._list_mentions(pack, name, entries, index)
        self._context_cache[key] = result
        return result
