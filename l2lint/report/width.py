"""Display width of text in a terminal, and a window of a long line around a span.

Widths follow Unicode's East Asian Width property (UAX #11, via `unicodedata`): wide (W)
and fullwidth (F) characters, which include CJK and most emoji since Unicode 9, take two
columns; combining marks and variation selectors (Mn, Me) and format characters (Cf,
e.g. the zero-width joiner) take none; every other character one. This is what
wcwidth-style terminals do for all but emoji sequences joined by ZWJ. Control
characters other than tab, and what else `escape.printable` escapes (C1 controls,
bidirectional formatting characters, line separators), are shown as U+FFFD (one column).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from l2lint.report.escape import has_unprintable

TAB_SIZE = 4  # a tab advances to the next multiple of 4 columns, as in ruff's output
CONTEXT = 60  # columns of context shown on each side of a span
MAX_SPAN = 120  # columns of a span shown at most; the rest is cut with an ellipsis
ELLIPSIS = "…"


def char_width(char: str) -> int:
    """Columns one character takes (0, 1 or 2); a tab is not handled here."""
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


@dataclass(frozen=True)
class Window:
    """A line shown around a span: `text` to print, carets at `pad` columns for `width`."""

    text: str
    pad: int  # display columns before the first caret
    width: int  # carets, at least 1


def window(line: str, start: int, end: int) -> Window:
    """The part of `line` to show for the span of characters [start, end) (0-based
    character offsets into `line`, clamped to it), at most `CONTEXT` characters each side
    and `MAX_SPAN` of the span, cut ends marked with `ELLIPSIS`. Tabs become spaces up to
    the next multiple of `TAB_SIZE` columns of the text shown; carets are aligned by
    display width (`char_width`)."""
    start = max(0, min(start, len(line)))
    end = max(start, min(end, len(line)))
    shown_end = min(end, start + MAX_SPAN)
    first = max(0, start - CONTEXT)
    last = min(len(line), shown_end + CONTEXT) if shown_end == end else shown_end
    out: list[str] = []
    column = 0
    if first > 0:
        out.append(ELLIPSIS)
        column += 1
    pad = caret_end = column
    for index in range(first, last):
        if index == start:
            pad = column
        char = line[index]
        if char == "\t":
            step = TAB_SIZE - column % TAB_SIZE
            out.append(" " * step)
        elif has_unprintable(char):
            step = 1
            out.append("\ufffd")
        else:
            step = char_width(char)
            out.append(char)
        column += step
        if index < shown_end:
            caret_end = column
    if start >= last:
        pad = caret_end = column
    if last < len(line):
        out.append(ELLIPSIS)
    return Window("".join(out), pad, max(1, caret_end - pad))
