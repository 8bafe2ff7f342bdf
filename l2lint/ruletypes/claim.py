"""`claim`: A together with B in one sentence, unless the sentence negates it or asks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from l2lint.patterns import PatternSet
from l2lint.ruletypes.base import Checker, Hit
from l2lint.ruletypes.common import render

if TYPE_CHECKING:
    from l2lint.matchcache import MatchCache
    from l2lint.packs import PackCompiler, Rule

_CLOSERS = "\"'”’)]»*_ \n\t"


def is_question(sentence: str) -> bool:
    return sentence.rstrip(_CLOSERS).endswith("?")


class ClaimChecker(Checker):
    def __init__(self, config: dict[str, Any], compiler: PackCompiler) -> None:
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

    def check(self, scan: MatchCache, rule: Rule) -> Iterator[Hit]:
        negation = self.negation if self.negation is not None else rule.pack.negation
        for index in self.candidates(scan, rule):
            found = {id(p): scan.find(p, index, rule.pack) for g in self.conditions for p in g}
            if not any(all(found[id(p)] for p in group) for group in self.conditions):
                continue
            block = scan.block(index)
            negations = scan.find(negation, index, rule.pack)
            for s_start, s_end in block.sentences():
                span = self._claim_span(found, s_start, s_end)
                if span is None:
                    continue
                if any(s_start <= n[0] and n[1] <= s_end for n in negations):
                    continue
                if self.skip_questions and is_question(block.text[s_start:s_end]):
                    continue
                yield Hit(index, span[0], span[1], render(self.message), span_level=False)

    def _claim_span(self, found: dict, s_start: int, s_end: int) -> tuple[int, int] | None:
        """From the first to the last claim word of every condition the sentence meets."""
        starts: list[int] = []
        ends: list[int] = []
        for group in self.conditions:
            inside = [[m for m in found[id(p)] if s_start <= m[0] and m[1] <= s_end] for p in group]
            if all(inside):
                starts.extend(m[0] for ms in inside for m in ms)
                ends.extend(m[1] for ms in inside for m in ms)
        return (min(starts), max(ends)) if starts else None
