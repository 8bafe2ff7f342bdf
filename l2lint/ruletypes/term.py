"""`term`: one canonical spelling, its wrong variants, exceptions, context and a fix."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from l2lint.patterns import PatternSet
from l2lint.ruletypes.base import Checker, Hit
from l2lint.ruletypes.common import (
    FixSpec,
    covered_by_exception,
    followed_by_content_word,
    line_is_upper,
    normalize_space,
    render,
)

if TYPE_CHECKING:
    from l2lint.matchcache import MatchCache
    from l2lint.packs import PackCompiler, Rule


class TermChecker(Checker):
    """A `term` rule: a variant that is not the canonical spelling (or one it accepts) is
    a finding, with the canonical spelling as its fix (`ascii_canonical` under --ascii)."""

    def __init__(self, config: dict[str, Any], compiler: PackCompiler) -> None:
        ignore_case = config.get("ignore_case", True)
        self.canonical: str = config["canonical"]
        self.ascii_canonical: str | None = config.get("ascii_canonical")
        self.accept = {normalize_space(a) for a in config.get("accept", [])}
        self.allow_all_caps = config.get("allow_all_caps", False)
        self.variants = PatternSet(compiler.pattern_list(config["variants"], ignore_case))
        self.exceptions = compiler.pattern_list(config.get("exceptions"), ignore_case)
        self.context = config.get("context")
        self.fix = FixSpec.parse(config.get("fix"), default="safe")
        self.message = config["message"]

    @property
    def fix_kind(self) -> str:
        """The fix kind, "safe", "unsafe" or "none", as `Rule.fixable` reports it."""
        return self.fix.kind

    def trigger_groups(self) -> list[list[PatternSet]]:
        """A block can only yield a finding if one of these sets matches in it."""
        return [[self.variants]]

    def _canonical_for(self, variant_canonical: str | None, ascii_mode: bool) -> str:
        if variant_canonical:
            return variant_canonical
        if ascii_mode and self.ascii_canonical:
            return self.ascii_canonical
        return self.canonical

    def check(self, match_cache: MatchCache, rule: Rule) -> Iterator[Hit]:
        """One span-level hit per variant match that is not accepted, all caps on an all-caps
        line (when allowed) or inside an exception (prose offsets of the block, 0-based
        characters)."""
        for index in self.candidates(match_cache, rule):
            text = match_cache.block(index).text
            for start, end, compiled in match_cache.find(self.variants, index, rule.pack):
                found = text[start:end]
                canonical = self._canonical_for(compiled.spec.canonical, match_cache.ascii)
                accepted = {normalize_space(canonical), *self.accept}
                if compiled.spec.canonical is None:
                    accepted.add(normalize_space(self.canonical))
                if normalize_space(found) in accepted:
                    continue
                if (
                    self.allow_all_caps
                    and normalize_space(found) == normalize_space(canonical).upper()
                    and line_is_upper(text, start, end)
                ):
                    continue
                if covered_by_exception(match_cache, self.exceptions, index, start, end):
                    continue
                replacement, safe = None, False
                if self.fix.kind != "none" and (
                    self.fix.when_followed_by is None
                    or followed_by_content_word(match_cache, index, end)
                ):
                    replacement = self.fix.replacement or canonical
                    if (
                        match_cache.ascii
                        and self.ascii_canonical
                        and self.fix.replacement == self.canonical
                    ):
                        replacement = self.ascii_canonical
                    safe = self.fix.safe
                message = render(
                    compiled.spec.message or self.message,
                    found=normalize_space(found),
                    canonical=canonical,
                )
                yield Hit(index, start, end, message, replacement, safe)
