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
from bisect import bisect_right
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
