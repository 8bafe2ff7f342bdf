"""The pieces of one Markdown block, built into a `Block` with its source map."""

from __future__ import annotations

from l2lint.document import Block, Segment

Piece = tuple[str | None, int, int]  # (None: a copy of the source, start, end)


class Prose:
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
        """Add the source's characters [start, end) verbatim (merged with a copy just before);
        the next piece is looked for from `end`."""
        pieces = self.pieces
        if pieces and pieces[-1][0] is None and pieces[-1][2] == start:
            pieces[-1] = (None, pieces[-1][1], end)
        elif end > start:
            pieces.append((None, start, end))
        self.pos = end

    def replace(self, text: str, start: int, end: int) -> None:
        """Add `text` in place of the source's characters [start, end) (empty for an insertion)."""
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
