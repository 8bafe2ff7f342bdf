"""Plain text: blank lines separate paragraphs; every character is prose."""

from __future__ import annotations

import regex

from l2lint.document import Block, BlockBuilder, Document

_BLANK_LINES = regex.compile(r"\n[ \t\r\f\v]*\n[\s]*")


def paragraphs(text: str, base: int = 0) -> list[Block]:
    """Split text into blocks at blank lines, mapping each block one-to-one to the source."""
    blocks: list[Block] = []
    start = 0
    for match in _BLANK_LINES.finditer(text):
        _append(blocks, text, start, match.start(), base)
        start = match.end()
    _append(blocks, text, start, len(text), base)
    return blocks


def split_points(text: str, size: int) -> list[int]:
    """Paragraph starts at least `size` characters apart, where the text can be cut."""
    points: list[int] = []
    last = 0
    while True:
        match = _BLANK_LINES.search(text, last + size)
        if match is None or match.end() >= len(text):
            return points
        last = match.end()
        points.append(last)


def _append(blocks: list[Block], text: str, start: int, end: int, base: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    builder = BlockBuilder("paragraph")
    builder.add(stripped, base + start + lead)
    blocks.append(builder.build())


def read_text(path: str, text: str) -> Document:
    """A plain-text document of `text` (its blocks: `paragraphs`); `path` is only its name."""
    return Document(path=path, source=text, blocks=paragraphs(text), format="text")
