"""`requires`: if A is mentioned in a document (or paragraph), B and C must be too."""

from __future__ import annotations

from collections.abc import Iterator

from l2lint.patterns import PatternSet
from l2lint.ruletypes.common import render
from l2lint.scan import Hit


def join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


class RequiresChecker:
    fix_kind = "none"

    def __init__(self, config: dict, compiler):
        self.scope = config.get("scope", "document")
        self.trigger = compiler.reference(config["if_mentioned"])
        self.required = [compiler.reference(ref) for ref in config["must_mention"]]
        self.context = config.get("context")
        self.message = config["message"]

    @classmethod
    def from_config(cls, config: dict, compiler) -> RequiresChecker:
        return cls(config, compiler)

    def trigger_groups(self) -> list[list[PatternSet]]:
        """Only the trigger gates a block; the required names are searched everywhere."""
        return [[self.trigger]]

    def _places(self, scan) -> list[list[int]]:
        if self.scope == "paragraph":
            return [[i] for i in scan.candidates]
        return [list(range(scan.block_count))]

    def check(self, scan, rule) -> Iterator[Hit]:
        candidates = set(scan.candidates)
        for places in self._places(scan):
            first = None
            for index in places:
                if index not in candidates:
                    continue
                if self.context and not scan.in_context(rule.pack, self.context, index):
                    continue
                matches = scan.find(self.trigger, index, rule.pack)
                if matches:
                    start, end, _ = min(matches, key=lambda m: (m[0], -m[1]))
                    first = (index, start, end)
                    break
            if first is None:
                continue
            missing = [
                required.label or "a required name"
                for required in self.required
                if not any(scan.find(required, i, rule.pack) for i in places)
            ]
            if missing:
                message = render(self.message, missing=join_names(missing))
                yield Hit(first[0], first[1], first[2], message, span_level=False)
