"""The aligner: the parser's text nodes, tags and attribute values found in the source
(see the package docstring)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from selectolax.lexbor import LexborNode

from l2lint.sources.html.markup import (
    GAP_CHARS,
    SPACE,
    TAG_NAME,
    USUAL_MARKUP,
    Markup,
    attributes,
    markup_at,
)
from l2lint.sources.html.references import charref

# How a text's source form encodes it: NORMAL text has references and (ignored) tags,
# RCDATA (`title`, `textarea`) and attribute values references only, RAW text neither.
NORMAL, RCDATA_MODE, RAW, ATTRIBUTE = range(4)
_SPECIALS = {
    NORMAL: re.compile(r"[&<\r\0]"),
    RCDATA_MODE: re.compile(r"[&\r\0]"),
    RAW: re.compile(r"[\r\0]"),
    ATTRIBUTE: re.compile(r"[&\r\0]"),
}
_LOOKAHEAD = 1 << 16  # how far past the cursor a misplaced node is looked for
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_NEWLINES = re.compile(r"\r\n?")
_WORD = re.compile(r"[^ \t\n\f\r]{1,40}")
TEXT_CONTENT = hasattr(LexborNode, "text_content")  # faster; selectolax 0.3.x lacks it

# The aligner's pieces, (text, start, end): text None is the verbatim source [start, end);
# otherwise `text` stands for the whole source range (a reference, or zero-width).
Piece = tuple[str | None, int, int]
_Match = tuple[list[Piece], int, list[Markup]]


class Aligner:
    """Finds the parser's text nodes, tags and attribute values in the source.

    Two cursors, both only moving forward. `pos`: everything before it is accounted for;
    a node is first looked for at `pos`, past the gap after it (markup, whitespace the
    parser dropped, NUL). `ahead`: the end of the last thing found anywhere. A node that is
    not at `pos` is looked for at `ahead`, then further on, skipping text the tree did not
    explain; what is found there is "claimed", and `pos` steps over claimed ranges later.
    So content moved by foster parenting (found ahead, then the table's own content at
    `pos`) and text the parser dropped (`pos` stays before it, `ahead` goes on) both work.
    Comments are recorded as the cursors pass them.
    """

    def __init__(self, source: str) -> None:
        self.src = _SURROGATE.sub("\ufffd", source) if not source.isascii() else source
        self.n = len(source)
        self.pos = 0
        self.ahead = 0
        self.claims: dict[int, int] = {}  # start -> end of ranges found ahead of `pos`
        self.comments: dict[int, Markup] = {}
        self.budget = 4 * self.n + _LOOKAHEAD  # total work allowed for lookahead searches
        self._cache: dict[int, Markup | None] = {}

    # -- primitives

    def markup(self, p: int) -> Markup | None:
        """The markup construct at p (memoised: failed searches rescan the same gap)."""
        if p in self._cache:
            return self._cache[p]
        if len(self._cache) > 4096:
            self._cache.clear()
        mark = self._cache[p] = markup_at(self.src, p)
        return mark

    def _step(self, p: int, tags: bool = False) -> tuple[int, Markup | None] | None:
        """Step over one gap item at p: (next offset, markup or None); None at text.

        Usual tags are stepped over without a `Markup`, unless `tags` asks for them.
        """
        claimed = self.claims.get(p)
        if claimed is not None:
            return claimed, None
        c = self.src[p]
        if c in GAP_CHARS:
            return p + 1, None
        if c == "&":
            return self._blank_reference(p)
        if c == "<":
            if not tags and (usual := USUAL_MARKUP.match(self.src, p)) is not None:
                return usual.end(), None
            mark = self.markup(p)
            if mark is not None:
                return mark.end, mark
        return None

    def _blank_reference(self, p: int) -> tuple[int, None] | None:
        """`&#32;` and the like: whitespace, which the reader may leave out, like a space."""
        ref = charref(self.src, p)
        return (ref[1], None) if ref is not None and not ref[0].strip(SPACE) else None

    def _match(self, t: str, p: int, mode: int, plain: bool) -> _Match | None:
        """Align text `t` starting exactly at p: (pieces, end, comments stepped over).

        `plain`: `t` holds no character that is special in `mode` (computed once per node).
        """
        src, n = self.src, self.n
        if p >= n:
            return None
        c = src[p]
        if c != t[0] and c not in "&<\r\0":
            return None
        if plain and src.startswith(t, p):
            return [(None, p, p + len(t))], p + len(t), []
        special = _SPECIALS[mode]
        pieces: list[Piece] = []
        skipped: list[Markup] = []
        i, run, size = 0, p, len(t)
        while i < size:
            if p >= n:
                return None
            m = special.search(src, p, min(n, p + size - i))
            q = m.start() if m else min(n, p + size - i)
            if q > p:
                if not t.startswith(src[p:q], i):
                    return None
                i, p = i + q - p, q
                continue
            c = src[p]
            if c == "\r":  # the parser reads CR LF and CR as LF; the prose keeps the source
                if t[i] not in "\r\n":
                    return None
                p += 2 if t[i] == "\n" and src.startswith("\r\n", p) else 1
                i += 1
            elif c == "\0":
                if t[i] == "\0":
                    i, p = i + 1, p + 1
                    continue
                if p > run:
                    pieces.append((None, run, p))
                if t[i] == "\ufffd":
                    pieces.append(("\ufffd", p, p))
                    i += 1
                p = run = p + 1
            elif c == "&":
                ref = charref(src, p, mode == ATTRIBUTE)
                if ref is not None and t.startswith(ref[0], i):
                    if p > run:
                        pieces.append((None, run, p))
                    pieces.append((ref[0], p, ref[1]))
                    i, p = i + len(ref[0]), ref[1]
                    run = p
                elif t[i] == "&":
                    i, p = i + 1, p + 1
                else:
                    return None
            else:  # "<", only special in normal text
                mark = self.markup(p)
                if mark is None:
                    if t[i] != "<":
                        return None
                    i, p = i + 1, p + 1
                    continue
                if mark.kind == "cdata":  # a CDATA section, if that is what the node holds
                    close = src.find("]]>", p + 9)
                    inner = src[p + 9 : n if close < 0 else close]
                    read = _NEWLINES.sub("\n", inner).replace("\0", "\ufffd")
                    if read and t.startswith(read, i):
                        if p > run:
                            pieces.append((None, run, p))
                        pieces.append((None, p + 9, p + 9 + len(inner)))
                        i, p = i + len(read), n if close < 0 else close + 3
                        run = p
                        continue
                if i == 0:  # a node starts at text, not at markup: that is the gap's job
                    return None
                if p > run:
                    pieces.append((None, run, p))
                if mark.kind == "comment":
                    skipped.append(mark)
                p = run = mark.end
        if p > run:
            pieces.append((None, run, p))
        return pieces, p, skipped

    def _record(self, comments: list[Markup]) -> None:
        for mark in comments:
            self.comments.setdefault(mark.start, mark)

    def _found(self, start: int, end: int, strict: bool, comments: list[Markup]) -> None:
        """Account for source [start, end), found from `pos` (strict) or else ahead of it."""
        self._record(comments)
        if strict:
            self.pos = max(self.pos, end)
        elif end > start and start >= self.pos:
            self.claims[start] = end
        self.ahead = max(self.ahead, end)

    def _gap_scan(self, probe: Callable[[int], Any], p: int) -> tuple[Any, int, list] | None:
        """The first probe hit at p or past the gap after it: (hit, where, comments passed)."""
        passed: list[Markup] = []
        while True:
            found = probe(p) if p not in self.claims else None
            if found is not None:
                return found, p, passed
            if p >= self.n:
                return None
            step = self._step(p)
            if step is None:
                return None
            p, mark = step
            if mark is not None and mark.kind == "comment":
                passed.append(mark)

    def _lookahead(self, probe: Callable[[int], Any]) -> tuple[Any, int] | None:
        """Like `_gap_scan` from `ahead`, but jumping over text the tree did not explain.

        Bounded per call and in total, so a file full of unexplained nodes stays linear.
        """
        p = self.ahead
        limit = min(self.n, p + _LOOKAHEAD)
        while p < limit and self.budget > 0:
            self.budget -= 1
            found = probe(p) if p not in self.claims else None
            if found is not None:
                return found, p
            step = self._step(p)
            if step is None:
                nxt = self.src.find("<", p + 1, limit)
                self.budget -= (nxt if nxt >= 0 else limit) - p
                if nxt < 0:
                    return None
                p = nxt
                continue
            p = step[0]
        return None

    # -- what the reader asks for

    def text(self, t: str, modes: Sequence[int]) -> list[Piece]:
        """Pieces for text node `t` (never fails: see the class and module docstrings)."""
        for mode in modes:
            plain = _SPECIALS[mode].search(t) is None
            hit = self._strict_text(t, mode, plain, self.pos)
            if hit is not None:  # the usual case, kept short
                (pieces, end, inner), _where, passed = hit
                if passed or inner:
                    self._record(passed + inner)
                self.pos = end
                if end > self.ahead:
                    self.ahead = end
                return pieces
            if self.ahead > self.pos:
                hit = self._strict_text(t, mode, plain, self.ahead)
                if hit is not None:
                    (pieces, end, inner), where, passed = hit
                    self._found(where, end, False, passed + inner)
                    return pieces
        if t.strip():
            for mode in modes:
                plain = _SPECIALS[mode].search(t) is None
                ahead = self._lookahead(functools.partial(self._match, t, mode=mode, plain=plain))
                if ahead is not None:
                    (pieces, end, inner), where = ahead
                    self._found(where, end, False, inner)
                    return pieces
        # Not found as a whole (foster parenting merges text from several places in a table
        # into one node): a zero-width, never-fixed piece where its first word is.
        at = self.ahead
        word = _WORD.search(t)
        if word is not None:
            w = word.group()
            plain = _SPECIALS[modes[0]].search(w) is None
            ahead = self._lookahead(lambda p: self._match(w, p, modes[0], plain))
            at = ahead[1] if ahead is not None else at
        return [(t, at, at)]

    def _strict_text(
        self, t: str, mode: int, plain: bool, p: int
    ) -> tuple[_Match, int, list[Markup]] | None:
        """`_gap_scan` for a text node, unrolled: this loop runs for every node of the file."""
        src, n, claims = self.src, self.n, self.claims
        passed: list[Markup] = []
        first = t[0]
        while p < n:
            if claims and p in claims:  # already given to a node found ahead
                p = claims[p]
                continue
            c = src[p]
            if c == first or c in "&\r\0" or (c == "<" and src.startswith("<![CDATA[", p)):
                found = self._match(t, p, mode, plain)
                if found is not None:
                    return found, p, passed
            if c in GAP_CHARS:
                p += 1
            elif c == "&" and (blank := self._blank_reference(p)) is not None:
                p = blank[0]
            elif c == "<" and (usual := USUAL_MARKUP.match(src, p)) is not None:
                p = usual.end()
            elif c == "<" and (mark := self.markup(p)) is not None:
                if mark.kind == "comment":
                    passed.append(mark)
                p = mark.end
            else:
                return None
        return None

    def start_tag(
        self,
        name: str,
        wanted: Sequence[tuple[str, str]] = (),
        fostered: Callable[[], bool] | None = None,
    ) -> tuple[Markup | None, list[tuple[str, list[Piece]]]]:
        """The start tag of an element, with its `wanted` (attribute, DOM value) aligned.

        A candidate tag whose attribute values do not align is not this element's (it may
        be a copy the parser made of an earlier one). Past text, a tag is looked for only
        when `fostered()` says foster parenting moved the element.
        """

        size = len(name)

        def probe(p: int) -> tuple[Markup, list[tuple[str, list[Piece]]]] | None:
            if self.src[p : p + 1] != "<" or self.src[p + 1 : p + 1 + size].lower() != name:
                return None
            mark = self.markup(p)
            if mark is None or mark.kind != "start" or mark.name != name:
                return None
            values = self._attribute_values(mark, wanted)
            return None if values is None else (mark, values)

        for start, strict in ((self.pos, True), (self.ahead, False)):
            if not strict and start <= self.pos:
                break
            hit = self._gap_scan(probe, start)
            if hit is not None:
                (mark, values), _where, passed = hit
                self._found(mark.start, mark.end, strict, passed)
                return mark, values
        if wanted and fostered is not None and fostered():
            ahead = self._lookahead(probe)
            if ahead is not None:
                (mark, values), _where = ahead
                self._found(mark.start, mark.end, False, [])
                return mark, values
        return None, []

    def _attribute_values(
        self, mark: Markup, wanted: Sequence[tuple[str, str]]
    ) -> list[tuple[str, list[Piece]]] | None:
        values = []
        for name, value in wanted:
            attr = next((a for a in attributes(self.src, mark) if a.name == name), None)
            if attr is None or attr.value_start < 0:
                return None
            plain = _SPECIALS[ATTRIBUTE].search(value) is None
            found = self._match(value, attr.value_start, ATTRIBUTE, plain)
            if found is None or found[1] != attr.value_end:
                return None
            values.append((name, found[0]))
        return values

    def end_tag(self, name: str) -> Markup | None:
        """The end tag right after the content read so far (only markup in between)."""

        size = len(name)

        def probe(p: int) -> Markup | bool | None:
            if self.src[p : p + 1] != "<":
                return None
            if TAG_NAME.match(self.src, p + 1):  # `<` and an ASCII letter: a start tag
                return False  # an end tag after a start tag belongs to another element
            if self.src[p + 2 : p + 2 + size].lower() != name:
                return None
            mark = self.markup(p)
            return mark if mark is not None and mark.kind == "end" and mark.name == name else None

        for start, strict in ((self.pos, True), (self.ahead, False)):
            if not strict and start <= self.pos:
                break
            hit = self._gap_scan(probe, start)
            if hit is not None and hit[0] is not False:
                mark, _where, passed = hit
                self._found(mark.start, mark.end, strict, passed)
                return mark
        return None

    def skip_template(self, start: int) -> None:
        """Step over a `<template>`'s content (from `start`): the tree keeps it apart."""
        depth, end, passed = 1, self.n, []  # an unclosed template holds the rest of the file
        for mark in self._marks(start):
            passed += [mark] if mark.kind == "comment" else []
            if mark.name == "template" and mark.kind in ("start", "end"):
                depth += 1 if mark.kind == "start" else -1
                if depth == 0:
                    end = mark.end
                    break
        self._found(start, end, start <= self.pos, passed)

    def _marks(self, p: int) -> Iterator[Markup]:
        """Every markup construct from p on, jumping over text."""
        while p < self.n:
            step = self._step(p, tags=True)
            if step is None:
                nxt = self.src.find("<", p + 1)
                p = self.n if nxt < 0 else nxt
                continue
            p, mark = step
            if mark is not None:
                yield mark

    def finish(self) -> list[tuple[int, int]]:
        """Record the comments after `pos`; return all comment ranges in source order."""
        self._record([mark for mark in self._marks(self.pos) if mark.kind == "comment"])
        return [(m.start, m.end) for _start, m in sorted(self.comments.items())]
