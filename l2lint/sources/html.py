"""HTML: text nodes, `alt` and `title` attributes, with exact positions in the source.

The design splits two jobs that a hand-written tokenizer used to do at once:

* **The parser decides what the prose is.** selectolax's Lexbor backend, a real HTML5
  parser, builds the DOM a browser would: error recovery (implied and misnested tags,
  unclosed elements, foster parenting), comments, raw-text elements, entity decoding. The
  reader walks that tree: block elements split blocks, inline elements do not, `script`,
  `style`, `code`, `pre`, `kbd`, `samp`, `var`, `template` and `noscript` are skipped (read
  as one space), `<br>` and `<img>` read as a space, `alt` and `title` attributes become
  blocks of their own, `L<sup>2</sup>` reads "L²". It is parsed the way a browser with scripting on
  does, so `<noscript>` is never prose, and without DOM mutation events, so no text is
  cloned into `<selectedcontent>`.
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
differently than foreseen), the aligner looks further ahead for it and reserves what it
finds there, so the cursor can still read what comes in between (see `_Aligner`). Failing
that (foster parenting can merge text from several table rows into one node), the node's
text is kept as a zero-width, non-verbatim segment where its first word is: it is still
linted and reported near the right place, but never auto-fixed.

Why not `html.parser.HTMLParser`: it reports (line, column) per event, and on arbitrary
input it can raise (`<![foo[`), leak markup into text at an unterminated comment or quote,
and it changed behaviour across 3.12/3.13 security releases.

The reader is also used by the Markdown reader for raw HTML blocks, through
`read_html_fragment` with a base offset and "holes" (container prefixes such as `> `
that belong to Markdown, not to the HTML).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from html.entities import html5 as _HTML5
from typing import Any, NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from l2lint.document import Block, BlockBuilder, Document
from l2lint.sources.limits import InputLimitError


def _names(words: str) -> frozenset[str]:
    return frozenset(words.split())


BLOCK_TAGS = _names(
    "p div h1 h2 h3 h4 h5 h6 li td th tr blockquote section article header footer nav aside "
    "main figure figcaption dd dt dl caption title hr table thead tbody tfoot ul ol form "
    "address details summary body html head pre fieldset legend option select textarea"
)
# Elements whose content is code, not copy (brand guide: "code-like inline HTML"); the
# Markdown reader skips the same list in inline HTML.
SKIP_TAGS = _names("script style code pre kbd samp var template noscript")
# Skipped elements that live inside running text: an unclosed one ends at the next block tag.
_INLINE_SKIP = _names("code kbd samp var")
# Void elements inside running text that read as a space: a line break `<br>` (as a
# line break in Markdown does, #13) and an image (its `alt` text is a block of its own).
_SPACE_TAGS = _names("br img")
# Raw-text elements: their text node is the source as it is (no references, no tags).
_RAWTEXT = _names("script style xmp iframe noembed noframes noscript plaintext")
# Raw text that is not prose although its element is not in SKIP_TAGS.
_NOT_PROSE = _names("xmp iframe noembed noframes")
_RCDATA = _names("title textarea")
_VOID = _names("area base br col embed hr img input link meta param source track wbr keygen")
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
_COMMENT_END = re.compile(r"--!?>")
_TAG_NAME = re.compile(r"[A-Za-z][^\t\n\f\r />]*")
_SPACE_SLASH = re.compile(r"[\t\n\f\r /]*")
_ATTR_NAME = re.compile(r"[^\t\n\f\r />][^\t\n\f\r />=]*")
_ATTR_EQ = re.compile(r"[\t\n\f\r ]*=[\t\n\f\r ]*")
_UNQUOTED = re.compile(r"[^\t\n\f\r >]*")
# Attributes as most tags write them (space-separated, no stray quotes or slashes): for
# these, the `>` after them ends the tag exactly where the HTML5 tokenizer ends it. The
# grammar is unambiguous, so a failed match cannot backtrack exponentially. Anything else
# takes the slower `_scan_attributes`.
_USUAL_ATTRIBUTES = (
    r"""(?:[\t\n\f\r ]+[^\t\n\f\r />="'<][^\t\n\f\r />="'<]*"""
    r"""(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"[^"]*"|'[^']*'|[^\t\n\f\r >"'=<`]+))?)*"""
    r"""[\t\n\f\r ]*/?>"""
)
_USUAL_TAG = re.compile(_USUAL_ATTRIBUTES)
_USUAL_MARKUP = re.compile(r"</?[A-Za-z][^\t\n\f\r />]*" + _USUAL_ATTRIBUTES)  # a whole tag


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
    close = _COMMENT_END.search(text, j + 4)  # one search: two `find`s would be quadratic
    return Markup("comment", j, len(text) if close is None else close.end())


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
# `&#128;` and the like mean the windows-1252 character (HTML5); other controls stay as they
# are, unlike in `html.unescape`, which drops them.
_C1_CONTROLS = {
    code: bytes([code]).decode("cp1252")
    for code in range(0x80, 0xA0)
    if code not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


def charref(text: str, i: int, attribute: bool = False) -> tuple[str, int] | None:
    """(decoded text, end) of the character reference at i, as HTML5 reads it; else None.

    In an attribute, a legacy reference without `;` followed by `=` or a letter or digit
    stays literal (`?a=1&copy=2`), as the HTML5 tokenizer says.
    """
    m = _NUMERIC_REF.match(text, i)
    if m is not None:
        digits = (m.group(1) or m.group(2)).lstrip("0")
        if len(digits) > 8:  # out of range, and no huge int() conversion
            return "\ufffd", m.end()
        value = int(digits or "0", 10 if m.group(1) else 16)
        if value == 0 or value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
            return "\ufffd", m.end()
        return _C1_CONTROLS.get(value) or chr(value), m.end()
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
_NEWLINES = re.compile(r"\r\n?")
_WORD = re.compile(r"[^ \t\n\f\r]{1,40}")
_TEXT_CONTENT = hasattr(LexborNode, "text_content")  # faster; selectolax 0.3.x lacks it

# The aligner's pieces, (text, start, end): text None is the verbatim source [start, end);
# otherwise `text` stands for the whole source range (a reference, or zero-width).
Piece = tuple[str | None, int, int]
# The prose builder's pieces, (text, start, end): end None means a verbatim copy.
ProsePiece = tuple[str, int, int | None]
_Match = tuple[list[Piece], int, list[Markup]]


class _Aligner:
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
        if c in _GAP_CHARS:
            return p + 1, None
        if c == "&":
            return self._blank_reference(p)
        if c == "<":
            if not tags and (usual := _USUAL_MARKUP.match(self.src, p)) is not None:
                return usual.end(), None
            mark = self.markup(p)
            if mark is not None:
                return mark.end, mark
        return None

    def _blank_reference(self, p: int) -> tuple[int, None] | None:
        """`&#32;` and the like: whitespace, which the reader may leave out, like a space."""
        ref = charref(self.src, p)
        return (ref[1], None) if ref is not None and not ref[0].strip(_SPACE) else None

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
                ahead = self._lookahead(lambda p, m=mode, pl=plain: self._match(t, p, m, pl))
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
            if c in _GAP_CHARS:
                p += 1
            elif c == "&" and (blank := self._blank_reference(p)) is not None:
                p = blank[0]
            elif c == "<" and (usual := _USUAL_MARKUP.match(src, p)) is not None:
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
            plain = _SPECIALS[_ATTRIBUTE].search(value) is None
            found = self._match(value, attr.value_start, _ATTRIBUTE, plain)
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
            if _TAG_NAME.match(self.src, p + 1):  # `<` and an ASCII letter: a start tag
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


# --------------------------------------------------------------------------- prose


class ProseBuilder:
    """Collects prose pieces for one block and trims whitespace at the block's edges.

    Readers add text as they meet it, so a block may start or end with layout whitespace
    (indentation, the newline before `</p>`); `build` removes it without losing positions.
    """

    def __init__(self, kind: str = "paragraph") -> None:
        self.kind = kind
        self.pieces: list[ProsePiece] = []

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


def _trim_start(pieces: list[ProsePiece]) -> list[ProsePiece]:
    # drop the blank pieces at once: one pop(0) each was quadratic in them
    first = next((i for i, piece in enumerate(pieces) if piece[0].strip()), len(pieces))
    if first:
        del pieces[:first]
    while pieces:
        text, start, end = pieces[0]
        stripped = text.lstrip()
        if not stripped:
            pieces.pop(0)
            continue
        if end is None and stripped != text:
            pieces[0] = (stripped, start + len(text) - len(stripped), None)
        elif end == start and stripped != text:  # zero-width: any part maps to the same place
            pieces[0] = (stripped, start, end)
        break
    return pieces


def _trim_end(pieces: list[ProsePiece]) -> list[ProsePiece]:
    while pieces:
        text, start, end = pieces[-1]
        stripped = text.rstrip()
        if not stripped:
            pieces.pop()
            continue
        if (end is None or end == start) and stripped != text:
            pieces[-1] = (stripped, start, end)
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
    capped: bool = False  # tags nested deeper than MAX_DEPTH were read as white space


@dataclass
class _Capture:
    """A `<sup>`/`<sub>` element being read, to turn `<sup>2</sup>` into "²"."""

    tag: str
    start: int
    pieces: list[ProsePiece]


# --------------------------------------------------------------------------- nesting cap
#
# Lexbor's tree builder takes time quadratic in the nesting depth (80,000 nested `<div>`
# took 33 s). Like Blink, whose HTML parser appends elements deeper than 512 levels as
# siblings (`kMaximumHTMLParserDOMTreeDepth`), the reader caps the depth: a start tag that
# would open an element deeper than MAX_DEPTH, and its matching end tag, are read as
# white space (same length, newlines kept, so every offset stays exact): what they held
# is read as plain prose of the element at the cap. The depth is counted by a simple
# tree builder over `markup_at` (implied end tags of `p`, `li`, `td` … included), which
# never counts deeper than the parser's real tree for ordinary pages.

MAX_DEPTH = 512
# Text right inside a table, outside its cells, is moved before the table ("foster
# parenting"), each piece appended to one text node, which takes Lexbor memory quadratic
# in the text (220,000 characters of it: 780 MB). Past this many characters the file is
# not parsed: an InputLimitError, one line.
MAX_FOSTERED = 50_000
_TABLE_START = re.compile(r"<table", re.IGNORECASE)
_TABLE_TEXT = _names("table tbody thead tfoot tr")
_FOSTERED_MESSAGE = (
    f"not read, over a limit: more than {MAX_FOSTERED:,} characters of text inside a "
    "<table> but outside its cells (parsing it would take memory quadratic in it)"
)
# start tag -> open elements it implicitly closes when one is the current element
_IMPLIED_CLOSE = {
    "li": _names("li"),
    "dt": _names("dt dd"),
    "dd": _names("dt dd"),
    "tr": _names("tr td th"),
    "td": _names("td th"),
    "th": _names("td th"),
    "option": _names("option"),
    "optgroup": _names("option optgroup"),
}
_CLOSES_P = BLOCK_TAGS | _names("p menu search")
_NOT_BLANK = re.compile(r"[^\r\n]")


def cap_depth(text: str, limit: int = MAX_DEPTH) -> tuple[str, list[tuple[int, int]]]:
    """`text` with the tags of elements nested deeper than `limit` blanked (see above),
    and the blanked (start, end) offsets, sorted. Linear: each tag looks at most `limit`
    open elements."""
    if text.count("<") <= limit and _TABLE_START.search(text) is None:
        return text, []
    stack: list[str] = []
    blanked: dict[str, int] = {}
    spans: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    text_from = 0  # where the text since the last tag starts
    fostered = 0
    while True:
        j = text.find("<", pos)
        if j < 0:
            break
        mark = markup_at(text, j)
        if mark is None:
            pos = j + 1
            continue
        if stack and stack[-1] in _TABLE_TEXT and j > text_from and text[text_from:j].strip():
            fostered += j - text_from
            if fostered > MAX_FOSTERED:
                raise InputLimitError(_FOSTERED_MESSAGE)
        pos = text_from = max(mark.end, j + 1)
        name = mark.name
        if mark.kind == "start":
            if name in _VOID or text.startswith("/>", mark.end - 2):
                continue
            if stack and stack[-1] == "p" and name in _CLOSES_P:
                stack.pop()
            closes = _IMPLIED_CLOSE.get(name)
            while closes and stack and stack[-1] in closes:
                stack.pop()
            if name in _RAWTEXT or name in _RCDATA:
                close = re.compile(rf"</{name}(?=[\t\n\f\r />])", re.IGNORECASE).search(text, pos)
                pos = text_from = n if close is None else close.start()
                continue
            if len(stack) >= limit:
                blanked[name] = blanked.get(name, 0) + 1
                spans.append((j, mark.end))
                continue
            stack.append(name)
        elif mark.kind == "end":
            if blanked.get(name):
                blanked[name] -= 1
                spans.append((j, mark.end))
            elif name in stack:
                del stack[len(stack) - 1 - stack[::-1].index(name) :]
    if not spans:
        return text, []
    parts, last = [], 0
    for start, end in spans:
        parts.append(text[last:start])
        parts.append(_NOT_BLANK.sub(" ", text[start:end]))
        last = end
    parts.append(text[last:])
    return "".join(parts), spans


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


def _fostered(node: LexborNode) -> bool:
    """Whether foster parenting may have moved `node`: it, or an ancestor, precedes a table.

    The parser moves content misplaced inside a table to just before that table.
    """
    ancestor: LexborNode | None = node
    for _level in range(64):
        if ancestor is None:
            return False
        sibling = ancestor.next
        for _hop in range(64):
            if sibling is None:
                break
            if sibling.tag == "table":
                return True
            sibling = sibling.next
        ancestor = ancestor.parent
    return False


class _Reader:
    """Walks the parsed tree into blocks: block elements split, inline elements do not."""

    def __init__(self, text: str, base: int, holes: Sequence[tuple[int, int]]) -> None:
        text, self.blanked = cap_depth(text)
        self.blanked_starts = [start for start, _ in self.blanked]
        self.text = text
        self.base = base
        self.holes = sorted((s - base, e - base) for s, e in holes if e > s)
        self.align = _Aligner(text)
        self.out = HtmlFragment()
        # open block elements: tag, kind, depth, and the kind their inline content inherits
        self.stack: list[tuple[str, str, int, str]] = []
        self.current = ProseBuilder()
        self.skip: list[tuple[str, int]] = []  # open skipped elements: tag, depth
        self.skip_start = 0
        self.skip_pre = False
        self.capture: _Capture | None = None
        self.parents: list[tuple[LexborNode, str]] = []  # the walk's open elements
        # (depth, tag) of the open block elements with a `lang` attribute, innermost last
        self.languages: list[tuple[int, str]] = []

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
        self.out.capped = bool(self.blanked)
        return self.out

    def _walk(self, document: LexborNode) -> None:
        """Depth-first over the tree, as enter / text / exit events (no recursion)."""
        parents, on_text, enter, leave = self.parents, self._text, self._enter, self._exit
        languages = self.languages
        node = document.child
        while node is not None:
            tag = node.tag
            if tag == "-text":
                on_text(node, parents[-1][1] if parents else "")
            elif tag and tag[0] not in "-!_":
                declared = (
                    node.attributes.get("lang")
                    if tag in BLOCK_TAGS or tag in ("html", "body")
                    else None
                )
                enter(node, tag, len(parents))  # (flushes the block before, if any)
                if declared is not None:
                    languages.append((len(parents), declared))
                child = node.child
                if child is not None:
                    parents.append((node, tag))
                    node = child
                    continue
                leave(tag, len(parents))
                if declared is not None:
                    languages.pop()
            while node is not None:
                following = node.next
                if following is not None:
                    node = following
                    break
                if not parents:
                    node = None
                    break
                node, tag = parents.pop()
                leave(tag, len(parents))
                if languages and languages[-1][0] == len(parents):
                    languages.pop()

    # -- pieces

    def _sink(self) -> list[ProsePiece]:
        return self.capture.pieces if self.capture else self.current.pieces

    def _add(self, sink: list[ProsePiece], pieces: list[Piece]) -> None:
        for text, start, end in pieces:
            if text is None:
                self._add_verbatim(sink, start, end)
            else:
                self._replace(sink, text, start, end)

    def _replace(self, sink: list[ProsePiece], text: str, start: int, end: int) -> None:
        """`text` stands for source [start, end); never mistaken for a verbatim copy."""
        end = max(start, end)
        if end - start == len(text) and self.text[start:end] != text:
            end = start
        sink.append((text, self.base + start, self.base + end))

    def _add_verbatim(self, sink: list[ProsePiece], start: int, end: int) -> None:
        """Append source text [start, end), leaving out the holes; a tag blanked by
        `cap_depth` reads as one space that is not a copy of the source."""
        if not self.holes and not self.blanked:
            if end > start:
                sink.append((self.text[start:end], self.base + start, None))
            return
        for s, e in self._without_holes(start, end):
            if self.blanked:
                self._add_unblanked(sink, s, e)
            else:
                sink.append((self.text[s:e], self.base + s, None))

    def _add_unblanked(self, sink: list[ProsePiece], start: int, end: int) -> None:
        i = max(0, bisect_right(self.blanked_starts, start) - 1)
        while start < end:
            while i < len(self.blanked) and self.blanked[i][1] <= start:
                i += 1
            if i == len(self.blanked) or self.blanked[i][0] >= end:
                sink.append((self.text[start:end], self.base + start, None))
                return
            tag_start, tag_end = self.blanked[i]
            if tag_start > start:
                sink.append((self.text[start:tag_start], self.base + start, None))
            cut = min(tag_end, end)
            self._replace(sink, " ", max(start, tag_start), cut)
            start = cut

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
        t = node.text_content if _TEXT_CONTENT else node.text(deep=False)
        prose = not self.skip and parent not in _NOT_PROSE
        if not t.strip(_SPACE) and not (prose and (self.capture or self.current.pieces)):
            return  # layout whitespace the block would trim: the gap scan steps over it
        if parent in _RAWTEXT:
            modes: tuple[int, ...] = (_RAW, _NORMAL)  # NORMAL: `<svg><style>` is not raw
        elif parent in _RCDATA:
            modes = (_RCDATA_MODE, _NORMAL)
        else:
            modes = (_NORMAL,)
        pieces = self.align.text(t, modes)
        if not prose:
            return
        sink = self.capture.pieces if self.capture else self.current.pieces
        if len(pieces) == 1 and pieces[0][0] is None and not self.holes and not self.blanked:
            start, end = pieces[0][1], pieces[0][2]
            sink.append((self.text[start:end], self.base + start, None))
        else:
            self._add(sink, pieces)

    def _enter(self, node: LexborNode, tag: str, depth: int) -> None:
        ending = False  # a block element ends an unclosed `<code>` (see `_INLINE_SKIP`)
        if self.skip:
            if tag not in BLOCK_TAGS or not all(name in _INLINE_SKIP for name, _ in self.skip):
                if tag in SKIP_TAGS:
                    self.skip.append((tag, depth))
                if tag == "template" and self._html_template():
                    mark, _values = self.align.start_tag(tag)
                    self.align.skip_template(mark.end if mark else self.align.ahead)
                return
            ending = True
        wanted: list[tuple[str, str]] = []
        if tag not in SKIP_TAGS:
            attributes = node.attributes
            wanted = [(a, v) for a in ("alt", "title") if (v := attributes.get(a))]
        mark, values = None, []
        if ending or wanted or tag in SKIP_TAGS or tag in ("sup", "sub") or tag in _SPACE_TAGS:
            mark, values = self.align.start_tag(tag, wanted, lambda: _fostered(node))
        if ending:
            self._end_skip(mark.start if mark else self.align.ahead)
        self._end_capture()
        if tag in SKIP_TAGS and (mark is not None or tag not in _INLINE_SKIP):
            # A `<code>` without a start tag is the parser's copy of an unclosed one,
            # reopened in each following paragraph: it must not hide them.
            self._begin_skip(tag, depth, mark.start if mark else self.align.ahead)
            if tag == "template" and self._html_template():
                self.align.skip_template(mark.end if mark else self.align.ahead)
            return
        self._attribute_blocks(values)
        if tag in BLOCK_TAGS:
            self._flush()
            if tag not in _VOID:
                kind = _OWN_KIND.get(tag) or (self.stack[-1][3] if self.stack else "paragraph")
                inherited = kind if kind in _INHERITED_KINDS else "paragraph"
                if self.stack and inherited == "paragraph":
                    inherited = self.stack[-1][3]
                self.stack.append((tag, kind, depth, inherited))
                self.current.kind = kind
        elif tag in ("sup", "sub") and mark is not None:
            self.capture = _Capture(tag, mark.start, [])
        elif tag in _SPACE_TAGS:
            start, end = (mark.start, mark.end) if mark else (self.align.ahead, self.align.ahead)
            self._replace(self.current.pieces, " ", start, end)

    def _html_template(self) -> bool:
        """An HTML `<template>`, whose content the tree keeps apart (unlike SVG's)."""
        for _node, tag in reversed(self.parents):
            if tag in ("svg", "math"):
                return False
            if tag in ("foreignObject", "desc", "title", "annotation-xml"):
                return True
        return True

    def _exit(self, tag: str, depth: int) -> None:
        if self.skip:
            if self.skip[-1][1] == depth:
                self.skip.pop()
                mark = self.align.end_tag(tag)  # nested too: `<code><code>x</code></code>`
                if not self.skip:
                    self._end_skip(mark.end if mark else self.align.ahead)
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
        if self.current.pieces:  # most block boundaries come in pairs with nothing between
            tag = self.stack[-1][0] if self.stack else ""
            self._append(self.current.build(), tag)
            self.current = ProseBuilder()
        self.current.kind = self.stack[-1][1] if self.stack else "paragraph"

    def _append(self, block: Block | None, tag: str) -> None:
        if block is None:
            return
        if self.languages:  # the `lang` of the nearest block element or page that has one
            block.language = self.languages[-1][1]
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
    """Read an HTML file: prose blocks, comments, and the `<title>` (else first `<h1>`).

    YAML front matter at the start (an export from a static-site generator) is not
    prose, except its title and description values (`sources.frontmatter`).
    """
    from l2lint.sources.frontmatter import (
        blank_out,
        declared_language,
        front_matter_blocks,
        front_matter_end,
    )

    end = front_matter_end(text)
    front = front_matter_blocks(text, end) if end > 0 else []
    fragment = read_html_fragment(blank_out(text, end) if end > 0 else text)
    front_title = next((b.text for b in front if b.kind == "title"), None)
    if fragment.title is not None:
        title = fragment.title
    else:
        title = front_title if front_title is not None else fragment.first_h1
    return Document(
        path=path,
        source=text,
        blocks=front + fragment.blocks,
        title=title,
        format="html",
        comments=fragment.comments,
        language=declared_language(text),
        # a fix across a blanked tag would drop the tag: such a file is not fixed
        fixable=not fragment.capped,
        unfixable_reason=(
            f"nesting deeper than {MAX_DEPTH} levels is read as plain text"
            if fragment.capped
            else None
        ),
    )
