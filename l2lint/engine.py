"""One document × rules → findings, whole or slice by slice.

The engine runs a literal prefilter over each block (`prefilter.Prefilter`, one
Aho-Corasick automaton per pack over the literal factors of its rules' trigger
patterns), so that only blocks which can match reach the rules and spaCy, then runs
each rule type (`ruletypes.base.Checker`) with one `matchcache.MatchCache` for the
document, resolves overlapping span findings (the longest wins, so results never depend
on rule order) and turns block offsets into source positions. Before that,
`Linter.may_match_source` lets the file level skip parsing a file in which no rule can
match.

A huge document is linted slice by slice (`lint_in_slices`), in memory that does not
grow with it: it is decoded piece by piece (`sources.decode.decode_pieces`) and cut
into slices (`sources.slices`); besides the slice being
read, only a line index (8 bytes a line), the suppression directives and the findings
stay for the whole run. What rules look at beyond one block is carried from slice to
slice, so the findings are those of the whole document: the title (front matter title,
`<title>`, else the first heading: the first one found), the last paragraph of the
previous slice (brand context reaches one paragraph back) and document-wide rule state
(`LintSession`). Slices that can neither yield a finding nor change one (the linter's
slice prefilter) are not parsed. The first always is, for its title and front matter; a
skipped slice is read after all when the next one needs its last paragraph as context.
Known limit: a pack with a context of scope `document` needs every block at once, so
with such a pack huge files are read whole (`Linter.can_slice`).
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from l2lint.document import Block, Document, LineIndex
from l2lint.finding import Finding, Fix, Position
from l2lint.fix import writable_replacement
from l2lint.matchcache import MatchCache
from l2lint.packs import Rule, RuleSet
from l2lint.patterns import PatternSet, PatternTimeout, TimeBudget
from l2lint.prefilter import FactorIndex, Prefilter, selectivity

if TYPE_CHECKING:
    from l2lint.pathfilter import PerFileLanguage
from l2lint.protected import template_spans, touches_spans
from l2lint.ruletypes.base import Hit
from l2lint.selection import is_enabled
from l2lint.sources.slices import SLICE_SIZE, Slice, iter_slices
from l2lint.suppress import Directive, find_directives, first_nonblank_line


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
        language: PerFileLanguage | None = None,
    ):
        self.rule_set = rule_set
        # the configured language per path (`language`, `per-file-language`); None: auto
        self.language_setting = language
        self.ascii = ascii_mode
        self.severity_overrides = severity_overrides or {}
        self.rules: list[Rule] = [
            r for r in rule_set.rules if is_enabled(r.code, select, ignore, extend_select)
        ]
        self._prefilters = self._build_prefilters(slices=False)
        self._slice_prefilters: list[Prefilter] | None = None  # built for huge files only
        self._factor_index: FactorIndex | None = None  # built with the first candidate

    @property
    def factor_index(self) -> FactorIndex:
        """One automaton over the factors of the rules' patterns (`prefilter.FactorIndex`):
        the lexicon's entries, what rules trigger on and what document-wide rules look
        for, with their exclusions. A pattern it does not know is gated by `in` scans."""
        if self._factor_index is None:
            sets: list[PatternSet] = []
            for pack in self.rule_set.packs:
                sets.extend(pack.lexicon.values())
            for rule in self.rules:
                for group in rule.checker.trigger_groups():
                    sets.extend(group)
                sets.extend(rule.checker.document_mentions())
            self._factor_index = FactorIndex(
                compiled for s in sets for compiled in (*s.patterns, *s.excludes)
            )
        return self._factor_index

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

    @property
    def prefilter_literals(self) -> frozenset[str]:
        """The case-folded literals of every pack's prefilter (`Prefilter.factors`)."""
        return frozenset(f for p in self._prefilters for f in p.factors)

    def candidates(self, doc: Document) -> set[int]:
        """Indexes (0-based) of the blocks of `doc` that a pack's literal prefilter lets
        through: the only blocks any rule can match in."""
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
        """Whether a rule can match in this block's prose (the literal prefilter)."""
        return self._may_match(block.text)

    def lint_document(self, doc: Document) -> list[Finding]:
        """Every finding in `doc` (inline suppressions not applied), without duplicates,
        sorted by position (`Finding.sort_key`)."""
        session = LintSession(self)
        findings = session.lint(doc) + session.finish()
        return sorted(set(findings), key=lambda f: f.sort_key)

    @property
    def language(self) -> str:
        """The first pack's language (ISO 639-1 code, e.g. "en"): the default for blocks
        whose language is neither declared, configured nor detected."""
        return self.rule_set.packs[0].language if self.rule_set.packs else "en"

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language the packs have a section for (the language detector's choice)."""
        codes = {self.language}
        for pack in self.rule_set.packs:
            codes.add(pack.language)
            codes.update(pack.sections)
        return tuple(sorted(codes))

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
        # a replacement --fix would refuse (control characters) is offered by no report
        if hit.replacement is not None and doc.fixable and writable_replacement(hit.replacement):
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
            locus=doc.locus(line),
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
        if linter.language_setting is not None and doc.configured_language is None:
            doc.configured_language = linter.language_setting.language_for(doc.path)
        self.budget.grant(len(doc.source))
        candidates = {i for i in linter.candidates(doc) if i >= context_blocks}
        if not candidates and final:
            return []  # (a slice without candidates may still hold what later ones need)
        match_cache = MatchCache(
            doc,
            candidates,
            linter.language,
            linter.ascii,
            self.state,
            final,
            linter.factor_index,
            linter.languages,
        )
        span_hits: list[tuple[Hit, Rule]] = []
        other_hits: list[tuple[Hit, Rule]] = []
        for rule in linter.rules:
            try:
                for hit in rule.checker.check(match_cache, rule):
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
    """Keep non-overlapping span hits, longest first; ties go to the earlier, then the severer.

    A hit with a fix inside a hit without one is kept too (`Leica x Lumix`: C302 asks for
    a rewording and B201 fixes the case; #13), so no fixable error is hidden."""
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
    # linear scan of every kept span made this quadratic in the hits of a block). A hit
    # with a fix wholly inside a kept span without one is kept as well ("inner"), unless
    # it overlaps another inner hit.
    taken: dict[int, tuple[list[int], list[int], list[bool]]] = {}
    inner: dict[tuple[int, int], list[tuple[int, int]]] = {}  # by (block, outer start)
    kept = []
    for hit, rule in order:
        starts, ends, fixes = taken.setdefault(hit.block, ([], [], []))
        fixable = hit.replacement is not None
        i = bisect_right(ends, hit.start)  # the first kept span ending after hit.start
        if i < len(starts) and starts[i] < hit.end:
            if not (fixable and not fixes[i] and starts[i] <= hit.start and hit.end <= ends[i]):
                continue
            nested = inner.setdefault((hit.block, starts[i]), [])
            if any(s < hit.end and hit.start < e for s, e in nested):
                continue
            nested.append((hit.start, hit.end))
        else:
            starts.insert(i, hit.start)
            ends.insert(i, hit.end)
            fixes.insert(i, fixable)
        kept.append((hit, rule))
    return kept


@dataclass
class SlicedResult:
    """What checking a huge document slice by slice gives: its findings, the inline
    directives of every slice, and the line index of the whole source (for positions)."""

    findings: list[Finding] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    lines: LineIndex = field(default_factory=LineIndex)

    def document(self, path: str, fmt: str) -> Document:
        """A stand-in for the whole document: positions and suppressions need no text."""
        return Document(path, "", [], format=fmt, lines=self.lines)


def lint_in_slices(
    path: str, pieces: Iterable[str], fmt: str, linter: Linter, slice_size: int = SLICE_SIZE
) -> SlicedResult:
    """Findings of the whole document that `pieces` spell out, and its directives, read
    in slices of about `slice_size` characters (`sources.slices.iter_slices`)."""
    out = SlicedResult()
    session = LintSession(linter)
    title: str | None = None
    previous: Block | None = None  # the previous slice's last block
    skipped: Slice | None = None  # the previous slice, when it was not read
    pending: list[Directive] = []  # disable-next-line still looking for its line
    for piece in iter_slices(pieces, fmt, slice_size):
        content = piece.read() if piece.first or _worth_reading(piece, linter) else None
        out.lines.add(piece.text, piece.base)  # (after reading: a Markdown slice may grow)
        if content is None:
            skipped, previous = piece, None
            pending = _resolve(pending, piece, out.lines, fmt)
            continue
        if title is None:
            title = content.title
        blocks = content.blocks
        if skipped is not None and blocks and linter.may_match_block(blocks[0]):
            previous = _last_block_before(skipped, piece.base)
        skipped = None
        context = [previous] if previous is not None else []
        doc = Document(path, piece.text, context + blocks, title=title, format=fmt, base=piece.base)
        doc.lines, doc.comments = out.lines, content.comments
        pending = _resolve(pending, piece, out.lines, fmt)
        for directive in find_directives(doc):
            out.directives.append(directive)
            if directive.kind == "disable-next-line" and directive.next_line is None:
                pending.append(directive)
        final = not piece.more
        found = session.lint(doc, context_blocks=len(context), final=final)
        spans = template_spans(piece.text)  # as `filecheck.finish_findings` drops them
        if spans:
            base = piece.base
            found = [
                f
                for f in found
                if not touches_spans(spans, f.start_offset - base, f.end_offset - base)
            ]
        out.findings.extend(found)
        if blocks:
            previous = blocks[-1]
        del doc, content, blocks, context
    out.findings.extend(session.finish())
    out.findings = sorted(set(out.findings), key=lambda f: f.sort_key)
    return out


def _worth_reading(piece: Slice, linter: Linter) -> bool:
    text = piece.text
    return "l2lint" in text or linter.may_matter_in_slice(text)  # suppression comments too


def _last_block_before(piece: Slice, offset: int) -> Block | None:
    """The last block of a slice read late (only blocks that start before `offset`)."""
    blocks = [b for b in piece.read().blocks if b.source_start(0) < offset]
    return blocks[-1] if blocks else None


def _resolve(pending: list[Directive], piece: Slice, lines: LineIndex, fmt: str):
    """Give `disable-next-line` directives from earlier slices their line, if it is here."""
    if not pending:
        return pending
    doc = Document("", piece.text, [], format=fmt, base=piece.base, lines=lines)
    left = []
    for directive in pending:
        after = lines.line_col(directive.end)[0]
        directive.next_line = first_nonblank_line(doc, piece.base, after)
        if directive.next_line is None:
            left.append(directive)
    return left
