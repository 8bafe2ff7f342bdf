"""Markdown (CommonMark + GFM tables): the prose of a document, mapped back to the source.

markdown-it-pyrs (the Rust port of markdown-it) gives every node, inline ones included, a
source map in UTF-8 byte offsets, so the reader only walks the tree: a text node is checked
against the source at its offset and then taken from the source (a verbatim piece is exact
by construction), escapes and entities cover their markup, emphasis and link delimiters are
simply not prose, code spans, autolinks and images read as one space, raw inline tags as
nothing. Byte offsets become character offsets without a per-byte table: ASCII text needs
no conversion, text with few other characters a short table of where they are, and any
other text a cursor that follows the walk (which visits the source in order, so the text
is decoded about once). Where the map is off (markdown-it-pyrs miscounts after tabs in
container prefixes, and may give a text node before a hard break a wrong end), a piece is
looked for after the previous one instead.

Large inputs are parsed in chunks of about `_CHUNK` characters, because the tree of a whole
50 MB file takes about 1 GB. A chunk ends before a line that starts with a non-space
character after a blank line: there every open block (paragraph, list, quote, table, HTML
block of types 6 and 7) has ended, unless a fenced code block, an HTML comment or a raw
HTML block of types 1-5 (`<script`, `<pre`, `<style`, `<textarea`, `<?`, `<!X`,
`<![CDATA[`) is still open, which a line scanner tracks. As a safety net, a chunk whose last
top-level block runs into its trailing blank line (so it would have gone on) is parsed again
together with the next one. Only the first chunk may hold front matter. Known limit: a
reference link whose definition is in another chunk does not resolve, so it reads as its
literal text (`[LUMIX][ref]`).

markdown-it-pyrs 0.4 panics on a `[` followed by a backtick run that closes no code span
(`[x`](y)`, markdown-it-rust/markdown-it#40). A chunk where that may happen (`_may_panic`,
which also keeps Rust's panic message off stderr) or where it did is parsed with its
unpaired backtick runs replaced by another punctuation character (literal text either way;
the prose still copies the source), and, should that panic too, without code spans.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it_pyrs import MarkdownIt, Node

from l2lint.document import Block, Document, Segment
from l2lint.sources.html import read_html_fragment, script_text

_CHUNK = 1_000_000  # characters per parse: a tree takes about 20 bytes per source byte

_SURROGATE = re.compile("[\ud800-\udfff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_NEWLINE = re.compile(r"\r\n|\r|\n")
_LINE_BREAK = re.compile(r"\r\n?|\n")
_SCRIPT_OPEN = re.compile(r"<(sup|sub)(?:\s[^>]*)?>\Z", re.IGNORECASE)
_SPACE_TAG = re.compile(r"<(?:br|img)\b", re.IGNORECASE)
_ATTRIBUTE_PROSE = re.compile(r"""[\s"'/](?:alt|title)\s*=""", re.IGNORECASE)
_YAML_KEY = re.compile(r"(title|description)[ \t]*:(?=[ \t]|$)[ \t]*")
_TOML_KEY = re.compile(r"(title|description)[ \t]*=[ \t]*")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "0": "\0", "e": "\x1b"}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}

# Nodes that hold blocks; every other node is inline content.
_SKIPPED = frozenset({"fence", "code_block", "hr", "definition", "front_matter"})
_BLOCKS = _SKIPPED | {
    "root", "paragraph", "heading", "lheading", "blockquote", "bullet_list", "ordered_list",
    "list_item", "html_block", "table", "thead", "tbody", "trow", "tcell",
}  # fmt: skip
# The "commonmark" preset's rules but `backticks`, and GFM tables.
# fmt: off
_RULES = (
    "blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph",
    "reference", "autolink", "emphasis", "entity", "escape", "image", "link", "newline",
    "html_block", "html_inline", "table",
)
# fmt: on

Piece = tuple[str | None, int, int | None]


@functools.lru_cache(maxsize=4)
def _parser(front_matter: bool, code_spans: bool = True) -> MarkdownIt:
    """CommonMark with GFM tables; `---` front matter only where a document starts."""
    if code_spans:
        md = MarkdownIt("commonmark").enable("table")
    else:  # the fallback when code spans make markdown-it-pyrs panic
        md = MarkdownIt("zero")
        for rule in _RULES:
            md = md.enable(rule)
    return md.enable("front_matter") if front_matter else md


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
            _, start, end = self.pieces[0]
            text = source[start + base : end + base]
            stripped = text.strip()
            if not stripped:
                return None
            start += base + len(text) - len(text.lstrip())
            segment = Segment(0, len(stripped), start, start + len(stripped))
            return Block(text=stripped, kind=self.kind, segments=[segment])
        items = [
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


@functools.lru_cache(maxsize=32)
def _fence_closer(char: str, size: int) -> re.Pattern[str]:
    return re.compile(rf"[\r\n] {{0,3}}{re.escape(char)}{{{size},}}[ \t]*(?=[\r\n]|\Z)")


def _region_end(text: str, opener: re.Match[str]) -> int:
    """Where the fence or HTML block that `opener` starts ends (-1: it never does)."""
    kind = opener.lastgroup or "fence"
    if kind == "fence":
        fence = opener.group("fence")
        line_end = _LINE_END.search(text, opener.end()).start()
        closer = _fence_closer(fence[0], len(fence)).search(text, line_end)
        return closer.end() if closer else -1
    end = _HTML_END[kind].search(text, opener.end())
    return _LINE_END.search(text, end.end()).start() if end else -1


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


def _runs_on(tree: Node, text: str, at: _Offsets) -> bool:
    """Whether the chunk's last top-level block goes past its last line (cut too early)."""
    children = tree.children
    if not children or children[-1].name not in ("fence", "html_block", "front_matter"):
        return False
    srcmap = children[-1].srcmap
    end = len(text)
    while end and text[end - 1] in " \t\r\n":
        end -= 1
    line_end = _LINE_END.search(text, end).start()
    # the text after line_end is ASCII whitespace: as many bytes as characters
    return srcmap is not None and srcmap[1] > at.size - (len(text) - line_end)


# --------------------------------------------------------------------------- pyrs panics

_BACKTICKS = re.compile("`+")
_FENCE_LINE = re.compile(r"[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+[ \t>]*)*```")
_GAPS = ("\n\n", "\n\r\n", "\r\r")  # blank lines (without spaces: a guess is enough)
_NEUTRAL = "\u2018"  # punctuation like "`" (emphasis flanking is the same) with no syntax


def _is_panic(error: BaseException) -> bool:
    """A Rust panic inside markdown-it-pyrs (pyo3's PanicException is a BaseException)."""
    return type(error).__name__ == "PanicException"


def _parse(text: str, front_matter: bool) -> tuple[Node, str]:
    """The tree of `text`, and the text it was parsed from (see the module docstring)."""
    if not _may_panic(text):
        try:
            return _parser(front_matter).tree(text), text
        except BaseException as error:
            if not _is_panic(error):
                raise
    without_code = _parser(front_matter, code_spans=False).tree(text)
    literal = _literal_backticks(text, without_code)
    try:
        return _parser(front_matter).tree(literal), literal
    except BaseException as error:
        if not _is_panic(error):
            raise
    return without_code, text


def _may_panic(text: str) -> bool:
    """Whether a backtick run that no later run of its length closes follows a `[` between
    the same blank lines: the input that makes markdown-it-pyrs panic, predicted so that
    the panic (and the message Rust prints on stderr) is avoided in nearly every case."""
    if "`" not in text or "[" not in text:
        return False
    pos = text.find("`")
    gaps: dict[str, int | None] = dict.fromkeys(_GAPS, -1)  # the next blank line of each kind
    start = 0
    while pos >= 0:
        for gap, at in gaps.items():
            if at is not None and at < pos:
                found = text.find(gap, pos)
                gaps[gap] = found if found >= 0 else None  # None: there is no more
        end = min((at for at in gaps.values() if at is not None), default=len(text))
        group = []
        while 0 <= pos < end:
            run = _BACKTICKS.match(text, pos)
            group.append(run.span())
            pos = text.find("`", run.end())
        unpaired = _unpaired(group, text, 0)
        if unpaired:
            start = max(text.rfind(gap, start, group[0][0]) for gap in _GAPS) + 1 or start
            if text.find("[", start, unpaired[-1][0]) >= 0:
                return True
        start = end
    return False


def _literal_backticks(text: str, tree: Node) -> str:
    """`text` with the backtick runs that open no code span replaced by `_NEUTRAL`.

    `tree` is the text parsed without code spans: runs are paired within each top-level
    block, and runs in code blocks, raw HTML and autolinks are left out.
    """
    at = _Offsets(text)
    blocks: list[tuple[int, int]] = []
    code_starts: list[int] = []
    code_ends: list[int] = []
    tags: list[tuple[int, int]] = []
    for block in tree.children:
        if block.srcmap is None:
            continue
        blocks.append((at(block.srcmap[0]), at(block.srcmap[1])))
        for node in block.walk():
            if node.srcmap and node.name in ("fence", "code_block", "html_block"):
                code_starts.append(at(node.srcmap[0]))
                code_ends.append(at(node.srcmap[1]))
            elif node.srcmap and node.name in ("html_inline", "autolink"):
                tags.append((at(node.srcmap[0]), at(node.srcmap[1])))
    runs = []
    for m in _BACKTICKS.finditer(text):
        k = bisect.bisect_right(code_starts, m.start()) - 1
        if k < 0 or m.start() >= code_ends[k]:
            runs.append(m.span())
    run_starts = [r[0] for r in runs]
    tag_starts = [t[0] for t in tags]
    found: list[tuple[int, int]] = []
    for start, end in blocks:
        first, last = bisect.bisect_left(run_starts, start), bisect.bisect_left(run_starts, end)
        near = tags[bisect.bisect_left(tag_starts, start) : bisect.bisect_left(tag_starts, end)]
        unpaired = _unpaired(runs[first:last], text, start, near)
        found += [run for run in unpaired if not _on_fence_line(text, start, run[0])]
    parts, pos = [], 0
    for start, end in found:
        parts += [text[pos:start], _NEUTRAL * (end - start)]
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def _unpaired(
    runs: list[tuple[int, int]], text: str, start: int, tags: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, int]]:
    """The backtick runs (from `start` on) that no later run of the same length closes.

    A run's first backtick is left out when a backslash escapes it; a run inside one of the
    `tags` (raw HTML, autolinks) that starts before it is no run, as that tag comes first.
    """
    found: list[tuple[int, int]] = []
    k = t = 0
    while k < len(runs):
        first, last = runs[k]
        while t < len(tags) and tags[t][1] <= first:
            t += 1
        if t < len(tags) and tags[t][0] < first:
            k += 1
            continue
        slash = first
        while slash > start and text[slash - 1] == "\\":
            slash -= 1
        first += (first - slash) % 2
        size = last - first
        for partner in range(k + 1, len(runs)):
            if runs[partner][1] - runs[partner][0] == size:
                k = partner + 1
                break
        else:
            if size:
                found.append((first, last))
            k += 1
    return found


def _on_fence_line(text: str, start: int, pos: int) -> bool:
    """Whether the line holding `pos` (not before `start`) starts with "```" after container
    marks: there a backtick decides whether the line opens a code fence."""
    low = max(start, pos - 4096)
    line = max(text.rfind("\n", low, pos), text.rfind("\r", low, pos)) + 1
    return _FENCE_LINE.match(text, line or low) is not None


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
    """End of `---` front matter as markdown-it-pyrs finds it (its closing line), or -1:
    the first line starts with three dashes or more after any indentation, the closing line
    with as many."""
    m = re.match(r"[ \t]*(-{3,})[^\r\n]*", text)
    if m is None:
        return -1
    closer = re.compile(rf"[\r\n][ \t]*-{{{len(m.group(1))}}}[^\r\n]*").search(text, m.end())
    return closer.end() if closer else -1


def _toml_end(text: str) -> int:
    """End of `+++` front matter (its closing line), or -1; markdown-it-pyrs has no plugin."""
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
    if toml or not first or first[0] in "[]{}&*!%@`,#":
        return []
    if first[0] in "|>":
        return _block_scalar(text, lines, index + 1, last, fold=first[0] == ">")
    comment = re.search(r"[ \t]#", first)
    value = first[: comment.start()] if comment else first
    return [(value.rstrip(), start, None), *_continuation(text, lines, index + 1, last)]


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


# --------------------------------------------------------------------------- tree walk


class _Walker:
    """Turns one chunk's tree into blocks. Offsets are the chunk's own until they are
    stored: blocks, comments and HTML fragments get the chunk's `base` added."""

    def __init__(self, reader: _MarkdownReader, text: str, at: _Offsets, base: int) -> None:
        self.source = reader.source  # verbatim pieces are sliced from it
        self.text = text  # the chunk as parsed (lone surrogates replaced, …)
        self.at = at
        self.base = base
        self.blocks = reader.blocks
        self.comments = reader.comments
        self.extra: list[Block] = []

    def span(self, node: Node) -> tuple[int, int]:
        srcmap = node.srcmap or (0, 0)
        return self.at(srcmap[0]), self.at(srcmap[1])

    # -- blocks

    def block(self, node: Node, container: str) -> None:
        name = node.name
        if name == "paragraph":
            self.prose(node, container)
        elif name in ("heading", "lheading"):
            self.prose(node, "heading")
        elif name == "tcell":
            self.prose(node, "table_cell")
        elif name == "html_block":
            self.html_block(node, container)
        elif name == "list_item":
            self.list_item(node)
        elif name not in _SKIPPED:
            kind = "blockquote" if name == "blockquote" else container
            for child in node.children:
                self.block(child, kind)

    def list_item(self, node: Node) -> None:
        """A tight list item holds its inline content itself, between its block children."""
        end = self.at((node.srcmap or (0, 0))[1])
        run: list[Node] = []
        for child in [*node.children, None]:
            if child is not None and child.name not in _BLOCKS:
                run.append(child)
                continue
            if run:
                self.emit(run, "list_item", self.at((run[0].srcmap or (0, 0))[0]), end)
                run = []
            if child is not None:
                self.block(child, "list_item")

    def prose(self, node: Node, kind: str) -> None:
        start, end = self.span(node)
        self.emit(node.children, kind, start, end)

    def emit(self, children: list[Node], kind: str, start: int, end: int) -> None:
        prose = _Prose(kind, start, end)
        self.inline(children, prose)
        block = prose.build(self.source, self.base)
        if block is not None:
            self.blocks.append(block)
        if self.extra:
            self.blocks.extend(self.extra)
            self.extra = []

    def html_block(self, node: Node, container: str) -> None:
        """Raw HTML: its text is prose, read by the HTML reader at the right offset."""
        start, end = self.span(node)
        if start >= end:
            return
        base = self.base
        holes = self.prefixes(node, start, end) if container != "paragraph" else []
        parts, at = [], start + base
        for hole_start, hole_end in holes:
            parts += [self.source[at:hole_start], " " * (hole_end - hole_start)]
            at = hole_end
        parts.append(self.source[at : end + base])
        fragment = read_html_fragment("".join(parts), start + base, holes)
        self.blocks.extend(fragment.blocks)
        self.comments.extend(fragment.comments)

    def prefixes(self, node: Node, start: int, end: int) -> list[tuple[int, int]]:
        """Source ranges of `> ` and list indentation in front of an HTML block's lines."""
        holes = []
        texts = node.meta.get("content", "").split("\n")
        breaks = list(_LINE_BREAK.finditer(self.text, start, end))
        for k, m in enumerate(breaks, 1):
            line_start = m.end()
            line = self.text[line_start : breaks[k].start() if k < len(breaks) else end]
            text = texts[k] if k < len(texts) else ""
            if not text.strip():
                cut = len(line)
            elif line.endswith(text):
                cut = len(line) - len(text)
            else:
                cut = len(line) - len(line.lstrip(" \t>"))
            if cut:
                holes.append((line_start + self.base, line_start + cut + self.base))
        return holes

    # -- inline

    def inline(self, children: list[Node], out: _Prose) -> None:
        i = 0
        while i < len(children):
            node = children[i]
            name = node.name
            if out.skip > 0 and name != "text" and self.at(node.srcmap[0]) < out.skip:
                i += 1  # inside a comment the parser did not take for one
                continue
            if name == "text":
                self.text_node(node, out)
            elif name in ("softbreak", "hardbreak"):
                self.newline(node, out)
            elif name == "text_special":
                self.special(node, out)
            elif name == "html_inline":
                i = self.html_inline(children, i, out)
            elif name in ("code_inline", "autolink"):
                start, end = self.span(node)
                out.replace(" ", start, end)  # not prose, but keeps the words apart
            elif name == "image":
                self.image(node, out)
            else:  # emphasis, links and whatever else holds inline content
                self.inline(node.children, out)
                if name == "link" and node.srcmap:
                    out.pos = max(out.pos, self.at(node.srcmap[1]))
            i += 1

    def locate(self, raw: str, offset: int, out: _Prose) -> int:
        """Where `raw` is: at the byte offset the parser gave, else the first place after
        the previous piece (the map can be off after tabs), else -1."""
        start = self.at(offset)
        if self.text.startswith(raw, start):
            return start
        return self.text.find(raw, out.pos, out.limit)

    def text_node(self, node: Node, out: _Prose) -> None:
        content: str = node.meta.get("content", "")
        if not content or node.srcmap is None:
            return
        start = self.locate(content, node.srcmap[0], out)
        if start >= 0:
            end = start + len(content)
            if start < out.skip:
                start = min(out.skip, end)
            if "<!--" in content:
                self.comment_text(start, end, out)
            else:
                out.copy(start, end)
            return
        # not a copy of the source (`\|` in a table cell, expanded tabs): match in order
        text, pos, limit = self.text, out.pos, out.limit
        for ch in content:
            found = text.find(ch, pos, limit)
            if found < 0:
                out.replace(ch, pos, pos)
            else:
                out.copy(found, found + 1)
                pos = found + 1

    def comment_text(self, start: int, end: int, out: _Prose) -> None:
        """Copy text[start:end], but for the HTML comments in it: markdown-it-pyrs follows
        CommonMark 0.30, where `<!-->`, `<!--->` and comments holding `--` are text, not the
        comments they are in HTML (and in CommonMark 0.31)."""
        text = self.text
        while (at := text.find("<!--", start, end)) >= 0:
            if text.startswith(("<!-->", "<!--->"), at):
                close = text.index(">", at) + 1
            else:
                close = text.find("-->", at + 4, out.limit)
                if close < 0:
                    break
                close += 3
            out.copy(start, at)
            raw = text[at:close]
            inner = raw[4:-3] if raw.endswith("-->") else raw[4:]
            self.comments.append((at + self.base, close + self.base, inner))
            out.skip = out.pos = close
            start = min(close, end)
        out.copy(start, end)

    def newline(self, node: Node, out: _Prose) -> None:
        """A line break is "\\n" mapped to the source's; the `> ` after it is not prose."""
        start = min(out.pos, self.at(node.srcmap[0])) if node.srcmap else out.pos
        m = _LINE_BREAK.search(self.text, start, max(out.limit, start))
        if m is None:
            out.replace("\n", out.pos, out.pos)
        elif m.group() == "\r":
            out.replace("\n", m.start(), m.end())
        else:
            out.copy(m.end() - 1, m.end())

    def special(self, node: Node, out: _Prose) -> None:
        """An escape or entity: its character, mapped to all of its markup."""
        meta = node.meta
        content: str = meta.get("content", "")
        markup: str = meta.get("markup") or content
        start = self.locate(markup, node.srcmap[0], out) if node.srcmap and markup else -1
        if start < 0:
            out.replace(content, out.pos, out.pos)
        else:
            out.replace(content, start, start + len(markup))

    def image(self, node: Node, out: _Prose) -> None:
        """The alt text is a block of its own; the image reads as a space in its paragraph."""
        start, end = self.span(node)
        alt = _Prose("alt", start + 2, end)
        self.inline(node.children, alt)
        out.replace(" ", start, end)
        block = alt.build(self.source, self.base)
        if block is not None:
            self.extra.append(block)

    def html_inline(self, children: list[Node], i: int, out: _Prose) -> int:
        """A raw tag reads as nothing, `<br>` and `<img>` as a space, `L<sup>2</sup>` as "L²";
        a comment is recorded (for suppressions); `alt` and `title` attributes are prose.

        Returns the index of the last child it used."""
        node = children[i]
        raw: str = node.meta.get("content", "")
        if not raw or node.srcmap is None:
            return i
        start = self.locate(raw, node.srcmap[0], out)
        if start < 0:
            return i
        end = start + len(raw)
        if raw.startswith("<!--"):
            inner = raw[4:-3] if raw.endswith("-->") else raw[4:]
            self.comments.append((start + self.base, end + self.base, inner))
        elif _SCRIPT_OPEN.match(raw):
            last = self.script(children, i, start, out)
            if last is not None:
                return last
        elif _SPACE_TAG.match(raw):
            out.replace(" ", start, end)
        if _ATTRIBUTE_PROSE.search(raw):
            at = start + self.base
            fragment = read_html_fragment(self.source[at : at + len(raw)], at)
            self.extra.extend(b for b in fragment.blocks if b.kind in ("alt", "title_attr"))
        out.pos = max(out.pos, end)
        return i

    def script(self, children: list[Node], i: int, start: int, out: _Prose) -> int | None:
        """`L<sup>2</sup>` reads "L²", the "²" mapped to the whole element (returns the index
        of the closing tag); else None."""
        tag = _SCRIPT_OPEN.match(children[i].meta["content"]).group(1).lower()
        j = i + 1
        while j < len(children) and children[j].name in ("text", "text_special"):
            j += 1
        if j >= len(children) or children[j].name != "html_inline":
            return None
        close: str = children[j].meta.get("content", "")
        if not re.fullmatch(rf"</{tag}\s*>", close, re.IGNORECASE):
            return None
        converted = script_text(
            "".join(n.meta.get("content", "") for n in children[i + 1 : j]), tag
        )
        close_at = self.text.find(close, start, out.limit)
        if converted is None or close_at < 0:
            return None
        out.replace(converted, start, close_at + len(close))
        return j


# --------------------------------------------------------------------------- reader


class _MarkdownReader:
    """Parses the text chunk by chunk and collects blocks, comments and the title."""

    def __init__(self, text: str, front_matter: bool = True, open_end: bool = False) -> None:
        self.source = text
        self.blocks: list[Block] = []
        self.comments: list[tuple[int, int, str]] = []
        self.front_matter = front_matter
        self.open_end = open_end  # more text follows (a slice of a huge file)
        self.toml_end = _toml_end(text) if front_matter else -1
        begin = max(self.toml_end, _yaml_end(text) if front_matter else -1, 0)
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
        if i == 0 and self.toml_end >= 0:
            front = _front_matter_blocks(source, self.toml_end, toml=True)
        j = i + 1
        while True:
            text = self._chunk(bounds[i], bounds[j], self.toml_end if i == 0 else -1)
            tree, text = _parse(text, front_matter=i == 0 and self.front_matter)
            at = _Offsets(text)
            last = j == len(bounds) - 1
            if last and not self.open_end or not _runs_on(tree, text, at):
                break
            if last:
                raise RunsOn
            del tree  # cut inside a block: parse again with the next part
            j += 1
        children = tree.children
        del tree
        first = children[0] if children else None
        if i == 0 and first is not None and first.name == "front_matter" and first.srcmap:
            front = _front_matter_blocks(source, at(first.srcmap[1]), toml=False)
        self.blocks, self.comments = [], []
        walker = _Walker(self, text, at, bounds[i])
        for child in children:
            walker.block(child, "paragraph")
        del children, first, walker, text  # before the next chunk is parsed
        blocks = front + self.blocks
        blocks.sort(key=lambda b: b.segments[0].source_start)
        return j, blocks, self.comments

    def _chunk(self, start: int, end: int, toml_end: int) -> str:
        """source[start:end] as the parser gets it: lone surrogates (possible through the
        Python API, not encodable) as U+FFFD, `+++` front matter blanked out."""
        text = self.source[start:end]
        if not text.isascii() and _SURROGATE.search(text):
            text = _SURROGATE.sub("\ufffd", text)
        if toml_end >= 0:
            text = re.sub(r"[^\r\n]", " ", text[:toml_end]) + text[toml_end:]
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
    blocks, comments, title = _MarkdownReader(text).read()
    return Document(
        path=path,
        source=text,
        blocks=blocks,
        title=title,
        format="markdown",
        comments=comments,
    )
