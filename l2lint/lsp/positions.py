"""Character offsets in a text ↔ LSP positions.

l2lint reports character offsets (Unicode code points) into the source; LSP
positions are a 0-based line and a 0-based column counted in the code units the
client and server agreed on at `initialize` (UTF-16 by default, LSP 3.17
"PositionEncodingKind"). Lines end at "\\n", "\\r\\n" or a lone "\\r", as the LSP
specification says ("TextDocuments" section); for "\\n" and "\\r\\n" files that
gives the same line numbers as the CLI.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

import regex
from lsprotocol import types

_LINE_END = regex.compile(r"\r\n|\r|\n")


def utf16_units(text: str) -> int:
    """UTF-16 code units in `text`: 2 for a character above U+FFFF, else 1."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


class LineTable:
    """Where each line of `source` starts, to convert positions both ways.

    `units(text)` counts the client's code units in a piece of one line (default
    UTF-16); built once per text in O(n), each conversion is O(log lines + line length).
    """

    def __init__(self, source: str, units: Callable[[str], int] = utf16_units) -> None:
        self.source = source
        self.units = units
        self.starts = [0] + [m.end() for m in _LINE_END.finditer(source)]

    def _line_end(self, line: int) -> int:
        """Offset just before the line break ending 0-based `line` (or the end of text)."""
        if line + 1 < len(self.starts):
            end = self.starts[line + 1]
            while end > self.starts[line] and self.source[end - 1] in "\r\n":
                end -= 1
            return end
        return len(self.source)

    def position(self, offset: int) -> types.Position:
        """The LSP position of a 0-based character offset (clamped to the text)."""
        offset = max(0, min(offset, len(self.source)))
        line = bisect.bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        return types.Position(line=line, character=self.units(self.source[start:offset]))

    def range(self, start: int, end: int) -> types.Range:
        """The LSP range of character offsets [start, end)."""
        return types.Range(start=self.position(start), end=self.position(end))

    def offset(self, position: types.Position) -> int:
        """The character offset of an LSP position; past the line's end means its end."""
        if position.line >= len(self.starts):
            return len(self.source)
        start = self.starts[max(position.line, 0)]
        end = self._line_end(position.line)
        count = 0
        for index in range(start, end):
            if count >= position.character:
                return index
            count += self.units(self.source[index])
        return end
