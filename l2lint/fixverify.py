"""Verification between computing fixes and writing them: a fix that cannot be
proven to change the copy and nothing else is not written.

Every pass re-reads the fixed source with the same reader and requires:

(a) markup unchanged: the source characters no prose was read from (tags, attribute
    names, emphasis delimiters, quote markers, indentation, line endings, entities
    around the fix) are exactly those of the original, at the same places relative to
    the prose; the only exception is a pair of formatting delimiters (`*…*`, `**…**`,
    `<em>…</em>`, …) whose whole text the fix removed, which is removed with it;
(b) prose as intended: every block reads exactly as the original with each fix's
    replacement put in (the source's own whitespace kept where the replacement has a
    space), and nothing else;
(c) the finding is gone: re-linting gives no finding of the fixed rule overlapping
    the fixed place;

and, before that, that the replacement holds no control or bidirectional formatting
character; that a fix neither leaves the text of other markup (a link, a
`<span class>`…) empty nor, reaching across its edge, replaces all of it; that a fix
rewriting words does not make a copy of the name close by ("L² Technology (L squared
Technology)" never becomes "L² Technology (L² Technology)"); and that it can be written
in the file's encoding.

A fix that fails is not written: it is returned as a `Refusal` with its reason, and
its finding stays, its message ending "(not fixed: <reason>)" and without a fix.
This is stronger than black's check (re-parse and compare the AST), which cannot tell
a changed word from a changed tag.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from l2lint.document import Document
from l2lint.finding import Finding
from l2lint.fix import (
    Candidate,
    Edit,
    apply_edits,
    candidates,
    choose,
    encoders,
    fixable,
    writable_replacement,
)
from l2lint.sources import read_text_document

Reread = Callable[[Document, list[Edit]], Document]
Relint = Callable[[Document], list[Finding]]

# Formatting whose delimiters go when their whole text does (Markdown emphasis and
# strikethrough, HTML phrasing elements that only style their text).
_MD_OPEN = re.compile(r"([*_~]+)\Z")
_MD_CLOSE = re.compile(r"\A([*_~]+)")
_HTML_OPEN = re.compile(r"<(b|i|em|strong|u|s|mark|small)(?:\s[^<>]*)?>\Z", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_NEARBY = r"(?:[^\w.;:!?]+\w+){0,3}[^\w.;:!?]*"  # up to three words, same clause


@dataclass(frozen=True)
class Refusal:
    """A fix that was not written; `reason` completes "not fixed: …"."""

    finding: Finding
    reason: str


@dataclass
class PassResult:
    """One verified pass: the re-read document, its findings, what was (not) written."""

    doc: Document
    findings: list[Finding]
    applied: int
    refused: list[Refusal] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)


def prose_coverage(doc: Document) -> list[tuple[int, int]]:
    """Source ranges (0-based, end exclusive) some prose character was read from, merged,
    with the invisible characters the prose leaves out (`Block.invisible`): they are text,
    not markup, and a fix may replace them (`fix._runs`)."""
    ranges = sorted(
        [
            (s.source_start, s.source_end)
            for block in doc.blocks
            for s in block.segments
            if s.source_end > s.source_start
        ]
        + [r for block in doc.blocks for r in block.invisible]
    )
    return _merge(ranges)


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


class OffsetMap:
    """Where source offsets move to when sorted, non-overlapping edits are applied.

    Built once (O(e log e)); each lookup is a binary search. Offsets are 0-based
    characters; an insertion exactly at a prose range's start or end belongs to it.
    """

    def __init__(self, edits: list[Edit]) -> None:
        self.edits = sorted(edits)
        self.keys = [(e.start, e.end) for e in self.edits]
        self.ends = [e.end for e in self.edits]
        self.shift = [0]
        for edit in self.edits:
            self.shift.append(self.shift[-1] + len(edit.text) - (edit.end - edit.start))

    def start(self, offset: int) -> int:
        """New offset of a range starting at `offset` (edits ending there count, an
        insertion at `offset` does not: it becomes part of the range)."""
        k = bisect.bisect_right(self.ends, offset)
        while k and self.edits[k - 1].start == self.edits[k - 1].end == offset:
            k -= 1
        return offset + self.shift[k]

    def end(self, offset: int) -> int:
        """New offset of a range ending at `offset` (an insertion at `offset` is inside,
        an edit starting there and removing text is not)."""
        return offset + self.shift[bisect.bisect_right(self.keys, (offset, offset))]


def _expected_coverage(cov: list[tuple[int, int]], edits: list[Edit]) -> list[tuple[int, int]]:
    moved = OffsetMap(edits)
    return _merge([(moved.start(s), moved.end(e)) for s, e in cov])


def _gap(source: str, cov: list[tuple[int, int]], k: int) -> tuple[int, int]:
    """Source range of the markup before prose interval k (k == len(cov): after the last)."""
    start = cov[k - 1][1] if k > 0 else 0
    end = cov[k][0] if k < len(cov) else len(source)
    return start, end


_LAST_MARK = re.compile(r"(<[^<>]*>|[^\s<>]+)\s*\Z")
_FIRST_MARK = re.compile(r"\s*(<[^<>]*>|[^\s<>]+)")


def _shown(markup: str, last: bool) -> str:
    """The tag or delimiter of a gap next to the prose (its last one before, first after)."""
    m = _LAST_MARK.search(markup) if last else _FIRST_MARK.match(markup)
    text = " ".join((m.group(1) if m else markup).split())
    return text if len(text) <= 40 else text[:37] + "..."


def _formatting_pair(left: str, right: str) -> tuple[int, int] | None:
    """Lengths of the opener ending `left` and the closer starting `right`, when they
    are one formatting element that may go with its text."""
    m = _MD_OPEN.search(left)
    if m:
        c = _MD_CLOSE.match(right)
        if c and c.group(1) == m.group(1):
            return len(m.group(1)), len(m.group(1))
    m = _HTML_OPEN.search(left)
    if m:
        c = re.match(rf"</{m.group(1)}\s*>", right, re.IGNORECASE)
        if c:
            return len(m.group(0)), len(c.group(0))
    return None


def check_markup(
    doc: Document, cov: list[tuple[int, int]], cand: Candidate, starts: list[int] | None = None
) -> Candidate | str:
    """The candidate (with formatting drops added) or why it would damage the markup.

    `cov` is `prose_coverage(doc)`, `starts` its start offsets (computed when None).
    """
    source = doc.source
    drops: list[Edit] = []
    if starts is None:
        starts = [s for s, _ in cov]
    touched: dict[int, list[Edit]] = {}
    for edit in cand.edits:
        k = max(0, bisect.bisect_right(starts, edit.start) - 1)
        if k + 1 < len(cov) and edit.start == edit.end == cov[k + 1][0]:
            k += 1
        touched.setdefault(k, []).append(edit)
    for k, edits in sorted(touched.items()):
        start, end = cov[k]
        inserted = sum(len(e.text) for e in edits)
        removed = sum(e.end - e.start for e in edits)
        kept = (
            end
            - start
            - sum(min(e, end) - max(s, start) for s, e in cand.replaced if s < end and e > start)
        )
        left, right = _gap(source, cov, k), _gap(source, cov, k + 1)
        left_text, right_text = source[left[0] : left[1]], source[right[0] : right[1]]
        if not (left_text.strip() and right_text.strip()):
            continue  # prose not enclosed by markup on both sides
        emptied = end - start - removed + inserted == 0
        inside = all(start <= s and e <= end for s, e in cand.replaced)
        if not emptied and (kept > 0 or inside):
            continue  # text kept, or a fix wholly inside the element rewrote it all
        pair = _formatting_pair(left_text, right_text)
        shown = f"{_shown(left_text, last=True)}…{_shown(right_text, last=False)}"
        if pair is None:
            if emptied:
                return f"the text of {shown} would be left empty"
            return f"all the text of {shown} would be replaced"
        if emptied:
            drops.append(Edit(left[1] - pair[0], left[1], ""))
            drops.append(Edit(right[0], right[0] + pair[1], ""))
    if not drops:
        return cand
    return replace(
        cand,
        edits=tuple(sorted(cand.edits + tuple(drops))),
        drops=tuple((d.start, d.end) for d in drops),
    )


def check_repeat(block_text: str, finding: Finding, cand: Candidate) -> str | None:
    """Why a fix that rewrites words (not only respells them one for one) would repeat
    its words close by in the same sentence (at most three words between, no `.;:!?`),
    as "L² Technology (or L² Technology)" or "“L² Technology” (L² Technology)" would, or
    None. A gloss such as "L squared Technology" next to the name is never "fixed" into
    a second copy of it; "L2 technology and L² Technology" is respelled."""
    words = _WORD.findall(cand.prose)
    old = _WORD.findall(block_text[finding.prose_start : finding.prose_end])
    if len(words) < 2 or len(old) == len(words):
        return None
    name = r"\W+".join(re.escape(w) for w in words)
    before = block_text[max(0, finding.prose_start - 200) : finding.prose_start]
    after = block_text[finding.prose_end : finding.prose_end + 200]
    if re.search(rf"\b(?:{name}){_NEARBY}\Z", before, re.I) or re.match(
        rf"{_NEARBY}(?:{name})\b", after, re.I
    ):
        return f"the fix would repeat '{' '.join(words)}' right next to it"
    return None


def _expected_texts(doc: Document, chosen: dict[Finding, Candidate]) -> list[str]:
    texts = [b.text for b in doc.blocks]
    for finding, cand in sorted(chosen.items(), key=lambda fc: -fc[0].prose_start):
        text = texts[finding.block]
        texts[finding.block] = text[: finding.prose_start] + cand.prose + text[finding.prose_end :]
    return texts


def _first_difference(a: str, b: str) -> int:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return i
    return min(len(a), len(b))


def verify(
    doc: Document,
    cov: list[tuple[int, int]],
    chosen: dict[Finding, Candidate],
    reread: Reread,
) -> tuple[Document | None, list[Edit], str | None]:
    """Apply the candidates, re-read and check (a) and (b): (new doc, edits, reason).

    `cov` is `prose_coverage(doc)`. The reason is None when the candidates pass; the
    new document is None when they do not.
    """
    edits = sorted(e for cand in chosen.values() for e in cand.edits)
    for a, b in zip(edits, edits[1:], strict=False):
        if b.start < a.end:
            return None, edits, "it overlaps another fix"
    new_source = apply_edits(doc.source, edits)
    try:
        new_source.encode(doc.encoding)
    except UnicodeEncodeError as exc:
        char = exc.object[exc.start : exc.end]
        return None, edits, f"{char!r} cannot be written in {doc.encoding}"
    try:
        new_doc = reread(doc, edits)
    except ValueError as exc:
        return None, edits, str(exc)
    if new_doc.source != new_source:
        return None, edits, "the fixed file would read as different text"
    want = _expected_coverage(cov, edits)
    got = prose_coverage(new_doc)
    if got != want:
        at = next(
            (i for i, (g, w) in enumerate(zip(got, want, strict=False)) if g != w),
            min(len(got), len(want)),
        )
        pos = (got[at] if at < len(got) else want[at])[0] if (got or want) else 0
        line, col = new_doc.line_col(min(pos, len(new_source)))
        return None, edits, f"the fixed file would read as different markup at {line}:{col}"
    texts = [b.text for b in new_doc.blocks]
    expected = _expected_texts(doc, chosen)
    if texts != expected:
        for g, w in zip(texts + [""] * len(expected), expected + [""] * len(texts), strict=False):
            if g != w:
                i = _first_difference(g, w)
                return (
                    None,
                    edits,
                    (
                        f"the fixed copy would read {g[max(0, i - 10) : i + 20]!r}, "
                        f"not {w[max(0, i - 10) : i + 20]!r}"
                    ),
                )
    return new_doc, edits, None


def verified_pass(
    doc: Document,
    findings: list[Finding],
    unsafe: bool,
    reader: Reread | None = None,
    relint: Relint | None = None,
) -> PassResult:
    """Write every fix of this pass that passes verification; refuse the others.

    All fixes are first verified together; when that fails the failing ones are
    isolated (`_Search`), then the passing ones verified together, adding them one by
    one should they still disagree. `findings` are the findings of `doc`; `reader`
    defaults to `reread`. Without `relint` (an editor's quick fix of one finding)
    check (c) is skipped and the result's `findings` are [].
    """
    read = reader or reread
    if relint is None:
        relint = _no_findings
    refused: dict[Finding, str] = {}
    options: dict[Finding, list[Candidate]] = {}
    cov = prose_coverage(doc)
    starts = [s for s, _ in cov]
    ways = encoders(doc)
    for finding in choose(findings, unsafe):
        if finding.fix is not None and not writable_replacement(finding.fix.replacement):
            refused[finding] = "the replacement holds control characters"
            continue
        ok: list[Candidate] = []
        reason = None
        for cand in candidates(doc, finding, ways):
            checked = check_markup(doc, cov, cand, starts)
            if isinstance(checked, str):
                reason = reason or checked
                continue
            repeat = check_repeat(doc.blocks[finding.block].text, finding, checked)
            if repeat:
                reason = reason or repeat
                continue
            ok.append(checked)
        if ok:
            options[finding] = ok
        else:
            refused[finding] = reason or "no way to write it was found"
    selected = {f: c[0] for f, c in options.items()}
    new_doc, edits, reason = verify(doc, cov, selected, read) if selected else (None, [], None)
    if reason is not None:
        search = _Search(doc, cov, read)
        search.run(list(options.items()), failed=True)
        selected = search.selected
        refused.update(search.refused)
        new_doc, edits, reason = verify(doc, cov, selected, read)
        if reason is not None:  # fixes that pass apart but not together: one by one
            accepted: dict[Finding, Candidate] = {}
            for finding, cand in selected.items():
                trial, trial_edits, why = verify(doc, cov, {**accepted, finding: cand}, read)
                if why is None:
                    accepted[finding], new_doc, edits = cand, trial, trial_edits
                else:
                    refused[finding] = why
            selected = accepted
    while selected and new_doc is not None:
        new_findings = relint(new_doc)
        still = _still_found(list(selected), new_findings, OffsetMap(edits))
        if not still:
            return PassResult(new_doc, new_findings, len(selected), _refusals(refused), edits)
        for f in still:
            refused[f] = f"re-checking still finds {f.code} there"
            del selected[f]
        if selected:
            new_doc, edits, _ = verify(doc, cov, selected, read)
    return PassResult(doc, findings, 0, _refusals(refused), [])


def _no_findings(doc: Document) -> list[Finding]:
    return []


def _still_found(fixed: list[Finding], found: list[Finding], moved: OffsetMap) -> list[Finding]:
    """The fixed findings whose rule still finds something overlapping their new place."""
    index: dict[str, tuple[list[int], list[Finding], int]] = {}
    for code in {g.code for g in found}:
        same = sorted((g for g in found if g.code == code), key=lambda g: g.start_offset)
        longest = max(g.end_offset - g.start_offset for g in same)
        index[code] = ([g.start_offset for g in same], same, longest)
    still = []
    for f in fixed:
        if f.code not in index:
            continue
        starts, same, longest = index[f.code]
        lo = moved.start(f.start_offset)
        hi = max(moved.end(f.end_offset), lo + 1)
        window = same[bisect.bisect_left(starts, lo - longest) : bisect.bisect_left(starts, hi)]
        if any(g.end_offset > lo for g in window):
            still.append(f)
    return still


# Re-reads one pass may spend isolating fixes that fail verification; fixes still
# unverified then are refused (safe) and tried again by the next pass.
MAX_REREADS = 200


class _Search:
    """Find the fixes whose candidates verify, halving the groups that fail together, so
    k bad fixes among n cost about k·log n re-reads. What worked for one fix is tried
    first for the others in blocks of the same kind (an attribute value wants the
    character where the text wants the file's `<sup>2</sup>`), so a whole kind costs
    about one search. Fills `selected` and `refused`.
    """

    def __init__(self, doc: Document, cov: list[tuple[int, int]], reread: Reread) -> None:
        self.doc, self.cov, self.reread = doc, cov, reread
        self.selected: dict[Finding, Candidate] = {}
        self.refused: dict[Finding, str] = {}
        self.learned: dict[str, int] = {}  # block kind -> candidate index that verified
        self.budget = MAX_REREADS

    def _kind(self, finding: Finding) -> str:
        return self.doc.blocks[finding.block].kind

    def _preferred(self, finding: Finding, cands: list[Candidate]) -> int:
        return min(self.learned.get(self._kind(finding), 0), len(cands) - 1)

    def _verify(self, group: dict[Finding, Candidate]) -> str | None:
        self.budget -= 1
        return verify(self.doc, self.cov, group, self.reread)[2]

    def run(self, items: list[tuple[Finding, list[Candidate]]], failed: bool = False) -> None:
        """`failed`: the group is known to fail with its preferred candidates."""
        if not items:
            return
        if self.budget <= 0:
            for finding, _ in items:
                self.refused[finding] = "too many fixes in this file failed verification"
            return
        if len(items) > 1:
            group = {f: cands[self._preferred(f, cands)] for f, cands in items}
            if not failed and self._verify(group) is None:
                self.selected.update(group)
                return
            half = len(items) // 2
            self.run(items[:half])
            self.run(items[half:])
            return
        finding, cands = items[0]
        first_index = self._preferred(finding, cands)
        order = [first_index] + [k for k in range(len(cands)) if k != first_index]
        first = None
        for k in order:
            why = self._verify({finding: cands[k]})
            if why is None:
                self.selected[finding] = cands[k]
                self.learned[self._kind(finding)] = k
                return
            first = first or why
        self.refused[finding] = first or "no way to write it was found"


def _refusals(refused: dict[Finding, str]) -> list[Refusal]:
    return [
        Refusal(f, why) for f, why in sorted(refused.items(), key=lambda fr: fr[0].start_offset)
    ]


@dataclass
class FixOutcome:
    """All passes of `--fix` on one document."""

    doc: Document
    findings: list[Finding]  # a refused fix's finding: "(not fixed: <reason>)", no fix
    applied: int


def run_fixes(
    doc: Document,
    relint: Relint,
    unsafe: bool,
    reader: Reread | None = None,
    max_passes: int = 10,
) -> FixOutcome:
    """Verified passes until nothing more is fixed (at most `max_passes`); `reader`
    re-reads a document with edits applied (default: `reread`)."""
    findings = relint(doc)
    outcome = FixOutcome(doc, findings, 0)
    # refused fixes by (code, offset in the current source), first reason kept
    refused: dict[tuple[str, int], str] = {}
    for _ in range(max_passes):
        if not doc.fixable or not any(fixable(f, unsafe) for f in findings):
            break
        result = verified_pass(doc, findings, unsafe, reader or reread, relint)
        for refusal in result.refused:
            refused.setdefault((refusal.finding.code, refusal.finding.start_offset), refusal.reason)
        if not result.applied:
            break
        moved = OffsetMap(result.edits)
        refused = {(code, moved.start(at)): why for (code, at), why in refused.items()}
        doc, findings = result.doc, result.findings
        outcome.applied += result.applied
    outcome.doc = doc
    outcome.findings = [
        replace(f, message=f"{f.message} (not fixed: {refused[key]})", fix=None)
        if (key := (f.code, f.start_offset)) in refused
        else f
        for f in findings
    ]
    return outcome


INEXACT = (
    "its bytes do not decode exactly (some have no character in the encoding it was "
    "read with), so writing it would change them"
)


def reread(doc: Document, edits: list[Edit]) -> Document:
    """`doc` with the edits applied, read again by the reader that read it.

    Raises ValueError when a Word document cannot take the edits in its runs.
    """
    if doc.format == "docx":
        from l2lint.sources.docx import apply_edits as docx_edits
        from l2lint.sources.docx import read_docx

        data = docx_edits(doc.data, [(e.start, e.end, e.text) for e in edits])  # type: ignore[attr-defined]
        return read_docx(doc.path, data)
    fixed = read_text_document(doc.path, apply_edits(doc.source, edits), doc.format)
    fixed.encoding, fixed.bom = doc.encoding, doc.bom
    return fixed


def decodes_exactly(doc: Document, data: bytes) -> bool:
    """Whether encoding the decoded text again gives back `data` byte for byte: only
    then may a fixed text be written (a cp1252 guess that met undefined bytes, or
    replacement characters in a UTF-16 file, would otherwise change bytes nobody fixed).
    """
    if doc.format == "docx":
        return True  # a zip package, written back part by part
    try:
        return doc.bom + doc.source.encode(doc.encoding) == data
    except UnicodeEncodeError:
        return False


def fixed_bytes(doc: Document | None, data: bytes) -> bytes:
    """The bytes of a fixed document in the encoding and BOM it was read with; `data`
    unchanged when there is no document or it may not be written (see `decodes_exactly`).
    """
    if doc is None or not doc.fixable:
        return data
    if doc.format == "docx":
        return doc.data  # type: ignore[attr-defined]
    try:
        return doc.bom + doc.source.encode(doc.encoding)
    except UnicodeEncodeError:
        return data
