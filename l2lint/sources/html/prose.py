"""The prose pieces of one block, trimmed at its edges and built into a `Block`."""

from __future__ import annotations

from l2lint.document import Block, BlockBuilder

# The prose builder's pieces, (text, start, end): end None means a verbatim copy.
ProsePiece = tuple[str, int, int | None]


class ProseBuilder:
    """Collects prose pieces for one block and trims whitespace at the block's edges.

    Readers add text as they meet it, so a block may start or end with layout whitespace
    (indentation, the newline before `</p>`); `build` removes it without losing positions.
    """

    def __init__(self, kind: str = "paragraph") -> None:
        self.kind = kind
        self.pieces: list[ProsePiece] = []

    def add(self, text: str, source_start: int, source_end: int | None = None) -> None:
        """Append prose `text` taken from source[source_start:source_end] (0-based characters);
        without `source_end` it is a verbatim copy. Empty text is ignored."""
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
