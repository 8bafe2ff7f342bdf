r"""Spans that are never checked: URLs, e-mail addresses, @handles, #hashtags, file names, paths.

These are not brand knowledge but facts about text, so they live in code, not in packs.
spaCy's URL and e-mail token flags add to these in `nlp`.

Linear time by construction (#14): every alternative of `PROTECTED` either begins with
a literal (`https://`, `www.`, `mailto:`, `@`, `#`, `/`, a drive letter) or may only
begin where a maximal run of its leading character class begins (a look-behind for that
class), so a search tries each alternative's expensive part at most once per run, and
the spans of a text are computed once, not once per candidate. It is compiled with the
standard library's `re`, whose backtracking out of a greedy repeat is linear here; the
`regex` module's is quadratic for shapes like `[\w.-]*\w\.(?:jpg|png)` (measured with
benchmarks/adversarial.py).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

import regex

_FILE_EXTENSIONS = (
    "jpe?g|png|gif|svg|webp|tiff?|heic|dng|raw|pdf|docx?|xlsx?|pptx?|txt|md|html?|css|js|ts|json"
    "|ya?ml|toml|csv|zip|bin|exe|dmg|mp4|mov|mp3|wav|py|sh"
)

_TLDS = (  # common top-level domains that are not also English words
    "com|org|net|edu|gov|io|co|ai|app|dev|info|biz|eu|de|jp|uk|co\\.uk|fr|es|nl|ch|se|dk|fi|pl"
    "|cz|pt|ie|ca|au|nz|cn|kr|tw|hk|sg|br|mx|ru|example"
    # generic top-level domains that brands and shops use ("lumix.camera")
    "|camera|photo|photos|photography|shop|store|online|site|blog|tech|news|global|store"
)

PROTECTED = re.compile(
    "|".join(
        [
            r"\b(?:https?|ftp|file)://\S+",
            r"\b(?i:www)\.[\w-]+(?:\.[\w-]+)+\S*",
            r"\bmailto:\S+",
            r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
            r"(?<![\w@.])@[\w](?:[\w.]*\w)?",
            r"(?<![\w&#])#\w+",
            rf"(?<![\w./-])[\w.-]*\w\.(?:{_FILE_EXTENSIONS})\b",
            r"(?<![\w])(?:~|\.{1,2})?/(?:[\w.-]+/)+[\w.-]*",
            r"(?<![\w./-])[\w.-]+(?:/[\w.-]+){2,}",
            r"\b[A-Za-z]:\\\S+",
            rf"(?<![\w.-])[\w-]+(?:\.[\w-]+)*\.(?:{_TLDS})\b(?:[/?#]\S*)?",
        ]
    ),
    # Schemes, host names and file extensions are case-insensitive: `Lumix-S9.JPG`,
    # `WWW.LUMIX.COM` (RFC 3986, sections 3.1 and 3.2.2).
    re.UNICODE | re.IGNORECASE,
)


@lru_cache(maxsize=16)
def protected_spans(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The protected spans of `text`: (starts, ends), 0-based character offsets, end
    exclusive, sorted and non-overlapping (those of one `PROTECTED.finditer` pass).

    Cached per text: every candidate of a block asks about the same text.
    """
    starts: list[int] = []
    ends: list[int] = []
    for match in PROTECTED.finditer(text):
        starts.append(match.start())
        ends.append(match.end())
    return tuple(starts), tuple(ends)


def touches_protected(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] (0-based character offsets) overlaps a protected span.

    Same answer as testing every match of `PROTECTED.finditer(text)`; a binary search in
    the text's cached spans, so O(log n) per call after one linear pass per text.
    """
    starts, ends = protected_spans(text)
    i = bisect_right(ends, start)  # the first span ending after `start`
    return i < len(starts) and starts[i] < end


# Every protected span holds one of these (a scheme's or drive's colon, a slash, an "@",
# a "#", a backslash, or the dot of a host or file name): a window without one has none.
PROTECTED_HINT = regex.compile(r"[:/@#\\]|\.[\w-]")
_SPACE = regex.compile(r"\s")


class ProtectedIndex:
    r"""Answers "does [start, end) touch a protected span of `text`?" for many spans of
    one text, in O(log n) each after O(n) once (#14: finding the space-free run around
    every candidate and searching it was O(candidates x run length)).

    The answer is `touches_protected(text, start, end)`. It is False without running
    `PROTECTED` when the space-free run around the span (from the last white space, by
    the `regex` module's `\s`, before `start` to the first at or after `end`) holds no
    match of `PROTECTED_HINT`: every protected span lies within one such run and holds a
    hint. The white-space offsets and hint matches are found once per text, and a run's
    bounds and its first hint by binary search.
    """

    def __init__(self, text: str):
        self.text = text
        hints = [m.span() for m in PROTECTED_HINT.finditer(text)]  # disjoint, sorted
        self._hint_starts = [s for s, _ in hints]
        self._hint_ends = [e for _, e in hints]
        self._spaces: list[int] | None = None  # white-space offsets, found on first use

    def touches(self, start: int, end: int) -> bool:
        """Whether [start, end) (0-based character offsets, start <= end) overlaps a
        protected span of the text."""
        starts = self._hint_starts
        if not starts:
            return False
        if self._spaces is None:
            self._spaces = [m.start() for m in _SPACE.finditer(self.text)]
        spaces = self._spaces
        i = bisect_left(spaces, start)  # white space before `start`: spaces[:i]
        low = spaces[i - 1] + 1 if i else 0
        j = bisect_left(spaces, end, i)
        high = spaces[j] if j < len(spaces) else len(self.text)
        h = bisect_left(starts, low)  # the first hint in the run, if it ends inside
        if h == len(starts) or self._hint_ends[h] > high:
            return False
        return touches_protected(self.text, start, end)


# Template tags of Hugo, Jekyll, Liquid, Jinja and Go templates: `{{ … }}`,
# `{{< … >}}`, `{{% … %}}` and `{% … %}` (Hugo's shortcode syntax,
# https://gohugo.io/content-management/shortcodes/; Liquid's tags and output,
# https://shopify.github.io/liquid/basics/introduction/). They hold code, not prose, and
# may hold white space, so they are found in the whole source rather than in a run.
# A tag longer than TEMPLATE_REACH characters is not taken for one.
TEMPLATE_REACH = 2000
TEMPLATE_TAG = regex.compile(
    rf"\{{\{{.{{0,{TEMPLATE_REACH}}}?\}}\}}|\{{%.{{0,{TEMPLATE_REACH}}}?%\}}", regex.DOTALL
)


def template_spans(source: str) -> list[tuple[int, int]]:
    """The template tags of `source`, as sorted, disjoint [start, end) character offsets."""
    if "{{" not in source and "{%" not in source:
        return []
    return [m.span() for m in TEMPLATE_TAG.finditer(source)]


def touches_spans(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of `spans` (sorted and disjoint)."""
    i = bisect_right(spans, (end, end))  # spans starting before `end`
    return i > 0 and spans[i - 1][1] > start
