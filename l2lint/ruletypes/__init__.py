"""The generic rule types. Each is implemented once; packs supply the brand knowledge."""

from __future__ import annotations

from l2lint.ruletypes.base import Checker
from l2lint.ruletypes.claim import ClaimChecker
from l2lint.ruletypes.forbidden import ForbiddenChecker
from l2lint.ruletypes.requires import RequiresChecker
from l2lint.ruletypes.term import TermChecker

RULE_TYPES: dict[str, type[Checker]] = {
    "term": TermChecker,
    "forbidden": ForbiddenChecker,
    "requires": RequiresChecker,
    "claim": ClaimChecker,
}

__all__ = ["RULE_TYPES"]
