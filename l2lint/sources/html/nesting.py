"""The nesting cap and the foster-parenting limit, applied before the HTML is parsed."""

from __future__ import annotations

import re

from l2lint.sources.html.markup import markup_at
from l2lint.sources.html.tags import BLOCK_TAGS, RAWTEXT, RCDATA, VOID, names
from l2lint.sources.limits import InputLimitError

# Lexbor's tree builder takes time quadratic in the nesting depth (80,000 nested `<div>`
# took 33 s). Like Blink, whose HTML parser appends elements deeper than 512 levels as
# siblings (`kMaximumHTMLParserDOMTreeDepth`), the reader caps the depth: a start tag that
# would open an element deeper than MAX_DEPTH, and its matching end tag, are read as
# white space (same length, newlines kept, so every offset stays exact): what they held
# is read as plain prose of the element at the cap. The depth is counted by a simple
# tree builder over `markup_at` (implied end tags of `p`, `li`, `td` … included), which
# never counts deeper than the parser's real tree for ordinary pages.

MAX_DEPTH = 512
# Text right inside a table, outside its cells, is moved before the table ("foster
# parenting"), each piece appended to one text node, which takes Lexbor memory quadratic
# in the text (220,000 characters of it: 780 MB). Past this many characters the file is
# not parsed: an InputLimitError, one line.
MAX_FOSTERED = 50_000
_TABLE_START = re.compile(r"<table", re.IGNORECASE)
_TABLE_TEXT = names("table tbody thead tfoot tr")
_FOSTERED_MESSAGE = (
    f"not read, over a limit: more than {MAX_FOSTERED:,} characters of text inside a "
    "<table> but outside its cells (parsing it would take memory quadratic in it)"
)
# start tag -> open elements it implicitly closes when one is the current element
_IMPLIED_CLOSE = {
    "li": names("li"),
    "dt": names("dt dd"),
    "dd": names("dt dd"),
    "tr": names("tr td th"),
    "td": names("td th"),
    "th": names("td th"),
    "option": names("option"),
    "optgroup": names("option optgroup"),
}
_CLOSES_P = BLOCK_TAGS | names("p menu search")
_NOT_BLANK = re.compile(r"[^\r\n]")


def cap_depth(text: str, limit: int = MAX_DEPTH) -> tuple[str, list[tuple[int, int]]]:
    """`text` with the tags of elements nested deeper than `limit` blanked (see above),
    and the blanked (start, end) offsets, sorted. Linear: each tag looks at most `limit`
    open elements."""
    if text.count("<") <= limit and _TABLE_START.search(text) is None:
        return text, []
    stack: list[str] = []
    blanked: dict[str, int] = {}
    spans: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    text_from = 0  # where the text since the last tag starts
    fostered = 0
    while True:
        j = text.find("<", pos)
        if j < 0:
            break
        mark = markup_at(text, j)
        if mark is None:
            pos = j + 1
            continue
        if stack and stack[-1] in _TABLE_TEXT and j > text_from and text[text_from:j].strip():
            fostered += j - text_from
            if fostered > MAX_FOSTERED:
                raise InputLimitError(_FOSTERED_MESSAGE)
        pos = text_from = max(mark.end, j + 1)
        name = mark.name
        if mark.kind == "start":
            if name in VOID or text.startswith("/>", mark.end - 2):
                continue
            if stack and stack[-1] == "p" and name in _CLOSES_P:
                stack.pop()
            closes = _IMPLIED_CLOSE.get(name)
            while closes and stack and stack[-1] in closes:
                stack.pop()
            if name in RAWTEXT or name in RCDATA:
                close = re.compile(rf"</{name}(?=[\t\n\f\r />])", re.IGNORECASE).search(text, pos)
                pos = text_from = n if close is None else close.start()
                continue
            if len(stack) >= limit:
                blanked[name] = blanked.get(name, 0) + 1
                spans.append((j, mark.end))
                continue
            stack.append(name)
        elif mark.kind == "end":
            if blanked.get(name):
                blanked[name] -= 1
                spans.append((j, mark.end))
            elif name in stack:
                del stack[len(stack) - 1 - stack[::-1].index(name) :]
    if not spans:
        return text, []
    parts, last = [], 0
    for start, end in spans:
        parts.append(text[last:start])
        parts.append(_NOT_BLANK.sub(" ", text[start:end]))
        last = end
    parts.append(text[last:])
    return "".join(parts), spans
