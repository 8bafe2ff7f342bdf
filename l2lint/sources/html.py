"""HTML: text nodes, `alt` and `title` attributes, with exact positions in the source.

Why a small hand-written tokenizer instead of `html.parser.HTMLParser`: the stdlib parser
reports positions as (line, column) of each event, and with `convert_charrefs=False` it
still has failure modes that matter for a linter fed arbitrary files: `<![foo[` raises
`AssertionError`, an unterminated comment or attribute quote at the end of the file leaks
raw markup into the text, and its handling of comments and `<script>` changed across
3.12/3.13 security releases. selectolax and html5lib expose no source offsets at all.
The tokenizer below yields absolute offsets directly, never raises, behaves the same on
every Python version, and follows HTML5 where it matters for prose: comments (unterminated
ones run to the end of the file), raw-text elements (`script`, `style`, …), RCDATA
(`title`, `textarea`: entities but no tags), character references. One deliberate
tolerance: an attribute quote that is never closed ends at the next `>` rather than
swallowing the rest of the file.

The reader is also used by the Markdown reader for raw HTML blocks, through
`read_html_fragment` with a base offset and "holes" (container prefixes such as `> `
that belong to Markdown, not to the HTML).
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html.entities import html5 as _HTML5

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
_RAWTEXT = _names("script style xmp iframe noembed noframes")
_RCDATA = _names("title textarea")
_VOID = _names("area base br col embed hr img input link meta param source track wbr keygen")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_OWN_KIND = {"title": "title", "td": "table_cell", "th": "table_cell", "li": "list_item"}
_OWN_KIND.update({h: "heading" for h in _HEADINGS})
_OWN_KIND["blockquote"] = "blockquote"
_INHERITED_KINDS = frozenset({"list_item", "table_cell", "blockquote"})

_SUPERSCRIPT = str.maketrans("0123456789+-=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ")
_SUBSCRIPT = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")

_ENTITY = re.compile(r"&(?:#[0-9]{1,10};?|#[xX][0-9a-fA-F]{1,8};?|[A-Za-z][A-Za-z0-9]{0,31};?)")
_SPECIAL = re.compile(r"[<&]")
_TAG_NAME = re.compile(r"[A-Za-z][^\s/>]*")
_SPACE_SLASH = re.compile(r"[\s/]*")
_ATTR_NAME = re.compile(r"[^\s/>][^\s/>=]*")
_ATTR_EQ = re.compile(r"\s*=\s*")
_UNQUOTED = re.compile(r"[^\s>]*")


def script_text(text: str, tag: str) -> str | None:
    """`text` as superscript (`sup`) or subscript (`sub`) characters, or None if impossible.

    This is how `L<sup>2</sup>` reads "L²": the rules then see the brand's real spelling.
    """
    table = _SUPERSCRIPT if tag == "sup" else _SUBSCRIPT
    converted = text.translate(table)
    if not text or any(a == b for a, b in zip(text, converted, strict=True)):
        return None
    return converted


def decode_entity(raw: str) -> str | None:
    """The text of a character reference such as `&sup2;`, or None when it is not one."""
    if raw.startswith("&#"):
        return _html.unescape(raw if raw.endswith(";") else raw + ";")
    name = raw[1:]
    if name in _HTML5 and (name.endswith(";") or name + ";" in _HTML5):
        return _HTML5[name]
    return None


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class Attr:
    """An attribute; value_start/value_end are absolute offsets of the value (-1: none)."""

    name: str
    value_start: int
    value_end: int


@dataclass(frozen=True)
class Token:
    """One lexical unit: kind is text, entity, start, end, comment or other."""

    kind: str
    start: int
    end: int
    name: str = ""
    data: str = ""
    attrs: tuple[Attr, ...] = ()
    selfclosing: bool = False


def tokenize(text: str) -> Iterator[Token]:
    """Split HTML into tokens with absolute offsets; never raises."""
    i, n = 0, len(text)
    while i < n:
        j = _next_special(text, i, n)
        if j > i:
            yield Token("text", i, j)
        if j >= n:
            break
        if text[j] == "&":
            stop = j + 1 + _entity_length(text, j)
            yield from _text_tokens(text, j, stop)
            i = stop
            continue
        token = _markup(text, j)
        if token is None:
            yield Token("text", j, j + 1)
            i = j + 1
            continue
        yield token
        i = token.end
        if token.kind == "start" and not token.selfclosing:
            i = yield from _element_content(text, token)


def _next_special(text: str, i: int, n: int) -> int:
    m = _SPECIAL.search(text, i)
    return m.start() if m else n


def _entity_length(text: str, j: int) -> int:
    """Length after the `&` of a character reference at j (0 when there is none)."""
    m = _ENTITY.match(text, j)
    if m and decode_entity(m.group()) is not None:
        return len(m.group()) - 1
    return 0


def _text_tokens(text: str, start: int, end: int) -> Iterator[Token]:
    """Text and entity tokens of a range in which no markup is recognised."""
    i = start
    while i < end:
        amp = text.find("&", i, end)
        if amp < 0:
            yield Token("text", i, end)
            return
        if amp > i:
            yield Token("text", i, amp)
        m = _ENTITY.match(text, amp, end)
        decoded = decode_entity(m.group()) if m else None
        if m is None or decoded is None:
            yield Token("text", amp, amp + 1)
            i = amp + 1
            continue
        yield Token("entity", amp, m.end(), data=decoded)
        i = m.end()


def _markup(text: str, j: int) -> Token | None:
    """The markup token starting with `<` at j, or None when the `<` is plain text."""
    if text.startswith("<!--", j):
        return _comment(text, j)
    nxt = text[j + 1 : j + 2]
    if nxt in ("!", "?"):
        if text.startswith("<![CDATA[", j):
            close = text.find("]]>", j + 9)
            return Token("other", j, len(text) if close < 0 else close + 3)
        return _bogus(text, j)
    if nxt == "/":
        return _end_tag(text, j)
    if _TAG_NAME.match(text, j + 1):
        return _start_tag(text, j)
    return None


def _comment(text: str, j: int) -> Token:
    for abrupt in ("<!-->", "<!--->"):
        if text.startswith(abrupt, j):
            return Token("comment", j, j + len(abrupt), data="")
    ends = [(text.find(c, j + 4), c) for c in ("-->", "--!>")]
    found = [(p, c) for p, c in ends if p >= 0]
    if not found:
        return Token("comment", j, len(text), data=text[j + 4 :])
    pos, closer = min(found)
    return Token("comment", j, pos + len(closer), data=text[j + 4 : pos])


def _bogus(text: str, j: int) -> Token:
    close = text.find(">", j + 2)
    return Token("other", j, len(text) if close < 0 else close + 1)


def _end_tag(text: str, j: int) -> Token:
    m = _TAG_NAME.match(text, j + 2)
    if m is None:
        if text.startswith("</>", j):
            return Token("other", j, j + 3)
        return _bogus(text, j)
    _attrs, end, _closed = _scan_attributes(text, m.end())
    return Token("end", j, end, name=m.group().lower())


def _start_tag(text: str, j: int) -> Token:
    m = _TAG_NAME.match(text, j + 1)
    assert m is not None
    attrs, end, selfclosing = _scan_attributes(text, m.end())
    return Token("start", j, end, m.group().lower(), attrs=attrs, selfclosing=selfclosing)


def _scan_attributes(text: str, i: int) -> tuple[tuple[Attr, ...], int, bool]:
    """Attributes from i up to the closing `>`: (attrs, end offset, self-closing)."""
    attrs: list[Attr] = []
    n = len(text)
    while True:
        i = _SPACE_SLASH.match(text, i).end()
        if i >= n:
            return tuple(attrs), n, False
        if text[i] == ">":
            return tuple(attrs), i + 1, text[i - 1] == "/"
        name = _ATTR_NAME.match(text, i)
        assert name is not None
        i = name.end()
        eq = _ATTR_EQ.match(text, i)
        if not eq:
            attrs.append(Attr(name.group().lower(), -1, -1))
            continue
        start, end, i = _attr_value(text, eq.end())
        attrs.append(Attr(name.group().lower(), start, end))


def _attr_value(text: str, i: int) -> tuple[int, int, int]:
    """(value start, value end, offset after the value); see the module note on quotes."""
    quote = text[i : i + 1]
    if quote in ('"', "'"):
        close = text.find(quote, i + 1)
        if close >= 0:
            return i + 1, close, close + 1
        gt = text.find(">", i + 1)
        stop = len(text) if gt < 0 else gt
        return i + 1, stop, stop
    m = _UNQUOTED.match(text, i)
    return i, m.end(), m.end()


def _element_content(text: str, token: Token) -> Iterator[Token]:
    """Tokens of raw-text/RCDATA element content; returns where normal parsing resumes."""
    if token.name not in _RAWTEXT and token.name not in _RCDATA:
        return token.end
    close = re.compile(rf"</{re.escape(token.name)}[\s/>]", re.IGNORECASE).search(text, token.end)
    stop = len(text) if close is None else close.start()
    if token.name in _RCDATA:
        yield from _text_tokens(text, token.end, stop)
    elif stop > token.end:
        yield Token("other", token.end, stop)
    return stop


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


class _Reader:
    """Turns HTML tokens into blocks: block tags split, inline tags do not."""

    def __init__(self, text: str, base: int, holes: Sequence[tuple[int, int]]) -> None:
        self.text = text
        self.base = base
        self.holes = sorted((s - base, e - base) for s, e in holes if e > s)
        self.out = HtmlFragment()
        self.stack: list[tuple[str, str]] = []
        self.current = ProseBuilder()
        self.skip: list[str] = []
        self.skip_start = 0
        self.capture: _Capture | None = None

    def run(self) -> HtmlFragment:
        for token in tokenize(self.text):
            self._token(token)
        if self.skip:
            self._end_skip(len(self.text))
        self._flush()
        self.out.blocks.sort(key=lambda b: b.source_start(0))
        return self.out

    # -- dispatch

    def _token(self, token: Token) -> None:
        if token.kind == "comment":
            self.out.comments.append((self.base + token.start, self.base + token.end, token.data))
        elif token.kind == "start":
            self._start(token)
        elif token.kind == "end":
            self._end(token)
        elif self.skip:
            return
        elif token.kind == "text":
            self._add_verbatim(self._sink(), token.start, token.end)
        elif token.kind == "entity":
            self._sink().append((token.data, self.base + token.start, self.base + token.end))

    def _sink(self) -> list[tuple[str, int, int | None]]:
        return self.capture.pieces if self.capture else self.current.pieces

    def _add_verbatim(self, sink: list, start: int, end: int) -> None:
        """Append source text [start, end), leaving out the holes."""
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

    # -- tags

    def _start(self, token: Token) -> None:
        name = token.name
        if self.skip:
            if self._skip_ends_at(name):
                self._end_skip(token.start)
            else:
                if name in SKIP_TAGS and not token.selfclosing and name not in _VOID:
                    self.skip.append(name)
                return
        self._end_capture()
        if name in SKIP_TAGS and not token.selfclosing:
            self._begin_skip(name, token.start)
            return
        self._attribute_blocks(token)
        if name in BLOCK_TAGS:
            self._flush()
            if name not in _VOID and not token.selfclosing:
                self.stack.append((name, self._kind_for(name)))
                self.current.kind = self.stack[-1][1]
        elif name in ("sup", "sub") and not token.selfclosing:
            self.capture = _Capture(name, token.start, [])
        elif name == "img":
            self.current.add(" ", self.base + token.start, self.base + token.end)

    def _end(self, token: Token) -> None:
        name = token.name
        if self.skip:
            if name in self.skip:
                while self.skip.pop() != name:
                    pass
                if not self.skip:
                    self._end_skip(token.end)
                return
            if not self._skip_ends_at(name):
                return
            self._end_skip(token.start)
        if self.capture and name == self.capture.tag:
            self._finish_capture(token.end)
            return
        self._end_capture()
        if name in BLOCK_TAGS:
            self._flush()
            if any(tag == name for tag, _ in self.stack):
                while self.stack.pop()[0] != name:
                    pass
            self.current.kind = self.stack[-1][1] if self.stack else "paragraph"

    def _kind_for(self, name: str) -> str:
        if name in _OWN_KIND:
            return _OWN_KIND[name]
        for _tag, kind in reversed(self.stack):
            if kind in _INHERITED_KINDS:
                return kind
        return "paragraph"

    # -- skipped elements (script, code, …)

    def _begin_skip(self, name: str, start: int) -> None:
        if name == "pre":
            self._flush()
        self.skip = [name]
        self.skip_start = start

    def _skip_ends_at(self, name: str) -> bool:
        """An unclosed `<code>` must not hide the rest of the page: a block tag ends it."""
        return name in BLOCK_TAGS and all(tag in _INLINE_SKIP for tag in self.skip)

    def _end_skip(self, end: int) -> None:
        """A skipped element reads as one space, so words on both sides do not fuse."""
        pre = "pre" in self.skip
        self.skip = []
        if pre:
            self._flush()
        else:
            self.current.add(" ", self.base + self.skip_start, self.base + end)

    # -- <sup>/<sub>

    def _finish_capture(self, end: int) -> None:
        capture = self.capture
        assert capture is not None
        self.capture = None
        converted = script_text("".join(p[0] for p in capture.pieces), capture.tag)
        if converted is None:
            self.current.pieces.extend(capture.pieces)
        else:
            self.current.add(converted, self.base + capture.start, self.base + end)

    def _end_capture(self) -> None:
        """Give up reading a `<sup>` as one character: keep its text as it is."""
        if self.capture:
            self.current.pieces.extend(self.capture.pieces)
            self.capture = None

    # -- blocks

    def _attribute_blocks(self, token: Token) -> None:
        for attr in token.attrs:
            if attr.value_start < 0 or attr.name not in ("alt", "title"):
                continue
            builder = ProseBuilder("alt" if attr.name == "alt" else "title_attr")
            for piece in _text_tokens(self.text, attr.value_start, attr.value_end):
                if piece.kind == "entity":
                    builder.add(piece.data, self.base + piece.start, self.base + piece.end)
                else:
                    self._add_verbatim(builder.pieces, piece.start, piece.end)
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
