"""Markdown (CommonMark + GFM tables, strikethrough, task lists and footnotes): the prose
of a document, mapped back to the source.

pyromark (Python bindings of pulldown-cmark, https://github.com/pulldown-cmark) gives the
document as a flat stream of events, each with its source range in UTF-8 byte offsets, inline
events included. The reader follows the stream with a stack of open containers (no recursion,
so nesting depth is limited by memory only): a text event is checked against the source at
its offset and then taken from the source (a verbatim piece is exact by construction),
escapes and entities cover their markup, emphasis and link delimiters are simply not prose,
code spans, autolinks and images read as one space, raw inline tags as nothing, and inline
elements that hold no prose in HTML (`<code>`, `<kbd>`, `<script>`, `<style>`, ...:
`html.SKIP_TAGS`) as one space up to their end tag. A footnote reference (`[^label]`) is an
identifier and reads as nothing; the footnote's text is prose. Byte offsets become character
offsets without a per-byte table: ASCII text needs no conversion, text with few other
characters a short table of where they are, and any other text a cursor that follows the
walk (which visits the source in order, so the text is decoded about once).

Large inputs are parsed in chunks of about `_CHUNK` characters, so that the events of a
whole 50 MB file are never in memory at once. A chunk ends before a line that starts with a
non-space character after a blank line: there every open block (paragraph, list, quote,
table, HTML block of types 6 and 7) has ended, unless a fenced code block, an HTML comment or
a raw HTML block of types 1-5 (`<script`, `<pre`, `<style`, `<textarea`, `<?`, `<!X`,
`<![CDATA[`) is still open, which a line scanner tracks. As a safety net, a chunk whose last
top-level block runs into its trailing blank line (so it would have gone on) is parsed again
together with the next one. Only the first chunk may hold front matter. Known limit: a
reference link or footnote whose definition is in another chunk does not resolve, so it
reads as its literal text (`[LUMIX][ref]`).

Front matter (`---` YAML, `+++` TOML) is read here, not by the parser: its `title` and
`description` values are prose, and the parser gets the text with the front matter blanked.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Any

import pyromark

from l2lint.document import Block, Document, Segment
from l2lint.sources.html import SKIP_TAGS, read_html_fragment, script_text

_CHUNK = 1_000_000  # characters per parse

_SURROGATE = re.compile("[\ud800-\udfff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_NEWLINE = re.compile(r"\r\n|\r|\n")
_LINE_BREAK = re.compile(r"\r\n?|\n")
_SCRIPT_OPEN = re.compile(r"<(sup|sub)(?:\s[^>]*)?>\Z", re.IGNORECASE)
_SKIP_OPEN = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])", re.IGNORECASE)
_SPACE_TAG = re.compile(r"<(?:br|img)\b", re.IGNORECASE)
_ATTRIBUTE_PROSE = re.compile(r"""[\s"'/](?:alt|title)\s*=""", re.IGNORECASE)
_YAML_KEY = re.compile(r"(title|description)[ \t]*:(?=[ \t]|$)[ \t]*")
_TOML_KEY = re.compile(r"(title|description)[ \t]*=[ \t]*")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "0": "\0", "e": "\x1b"}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
# A GFM footnote reference: `[^label]`, the label without white space or brackets.
_FOOTNOTE_LABEL = re.compile(r"\[\^[^\]\[\s\\]+\]")
# A YAML line that opens a sequence entry or a mapping key, not a scalar.
_COLLECTION = re.compile(r"[-?:](?:[ \t]|$)|[^#]*?:(?:[ \t]|$)")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_TASKLISTS
    | pyromark.Options.ENABLE_FOOTNOTES
)

Piece = tuple[str | None, int, int]  # (None: a copy of the source, start, end)
Event = tuple[Any, Any]  # (pyromark event, {"start": byte, "end": byte})


# --------------------------------------------------------------------------- offsets


class _Offsets:
    """UTF-8 byte offsets of one parsed text to its character offsets.

    Text with few non-ASCII characters (ASCII text: none) has a table of where they are and
    how many extra bytes they add, looked up by bisection. Otherwise a cursor (byte, char)
    moves to each offset asked for and decodes only the bytes in between; the walk asks in
    source order, so the text is decoded about once in all.
    """

    __slots__ = ("data", "size", "byte", "char", "starts", "extra")

    def __init__(self, text: str) -> None:
        self.data = None if text.isascii() else text.encode("utf-8")
        self.size = len(text) if self.data is None else len(self.data)  # in bytes
        self.byte = self.char = 0
        self.starts: list[int] | None = None  # byte offset of each non-ASCII character
        self.extra = [0]  # extra bytes of the first k non-ASCII characters
        if self.data is None or (self.size - len(text)) * 64 < len(text):
            self.starts = []
            for m in _NON_ASCII.finditer(text) if self.data is not None else ():
                self.starts.append(m.start() + self.extra[-1])
                self.extra.append(self.extra[-1] + len(m.group().encode("utf-8")) - 1)

    def __call__(self, offset: int) -> int:
        offset = min(offset, self.size)
        if self.starts is not None:
            return offset - self.extra[bisect.bisect_left(self.starts, offset)]
        data = self.data
        assert data is not None  # text with many non-ASCII characters
        while offset < len(data) and data[offset] & 0xC0 == 0x80:
            offset -= 1  # inside a character: its first byte
        if offset >= self.byte:
            self.char += len(data[self.byte : offset].decode("utf-8"))
        else:
            self.char -= len(data[offset : self.byte].decode("utf-8"))
        self.byte = offset
        return self.char


# --------------------------------------------------------------------------- prose


class _Prose:
    """The pieces of one block: (None, start, end) copies the source, (text, start, end)
    replaces it. Adjacent copies merge, so a plain paragraph is one segment."""

    __slots__ = ("kind", "pieces", "pos", "limit", "skip")

    def __init__(self, kind: str, pos: int, limit: int) -> None:
        self.kind = kind
        self.pieces: list[Piece] = []
        self.pos = pos  # where the next piece is looked for
        self.limit = limit  # the end of the block
        self.skip = -1  # the end of a comment the parser read as text: nothing before is prose

    def copy(self, start: int, end: int) -> None:
        pieces = self.pieces
        if pieces and pieces[-1][0] is None and pieces[-1][2] == start:
            pieces[-1] = (None, pieces[-1][1], end)
        elif end > start:
            pieces.append((None, start, end))
        self.pos = end

    def replace(self, text: str, start: int, end: int) -> None:
        self.pieces.append((text, start, end))
        self.pos = max(self.pos, end)

    def build(self, source: str, base: int = 0) -> Block | None:
        """The block (offsets moved by `base`) with whitespace trimmed at both ends, or None
        if it holds no prose."""
        if len(self.pieces) == 1 and self.pieces[0][0] is None:  # the usual case, made fast
            _, low, high = self.pieces[0]
            text = source[low + base : high + base]
            stripped = text.strip()
            if not stripped:
                return None
            low += base + len(text) - len(text.lstrip())
            segment = Segment(0, len(stripped), low, low + len(stripped))
            return Block(text=stripped, kind=self.kind, segments=[segment])
        items: list[tuple[str, int, int | None]] = [
            (source[s + base : e + base], s + base, None) if t is None else (t, s + base, e + base)
            for t, s, e in self.pieces
        ]
        first, last = 0, len(items)
        while first < last and not items[first][0].strip():
            first += 1
        while last > first and not items[last - 1][0].strip():
            last -= 1
        if first == last:
            return None
        text, start, end = items[first]
        if end is None:
            stripped = text.lstrip()
            items[first] = (stripped, start + len(text) - len(stripped), None)
        text, start, end = items[last - 1]
        if end is None:
            items[last - 1] = (text.rstrip(), start, None)
        parts: list[str] = []
        segments: list[Segment] = []
        length = 0
        for text, start, end in items[first:last]:
            if not text:
                continue
            if end is None:
                end = start + len(text)
            elif end - start == len(text) and source[start:end] != text:
                end = start  # a guess the map would otherwise call a verbatim copy
            parts.append(text)
            segments.append(Segment(length, length + len(text), start, end))
            length += len(text)
        return Block(text="".join(parts), kind=self.kind, segments=segments)


# --------------------------------------------------------------------------- chunks

_SPLIT = re.compile(r"(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r(?!\n)|\n)(?=[^ \t\r\n])")
# A line opening a block that a blank line does not end: a code fence (a backtick fence's
# info string has no backtick) or an HTML block of types 1-5.
_OPEN_LINE = (
    r" {0,3}(?:(?P<fence>`{3,}(?=[^`\r\n]*(?:[\r\n]|\Z))|~{3,})"
    r"|<(?:(?P<raw>script|pre|style|textarea)(?=[ \t>\r\n]|\Z)"
    r"|(?P<comment>!--)|(?P<pi>\?)|(?P<cdata>!\[CDATA\[)|(?P<decl>![A-Za-z])))"
)
_OPENER = re.compile(r"[\r\n]" + _OPEN_LINE, re.IGNORECASE)
_FIRST_OPENER = re.compile(_OPEN_LINE, re.IGNORECASE)
_HTML_END = {
    "raw": re.compile(r"</(?:script|pre|style|textarea)>", re.IGNORECASE),
    "comment": re.compile("-->"),
    "pi": re.compile(r"\?>"),
    "cdata": re.compile(r"\]\]>"),
    "decl": re.compile(">"),
}
_LINE_END = re.compile(r"[\r\n]|\Z")


def _line_end(text: str, pos: int) -> int:
    """Where the line holding `pos` ends (its line break, or the end of `text`)."""
    found = _LINE_END.search(text, pos)
    return found.start() if found is not None else len(text)


@functools.lru_cache(maxsize=32)
def _fence_closer(char: str, size: int) -> re.Pattern[str]:
    return re.compile(rf"[\r\n] {{0,3}}{re.escape(char)}{{{size},}}[ \t]*(?=[\r\n]|\Z)")


def _region_end(text: str, opener: re.Match[str]) -> int:
    """Where the fence or HTML block that `opener` starts ends (-1: it never does)."""
    kind = opener.lastgroup or "fence"
    if kind == "fence":
        fence = opener.group("fence")
        line_end = _line_end(text, opener.end())
        closer = _fence_closer(fence[0], len(fence)).search(text, line_end)
        return closer.end() if closer else -1
    end = _HTML_END[kind].search(text, opener.end())
    return _line_end(text, end.end()) if end else -1


def _split_points(text: str, begin: int, size: int) -> list[int]:
    """Offsets where `text` can be cut into parts of about `size` characters, parsed apart.

    Each is the start of a line that begins with a non-space character after a blank line,
    outside code fences and HTML blocks of types 1-5; none before `begin` (front matter).
    """
    points: list[int] = []
    chunk = 0
    pos = begin
    opener = (_FIRST_OPENER.match(text) if begin == 0 else None) or _OPENER.search(text, pos)
    while chunk + size < len(text):
        split = _SPLIT.search(text, max(chunk + size, pos))
        if split is None:
            break
        if opener is not None and opener.start() < split.start():
            pos = _region_end(text, opener)
            if pos < 0:
                break
            opener = _OPENER.search(text, pos)
            continue
        chunk = pos = split.end()
        points.append(chunk)
    return points


def _runs_on(events: list[Event], text: str, at: _Offsets) -> bool:
    """Whether the chunk's last top-level block goes past its last line (cut too early).

    `events` are the chunk's events; the last one closes its last top-level block."""
    if not events or _name(events[-1][0]) not in ("End:CodeBlock", "End:HtmlBlock"):
        return False
    end = len(text)
    while end and text[end - 1] in " \t\r\n":
        end -= 1
    line_end = _line_end(text, end)
    # the text after line_end is ASCII whitespace: as many bytes as characters
    return events[-1][1]["end"] > at.size - (len(text) - line_end)


# --------------------------------------------------------------------------- parsing


def _parse(text: str) -> list[Event]:
    """The events of `text` with their byte ranges (see the module docstring)."""
    return list(pyromark.events_with_range(text, options=_OPTIONS))


def _name(event: Any) -> str:
    """The name of an event: "Text", "Start:Paragraph", "End:Item", "SoftBreak" ..."""
    if isinstance(event, str):
        return event
    key = next(iter(event))
    if key in ("Start", "End"):
        tag = event[key]
        return f"{key}:{tag if isinstance(tag, str) else next(iter(tag))}"
    return key


# --------------------------------------------------------------------------- front matter


@dataclass
class _Lines:
    """Line spans of the front matter (CRLF, CR or LF)."""

    starts: list[int]
    ends: list[int]
    # offset of the character a line break maps to: the "\n" of "\r\n"; -1 after the last line
    breaks: list[int]

    @classmethod
    def of(cls, text: str, end: int) -> _Lines:
        starts, ends, breaks = [0], [], []
        for m in _NEWLINE.finditer(text, 0, end):
            ends.append(m.start())
            breaks.append(m.end() - 1)
            starts.append(m.end())
        ends.append(end)
        breaks.append(-1)
        return cls(starts, ends, breaks)

    def __len__(self) -> int:
        return len(self.starts)

    def span(self, index: int) -> tuple[int, int]:
        return self.starts[index], self.ends[index]


def _yaml_end(text: str) -> int:
    """End of `---` front matter (its closing line), or -1: the first line starts with
    three dashes or more after any indentation, the closing line with as many."""
    m = re.match(r"[ \t]*(-{3,})[^\r\n]*", text)
    if m is None:
        return -1
    closer = re.compile(rf"[\r\n][ \t]*-{{{len(m.group(1))}}}[^\r\n]*").search(text, m.end())
    return closer.end() if closer else -1


def _toml_end(text: str) -> int:
    """End of `+++` front matter (its closing line), or -1."""
    m = re.match(r"\+\+\+([^\r\n]*)", text)
    if m is None or m.group(1).strip():
        return -1
    for closer in re.finditer(r"[\r\n]\+\+\+([^\r\n]*)", text):
        if not closer.group(1).strip():
            return closer.end()
    return -1


def _front_matter_blocks(source: str, end: int, toml: bool) -> list[Block]:
    """Blocks for the top-level `title` and `description` values of source[:end]."""
    lines = _Lines.of(source, end)
    last = len(lines) - 1  # the closing line
    blocks: list[Block] = []
    key_re = _TOML_KEY if toml else _YAML_KEY
    for index in range(1, last):
        start, stop = lines.span(index)
        if toml and source.startswith("[", start):
            break
        m = key_re.match(source, start, stop)
        if m is None:
            continue
        prose = _Prose(m.group(1), start, stop)
        for text, at, to in _scalar(source, lines, index, m.end(), last, toml):
            prose.pieces.append((None, at, at + len(text)) if to is None else (text, at, to))
        block = prose.build(source)
        if block is not None:
            blocks.append(block)
    return blocks


def _scalar(
    text: str, lines: _Lines, index: int, start: int, last: int, toml: bool
) -> list[tuple[str, int, int | None]]:
    """The pieces of a YAML/TOML scalar value starting at `start` on line `index`."""
    end = lines.ends[index]
    first = text[start:end].rstrip()
    if first.startswith('"'):
        return _double_quoted(text, start + 1, end)
    if first.startswith("'"):
        return _single_quoted(text, start + 1, end, toml)
    if not toml and (not first or first.startswith("#")) and index + 1 < last:
        return _next_line_scalar(text, lines, index + 1, last)
    if toml or not first or first[0] in "[]{}&*!%@`,#":
        return []
    if first[0] in "|>":
        return _block_scalar(text, lines, index + 1, last, fold=first[0] == ">")
    comment = re.search(r"[ \t]#", first)
    value = first[: comment.start()] if comment else first
    return [(value.rstrip(), start, None), *_continuation(text, lines, index + 1, last)]


def _next_line_scalar(
    text: str, lines: _Lines, index: int, last: int
) -> list[tuple[str, int, int | None]]:
    """The pieces of a value that starts on line `index`, below its `key:` (YAML 1.2.2,
    section 8.2.3: a node may start on a more indented next line): a plain or quoted
    scalar, not a sequence (`- a`) or a nested mapping (`en: a`)."""
    start, end = lines.span(index)
    line = text[start:end]
    value = line.strip()
    if line[:1] not in (" ", "\t") or not value or value.startswith("#"):
        return []
    if value[0] not in "\"'" and _COLLECTION.match(value):
        return []
    return _scalar(text, lines, index, start + len(line) - len(line.lstrip()), last, False)


def _double_quoted(text: str, start: int, end: int) -> list[tuple[str, int, int | None]]:
    pieces: list[tuple[str, int, int | None]] = []
    i = start
    while i < end and text[i] != '"':
        if text[i] != "\\" or i + 1 >= end:
            pieces.append((text[i], i, None))
            i += 1
            continue
        code = text[i + 1]
        size = _HEX_ESCAPES.get(code, 0)
        try:
            char = chr(int(text[i + 2 : i + 2 + size], 16)) if size else _ESCAPES.get(code, code)
        except ValueError:
            char = code
        pieces.append((char, i, i + 2 + size))
        i += 2 + size
    return pieces


def _single_quoted(
    text: str, start: int, end: int, toml: bool
) -> list[tuple[str, int, int | None]]:
    pieces: list[tuple[str, int, int | None]] = []
    i = start
    while i < end:
        if text[i] == "'":
            if toml or not text.startswith("''", i):
                break
            pieces.append(("'", i, i + 2))
            i += 2
            continue
        pieces.append((text[i], i, None))
        i += 1
    return pieces


def _block_scalar(
    text: str, lines: _Lines, index: int, last: int, fold: bool
) -> list[tuple[str, int, int | None]]:
    """`|` keeps line breaks, `>` folds them into spaces."""
    pieces: list[tuple[str, int, int | None]] = []
    previous = -1
    while index < last:
        start, end = lines.span(index)
        line = text[start:end]
        if line.strip() and not line[:1].isspace():
            break
        if line.strip():
            lead = len(line) - len(line.lstrip())
            if previous >= 0:
                pieces.append(_join(lines, previous, start + lead, fold))
            pieces.append((line.strip(), start + lead, None))
            previous = index
        index += 1
    return pieces


def _continuation(
    text: str, lines: _Lines, index: int, last: int
) -> list[tuple[str, int, int | None]]:
    """More-indented lines continuing a plain YAML scalar, folded into spaces."""
    pieces: list[tuple[str, int, int | None]] = []
    while index < last:
        start, end = lines.span(index)
        line = text[start:end]
        if not line.strip() or not line[:1].isspace() or line.lstrip().startswith("#"):
            break
        lead = len(line) - len(line.lstrip())
        pieces.append(_join(lines, index - 1, start + lead, fold=True))
        pieces.append((line.strip(), start + lead, None))
        index += 1
    return pieces


def _join(lines: _Lines, previous: int, next_start: int, fold: bool) -> tuple[str, int, int | None]:
    if fold:
        return (" ", lines.ends[previous], next_start)
    return ("\n", lines.breaks[previous], lines.breaks[previous] + 1)


# --------------------------------------------------------------------------- event walk

# Blocks whose text is code or metadata, never prose.
_CODE = frozenset({"CodeBlock", "MetadataBlock", "DisplayMath"})
# Containers and the kind they give the paragraphs inside them.
_CONTAINER_KIND = {
    "BlockQuote": "blockquote",
    "Item": "list_item",
    "FootnoteDefinition": "footnote",
}
_INLINE_TAGS = frozenset(
    {"Emphasis", "Strong", "Strikethrough", "Superscript", "Subscript", "Link", "Image"}
)
# Blocks that hold inline content, and the kind of block they make.
_PROSE_KIND = {"Heading": "heading", "TableCell": "table_cell"}


class _Walker:
    """Turns one chunk's events into blocks, iteratively. Offsets are the chunk's own until
    they are stored: blocks, comments and HTML fragments get the chunk's `base` added."""

    def __init__(self, reader: _MarkdownReader, text: str, at: _Offsets, base: int) -> None:
        self.source = reader.source  # verbatim pieces are sliced from it
        self.text = text  # the chunk as parsed (lone surrogates replaced, …)
        self.at = at
        self.base = base
        self.blocks = reader.blocks
        self.comments = reader.comments
        self.extra: list[Block] = []
        self.kinds: list[str] = ["paragraph"]  # the kind paragraphs get, per open container
        self.containers: list[str] = []  # names of the open containers and blocks
        self.prose: list[_Prose] = []  # the open block, then any image alt texts inside it
        self.html: list[tuple[int, int]] | None = None  # the line ranges of an HTML block
        self.code = 0  # depth inside code blocks and metadata
        self.table = 0  # depth inside table cells

    def span(self, ranges: Any) -> tuple[int, int]:
        return self.at(ranges["start"]), self.at(ranges["end"])

    def walk(self, events: list[Event]) -> None:
        i, count = 0, len(events)
        while i < count:
            event, ranges = events[i]
            name = event if type(event) is str else next(iter(event))
            if name == "Start":
                tag = event["Start"]
                i = self.start(tag if type(tag) is str else next(iter(tag)), events, i)
            elif name == "End":
                tag = event["End"]
                self.end(tag if type(tag) is str else next(iter(tag)), ranges)
            elif self.code:
                pass
            elif self.html is not None:
                if name == "Html":
                    self.html.append(self.span(ranges))
            else:
                i = self.inline(name, event, events, i)
            i += 1
        while self.prose:  # never happens with well-formed events
            self.close()

    # -- blocks

    def start(self, tag: str, events: list[Event], i: int) -> int:
        """A container or block opens; returns the index of the last event it used."""
        ranges = events[i][1]
        if tag not in _INLINE_TAGS:
            self.tight_item_ends()
        if tag in _CODE:
            self.code += 1
        elif self.code:
            pass
        elif tag == "Paragraph":
            start, end = self.span(ranges)
            self.open(self.kinds[-1], start, end)
        elif tag in _PROSE_KIND:
            start, end = self.span(ranges)
            self.open(_PROSE_KIND[tag], start, end)
            self.table += tag == "TableCell"
        elif tag in _CONTAINER_KIND:
            self.kinds.append(_CONTAINER_KIND[tag])
        elif tag == "HtmlBlock":
            self.html = []
        elif tag == "Image":
            self.image_start(ranges)
            self.title(events[i][0]["Start"]["Image"].get("title") or "", ranges)
        elif tag == "Link":
            self.title(events[i][0]["Start"]["Link"].get("title") or "", ranges)
            link_type = events[i][0]["Start"]["Link"].get("link_type")
            if link_type in ("Autolink", "Email"):
                return self.atomic(events, i)
        self.containers.append(tag)
        return i

    def tight_item_ends(self) -> None:
        """A block opening inside a tight list item ends the item's own inline content."""
        if self.prose and self.containers and self.containers[-1] == "Item":
            self.close()

    def end(self, tag: str, ranges: Any) -> None:
        if self.containers:
            self.containers.pop()
        if tag in _CODE:
            self.code -= 1
        elif self.code:
            pass
        elif tag in ("Paragraph", "Heading", "TableCell", "Item"):
            if self.prose:
                self.close()
            self.table -= tag == "TableCell"
            if tag == "Item":
                self.kinds.pop()
        elif tag in _CONTAINER_KIND:
            self.kinds.pop()
        elif tag == "HtmlBlock":
            self.html_block()
        elif tag == "Image":
            self.image_end()
        elif tag == "Link" and self.prose:
            out = self.prose[-1]
            out.pos = max(out.pos, self.at(ranges["end"]))

    def open(self, kind: str, start: int, end: int) -> None:
        self.prose = [_Prose(kind, start, end)]

    def close(self) -> None:
        """The open block ends (with any alt text still open in it: malformed input)."""
        while len(self.prose) > 1:
            self.image_end()
        prose = self.prose.pop()
        block = prose.build(self.source, self.base)
        if block is not None:
            self.blocks.append(block)
        if self.extra:
            self.blocks.extend(self.extra)
            self.extra = []

    def out(self, start: int, end: int) -> _Prose:
        """The block inline content goes to: the open one, else a tight list item's."""
        if not self.prose:
            kind = "list_item" if self.containers and self.containers[-1] == "Item" else "paragraph"
            self.open(kind, start, len(self.text))
        return self.prose[-1]

    def html_block(self) -> None:
        """Raw HTML: its text is prose, read by the HTML reader at the right offset; the
        container marks (`> `, list indentation) between its lines read as spaces."""
        lines, self.html = self.html or [], None
        if not lines:
            return
        start, end = lines[0][0], lines[-1][1]
        base = self.base
        holes = [
            (a + base, b + base) for (_, a), (b, _) in zip(lines, lines[1:], strict=False) if b > a
        ]
        parts, at = [], start + base
        for hole_start, hole_end in holes:
            # container marks read as spaces; a line ending the parser left out (a lone CR)
            # stays a line ending
            hole = self.source[hole_start:hole_end]
            parts += [self.source[at:hole_start], "".join(c if c in "\r\n" else " " for c in hole)]
            at = hole_end
        parts.append(self.source[at : end + base])
        fragment = read_html_fragment("".join(parts), start + base, holes)
        self.blocks.extend(fragment.blocks)
        self.comments.extend(fragment.comments)

    # -- inline

    def inline(self, name: str, event: Any, events: list[Event], i: int) -> int:
        """One inline event; returns the index of the last event it used."""
        ranges = events[i][1]
        start, end = self.span(ranges)
        if name == "Text":
            if event["Text"] == "[" and self.text.startswith("[^", start):
                last = self.unresolved_footnote(events, i, start)
                if last > i:
                    return last
            self.text_event(event["Text"], start, end, self.out(start, end))
        elif name in ("SoftBreak", "HardBreak"):
            self.newline(start, end, self.out(start, end))
        elif name == "InlineHtml":
            return self.html_inline(events, i, start, end, self.out(start, end))
        elif name in ("Code", "InlineMath"):
            self.out(start, end).replace(" ", start, end)  # not prose, keeps words apart
        elif name in ("FootnoteReference", "TaskListMarker"):
            out = self.out(start, end)  # an identifier, a checkbox: not prose
            out.pos = max(out.pos, end)
        elif name == "Html":  # HTML outside an HTML block (never seen): not prose
            pass
        return i

    def unresolved_footnote(self, events: list[Event], i: int, start: int) -> int:
        """A footnote reference whose definition is missing (or in another chunk) is text to
        the parser, but still a label, not prose: `[^lumix-note]` reads as nothing. Returns
        the index of its last text event, or `i` if the text there is no such label."""
        label = _FOOTNOTE_LABEL.match(self.text, start)
        if label is None:
            return i
        for j in range(i + 1, len(events)):
            event, ranges = events[j]
            if _name(event) != "Text":
                return i
            end = self.at(ranges["end"])
            if end >= label.end():
                if end > label.end():
                    return i  # the label ends inside a text event: leave it to the parser
                out = self.out(start, end)
                out.pos = max(out.pos, end)
                return j
        return i

    def atomic(self, events: list[Event], i: int) -> int:
        """An autolink reads as one space; returns the index of its end event."""
        start, end = self.span(events[i][1])
        out = self.out(start, end)
        out.replace(" ", start, end)
        depth = 0
        for j in range(i, len(events)):
            name = _name(events[j][0])
            depth += name.startswith("Start:")
            depth -= name.startswith("End:")
            if depth == 0:
                return j
        return len(events) - 1

    def text_event(self, content: str, start: int, end: int, out: _Prose) -> None:
        if not content:
            return
        text = self.text
        if text.startswith(content, start) and end - start == len(content):
            first = start
            if (
                content[0] in _ASCII_PUNCTUATION
                and start > out.pos
                and text[start - 1] == "\\"
                and not (self.table and content[0] == "|")
            ):  # an escaped character: it stands for the backslash too
                out.replace(content[0], start - 1, start + 1)
                first += 1
            out.copy(first, end)
            return
        if end - start != len(content) and len(content) <= 2 and "\n" not in content:
            out.replace(content, start, end)  # an entity or a character reference
            return
        # not a copy of the source (expanded tabs, …): match in order
        pos, limit = max(out.pos, start), max(out.limit, end)
        for ch in content:
            found = text.find(ch, pos, limit)
            if found < 0:
                out.replace(ch, pos, pos)
            else:
                out.copy(found, found + 1)
                pos = found + 1

    def newline(self, start: int, end: int, out: _Prose) -> None:
        """A line break is "\\n" mapped to the source's; the `> ` after it is not prose."""
        m = _LINE_BREAK.search(self.text, start, max(end, start))
        if m is None:
            out.replace("\n", out.pos, out.pos)
        elif m.group() == "\r":
            out.replace("\n", m.start(), m.end())
        else:
            out.copy(m.end() - 1, m.end())

    def image_start(self, ranges: Any) -> None:
        """The alt text is a block of its own; the image reads as a space in its block."""
        start, end = self.span(ranges)
        self.out(start, end).replace(" ", start, end)
        self.prose.append(_Prose("alt", start + 2, end))

    def title(self, title: str, ranges: Any) -> None:
        """The title of an inline image or link (`![alt](a.png "title")`) is copy, a block
        of its own like an HTML `title` attribute. It is looked for as written between the
        destination and the closing parenthesis; a title written with escapes or entities,
        or defined apart (`[ref]: url "title"`), is not found and not checked."""
        if not title.strip():
            return
        start, end = self.span(ranges)
        low, high = start + self.base, end + self.base
        opener = self.source.rfind("](", low, high)
        at = self.source.rfind(title, max(low, opener), high)
        if at < 0:
            return
        segment = Segment(0, len(title), at, at + len(title))
        self.extra.append(Block(text=title, kind="title_attr", segments=[segment]))

    def image_end(self) -> None:
        if len(self.prose) < 2:
            return
        block = self.prose.pop().build(self.source, self.base)
        if block is not None:
            self.extra.append(block)

    def html_inline(self, events: list[Event], i: int, start: int, end: int, out: _Prose) -> int:
        """A raw tag reads as nothing, `<br>` and `<img>` as a space, `L<sup>2</sup>` as "L²",
        an element that holds no prose (`<code>`, `<script>`, ...) as one space; a comment is
        recorded (for suppressions); `alt` and `title` attributes are prose.

        Returns the index of the last event it used."""
        raw: str = events[i][0]["InlineHtml"]
        if raw.startswith("<!--"):
            raw = self.source[start + self.base : end + self.base]  # lone surrogates kept
            inner = raw[4:-3] if raw.endswith("-->") else raw[4:]
            self.comments.append((start + self.base, end + self.base, inner))
        elif _SCRIPT_OPEN.match(raw):
            last = self.script(events, i, start, out)
            if last is not None:
                return last
        elif (tag := _SKIP_OPEN.match(raw)) and tag.group(1).lower() in SKIP_TAGS:
            return self.skipped(events, i, tag.group(1).lower(), start, out)
        elif _SPACE_TAG.match(raw):
            out.replace(" ", start, end)
        if _ATTRIBUTE_PROSE.search(raw):
            at = start + self.base
            fragment = read_html_fragment(self.source[at : at + len(raw)], at)
            self.extra.extend(b for b in fragment.blocks if b.kind in ("alt", "title_attr"))
        out.pos = max(out.pos, end)
        return i

    def skipped(self, events: list[Event], i: int, tag: str, start: int, out: _Prose) -> int:
        """`<code>…</code>` and the like read as one space, up to the matching end tag or,
        without one, the end of the block (as a block element ends an unclosed `<code>` in
        HTML). Returns the index of the last event it used."""
        opener = re.compile(rf"<{tag}(?=[\s/>])", re.IGNORECASE)
        closer = re.compile(rf"</{tag}\s*>", re.IGNORECASE)
        depth = same = 0  # open inline elements, open elements of the same tag
        last = i
        for j in range(i + 1, len(events)):
            event = events[j][0]
            name = _name(event)
            if name.startswith("Start:"):
                if name[6:] not in _INLINE_TAGS:
                    break  # a block: the element has ended
                depth += 1
            elif name.startswith("End:"):
                if depth == 0:
                    break  # its block or an enclosing inline element ends
                depth -= 1
            elif name == "InlineHtml" and opener.match(event["InlineHtml"]):
                same += 1
            elif name == "InlineHtml" and closer.match(event["InlineHtml"]):
                if same == 0 and depth == 0:
                    last = j
                    break
                same = max(same - 1, 0)
            if depth == 0:
                last = j  # inline elements inside are skipped whole
        end = self.at(events[last][1]["end"])
        out.replace(" ", start, max(end, start))
        return last

    def script(self, events: list[Event], i: int, start: int, out: _Prose) -> int | None:
        """`L<sup>2</sup>` reads "L²", the "²" mapped to the whole element (returns the index
        of the closing tag); else None."""
        opener = _SCRIPT_OPEN.match(events[i][0]["InlineHtml"])
        if opener is None:
            return None
        tag = opener.group(1).lower()
        j = i + 1
        while j < len(events) and _name(events[j][0]) == "Text":
            j += 1
        if j >= len(events) or _name(events[j][0]) != "InlineHtml":
            return None
        close: str = events[j][0]["InlineHtml"]
        if not re.fullmatch(rf"</{tag}\s*>", close, re.IGNORECASE):
            return None
        converted = script_text("".join(e["Text"] for e, _ in events[i + 1 : j]), tag)
        if converted is None:
            return None
        out.replace(converted, start, self.at(events[j][1]["end"]))
        return j


# --------------------------------------------------------------------------- reader


class _MarkdownReader:
    """Parses the text chunk by chunk and collects blocks, comments and the title."""

    def __init__(self, text: str, front_matter: bool = True, open_end: bool = False) -> None:
        self.source = text
        self.blocks: list[Block] = []
        self.comments: list[tuple[int, int, str]] = []
        self.open_end = open_end  # more text follows (a slice of a huge file)
        self.toml_end = _toml_end(text) if front_matter else -1
        self.yaml_end = _yaml_end(text) if front_matter and self.toml_end < 0 else -1
        begin = max(self.toml_end, self.yaml_end, 0)
        chunk = _CHUNK
        splits = _split_points(text, begin, chunk) if len(text) > chunk else []
        self.bounds = [0, *splits, len(text)]

    def read(self) -> tuple[list[Block], list[tuple[int, int, str]], str | None]:
        blocks: list[Block] = []
        comments: list[tuple[int, int, str]] = []
        i = 0
        while i < len(self.bounds) - 1:
            i, part, part_comments = self.read_chunks(i)
            blocks.extend(part)
            comments.extend(part_comments)
        return blocks, comments, title_of(blocks)

    def read_chunks(self, i: int) -> tuple[int, list[Block], list[tuple[int, int, str]]]:
        """Blocks and comments from chunk `i` on, and the chunk that comes next: usually
        i + 1, later when a chunk had to be parsed together with the next one.

        Raises `RunsOn` when the last chunk's last block runs on and more text follows.
        """
        source, bounds = self.source, self.bounds
        front: list[Block] = []
        front_end = max(self.toml_end, self.yaml_end) if i == 0 else -1
        if front_end >= 0:
            front = _front_matter_blocks(source, front_end, toml=self.toml_end >= 0)
        j = i + 1
        while True:
            text = self._chunk(bounds[i], bounds[j], front_end)
            events = _parse(text)
            at = _Offsets(text)
            last = j == len(bounds) - 1
            if last and not self.open_end or not _runs_on(events, text, at):
                break
            if last:
                raise RunsOn
            del events  # cut inside a block: parse again with the next part
            j += 1
        self.blocks, self.comments = [], []
        walker = _Walker(self, text, at, bounds[i])
        walker.walk(events)
        del events, walker, text  # before the next chunk is parsed
        blocks = front + self.blocks
        blocks.sort(key=lambda b: b.segments[0].source_start)
        return j, blocks, self.comments

    def _chunk(self, start: int, end: int, front_end: int) -> str:
        """source[start:end] as the parser gets it: lone surrogates (possible through the
        Python API, not encodable) as U+FFFD, front matter blanked out."""
        text = self.source[start:end]
        if not text.isascii() and _SURROGATE.search(text):
            text = _SURROGATE.sub("\ufffd", text)
        if front_end >= 0:
            text = re.sub(r"[^\r\n]", " ", text[:front_end]) + text[front_end:]
        return text


def slice_cut(text: str, size: int, first: bool) -> int | None:
    """Where a slice of a huge file can end, `size` characters or more into `text` (None:
    not within `text`): where the reader cuts its own chunks."""
    begin = max(_toml_end(text), _yaml_end(text), 0) if first else 0
    points = _split_points(text, begin, size)
    return points[0] if points else None


class RunsOn(Exception):
    """A slice ends inside a block: it has to be read together with more text."""


def read_markdown_slice(
    text: str, first: bool, more: bool
) -> tuple[list[Block], list[tuple[int, int, str]], str | None]:
    """Read one slice of a huge file (front matter only in the first); offsets are the
    slice's own. Raises `RunsOn` when `more` text follows and the last block runs on."""
    reader = _MarkdownReader(text, front_matter=first, open_end=more)
    return reader.read()


def title_of(blocks: list[Block]) -> str | None:
    """The front matter title, else the first heading."""
    for kind in ("title", "heading"):
        for block in blocks:
            if block.kind == kind:
                return block.text
    return None


def read_markdown(path: str, text: str) -> Document:
    """Read a Markdown file into prose blocks, HTML comments and its title."""
    from l2lint.sources.frontmatter import declared_language

    blocks, comments, title = _MarkdownReader(text).read()
    return Document(
        path=path,
        source=text,
        blocks=blocks,
        title=title,
        format="markdown",
        comments=comments,
        language=declared_language(text),
    )
