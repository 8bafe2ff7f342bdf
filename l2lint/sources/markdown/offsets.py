"""UTF-8 byte offsets of a parsed text to character offsets (pyromark reports bytes)."""

from __future__ import annotations

import bisect
import re

_NON_ASCII = re.compile(r"[^\x00-\x7f]")


class Offsets:
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
