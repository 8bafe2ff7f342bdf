"""Markdown (CommonMark + GFM tables): the prose of a document, mapped back to the source.

markdown-it-py gives block structure and inline tokens but only line numbers, not columns.
Each inline token's `content` is its block's source lines with the container prefixes
(`> `, list markers, indentation) removed, so every content line is located in its source
line (as a suffix, else by search, else by in-order character matching) to get a source
offset for every content character. The inline children are then found in the content
from left to right, which gives exact positions for text, escapes and entities while
emphasis delimiters, link destinations, code spans and raw tags are stepped over.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from l2lint.document import Block, Document
from l2lint.sources.html import ProseBuilder, read_html_fragment, script_text

_NEWLINE = re.compile(r"\r\n|\r|\n")
_BACKTICKS = re.compile(r"`+")
_SCRIPT_OPEN = re.compile(r"<(sup|sub)(?:\s[^>]*)?>\Z", re.IGNORECASE)
_SPACE_TAG = re.compile(r"<(?:br|img)\b", re.IGNORECASE)
_ROW_PREFIX = re.compile(r"[ \t]*(?:(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]*)*")
_YAML_KEY = re.compile(r"(title|description)[ \t]*:(?=[ \t]|$)[ \t]*")
_TOML_KEY = re.compile(r"(title|description)[ \t]*=[ \t]*")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "0": "\0", "e": "\x1b"}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}

Piece = tuple[str, int, int | None]


@functools.lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """CommonMark with GFM tables and `---` front matter; escapes and entities kept apart."""
    md = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
    # Without text_join, escapes and entities stay `text_special` tokens carrying their markup.
    md.disable("text_join", ignoreInvalid=True)
    return md


# --------------------------------------------------------------------------- source lines


@dataclass
class _Lines:
    """Line spans of the original text (CRLF, CR or LF, as markdown-it counts lines)."""

    starts: list[int]
    ends: list[int]
    # offset of the character a line break maps to: the "\n" of "\r\n"; -1 after the last line
    breaks: list[int]

    @classmethod
    def of(cls, text: str) -> _Lines:
        starts, ends, breaks = [0], [], []
        for m in _NEWLINE.finditer(text):
            ends.append(m.start())
            breaks.append(m.end() - 1)
            starts.append(m.end())
        ends.append(len(text))
        breaks.append(-1)
        return cls(starts, ends, breaks)

    def __len__(self) -> int:
        return len(self.starts)

    def span(self, index: int) -> tuple[int, int]:
        return self.starts[index], self.ends[index]


def _greedy(source: str, start: int, end: int, text: str) -> list[int]:
    """Offsets of `text`'s characters matched in order in source[start:end] (-1: missing)."""
    offsets, pos = [], start
    for ch in text:
        found = source.find(ch, pos, end)
        offsets.append(found)
        if found >= 0:
            pos = found + 1
    return offsets


def _locate_line(source: str, start: int, end: int, text: str) -> list[int]:
    """Offsets of a content line inside its source line (prefixes stripped by markdown-it)."""
    line = source[start:end]
    stripped = line.rstrip()
    if line.endswith(text):
        pos = len(line) - len(text)
    elif stripped.endswith(text):
        pos = len(stripped) - len(text)
    else:
        pos = line.find(text)
    if pos < 0:
        return _greedy(source, start, end, text)
    return list(range(start + pos, start + pos + len(text)))


def _cell_spans(source: str, start: int, end: int) -> list[tuple[int, int]]:
    """Source spans of a table row's cells, split at unescaped pipes like GFM does."""
    i = _ROW_PREFIX.match(source, start, end).end()
    if source.startswith("|", i, end):
        i += 1
    spans, cell, j = [], i, i
    while j < end:
        if source[j] == "\\":
            j += 2
            continue
        if source[j] == "|":
            spans.append((cell, j))
            cell = j + 1
        j += 1
    if source[cell:end].strip():
        spans.append((cell, end))
    return spans


# --------------------------------------------------------------------------- inline


class _Inline:
    """Walks one inline token's children, finding each piece in the content, left to right."""

    def __init__(self, source: str, content: str, offsets: list[int], anchor: int) -> None:
        self.source = source
        self.content = content
        self.offsets = offsets
        self.anchor = anchor
        self.pos = 0
        self.extra: list[Block] = []
        self.comments: list[tuple[int, int, str]] = []

    def walk(self, tokens: Sequence[Token], builder: ProseBuilder) -> None:
        i = 0
        while i < len(tokens):
            i = self._token(tokens, i, builder)

    def _token(self, tokens: Sequence[Token], i: int, builder: ProseBuilder) -> int:
        token = tokens[i]
        handler = getattr(self, "_on_" + token.type, None)
        if handler is not None:
            return handler(tokens, i, builder)
        if token.markup and token.type.endswith(("_open", "_close")):
            self._skip(token.markup)
        return i + 1

    # -- positions

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source range of content [start, end); zero-width at the nearest known place."""
        known = [o for o in self.offsets[start:end] if o >= 0]
        if known:
            return known[0], known[-1] + 1
        k = min(start, len(self.offsets)) - 1
        while k >= 0 and self.offsets[k] < 0:
            k -= 1
        at = self.offsets[k] + 1 if k >= 0 else self.anchor
        return at, at

    def emit(self, start: int, end: int, builder: ProseBuilder) -> None:
        """Add content [start, end) as verbatim source runs (unlocated chars: zero-width)."""
        run = -1
        for k in range(start, end + 1):
            offset = self.offsets[k] if k < end else -2
            if run >= 0 and offset == self.offsets[k - 1] + 1:
                continue
            if run >= 0:
                first = self.offsets[run]
                builder.add(self.source[first : first + k - run], first)
                run = -1
            if offset >= 0:
                run = k
            elif k < end:
                builder.add(self.content[k], *self.span(k, k))

    def _skip(self, markup: str) -> None:
        found = self.content.find(markup, self.pos)
        if found >= 0:
            self.pos = found + len(markup)

    def _find(self, text: str, builder: ProseBuilder | None = None) -> int:
        """Where `text` starts at or after the cursor; -1 (and a fallback piece) if nowhere."""
        found = self.content.find(text, self.pos)
        if found < 0 and builder is not None:
            builder.add(text, *self.span(self.pos, self.pos))
        return found

    # -- tokens

    def _on_text(self, tokens: Sequence[Token], i: int, builder: ProseBuilder) -> int:
        text = tokens[i].content
        found = self._find(text, builder)
        if found >= 0:
            self.emit(found, found + len(text), builder)
            self.pos = found + len(text)
        return i + 1

    def _on_text_special(self, tokens: Sequence[Token], i: int, builder: ProseBuilder) -> int:
        token = tokens[i]
        raw = token.markup or token.content
        found = self.content.find(raw, self.pos)
        if found < 0:
            builder.add(token.content, *self.span(self.pos, self.pos))
        else:
            builder.add(token.content, *self.span(found, found + len(raw)))
            self.pos = found + len(raw)
        return i + 1

    def _on_softbreak(self, tokens: Sequence[Token], i: int, builder: ProseBuilder) -> int:
        found = self._find("\n", builder)
        if found >= 0:
            self.emit(found, found + 1, builder)
            self.pos = found + 1
        return i + 1

    _on_hardbreak = _on_softbreak

    def _on_code_inline(self, tokens: Sequence[Token], i: int, builder: ProseBuilder) -> int:
        """Inline code is never prose: one space over the whole span keeps words apart."""
        size = len(tokens[i].markup) or 1
        opening = self._backticks(self.pos, size)
        if opening is None:
            builder.add(" ", *self.span(self.pos, self.pos))
            return i + 1
        closing = self._backticks(opening[1], size)
        end = closing[1] if closing else opening[1] + len(tokens[i].content)
        builder.add(" ", *self.span(opening[0], end))
        self.pos = end
        return i + 1

    def _backticks(self, start: int, size: int) -> tuple[int, int] | None:
        for m in _BACKTICKS.finditer(self.content, start):
            if len(m.group()) == size:
                return m.start(), m.end()
        return None

    def _on_link_open(self, tokens: Sequence[Token], i: int, builder: ProseBuilder) -> int:
        if tokens[i].info != "auto" and tokens[i].markup not in ("autolink", "linkify"):
            self._skip("[")
            return i + 1
        close = next((j for j in range(i + 1, len(tokens)) if tokens[j].type == "link_close"), i)
        less = self.content.find("<", self.pos)
        greater = self.content.find(">", less) if less >= 0 else -1
        if greater < 0:
            builder.add(" ", *self.span(self.pos, self.pos))
        else:
            builder.add(" ", *self.span(less, greater + 1))
            self.pos = greater + 1
        return close + 1

    def _on_link_close(self, tokens: Sequence[Token], i: int, builder: ProseBuilder) -> int:
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        self._skip_destination(following)
        return i + 1

    def _skip_destination(self, following: Token | None) -> None:
        """Step over `](url "title")`, `][ref]` or `]` after a link's or image's text."""
        content = self.content
        bracket = content.find("]", self.pos)
        if bracket < 0:
            return
        end = bracket + 1
        if content.startswith("(", end):
            end = _after_parens(content, end)
        elif content.startswith("[", end):
            close = content.find("]", end + 1)
            end = close + 1 if close >= 0 else end
        if end > bracket + 1 and _text_at(following, content, bracket + 1):
            end = bracket + 1  # a shortcut reference followed by text that only looks like one
        self.pos = end

    def _on_image(self, tokens: Sequence[Token], i: int, builder: ProseBuilder) -> int:
        """The alt text is a block of its own; the image reads as a space in its paragraph."""
        found = self.content.find("![", self.pos)
        start = found if found >= 0 else self.pos
        self.pos = start + 2 if found >= 0 else self.pos
        alt = ProseBuilder("alt")
        self.walk(tokens[i].children or [], alt)
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        self._skip_destination(following)
        builder.add(" ", *self.span(start, self.pos))
        block = alt.build(self.source)
        if block is not None:
            self.extra.append(block)
        return i + 1

    def _on_html_inline(self, tokens: Sequence[Token], i: int, builder: ProseBuilder) -> int:
        raw = tokens[i].content
        found = self.content.find(raw, self.pos)
        if found < 0:
            return i + 1
        if _SCRIPT_OPEN.match(raw):
            after = self._script(tokens, i, found, builder)
            if after is not None:
                return after
        start, end = self.span(found, found + len(raw))
        self.pos = found + len(raw)
        if raw.startswith("<!--"):
            inner = raw[4:-3] if raw.endswith("-->") else raw[4:]
            self.comments.append((start, end, inner))
            return i + 1
        if _SPACE_TAG.match(raw):
            builder.add(" ", start, end)
        if end - start == len(raw):
            self._attribute_blocks(start, end)
        return i + 1

    def _script(
        self, tokens: Sequence[Token], i: int, found: int, builder: ProseBuilder
    ) -> int | None:
        """`L<sup>2</sup>` reads "L²", the "²" mapped to the whole element; else None."""
        tag = _SCRIPT_OPEN.match(tokens[i].content).group(1).lower()
        j = i + 1
        while j < len(tokens) and tokens[j].type in ("text", "text_special"):
            j += 1
        if j >= len(tokens) or tokens[j].type != "html_inline":
            return None
        if not re.fullmatch(rf"</{tag}\s*>", tokens[j].content, re.IGNORECASE):
            return None
        converted = script_text("".join(t.content for t in tokens[i + 1 : j]), tag)
        close = self.content.find(tokens[j].content, found)
        if converted is None or close < 0:
            return None
        end = close + len(tokens[j].content)
        builder.add(converted, *self.span(found, end))
        self.pos = end
        return j + 1

    def _attribute_blocks(self, start: int, end: int) -> None:
        """`alt` and `title` of a raw inline tag are prose; other attributes are not."""
        fragment = read_html_fragment(self.source[start:end], start)
        self.extra.extend(b for b in fragment.blocks if b.kind in ("alt", "title_attr"))


def _after_parens(content: str, start: int) -> int:
    """Index after the `)` closing the link destination at `start`; `start` if unbalanced."""
    depth, i = 0, start
    while i < len(content):
        ch = content[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        elif _opens_literal(content, start, i):
            close = content.find(">" if ch == "<" else ch, i + 1)
            i = close if close >= 0 else i
        i += 1
    return start


def _text_at(token: Token | None, content: str, at: int) -> bool:
    return token is not None and token.type == "text" and content.startswith(token.content, at)


def _opens_literal(content: str, start: int, i: int) -> bool:
    """A link title quote (after a space) or a `<…>` destination, which may hold `)`."""
    ch = content[i]
    if ch in "\"'":
        return content[i - 1].isspace()
    return ch == "<" and not content[start + 1 : i].strip()


# --------------------------------------------------------------------------- front matter


def _front_matter_end(text: str, lines: _Lines, marker: str) -> int:
    """Index of the closing marker line of front matter opened by `marker`, or -1."""
    if len(lines) < 2 or text[slice(*lines.span(0))].rstrip() != marker:
        return -1
    for index in range(1, len(lines)):
        line = text[slice(*lines.span(index))].rstrip()
        if line == marker or (marker == "---" and line == "..."):
            return index
    return -1


def _blank(text: str, lines: _Lines, first: int, last: int) -> str:
    """Front matter markdown-it must not see, replaced by blank lines of the same length."""
    start, end = lines.starts[first], lines.ends[last]
    return text[:start] + re.sub(r"[^\r\n]", " ", text[start:end]) + text[end:]


def _front_matter_blocks(text: str, lines: _Lines, last: int, toml: bool) -> list[Block]:
    """Blocks for the top-level `title` and `description` values (lines 1 .. last-1)."""
    blocks: list[Block] = []
    key_re = _TOML_KEY if toml else _YAML_KEY
    for index in range(1, last):
        start, end = lines.span(index)
        if toml and text.startswith("[", start):
            break
        m = key_re.match(text, start, end)
        if m is None:
            continue
        builder = ProseBuilder(m.group(1))
        builder.pieces.extend(_scalar(text, lines, index, m.end(), last, toml))
        block = builder.build()
        if block is not None:
            blocks.append(block)
    return blocks


def _scalar(text: str, lines: _Lines, index: int, start: int, last: int, toml: bool) -> list[Piece]:
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


def _double_quoted(text: str, start: int, end: int) -> list[Piece]:
    pieces: list[Piece] = []
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


def _single_quoted(text: str, start: int, end: int, toml: bool) -> list[Piece]:
    pieces: list[Piece] = []
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


def _block_scalar(text: str, lines: _Lines, index: int, last: int, fold: bool) -> list[Piece]:
    """`|` keeps line breaks, `>` folds them into spaces."""
    pieces: list[Piece] = []
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


def _continuation(text: str, lines: _Lines, index: int, last: int) -> list[Piece]:
    """More-indented lines continuing a plain YAML scalar, folded into spaces."""
    pieces: list[Piece] = []
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


def _join(lines: _Lines, previous: int, next_start: int, fold: bool) -> Piece:
    if fold:
        return (" ", lines.ends[previous], next_start)
    return ("\n", lines.breaks[previous], None)


# --------------------------------------------------------------------------- reader


class _MarkdownReader:
    """Walks markdown-it's block tokens and turns their inline content into blocks."""

    def __init__(self, text: str) -> None:
        self.source = text
        self.lines = _Lines.of(text)
        self.blocks: list[Block] = []
        self.comments: list[tuple[int, int, str]] = []
        self.containers: list[str] = []
        self.cells: list[tuple[int, int]] = []
        self.cell = 0
        self.front: list[Block] = []

    def read(self) -> tuple[list[Block], list[tuple[int, int, str]], str | None]:
        parse_text = self.source
        toml_end = _front_matter_end(self.source, self.lines, "+++")
        if toml_end > 0:
            self.front = _front_matter_blocks(self.source, self.lines, toml_end, toml=True)
            parse_text = _blank(self.source, self.lines, 0, toml_end)
        tokens = _parser().parse(parse_text)
        for i, token in enumerate(tokens):
            self._token(token, tokens[i - 1] if i else None)
        blocks = sorted(self.front + self.blocks, key=lambda b: b.source_start(0))
        return blocks, self.comments, self._title(blocks)

    def _title(self, blocks: list[Block]) -> str | None:
        for kind in ("title", "heading"):
            for block in blocks:
                if block.kind == kind:
                    return block.text
        return None

    def _token(self, token: Token, previous: Token | None) -> None:
        kind = token.type
        if kind in ("blockquote_open", "list_item_open"):
            self.containers.append(kind[: -len("_open")])
        elif kind in ("blockquote_close", "list_item_close") and self.containers:
            self.containers.pop()
        elif kind == "front_matter" and token.map:
            self.front = _front_matter_blocks(self.source, self.lines, token.map[1] - 1, False)
        elif kind == "tr_open" and token.map:
            self.cells = _cell_spans(self.source, *self.lines.span(token.map[0]))
            self.cell = 0
        elif kind == "html_block" and token.map:
            self._html_block(token)
        elif kind == "inline" and previous is not None and token.map:
            self._inline(token, previous.type)

    def _inline(self, token: Token, opener: str) -> None:
        if opener == "heading_open":
            self._read_inline(token, "heading", self._line_offsets(token))
        elif opener == "paragraph_open":
            kind = self.containers[-1] if self.containers else "paragraph"
            self._read_inline(token, kind, self._line_offsets(token))
        elif opener in ("th_open", "td_open"):
            self._read_inline(token, "table_cell", self._cell_offsets(token))

    def _line_offsets(self, token: Token) -> list[int]:
        """Source offset of every character of the token's content (-1: not located)."""
        offsets: list[int] = []
        first = token.map[0]
        # markdown-it strips the content with str.strip(), which also eats lines of U+00A0
        while first < token.map[1] - 1 and not self.source[slice(*self.lines.span(first))].strip():
            first += 1
        for k, text in enumerate(token.content.split("\n")):
            index = first + k
            if k:
                offsets.append(self.lines.breaks[index - 1] if index - 1 < len(self.lines) else -1)
            if index >= len(self.lines):
                offsets.extend([-1] * len(text))
                continue
            offsets.extend(_locate_line(self.source, *self.lines.span(index), text))
        return offsets

    def _cell_offsets(self, token: Token) -> list[int]:
        if self.cell < len(self.cells):
            start, end = self.cells[self.cell]
        else:
            start, end = self.lines.span(token.map[0])
        self.cell += 1
        return _greedy(self.source, start, end, token.content)

    def _read_inline(self, token: Token, kind: str, offsets: list[int]) -> None:
        anchor = self.lines.starts[min(token.map[0], len(self.lines) - 1)]
        walker = _Inline(self.source, token.content, offsets, anchor)
        builder = ProseBuilder(kind)
        walker.walk(token.children or [], builder)
        block = builder.build(self.source)
        if block is not None:
            self.blocks.append(block)
        self.blocks.extend(walker.extra)
        self.comments.extend(walker.comments)

    def _html_block(self, token: Token) -> None:
        """Raw HTML: its text is prose, read by the HTML reader at the right offset."""
        first, last = token.map[0], min(token.map[1], len(self.lines))
        if first >= last:
            return
        start, end = self.lines.starts[first], self.lines.ends[last - 1]
        holes = self._container_prefixes(token, first, last) if self.containers else []
        text = list(self.source[start:end])
        for hole_start, hole_end in holes:
            text[hole_start - start : hole_end - start] = " " * (hole_end - hole_start)
        fragment = read_html_fragment("".join(text), start, holes)
        self.blocks.extend(fragment.blocks)
        self.comments.extend(fragment.comments)

    def _container_prefixes(self, token: Token, first: int, last: int) -> list[tuple[int, int]]:
        """Source ranges of `> ` and list indentation in front of an HTML block's lines."""
        holes = []
        texts = token.content.split("\n")
        for k, index in enumerate(range(first, last)):
            start, end = self.lines.span(index)
            line = self.source[start:end]
            text = texts[k] if k < len(texts) else ""
            if not text.strip():
                cut = len(line)
            elif line.endswith(text):
                cut = len(line) - len(text)
            else:
                cut = len(line) - len(line.lstrip(" \t>"))
            if cut:
                holes.append((start, start + cut))
        return holes


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
