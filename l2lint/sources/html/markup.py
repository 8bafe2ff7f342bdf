"""Markup extents: where a tag, comment or other construct that starts with `<` ends
(HTML5 tokenizer, data state), and the attributes of a tag."""

from __future__ import annotations

import re
from typing import NamedTuple

# Where a tag, comment or other markup construct that starts with `<` ends, following the
# HTML5 tokenizer's data state. The aligner only uses this to step over markup; what the
# markup means is the parser's business.

SPACE = " \t\n\f\r"
GAP_CHARS = frozenset(SPACE + "\0")
_COMMENT_END = re.compile(r"--!?>")
TAG_NAME = re.compile(r"[A-Za-z][^\t\n\f\r />]*")
_SPACE_SLASH = re.compile(r"[\t\n\f\r /]*")
_ATTR_NAME = re.compile(r"[^\t\n\f\r />][^\t\n\f\r />=]*")
_ATTR_EQ = re.compile(r"[\t\n\f\r ]*=[\t\n\f\r ]*")
_UNQUOTED = re.compile(r"[^\t\n\f\r >]*")
# Attributes as most tags write them (space-separated, no stray quotes or slashes): for
# these, the `>` after them ends the tag exactly where the HTML5 tokenizer ends it. The
# grammar is unambiguous, so a failed match cannot backtrack exponentially. Anything else
# takes the slower `_scan_attributes`.
_USUAL_ATTRIBUTES = (
    r"""(?:[\t\n\f\r ]+[^\t\n\f\r />="'<][^\t\n\f\r />="'<]*"""
    r"""(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"[^"]*"|'[^']*'|[^\t\n\f\r >"'=<`]+))?)*"""
    r"""[\t\n\f\r ]*/?>"""
)
_USUAL_TAG = re.compile(_USUAL_ATTRIBUTES)
USUAL_MARKUP = re.compile(r"</?[A-Za-z][^\t\n\f\r />]*" + _USUAL_ATTRIBUTES)  # a whole tag


class Attr(NamedTuple):
    """An attribute; value_start/value_end are offsets of the value (-1: none)."""

    name: str
    value_start: int
    value_end: int


class Markup(NamedTuple):
    """A markup construct: kind is start, end, comment, cdata or other.

    For tags, `body` is where the attributes start (see `attributes`).
    """

    kind: str
    start: int
    end: int
    name: str = ""
    body: int = -1


def markup_at(text: str, j: int) -> Markup | None:
    """The markup construct starting with `<` at j, or None when that `<` is text."""
    if text.startswith("<!--", j):
        return _comment(text, j)
    nxt = text[j + 1 : j + 2]
    if nxt == "!":
        # In HTML content `<![CDATA[` opens a bogus comment; in SVG and MathML a CDATA
        # section, whose text `Aligner._match` reads (it is a text node there).
        return _bogus(text, j, "cdata" if text.startswith("<![CDATA[", j) else "other")
    if nxt == "?":
        return _bogus(text, j)
    kind = "end" if nxt == "/" else "start"
    m = TAG_NAME.match(text, j + 2 if kind == "end" else j + 1)
    if m is not None:
        return Markup(kind, j, _tag_end(text, m.end()), m.group().lower(), m.end())
    if kind == "start":
        return None
    if text.startswith("</>", j):
        return Markup("other", j, j + 3)
    return _bogus(text, j) if j + 2 < len(text) else None


def attributes(text: str, mark: Markup) -> tuple[Attr, ...]:
    """The attributes of a tag, in source order."""
    return _scan_attributes(text, mark.body)[0] if mark.body >= 0 else ()


def _tag_end(text: str, i: int) -> int:
    """Where a tag whose attributes start at i ends (a regular expression for usual tags)."""
    m = _USUAL_TAG.match(text, i)
    return m.end() if m is not None else _scan_attributes(text, i)[1]


def _comment(text: str, j: int) -> Markup:
    """`<!--…-->`, `<!--…--!>`, the abrupt `<!-->`/`<!--->`, or unterminated to the end."""
    for abrupt in ("<!-->", "<!--->"):
        if text.startswith(abrupt, j):
            return Markup("comment", j, j + len(abrupt))
    close = _COMMENT_END.search(text, j + 4)  # one search: two `find`s would be quadratic
    return Markup("comment", j, len(text) if close is None else close.end())


def comment_data(text: str, mark: Markup) -> str:
    """The text inside a comment, without `<!--` and its closer."""
    inner = text[mark.start + 4 : mark.end]
    for closer in ("--!>", "-->"):
        if inner.endswith(closer) and mark.end - mark.start >= 4 + len(closer):
            return inner[: -len(closer)]
    return "" if text.startswith(("<!-->", "<!--->"), mark.start) else inner


def _bogus(text: str, j: int, kind: str = "other") -> Markup:
    """`<!…>`, `<?…>`, `</ …>`: a bogus comment or doctype, up to the next `>`."""
    close = text.find(">", j + 2)
    return Markup(kind, j, len(text) if close < 0 else close + 1)


def _match_end(pattern: re.Pattern[str], text: str, i: int) -> int:
    """Where `pattern`, which matches the empty string too, ends when matched at i."""
    m = pattern.match(text, i)
    assert m is not None  # a pattern of starred classes always matches
    return m.end()


def _scan_attributes(text: str, i: int) -> tuple[tuple[Attr, ...], int]:
    """Attributes from i up to the closing `>`: (attrs, end offset).

    As in HTML5, an unterminated quote runs to the end of the file (the tag is then dropped).
    """
    attrs: list[Attr] = []
    n = len(text)
    while True:
        i = _match_end(_SPACE_SLASH, text, i)
        if i >= n:
            return tuple(attrs), n
        if text[i] == ">":
            return tuple(attrs), i + 1
        name = _ATTR_NAME.match(text, i)
        if name is None:  # not reachable: text[i] is neither space, "/" nor ">"
            return tuple(attrs), n
        i = name.end()
        eq = _ATTR_EQ.match(text, i)
        if not eq:
            attrs.append(Attr(name.group().lower(), -1, -1))
            continue
        i = eq.end()
        quote = text[i : i + 1]
        if quote in ('"', "'"):
            close = text.find(quote, i + 1)
            stop = n if close < 0 else close
            attrs.append(Attr(name.group().lower(), i + 1, stop))
            i = stop + 1
        else:
            end = _match_end(_UNQUOTED, text, i)
            attrs.append(Attr(name.group().lower(), i, end))
            i = end
