"""HTML: text nodes, `alt` and `title` attributes, with exact positions in the source.

The design splits two jobs that a hand-written tokenizer used to do at once:

* **The parser decides what the prose is.** selectolax's Lexbor backend, a real HTML5
  parser, builds the DOM a browser would: error recovery (implied and misnested tags,
  unclosed elements, foster parenting), comments, raw-text elements, entity decoding. The
  reader walks that tree: block elements split blocks, inline elements do not, `script`,
  `style`, `code`, `pre`, `kbd`, `samp`, `template` and `noscript` are skipped (read as one
  space), `alt` and `title` attributes become blocks of their own, `L<sup>2</sup>` reads
  "L²". It is parsed the way a browser with scripting on does, so `<noscript>` is never
  prose, and without DOM mutation events, so no text is cloned into `<selectedcontent>`.
* **The aligner (`_Aligner`) maps it back to the source.** Lexbor exposes no offsets, so
  every text node, and every tag or attribute value whose position a block needs, is found
  in the source by scanning forward from a cursor. Nodes occur in source order; between two
  of them the source holds only markup (tags, comments, doctypes, ignored tags), whitespace
  the parser dropped, or NUL. Inside a text node each source character is the node's own
  character (verbatim, mapped one to one), a character reference (one non-verbatim segment
  spanning all of `&sup2;`), a CR LF or CR the parser turned into LF (kept in the prose as
  it is in the source), or a tag the parser ignored (stepped over). The markup rules the
  aligner needs are HTML5's tokenizer rules for where a tag or comment ends, nothing more.
  Comments are recorded as the cursor passes them (they are the `<!-- l2lint-disable … -->`
  suppressions), with their exact source ranges.

The aligner never raises and its map is exact by construction: a verbatim piece is always a
slice of the source. When a node is not where the cursor expects it (text that foster
parenting moved in front of a `<table>`, content the parser dropped, a tree built
differently than foreseen), the aligner looks ahead for it; failing that, the node's text
is kept as a zero-width, non-verbatim segment at the cursor, so it is still linted but
never auto-fixed, and the cursor stays put for the nodes after it.

Why not `html.parser.HTMLParser`: it reports (line, column) per event, and on arbitrary
input it can raise (`<![foo[`), leak markup into text at an unterminated comment or quote,
and it changed behaviour across 3.12/3.13 security releases.

The reader is also used by the Markdown reader for raw HTML blocks, through
`read_html_fragment` with a base offset and "holes" (container prefixes such as `> `
that belong to Markdown, not to the HTML).
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from html.entities import html5 as _HTML5
from typing import Any, NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from l2lint.document import Block, BlockBuilder, Document


def _names(words: str) -> frozenset[str]:
    return frozenset(words.split())


BLOCK_TAGS = _names(
    "p div h1 h2 h3 h4 h5 h6 li td th tr blockquote section article header footer nav aside "
    "main figure figcaption dd dt dl caption title br hr table thead tbody tfoot ul ol form "
    "address details summary body html head pre fieldset legend option select textarea"
)
SKIP_TAGS = _names("script style code pre kbd samp template noscript")
# Skipped elements that live inside running text: an unclosed one ends at the next block tag.
_INLINE_SKIP = _names("code kbd samp")
# Raw-text elements: their text node is the source as it is (no references, no tags).
_RAWTEXT = _names("script style xmp iframe noembed noframes noscript plaintext")
# Raw text that is not prose although its element is not in SKIP_TAGS.
_NOT_PROSE = _names("xmp iframe noembed noframes")
_RCDATA = _names("title textarea")
_VOID = _names("area base br col embed hr img input link meta param source track wbr keygen")
_TABLE = _names("table tbody thead tfoot tr td th caption colgroup col")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_OWN_KIND = {"title": "title", "td": "table_cell", "th": "table_cell", "li": "list_item"}
_OWN_KIND.update({h: "heading" for h in _HEADINGS})
_OWN_KIND["blockquote"] = "blockquote"
_INHERITED_KINDS = frozenset({"list_item", "table_cell", "blockquote"})

_SUPERSCRIPT = str.maketrans("0123456789+-=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ")
_SUBSCRIPT = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")


def script_text(text: str, tag: str) -> str | None:
    """`text` as superscript (`sup`) or subscript (`sub`) characters, or None if impossible.

    This is how `L<sup>2</sup>` reads "L²": the rules then see the brand's real spelling.
    """
    table = _SUPERSCRIPT if tag == "sup" else _SUBSCRIPT
    converted = text.translate(table)
    if not text or any(a == b for a, b in zip(text, converted, strict=True)):
        return None
    return converted


# --------------------------------------------------------------------------- markup extents
#
# Where a tag, comment or other markup construct that starts with `<` ends, following the
# HTML5 tokenizer's data state. The aligner only uses this to step over markup; what the
# markup means is the parser's business.

_SPACE = " \t\n\f\r"
_GAP_CHARS = frozenset(_SPACE + "\0")
_TAG_NAME = re.compile(r"[A-Za-z][^\t\n\f\r />]*")
_SPACE_SLASH = re.compile(r"[\t\n\f\r /]*")
_ATTR_NAME = re.compile(r"[^\t\n\f\r />][^\t\n\f\r />=]*")
_ATTR_EQ = re.compile(r"[\t\n\f\r ]*=[\t\n\f\r ]*")
_UNQUOTED = re.compile(r"[^\t\n\f\r >]*")
# Attributes as most tags write them (separated, no stray quotes): for these, the first `>`
# after them ends the tag exactly as the HTML5 tokenizer says. Anything else takes the
# slower `_scan_attributes`.
_USUAL_TAG = re.compile(
    r"""(?:[\t\n\f\r /]+[^\t\n\f\r />="'<][^\t\n\f\r />="'<]*"""
    r"""(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"[^"]*"|'[^']*'|[^\t\n\f\r >"'=<`]+))?)*"""
    r"""[\t\n\f\r /]*>"""
)


class Attr(NamedTuple):
    """An attribute; value_start/value_end are offsets of the value (-1: none)."""

    name: str
    value_start: int
    value_end: int


class Markup(NamedTuple):
    """A markup construct: kind is start, end, comment, cdata or other.

    For tags, `body` is where the attributes start (see `attributes`).
    """

    kind: str
    start: int
    end: int
    name: str = ""
    body: int = -1


def markup_at(text: str, j: int) -> Markup | None:
    """The markup construct starting with `<` at j, or None when that `<` is text."""
    if text.startswith("<!--", j):
        return _comment(text, j)
    nxt = text[j + 1 : j + 2]
    if nxt == "!":
        # In HTML content `<![CDATA[` opens a bogus comment; in SVG and MathML a CDATA
        # section, whose text `_Aligner._match` reads (it is a text node there).
        return _bogus(text, j, "cdata" if text.startswith("<![CDATA[", j) else "other")
    if nxt == "?":
        return _bogus(text, j)
    kind = "end" if nxt == "/" else "start"
    m = _TAG_NAME.match(text, j + 2 if kind == "end" else j + 1)
    if m is not None:
        return Markup(kind, j, _tag_end(text, m.end()), m.group().lower(), m.end())
    if kind == "start":
        return None
    if text.startswith("</>", j):
        return Markup("other", j, j + 3)
    return _bogus(text, j) if j + 2 < len(text) else None


def attributes(text: str, mark: Markup) -> tuple[Attr, ...]:
    """The attributes of a tag, in source order."""
    return _scan_attributes(text, mark.body)[0] if mark.body >= 0 else ()


def _tag_end(text: str, i: int) -> int:
    """Where a tag whose attributes start at i ends (a regular expression for usual tags)."""
    m = _USUAL_TAG.match(text, i)
    return m.end() if m is not None else _scan_attributes(text, i)[1]


def _comment(text: str, j: int) -> Markup:
    """`<!--…-->`, `<!--…--!>`, the abrupt `<!-->`/`<!--->`, or unterminated to the end."""
    for abrupt in ("<!-->", "<!--->"):
        if text.startswith(abrupt, j):
            return Markup("comment", j, j + len(abrupt))
    ends = [p for p in (text.find("-->", j + 4), text.find("--!>", j + 4)) if p >= 0]
    if not ends:
        return Markup("comment", j, len(text))
    pos = min(ends)
    return Markup("comment", j, pos + (3 if text.startswith("-->", pos) else 4))


def comment_data(text: str, mark: Markup) -> str:
    """The text inside a comment, without `<!--` and its closer."""
    inner = text[mark.start + 4 : mark.end]
    for closer in ("--!>", "-->"):
        if inner.endswith(closer) and mark.end - mark.start >= 4 + len(closer):
            return inner[: -len(closer)]
    return "" if text.startswith(("<!-->", "<!--->"), mark.start) else inner


def _bogus(text: str, j: int, kind: str = "other") -> Markup:
    """`<!…>`, `<?…>`, `</ …>`: a bogus comment or doctype, up to the next `>`."""
    close = text.find(">", j + 2)
    return Markup(kind, j, len(text) if close < 0 else close + 1)


def _scan_attributes(text: str, i: int) -> tuple[tuple[Attr, ...], int]:
    """Attributes from i up to the closing `>`: (attrs, end offset).

    As in HTML5, an unterminated quote runs to the end of the file (the tag is then dropped).
    """
    attrs: list[Attr] = []
    n = len(text)
    while True:
        i = _SPACE_SLASH.match(text, i).end()
        if i >= n:
            return tuple(attrs), n
        if text[i] == ">":
            return tuple(attrs), i + 1
        name = _ATTR_NAME.match(text, i)
        if name is None:  # not reachable: text[i] is neither space, "/" nor ">"
            return tuple(attrs), n
        i = name.end()
        eq = _ATTR_EQ.match(text, i)
        if not eq:
            attrs.append(Attr(name.group().lower(), -1, -1))
            continue
        i = eq.end()
        quote = text[i : i + 1]
        if quote in ('"', "'"):
            close = text.find(quote, i + 1)
            stop = n if close < 0 else close
            attrs.append(Attr(name.group().lower(), i + 1, stop))
            i = stop + 1
        else:
            end = _UNQUOTED.match(text, i).end()
            attrs.append(Attr(name.group().lower(), i, end))
            i = end


# --------------------------------------------------------------------------- references

_NUMERIC_REF = re.compile(r"&#(?:([0-9]+)|[xX]([0-9a-fA-F]+));?")
_NAMED_REF = re.compile(r"&([A-Za-z][A-Za-z0-9]{0,31})(;?)")
_LEGACY_MAX = max(len(name) for name in _HTML5 if not name.endswith(";"))


def charref(text: str, i: int, attribute: bool = False) -> tuple[str, int] | None:
    """(decoded text, end) of the character reference at i, as HTML5 reads it; else None.

    In an attribute, a legacy reference without `;` followed by `=` or a letter or digit
    stays literal (`?a=1&copy=2`), as the HTML5 tokenizer says.
    """
    m = _NUMERIC_REF.match(text, i)
    if m is not None:
        digits = (m.group(1) or m.group(2)).lstrip("0") or "0"
        if len(digits) > 8:  # out of range: U+FFFD, without a huge int() conversion
            digits = "1114112" if m.group(1) else "110000"
        return _html.unescape(f"&#{'' if m.group(1) else 'x'}{digits};"), m.end()
    m = _NAMED_REF.match(text, i)
    if m is None:
        return None
    name = m.group(1)
    if m.group(2) and name + ";" in _HTML5:
        return _HTML5[name + ";"], m.end()
    for k in range(min(len(name), _LEGACY_MAX), 1, -1):
        if name[:k] in _HTML5:
            end = i + 1 + k
            after = text[end : end + 1]
            if attribute and after and (after == "=" or (after.isascii() and after.isalnum())):
                return None
            return _HTML5[name[:k]], end
    return None


# --------------------------------------------------------------------------- aligner

# How a text's source form encodes it: NORMAL text has references and (ignored) tags,
# RCDATA (`title`, `textarea`) and attribute values references only, RAW text neither.
_NORMAL, _RCDATA_MODE, _RAW, _ATTRIBUTE = range(4)
_SPECIALS = {
    _NORMAL: re.compile(r"[&<\r\0]"),
    _RCDATA_MODE: re.compile(r"[&\r\0]"),
    _RAW: re.compile(r"[\r\0]"),
    _ATTRIBUTE: re.compile(r"[&\r\0]"),
}
_LOOKAHEAD = 1 << 16  # how far past the cursor a misplaced node is looked for
_SURROGATE = re.compile(r"[\ud800-\udfff]")

# (text, start, end): text None is the verbatim source [start, end); otherwise `text`
# stands for the whole source range (a reference, a replacement, or zero-width).
Piece = tuple[str | None, int, int]
_Match = tuple[list[Piece], int, list[Markup]]


class _Aligner:
    """Finds the parser's text nodes, tags and attribute values in the source.

    `pos` only moves forward: everything before it is accounted for. A text node is looked
    for at `pos` and past the gap after it (markup, dropped whitespace, NUL); see the module
    docstring for the fallbacks. Comments are recorded as `pos` moves past them.
    """

    def __init__(self, source: str) -> None:
        self.src = _SURROGATE.sub("\ufffd", source) if not source.isascii() else source
        self.n = len(source)
        self.pos = 0
        self.claims: dict[int, int] = {}  # source ranges already given to misplaced nodes
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

    def _step(self, p: int) -> tuple[int, Markup | None] | None:
        """Step over one gap item at p: (next offset, markup or None); None at text."""
        claimed = self.claims.get(p)
        if claimed is not None:
            return claimed, None
        c = self.src[p]
        if c in _GAP_CHARS:
            return p + 1, None
        if c == "<":
            mark = self.markup(p)
            if mark is not None:
                return mark.end, mark
        return None

    def _match(self, t: str, p: int, mode: int) -> _Match | None:
        """Align text `t` starting exactly at p: (pieces, end, comments stepped over)."""
        src, n = self.src, self.n
        if p >= n:
            return None
        c = src[p]
        if c != t[0] and c not in "&<\r\0":
            return None
        special = _SPECIALS[mode]
        if special.search(t) is None and src.startswith(t, p):
            return [(None, p, p + len(t))], p + len(t), []
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
                ref = charref(src, p, mode == _ATTRIBUTE)
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
                    if inner and t.startswith(inner, i):
                        if p > run:
                            pieces.append((None, run, p))
                        pieces.append((None, p + 9, p + 9 + len(inner)))
                        i, p = i + len(inner), n if close < 0 else close + 3
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

    def _commit(self, comments: list[Markup], end: int) -> None:
        for mark in comments:
            self.comments.setdefault(mark.start, mark)
        self.pos = max(self.pos, end)

    def _strict(self, probe: Callable[[int], Any]) -> tuple[Any, list[Markup]] | None:
        """The first probe hit at `pos` or past the gap after it, with the comments passed."""
        p, passed = self.pos, []
        while True:
            found = probe(p)
            if found is not None:
                return found, passed
            if p >= self.n:
                return None
            step = self._step(p)
            if step is None:
                return None
            p, mark = step
            if mark is not None and mark.kind == "comment":
                passed.append(mark)

    def _lookahead(self, probe: Callable[[int], Any]) -> tuple[Any, list[Markup], bool] | None:
        """Like `_strict`, but jumping over text the tree did not explain, up to a limit.

        Also says whether a table tag was passed: then the hit is most likely content that
        foster parenting moved in front of the table, and the table's own content, still
        ahead of `pos`, comes later in the tree.
        """
        p, passed, table = self.pos, [], False
        limit = min(self.n, p + _LOOKAHEAD)
        while p < limit and self.budget > 0:
            self.budget -= 1
            found = probe(p)
            if found is not None:
                return found, passed, table
            step = self._step(p)
            if step is None:
                nxt = self.src.find("<", p + 1, limit)
                self.budget -= (nxt if nxt >= 0 else limit) - p
                if nxt < 0:
                    return None
                p = nxt
                continue
            p, mark = step
            if mark is not None:
                passed += [mark] if mark.kind == "comment" else []
                table = table or (mark.kind == "start" and mark.name in _TABLE)
        return None

    # -- what the reader asks for

    def text(self, t: str, modes: Sequence[int]) -> list[Piece]:
        """Pieces for text node `t` (never fails: see the module docstring)."""
        for mode in modes:
            hit = self._strict_text(t, mode)
            if hit is not None:
                (pieces, end, inner), passed = hit
                self._commit(passed + inner, end)
                return pieces
        if t.strip():
            for mode in modes:
                ahead = self._lookahead(lambda p, mode=mode: self._match(t, p, mode))
                if ahead is None:
                    continue
                (pieces, end, inner), passed, table = ahead
                start = pieces[0][1] if pieces else end
                if table:  # moved by foster parenting: leave `pos`, reserve the range
                    if end > start:
                        self.claims[start] = end
                    self._commit(inner, self.pos)
                else:  # the parser dropped what was in between: resynchronise
                    self._commit(passed + inner, end)
                return pieces
        return [(t, self.pos, self.pos)]

    def _strict_text(self, t: str, mode: int) -> tuple[_Match, list[Markup]] | None:
        """`_strict` for a text node, unrolled: this loop runs for every node of the file."""
        src, n, claims = self.src, self.n, self.claims
        p, passed, first = self.pos, [], t[0]
        while p < n:
            c = src[p]
            if c == first or c in "&\r\0" or (c == "<" and src.startswith("<![CDATA[", p)):
                found = self._match(t, p, mode)
                if found is not None:
                    return found, passed
            if claims and p in claims:
                p = claims[p]
            elif c in _GAP_CHARS:
                p += 1
            elif c == "<" and (mark := self.markup(p)) is not None:
                if mark.kind == "comment":
                    passed.append(mark)
                p = mark.end
            else:
                return None
        return None

    def start_tag(
        self, name: str, wanted: Sequence[tuple[str, str]] = ()
    ) -> tuple[Markup | None, list[tuple[str, list[Piece]]]]:
        """The start tag of an element, with its `wanted` (attribute, DOM value) aligned.

        A candidate tag whose attribute values do not align is not this element's (it may
        be a clone the parser made of an earlier one). A tag found only past text is used
        when it sits in a table (foster parenting), never to move `pos`.
        """

        def probe(p: int) -> tuple[Markup, list[tuple[str, list[Piece]]]] | None:
            mark = self.markup(p) if p < self.n and self.src[p] == "<" else None
            if mark is None or mark.kind != "start" or mark.name != name:
                return None
            values = self._attribute_values(mark, wanted)
            return None if values is None else (mark, values)

        hit = self._strict(probe)
        if hit is not None:
            (mark, values), passed = hit
            self._commit(passed, mark.end)
            return mark, values
        if wanted:
            ahead = self._lookahead(probe)
            if ahead is not None and ahead[2]:
                return ahead[0]
        return None, []

    def _attribute_values(
        self, mark: Markup, wanted: Sequence[tuple[str, str]]
    ) -> list[tuple[str, list[Piece]]] | None:
        values = []
        for name, value in wanted:
            attr = next((a for a in attributes(self.src, mark) if a.name == name), None)
            if attr is None or attr.value_start < 0:
                return None
            found = self._match(value, attr.value_start, _ATTRIBUTE)
            if found is None or found[1] != attr.value_end:
                return None
            values.append((name, found[0]))
        return values

    def end_tag(self, name: str) -> Markup | None:
        """The end tag right after the content read so far (only markup in between)."""

        def probe(p: int) -> Markup | None:
            mark = self.markup(p) if p < self.n and self.src[p] == "<" else None
            return mark if mark is not None and mark.kind == "end" and mark.name == name else None

        def stop(p: int) -> bool:
            mark = self.markup(p) if p < self.n and self.src[p] == "<" else None
            return mark is not None and mark.kind == "start"

        hit = self._strict(lambda p: probe(p) or (False if stop(p) else None))
        if hit is None or hit[0] is False:
            return None
        mark, passed = hit
        self._commit(passed, mark.end)
        return mark

    def skip_template(self) -> None:
        """Step over a `<template>`'s content, which the tree keeps out of the document."""
        depth, p, passed = 1, self.pos, []
        for mark in self._marks(p):
            passed += [mark] if mark.kind == "comment" else []
            if mark.name == "template" and mark.kind in ("start", "end"):
                depth += 1 if mark.kind == "start" else -1
                if depth == 0:
                    self._commit(passed, mark.end)
                    return
        self._commit(passed, self.n)  # an unclosed template holds the rest of the file

    def _marks(self, p: int) -> Iterator[Markup]:
        """Every markup construct from p on, jumping over text."""
        while p < self.n:
            step = self._step(p)
            if step is None:
                nxt = self.src.find("<", p + 1)
                p = self.n if nxt < 0 else nxt
                continue
            p, mark = step
            if mark is not None:
                yield mark

    def finish(self) -> list[tuple[int, int]]:
        """Record the comments after the last node; return all comment ranges in order."""
        for mark in self._marks(self.pos):
            if mark.kind == "comment":
                self.comments.setdefault(mark.start, mark)
        return [(m.start, m.end) for _start, m in sorted(self.comments.items())]


# --------------------------------------------------------------------------- prose


class ProseBuilder:
    """Collects prose pieces for one block and trims whitespace at the block's edges.

    Readers add text as they meet it, so a block may start or end with layout whitespace
    (indentation, the newline before `</p>`); `build` removes it without losing positions.
    """

    def __init__(self, kind: str = "paragraph") -> None:
        self.kind = kind
        self.pieces: list[tuple[str, int, int | None]] = []

    def add(self, text: str, source_start: int, source_end: int | None = None) -> None:
        if text:
            self.pieces.append((text, source_start, source_end))

    def build(self, source: str | None = None) -> Block | None:
        """The trimmed block, or None when it holds no prose.

        With `source`, a replacement as long as the source it maps to but different from it
        (only a reader's last-resort guess) is made zero-width, as the map would otherwise
        claim it is a verbatim copy.
        """
        pieces = _trim_end(_trim_start(list(self.pieces)))
        if not pieces:
            return None
        builder = BlockBuilder(self.kind)
        for text, start, end in pieces:
            if source is not None and end is not None and end - start == len(text):
                end = end if source[start:end] == text else start
            builder.add(text, start, end)
        return builder.build()


def _trim_start(pieces: list[tuple[str, int, int | None]]) -> list[tuple[str, int, int | None]]:
    while pieces:
        text, start, end = pieces[0]
        stripped = text.lstrip()
        if not stripped:
            pieces.pop(0)
            continue
        if end is None and stripped != text:
            pieces[0] = (stripped, start + len(text) - len(stripped), None)
        break
    return pieces


def _trim_end(pieces: list[tuple[str, int, int | None]]) -> list[tuple[str, int, int | None]]:
    while pieces:
        text, start, end = pieces[-1]
        stripped = text.rstrip()
        if not stripped:
            pieces.pop()
            continue
        if end is None and stripped != text:
            pieces[-1] = (stripped, start, None)
        break
    return pieces


# --------------------------------------------------------------------------- reader


@dataclass
class HtmlFragment:
    """What the reader found in a piece of HTML (offsets already absolute)."""

    blocks: list[Block] = field(default_factory=list)
    comments: list[tuple[int, int, str]] = field(default_factory=list)
    title: str | None = None
    first_h1: str | None = None


@dataclass
class _Capture:
    """A `<sup>`/`<sub>` element being read, to turn `<sup>2</sup>` into "²"."""

    tag: str
    start: int
    pieces: list[tuple[str, int, int | None]]


def _parse(text: str) -> LexborNode | None:
    """The document node, parsed like a browser with scripting on, without mutation events."""
    clean = _SURROGATE.sub("\ufffd", text) if not text.isascii() else text
    try:
        from selectolax.lexbor import LexborDocumentOptions

        parser = LexborHTMLParser(clean, scripting=True, options=LexborDocumentOptions.WO_EVENTS)
    except (ImportError, TypeError):  # selectolax before 1.0: neither option exists
        parser = LexborHTMLParser(clean)
    root = parser.root
    if root is None:
        return None
    return root.parent if root.parent is not None else root


class _Reader:
    """Walks the parsed tree into blocks: block elements split, inline elements do not."""

    def __init__(self, text: str, base: int, holes: Sequence[tuple[int, int]]) -> None:
        self.text = text
        self.base = base
        self.holes = sorted((s - base, e - base) for s, e in holes if e > s)
        self.align = _Aligner(text)
        self.out = HtmlFragment()
        self.stack: list[tuple[str, str, int]] = []  # open block elements: tag, kind, depth
        self.current = ProseBuilder()
        self.skip: list[tuple[str, int]] = []  # open skipped elements: tag, depth
        self.skip_start = 0
        self.skip_pre = False
        self.capture: _Capture | None = None

    def run(self) -> HtmlFragment:
        document = _parse(self.text)
        if document is not None:
            self._walk(document)
        self._flush()
        self.out.comments = [
            (self.base + s, self.base + e, comment_data(self.text, Markup("comment", s, e)))
            for s, e in self.align.finish()
        ]
        self.out.blocks.sort(key=lambda b: b.source_start(0))
        return self.out

    def _walk(self, document: LexborNode) -> None:
        """Depth-first over the tree, as enter / text / exit events (no recursion)."""
        parents: list[tuple[LexborNode, str]] = []
        node = document.child
        while node is not None:
            tag = node.tag
            if tag == "-text":
                self._text(node, parents[-1][1] if parents else "")
            elif tag and tag[0] not in "-!_":
                self._enter(node, tag, len(parents))
                child = node.child
                if child is not None and tag != "template":
                    parents.append((node, tag))
                    node = child
                    continue
                self._exit(tag, len(parents))
            while node is not None:
                following = node.next
                if following is not None:
                    node = following
                    break
                if not parents:
                    node = None
                    break
                node, tag = parents.pop()
                self._exit(tag, len(parents))

    # -- pieces

    def _sink(self) -> list[tuple[str, int, int | None]]:
        return self.capture.pieces if self.capture else self.current.pieces

    def _add(self, sink: list[tuple[str, int, int | None]], pieces: list[Piece]) -> None:
        for text, start, end in pieces:
            if text is None:
                self._add_verbatim(sink, start, end)
            else:
                self._replace(sink, text, start, end)

    def _replace(self, sink: list, text: str, start: int, end: int) -> None:
        """`text` stands for source [start, end); never mistaken for a verbatim copy."""
        end = max(start, end)
        if end - start == len(text) and self.text[start:end] != text:
            end = start
        sink.append((text, self.base + start, self.base + end))

    def _add_verbatim(self, sink: list, start: int, end: int) -> None:
        """Append source text [start, end), leaving out the holes."""
        if not self.holes:
            if end > start:
                sink.append((self.text[start:end], self.base + start, None))
            return
        for s, e in self._without_holes(start, end):
            sink.append((self.text[s:e], self.base + s, None))

    def _without_holes(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        for hole_start, hole_end in self.holes:
            if hole_end <= start or hole_start >= end:
                continue
            if hole_start > start:
                yield start, hole_start
            start = max(start, hole_end)
        if start < end:
            yield start, end

    # -- events

    def _text(self, node: LexborNode, parent: str) -> None:
        t = node.text(deep=False)
        if not t:
            return
        if parent in _RAWTEXT:
            modes: tuple[int, ...] = (_RAW, _NORMAL)  # NORMAL: `<svg><style>` is not raw
        elif parent in _RCDATA:
            modes = (_RCDATA_MODE, _NORMAL)
        else:
            modes = (_NORMAL,)
        pieces = self.align.text(t, modes)
        if not self.skip and parent not in _NOT_PROSE:
            self._add(self._sink(), pieces)

    def _enter(self, node: LexborNode, tag: str, depth: int) -> None:
        ending = False  # a block element ends an unclosed `<code>` (see `_INLINE_SKIP`)
        if self.skip:
            if tag not in BLOCK_TAGS or not all(name in _INLINE_SKIP for name, _ in self.skip):
                if tag in SKIP_TAGS:
                    self.skip.append((tag, depth))
                if tag == "template":
                    self.align.start_tag(tag)
                    self.align.skip_template()
                return
            ending = True
        wanted: list[tuple[str, str]] = []
        if tag not in SKIP_TAGS:
            attributes = node.attributes
            wanted = [(a, v) for a in ("alt", "title") if (v := attributes.get(a))]
        mark, values = None, []
        if ending or wanted or tag in SKIP_TAGS or tag in ("sup", "sub", "img"):
            mark, values = self.align.start_tag(tag, wanted)
        if ending:
            self._end_skip(mark.start if mark else self.align.pos)
        self._end_capture()
        if tag in SKIP_TAGS and (mark is not None or tag not in _INLINE_SKIP):
            # A `<code>` without a start tag is the parser's copy of an unclosed one,
            # reopened in each following paragraph: it must not hide them.
            self._begin_skip(tag, depth, mark.start if mark else self.align.pos)
            if tag == "template":
                self.align.skip_template()
            return
        self._attribute_blocks(values)
        if tag in BLOCK_TAGS:
            self._flush()
            if tag not in _VOID:
                self.stack.append((tag, self._kind_for(tag), depth))
                self.current.kind = self.stack[-1][1]
        elif tag in ("sup", "sub") and mark is not None:
            self.capture = _Capture(tag, mark.start, [])
        elif tag == "img":
            start, end = (mark.start, mark.end) if mark else (self.align.pos, self.align.pos)
            self._replace(self.current.pieces, " ", start, end)

    def _exit(self, tag: str, depth: int) -> None:
        if self.skip:
            if self.skip[-1][1] == depth:
                self.skip.pop()
                if not self.skip:
                    mark = self.align.end_tag(tag)
                    self._end_skip(mark.end if mark else self.align.pos)
            return
        if self.capture and tag == self.capture.tag:
            mark = self.align.end_tag(tag)
            if mark is not None:
                self._finish_capture(mark.end)
            else:
                self._end_capture()
            return
        self._end_capture()
        if tag in BLOCK_TAGS:
            self._flush()
            if self.stack and self.stack[-1][2] == depth:
                self.stack.pop()
            self.current.kind = self.stack[-1][1] if self.stack else "paragraph"

    def _kind_for(self, name: str) -> str:
        if name in _OWN_KIND:
            return _OWN_KIND[name]
        for _tag, kind, _depth in reversed(self.stack):
            if kind in _INHERITED_KINDS:
                return kind
        return "paragraph"

    # -- skipped elements (script, code, …)

    def _begin_skip(self, name: str, depth: int, start: int) -> None:
        if name == "pre":
            self._flush()
        self.skip = [(name, depth)]
        self.skip_start = start
        self.skip_pre = name == "pre"

    def _end_skip(self, end: int) -> None:
        """A skipped element reads as one space, so words on both sides do not fuse."""
        self.skip = []
        if self.skip_pre:
            self._flush()
        else:
            self._replace(self.current.pieces, " ", self.skip_start, end)

    # -- <sup>/<sub>

    def _finish_capture(self, end: int) -> None:
        capture = self.capture
        if capture is None:
            return
        self.capture = None
        converted = script_text("".join(p[0] for p in capture.pieces), capture.tag)
        if converted is None:
            self.current.pieces.extend(capture.pieces)
        else:
            self._replace(self.current.pieces, converted, capture.start, end)

    def _end_capture(self) -> None:
        """Give up reading a `<sup>` as one character: keep its text as it is."""
        if self.capture:
            self.current.pieces.extend(self.capture.pieces)
            self.capture = None

    # -- blocks

    def _attribute_blocks(self, values: list[tuple[str, list[Piece]]]) -> None:
        for name, pieces in values:
            builder = ProseBuilder("alt" if name == "alt" else "title_attr")
            self._add(builder.pieces, pieces)
            self._append(builder.build(), "")

    def _flush(self) -> None:
        self._end_capture()
        tag = self.stack[-1][0] if self.stack else ""
        self._append(self.current.build(), tag)
        self.current = ProseBuilder(self.stack[-1][1] if self.stack else "paragraph")

    def _append(self, block: Block | None, tag: str) -> None:
        if block is None:
            return
        self.out.blocks.append(block)
        if block.kind == "title" and self.out.title is None:
            self.out.title = block.text
        if tag == "h1" and self.out.first_h1 is None:
            self.out.first_h1 = block.text


def read_html_fragment(
    text: str, base: int = 0, holes: Sequence[tuple[int, int]] = ()
) -> HtmlFragment:
    """Read HTML whose first character is at source offset `base`.

    `holes` are absolute source ranges to leave out of the prose (they hold whitespace in
    `text`; the Markdown reader uses them for block-quote and list prefixes).
    """
    return _Reader(text, base, holes).run()


def read_html(path: str, text: str) -> Document:
    """Read an HTML file: prose blocks, comments, and the `<title>` (else first `<h1>`)."""
    fragment = read_html_fragment(text)
    return Document(
        path=path,
        source=text,
        blocks=fragment.blocks,
        title=fragment.title if fragment.title is not None else fragment.first_h1,
        format="html",
        comments=fragment.comments,
    )
