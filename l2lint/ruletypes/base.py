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
    """What the engine asks of every rule type (a worked example: docs/architecture.md,
    "Writing a rule type").

    Life cycle: `packs.load_pack` builds one checker per rule, `__init__(config,
    compiler)`, from the rule's YAML mapping; the engine reads `trigger_groups` and
    `document_mentions` once per linter (`engine.Linter` builds its prefilters from
    them), then calls `check(match_cache, rule)` once per document, or once per slice
    of a huge one (`engine.LintSession.lint`).

    Gating: a block reaches `check` only if some pack's literal prefilter lets it
    through (`MatchCache.candidates`); when no block of a document (or of its last
    slice) passes, `check` is not called at all. `candidates` narrows these further to
    the blocks where one of this rule's own `trigger_groups` may match and that are in
    its context. A type whose `trigger_groups()` returns [] adds nothing to the
    prefilter, and `candidates` then yields no block: it never runs on its own and
    only sees, through `match_cache.candidates`, blocks that another rule's literals
    let through.

    `context`: the name of a pack context (`contexts:` in the pack) a block must be in
    for the rule to look at it; None (the class default) means every block. Each rule
    type's `__init__` sets it from the rule's `context:` key (`packs.load_pack` has
    already checked that the pack defines it); `candidates` and `in_context` read it.

    Hits (`Hit`): a span [start, end) in characters of one block's prose, the block a
    0-based index into `Document.blocks`. `span_level` (default True) hits compete:
    `engine.resolve_overlaps` keeps, of overlapping span-level hits of all rules, the
    longest (then the earlier, then the severer), so results do not depend on rule
    order; `span_level=False` hits (e.g. `requires`, which flags a missing name) are
    all kept. A hit on block -1 (the title, `match_cache.block(-1)`, readable when
    `match_cache.title` is not None) is dropped by the engine (`LintSession.lint`
    skips `block < 0`): the title is read for context, never reported in.

    Document state: a rule that needs more than one block (a document-wide
    `requires`) keeps it in `match_cache.state[rule.code]`, a dict that lives for the
    whole document, across its slices; `match_cache.final` is True for the last (or
    only) slice. It yields a `pending` hit, and `verdict(state)` gives its message
    once the document is done.

    What a checker may use of `matchcache.MatchCache`: `candidates` (sorted 0-based
    indexes of the blocks the prefilter let through), `block(i)` (a `BlockText`:
    `text`, `language`, and on demand spaCy's `nlp` and `sentences()`), `find(patterns,
    i, pack)` (cached matches of a `PatternSet` in block i as (start, end,
    CompiledPattern), outside protected spans and the set's exclusions), `in_context`,
    `block_count`, `title`, `state`, `final` and `ascii` (the `--ascii` channel setting:
    `ascii_canonical` spellings such as "L2 Technology" are accepted and written).

    Registering a new type: its class in `ruletypes.RULE_TYPES` (the pack's `type:`
    name → class), and in `l2lint/schema/rule-pack.schema.json` the name in the rule's
    `type` enum and an `if`/`then` block with its keys, so packs are validated.
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
