"""`claim`: A together with B in one sentence, unless the sentence negates it or asks."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from l2lint.patterns import PatternSet
from l2lint.ruletypes.common import Checker, render
from l2lint.scan import Hit

_CLOSERS = "\"'”’)]»*_ \n\t"


def is_question(sentence: str) -> bool:
    return sentence.rstrip(_CLOSERS).endswith("?")


class _ByStart:
    """Matches (start, end, ...) sorted by start, for the ones inside one sentence at a
    time: a binary search instead of a scan of all of a block's matches per sentence,
    which was quadratic for a block of many short claims (#22)."""

    def __init__(self, matches: list) -> None:
        self.matches = sorted(matches, key=lambda m: m[0])
        self.starts = [m[0] for m in self.matches]

    def within(self, start: int, end: int) -> list:
        low, high = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return [m for m in self.matches[low:high] if m[1] <= end]


class ClaimChecker(Checker):
    def __init__(self, config: dict, compiler):
        self.conditions = [
            [compiler.reference(ref) for ref in group] for group in config["when_any"]
        ]
        negation = config.get("negation")
        self.negation = (
            PatternSet(compiler.pattern_list(negation)) if negation is not None else None
        )
        self.skip_questions = config.get("questions", "skip") == "skip"
        self.context = config.get("context")
        self.message = config["message"]

    def trigger_groups(self) -> list[list[PatternSet]]:
        """Each condition needs all its sets; the engine gates on the most selective one."""
        return self.conditions

    def check(self, scan, rule) -> Iterator[Hit]:
        negation = self.negation if self.negation is not None else rule.pack.negation
        for index in scan.candidates:
            if self.context and not scan.in_context(rule.pack, self.context, index):
                continue
            found = {
                id(p): _ByStart(scan.find(p, index, rule.pack)) for g in self.conditions for p in g
            }
            if not any(all(found[id(p)].matches for p in group) for group in self.conditions):
                continue
            block = scan.block(index)
            negations = _ByStart(scan.find(negation, index, rule.pack))
            for s_start, s_end in block.sentences():
                span = self._claim_span(found, s_start, s_end)
                if span is None:
                    continue
                if negations.within(s_start, s_end):
                    continue
                if self.skip_questions and is_question(block.text[s_start:s_end]):
                    continue
                yield Hit(index, span[0], span[1], render(self.message), span_level=False)

    def _claim_span(self, found: dict, s_start: int, s_end: int) -> tuple[int, int] | None:
        """From the first to the last claim word of every condition the sentence meets."""
        starts: list[int] = []
        ends: list[int] = []
        for group in self.conditions:
            inside = [found[id(p)].within(s_start, s_end) for p in group]
            if all(inside):
                starts.extend(m[0] for ms in inside for m in ms)
                ends.extend(m[1] for ms in inside for m in ms)
        return (min(starts), max(ends)) if starts else None
