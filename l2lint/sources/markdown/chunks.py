"""Where a large Markdown text can be cut into chunks that are parsed apart (see the
package docstring), and whether a chunk was cut too early."""

from __future__ import annotations

import functools
import re

from l2lint.sources.markdown.events import Event, event_name
from l2lint.sources.markdown.offsets import Offsets

CHUNK_SIZE = 1_000_000  # characters per parse, by default
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


def split_points(text: str, begin: int, size: int) -> list[int]:
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


def runs_on(events: list[Event], text: str, at: Offsets) -> bool:
    """Whether the chunk's last top-level block goes past its last line (cut too early).

    `events` are the chunk's events; the last one closes its last top-level block."""
    if not events or event_name(events[-1][0]) not in ("End:CodeBlock", "End:HtmlBlock"):
        return False
    end = len(text)
    while end and text[end - 1] in " \t\r\n":
        end -= 1
    line_end = _line_end(text, end)
    # the text after line_end is ASCII whitespace: as many bytes as characters
    return events[-1][1]["end"] > at.size - (len(text) - line_end)
