"""Document × rules → findings.

The engine runs a cheap prefilter (one regex built from every pattern of every rule)
over each block, so that only blocks which can match reach spaCy, then runs each
rule type, resolves overlapping span findings (the longest wins, so results never
depend on rule order) and turns block offsets into source positions.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections.abc import Iterable

from l2lint.document import Block, Document
from l2lint.finding import Finding, Fix, Position
from l2lint.packs import Rule, RuleSet
from l2lint.patterns import PatternTimeout, TimeBudget
from l2lint.prefilter import Prefilter, selectivity
from l2lint.scan import DocumentScan, Hit
from l2lint.selection import is_enabled


class RuleTimeout(RuntimeError):
    """A rule's pattern ran too long on this document (a catastrophic user regex)."""


class Linter:
    """A configured rule set, ready to lint many documents."""

    def __init__(
        self,
        rule_set: RuleSet,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        extend_select: Iterable[str] = (),
        ascii_mode: bool = False,
        severity_overrides: dict | None = None,
    ):
        self.rule_set = rule_set
        self.ascii = ascii_mode
        self.severity_overrides = severity_overrides or {}
        self.rules: list[Rule] = [
            r for r in rule_set.rules if is_enabled(r.code, select, ignore, extend_select)
        ]
        self._prefilters = self._build_prefilters(slices=False)
        self._slice_prefilters: list[Prefilter] | None = None  # built for huge files only

    def _build_prefilters(self, slices: bool) -> list[Prefilter]:
        """One literal prefilter per pack: a block none of them passes cannot yield a finding.

        For a slice of a huge document, what document-wide rules must see anywhere
        (the names `requires` looks for) counts too.
        """
        prefilters = []
        for pack in self.rule_set.packs:
            patterns = []
            for rule in self.rules:
                if rule.pack is pack:
                    for group in rule.checker.trigger_groups():
                        best = max(group, key=lambda s: selectivity(s, pack.lexicon_sources))
                        patterns.extend(best.patterns)
                    if slices:
                        for pattern_set in rule.checker.document_mentions():
                            patterns.extend(pattern_set.patterns)
            if patterns:
                prefilters.append(Prefilter(patterns, lambda _c, p=pack: p.lexicon_sources))
        return prefilters

    def candidates(self, doc: Document) -> set[int]:
        return {i for i, block in enumerate(doc.blocks) if self._may_match(block.text)}

    def _may_match(self, text: str) -> bool:
        return any(p.may_match(text) for p in self._prefilters)

    def may_match_source(self, source: str) -> bool:
        """False when no rule can match anywhere in this file: it need not even be parsed."""
        return any(p.may_match_source(source) for p in self._prefilters)

    def may_matter_in_slice(self, source: str) -> bool:
        """False when a slice of a huge file can neither yield a finding nor change one."""
        if self._slice_prefilters is None:
            self._slice_prefilters = self._build_prefilters(slices=True)
        return any(p.may_match_source(source) for p in self._slice_prefilters)

    def may_match_block(self, block: Block) -> bool:
        return self._may_match(block.text)

    def lint_document(self, doc: Document) -> list[Finding]:
        session = LintSession(self)
        findings = session.lint(doc) + session.finish()
        return sorted(set(findings), key=lambda f: f.sort_key)

    @property
    def language(self) -> str:
        return self.rule_set.packs[0].language if self.rule_set.packs else "en"

    @property
    def can_slice(self) -> bool:
        """Whether a huge document may be linted slice by slice with the same results.

        A context whose scope is the whole document needs every block at once.
        """
        return not any(
            "document" in context.scope
            for pack in self.rule_set.packs
            for context in pack.contexts.values()
        )

    def _finding(self, doc: Document, hit: Hit, rule: Rule) -> Finding:
        block = doc.blocks[hit.block]
        src_start, src_end = block.source_span(hit.start, hit.end)
        line, column = doc.line_col(src_start)
        end_line, end_column = doc.line_col(src_end)
        fix = None
        if hit.replacement is not None and doc.fixable:
            fix = Fix(hit.replacement, hit.safe)
        return Finding(
            path=doc.path,
            code=rule.code,
            name=rule.name,
            severity=self.severity_overrides.get(rule.code, rule.severity),
            message=hit.message,
            start=Position(line, column),
            end=Position(end_line, end_column),
            start_offset=src_start,
            end_offset=src_end,
            fix=fix,
            found=block.text[hit.start : hit.end],
            rationale=rule.rationale,
            block=hit.block,
            prose_start=hit.start,
            prose_end=hit.end,
        )


class LintSession:
    """Lints one document, whole or as consecutive slices (huge files, bounded memory).

    Between slices it carries what rules look at beyond one block: document-wide rule
    state (`requires` with document scope) and its pending findings, which are reported,
    or dropped, by `finish` once the whole document has been seen.
    """

    def __init__(self, linter: Linter) -> None:
        self.linter = linter
        self.state: dict = {}
        self._pending: list[tuple[Finding, Rule]] = []
        self.budget = TimeBudget()  # pattern time for the whole file, all slices (#22)
        self.budget.activate()

    def lint(self, doc: Document, context_blocks: int = 0, final: bool = True) -> list[Finding]:
        """Findings of `doc`; its first `context_blocks` blocks were linted before (the
        previous slice's last paragraph, kept for context) and are not reported again."""
        linter = self.linter
        self.budget.grant(len(doc.source))
        candidates = {i for i in linter.candidates(doc) if i >= context_blocks}
        if not candidates and final:
            return []  # (a slice without candidates may still hold what later ones need)
        scan = DocumentScan(doc, candidates, linter.language, linter.ascii, self.state, final)
        span_hits: list[tuple[Hit, Rule]] = []
        other_hits: list[tuple[Hit, Rule]] = []
        for rule in linter.rules:
            try:
                for hit in rule.checker.check(scan, rule):
                    (span_hits if hit.span_level else other_hits).append((hit, rule))
            except PatternTimeout as exc:
                raise RuleTimeout(
                    f"rule {rule.code} ({rule.pack.path}): {exc}; file not checked"
                ) from None
        findings = []
        for hit, rule in resolve_overlaps(span_hits) + other_hits:
            if hit.block < 0:
                continue
            finding = linter._finding(doc, hit, rule)
            if hit.pending:
                self._pending.append((finding, rule))
            else:
                findings.append(finding)
        return findings

    def finish(self) -> list[Finding]:
        """The document-wide findings, now that every slice has been seen."""
        out = []
        for finding, rule in self._pending:
            message = rule.checker.verdict(self.state.get(rule.code, {}))
            if message:
                out.append(dataclasses.replace(finding, message=message))
        self._pending.clear()
        return out


def resolve_overlaps(hits: list[tuple[Hit, Rule]]) -> list[tuple[Hit, Rule]]:
    """Keep non-overlapping span hits, longest first; ties go to the earlier, then the severer."""
    order = sorted(
        hits,
        key=lambda hr: (
            -(hr[0].end - hr[0].start),
            hr[0].block,
            hr[0].start,
            -hr[1].severity.rank,
            hr[1].code,
        ),
    )
    # per block, the kept spans' starts and ends, both sorted: kept spans never overlap,
    # so one binary search finds the only kept span that can overlap a hit (#22: a
    # linear scan of every kept span made this quadratic in the hits of a block)
    taken: dict[int, tuple[list[int], list[int]]] = {}
    kept = []
    for hit, rule in order:
        starts, ends = taken.setdefault(hit.block, ([], []))
        i = bisect_right(ends, hit.start)  # the first kept span ending after hit.start
        if i < len(starts) and starts[i] < hit.end:
            continue
        starts.insert(i, hit.start)
        ends.insert(i, hit.end)
        kept.append((hit, rule))
    return kept
