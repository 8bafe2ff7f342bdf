"""Spans that are never checked: URLs, e-mail addresses, @handles, #hashtags, file names, paths.

These are not brand knowledge but facts about text, so they live in code, not in packs.
spaCy's URL and e-mail token flags add to these in `nlp`.
"""

from __future__ import annotations

import bisect

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

PROTECTED = regex.compile(
    "|".join(
        [
            r"\b(?:https?|ftp|file)://\S+",
            r"\b(?i:www)\.[\w-]+(?:\.[\w-]+)+\S*",
            r"\bmailto:\S+",
            # starts only where a run of local-part characters starts: the same matches,
            # but a long run without "@" (Japanese text, all word characters) is read
            # once, not once per character
            r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
            r"(?<![\w@.])@[\w](?:[\w.]*\w)?",
            r"(?<![\w&#])#[\p{L}\p{N}_]+",
            rf"(?<![\w/])[\w.-]*\w\.(?i:{_FILE_EXTENSIONS})\b",
            r"(?<![\w])(?:~|\.{1,2})?/(?:[\w.-]+/)+[\w.-]*",
            r"(?<![\w/])[\w.-]+(?:/[\w.-]+){2,}",
            r"\b[A-Za-z]:\\\S+",
            rf"\b[\w-]+(?:\.[\w-]+)*\.(?i:{_TLDS})\b(?:[/?#]\S*)?",
        ]
    ),
    # Schemes, host names and file extensions are case-insensitive: `Lumix-S9.JPG`,
    # `WWW.LUMIX.COM` (RFC 3986, sections 3.1 and 3.2.2).
    regex.V0 | regex.IGNORECASE,
)


_RUN_BEFORE = regex.compile(r"(?r)\S*")  # matched backwards from a position
_RUN_AFTER = regex.compile(r"\S*")
# How far the window reaches beyond the span on each side (characters): text written
# without spaces (Japanese) has runs as long as a paragraph, which must not be searched
# once per match. A protected span that starts further away is still found from the
# window's edge (a URL's or path's tail matches the same patterns).
REACH = 256


def touches_protected(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] touches a protected span.

    No protected span holds white space, so one that touches the range lies between
    the white space before `start` and the white space after `end`: only that window
    is searched (a search there finds what a search of the whole text finds there).
    """
    low = _RUN_BEFORE.match(text, max(0, start - REACH), start).start()
    high = _RUN_AFTER.match(text, end, end + REACH).end()
    return any(m.start() < end and start < m.end() for m in PROTECTED.finditer(text, low, high))


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
    i = bisect.bisect_right(spans, (end, end))  # spans starting before `end`
    return i > 0 and spans[i - 1][1] > start
