"""`forbidden`: a phrase that must not appear (optionally only in a context)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from l2lint.patterns import PatternSet
from l2lint.ruletypes.base import Checker, Hit
from l2lint.ruletypes.common import FixSpec, covered_by_exception, normalize_space, render

if TYPE_CHECKING:
    from l2lint.matchcache import MatchCache
    from l2lint.packs import PackCompiler, Rule


class ForbiddenChecker(Checker):
    """A `forbidden` rule: any match of `patterns` not inside a match of `exceptions`.
    Raises PackError for a fix without a `replacement`."""

    def __init__(self, config: dict[str, Any], compiler: PackCompiler) -> None:
        ignore_case = config.get("ignore_case", True)
        self.patterns = PatternSet(compiler.pattern_list(config["patterns"], ignore_case))
        self.exceptions = compiler.pattern_list(config.get("exceptions"), ignore_case)
        self.context = config.get("context")
        self.fix = FixSpec.parse(config.get("fix"), default="none")
        if self.fix.kind != "none" and self.fix.replacement is None:
            raise compiler.error("a forbidden rule's fix needs a 'replacement'")
        self.message = config["message"]

    @property
    def fix_kind(self) -> str:
        """The fix kind, "safe", "unsafe" or "none", as `Rule.fixable` reports it."""
        return self.fix.kind

    def trigger_groups(self) -> list[list[PatternSet]]:
        """A block can only yield a finding if one of these sets matches in it."""
        return [[self.patterns]]

    def check(self, match_cache: MatchCache, rule: Rule) -> Iterator[Hit]:
        """One span-level hit per match (prose offsets of the block, 0-based characters), with
        the fix's replacement when the rule has one."""
        for index in self.candidates(match_cache, rule):
            text = match_cache.block(index).text
            for start, end, compiled in match_cache.find(self.patterns, index, rule.pack):
                if covered_by_exception(match_cache, self.exceptions, index, start, end):
                    continue
                found = normalize_space(text[start:end])
                message = render(compiled.spec.message or self.message, found=found)
                replacement = self.fix.replacement if self.fix.kind != "none" else None
                yield Hit(index, start, end, message, replacement, self.fix.safe)
