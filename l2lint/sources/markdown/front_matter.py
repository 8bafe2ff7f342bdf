"""Front matter (`---` YAML, `+++` TOML) of a Markdown file: its extent, and its top-level
`title` and `description` values as prose blocks mapped to the source."""

from __future__ import annotations

import re
from dataclasses import dataclass

from l2lint.document import Block
from l2lint.sources.markdown.prose import Prose

_NEWLINE = re.compile(r"\r\n|\r|\n")
_YAML_KEY = re.compile(r"(title|description)[ \t]*:(?=[ \t]|$)[ \t]*")
_TOML_KEY = re.compile(r"(title|description)[ \t]*=[ \t]*")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "0": "\0", "e": "\x1b"}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
# A YAML line that opens a sequence entry or a mapping key, not a scalar.
_COLLECTION = re.compile(r"[-?:](?:[ \t]|$)|[^#]*?:(?:[ \t]|$)")


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


def yaml_end(text: str) -> int:
    """End of `---` front matter (its closing line), or -1: the first line starts with
    three dashes or more after any indentation, the closing line with as many."""
    m = re.match(r"[ \t]*(-{3,})[^\r\n]*", text)
    if m is None:
        return -1
    closer = re.compile(rf"[\r\n][ \t]*-{{{len(m.group(1))}}}[^\r\n]*").search(text, m.end())
    return closer.end() if closer else -1


def toml_end(text: str) -> int:
    """End of `+++` front matter (its closing line), or -1."""
    m = re.match(r"\+\+\+([^\r\n]*)", text)
    if m is None or m.group(1).strip():
        return -1
    for closer in re.finditer(r"[\r\n]\+\+\+([^\r\n]*)", text):
        if not closer.group(1).strip():
            return closer.end()
    return -1


def front_matter_blocks(source: str, end: int, toml: bool) -> list[Block]:
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
        prose = Prose(m.group(1), start, stop)
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
