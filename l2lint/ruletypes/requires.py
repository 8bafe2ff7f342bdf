"""`requires`: if A is mentioned in a document (or paragraph), B and C must be too."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from l2lint.patterns import PatternSet
from l2lint.ruletypes.base import Checker, Hit
from l2lint.ruletypes.common import render

if TYPE_CHECKING:
    from l2lint.matchcache import MatchCache
    from l2lint.packs import PackCompiler, Rule


def join_names(names: list[str]) -> str:
    """Names joined for a message: "A", "A and B", "A, B and C" ("" for none)."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


class RequiresChecker(Checker):
    """A `requires` rule: copy that mentions `if_mentioned` must also mention each of
    `must_mention`, in the same paragraph or anywhere in the document (`scope`)."""

    def __init__(self, config: dict[str, Any], compiler: PackCompiler) -> None:
        self.scope = config.get("scope", "document")
        self.trigger = compiler.reference(config["if_mentioned"])
        self.required = [compiler.reference(ref) for ref in config["must_mention"]]
        self.context = config.get("context")
        self.message = config["message"]

    def trigger_groups(self) -> list[list[PatternSet]]:
        """Only the trigger gates a block; the required names are searched everywhere."""
        return [[self.trigger]]

    def document_mentions(self) -> list[PatternSet]:
        """Sets whose mention anywhere in a document matters, even far from any trigger."""
        return self.required if self.scope == "document" else []

    def _first_trigger(
        self, match_cache: MatchCache, rule: Rule, places: Iterable[int]
    ) -> tuple[int, int, int] | None:
        candidates = set(match_cache.candidates)
        for index in places:
            if index not in candidates or not self.in_context(match_cache, rule, index):
                continue
            matches = match_cache.find(self.trigger, index, rule.pack)
            if matches:
                start, end, _ = min(matches, key=lambda m: (m[0], -m[1]))
                return index, start, end
        return None

    def _verdict(self, found: list[bool]) -> str | None:
        missing = [
            required.label or "a required name"
            for required, ok in zip(self.required, found, strict=True)
            if not ok
        ]
        return render(self.message, missing=join_names(missing)) if missing else None

    def check(self, match_cache: MatchCache, rule: Rule) -> Iterator[Hit]:
        """Paragraph scope: one hit at the first trigger of each paragraph that lacks a name.
        Document scope: one pending hit at the document's first trigger, its message given
        by `verdict` once every slice has been seen; the state is kept in `match_cache.state`."""
        if self.scope == "paragraph":
            for index in match_cache.candidates:
                first = self._first_trigger(match_cache, rule, [index])
                if first is None:
                    continue
                found = [bool(match_cache.find(r, index, rule.pack)) for r in self.required]
                message = self._verdict(found)
                if message:
                    yield Hit(*first, message, span_level=False)
            return
        # Document scope: the document may come in slices (huge files), so what was seen
        # is kept in `match_cache.state` and the verdict comes from `verdict` at the end.
        state = match_cache.state.setdefault(rule.code, {"triggered": False, "found": None})
        places = range(match_cache.block_count)
        if not state["triggered"]:
            first = self._first_trigger(match_cache, rule, places)
            if first is not None:
                state["triggered"] = True
                yield Hit(*first, "", span_level=False, pending=True)
        if not state["triggered"] and match_cache.final:
            return  # no later slice can trigger it: what is mentioned no longer matters
        found = state["found"] or [False] * len(self.required)
        state["found"] = [
            ok or any(match_cache.find(required, i, rule.pack) for i in places)
            for required, ok in zip(self.required, found, strict=True)
        ]

    def verdict(self, state: dict) -> str | None:
        """The message for a document-scope finding once the whole document is seen."""
        if not state.get("triggered"):
            return None
        return self._verdict(state["found"] or [False] * len(self.required))
