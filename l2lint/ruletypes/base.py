"""The contract between the engine and every rule type (as Vale's `Rule` interface).

A rule type is a `Checker`: built once per rule from the rule's YAML (its `config`
mapping, already validated by the pack schema) and a pack compiler, then asked for
`Hit`s document by document. The engine relies on nothing else.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from l2lint.patterns import PatternSet

if TYPE_CHECKING:
    from l2lint.matchcache import MatchCache
    from l2lint.packs import PackCompiler, Rule


@dataclass(frozen=True)
class Hit:
    """A rule's raw result: a prose span [start, end) in one block, in characters.

    `block` is the 0-based block index (-1 is the title). `replacement` and `safe`
    are the fix, if any. `span_level` hits (term, forbidden) compete for overlapping
    spans (`engine.resolve_overlaps`). A `pending` hit is a document-wide rule's
    anchor: reported, with the checker's `verdict` as message, only once the whole
    document has been seen (`engine.LintSession.finish`).
    """

    block: int
    start: int
    end: int
    message: str
    replacement: str | None = None
    safe: bool = False
    span_level: bool = True
    pending: bool = False


class Checker(ABC):
    """What the engine asks of every rule type.

    `context` names the pack context a block must be in for the rule to look at it
    (None: every block); `candidates` applies it to the blocks the prefilter let through.
    """

    context: str | None = None

    @abstractmethod
    def __init__(self, config: dict[str, Any], compiler: PackCompiler) -> None:
        """From the rule's mapping in the pack; raises `compiler.error(...)` (a
        `packs.PackError`) for what the pack schema cannot check."""

    @abstractmethod
    def check(self, match_cache: MatchCache, rule: Rule) -> Iterator[Hit]:
        """The hits of this rule in one document (or one slice of a huge one)."""

    @abstractmethod
    def trigger_groups(self) -> list[list[PatternSet]]:
        """Pattern sets that gate a block: for some group, every set in it must be able
        to match for the block to yield a hit. The engine's literal prefilter keeps the
        most selective set of each group."""

    @property
    def fix_kind(self) -> str:
        """ "safe", "unsafe" or "none": the fixes this rule's hits may carry."""
        return "none"

    def document_mentions(self) -> list[PatternSet]:
        """Pattern sets whose mention anywhere in a document matters to this rule
        (document state carried across the slices of a huge file)."""
        return []

    def verdict(self, state: dict) -> str | None:
        """The message of a pending document-wide hit once the document is seen, from
        the state the rule kept in `match_cache.state[rule.code]`; None drops the hit."""
        return None

    def candidates(self, match_cache: MatchCache, rule: Rule) -> Iterator[int]:
        """The candidate blocks (prefilter passed) in which one of the rule's trigger
        groups can match (`trigger_groups`: each of the group's sets may, by its
        literal factors) and that are in the rule's context."""
        gates = self._trigger_gates()
        for index in match_cache.candidates:
            block = match_cache.block(index)
            if not any(all(block.may_contain(g) for g in group) for group in gates):
                continue
            if self.in_context(match_cache, rule, index):
                yield index

    def _trigger_gates(self) -> list[list[frozenset[str] | None]]:
        """`trigger_groups` as the factors of each set (`PatternSet.gate`), made once."""
        gates = self.__dict__.get("_gates")
        if gates is None:
            gates = self.__dict__["_gates"] = [
                [pattern_set.gate() for pattern_set in group] for group in self.trigger_groups()
            ]
        return gates

    def in_context(self, match_cache: MatchCache, rule: Rule, index: int) -> bool:
        """Whether block `index` (0-based) is in the rule's brand context, or the rule has
        none (`context:` in the pack)."""
        return not self.context or match_cache.in_context(rule.pack, self.context, index)
