"""Where a huge HTML file can be cut into pieces that read the same apart as together.

A cut goes just before the start tag of a block element (`<p`, `<div`, `<h2` …), where
the text before it has ended its block anyway, and only where no element that changes
how the content reads is open: tables (a `<td>` outside a `<table>` is dropped by the
parser), skipped or raw-text elements (`pre`, `code`, `script`, `template` …), foreign
content (`svg`, `math`), `select`, and `sup`/`sub` (they turn digits into ² and ₂). Inside
lists a cut may also go before an `<li>`, `<dt>` or `<dd>`, which read the same at top
level. The scan steps over comments and the content of raw-text elements with the same
HTML5 tokenizer rules the reader's aligner uses (`markup_at`).

A document whose table or unclosed container spans everything simply yields fewer
points, and none at all after a script whose text holds `<!--` and `<script` (HTML5's
"double escaped" script data, where a `</script>` need not end the script).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from l2lint.sources.html.markup import markup_at
from l2lint.sources.html.tags import RAWTEXT, RCDATA, names

_CUT_BEFORE = names(
    "p div h1 h2 h3 h4 h5 h6 section article header footer main aside nav figure hr "
    "details address form fieldset blockquote ul ol dl table pre"
)
_LIST_ITEMS = names("li dt dd")
_LISTS = names("ul ol dl")
# Open elements under which a cut could change the reading (lists are handled apart).
_CONTAINERS = names("table template svg math select pre code kbd samp sup sub object button")
# Elements whose content is text up to their end tag (no markup inside).
_RAW_CONTENT = RAWTEXT | RCDATA


_SCRIPT_START = re.compile("<script", re.IGNORECASE)


@functools.lru_cache(maxsize=16)
def _end_tag(name: str) -> re.Pattern[str]:
    return re.compile(rf"</{name}(?=[\t\n\f\r />])", re.IGNORECASE)


def _double_escaped(text: str, start: int, end: int) -> bool:
    comment = text.find("<!--", start, end)
    return comment != -1 and _SCRIPT_START.search(text, comment, end) is not None


def cuts(text: str, size: int, lists: int = 0) -> Iterator[tuple[int, int]]:
    """(offset, open lists there) of each cut; `lists`: lists open where `text` starts."""
    containers = 0  # open elements of _CONTAINERS
    open_by_name: dict[str, int] = {}
    last = 0
    pos = 0
    find = text.find
    while True:
        j = find("<", pos)
        if j < 0:
            break
        mark = markup_at(text, j)
        if mark is None:
            pos = j + 1
            continue
        if mark.end >= len(text):
            break  # possibly cut short: the rest of it is not in `text`
        pos = max(mark.end, j + 1)
        name = mark.name
        if mark.kind == "start":
            if name == "plaintext":
                break  # everything after it is text: no cut can follow
            if name in _RAW_CONTENT:
                close = _end_tag(name).search(text, pos)
                if close is None:
                    break
                if name == "script" and _double_escaped(text, pos, close.start()):
                    break  # where it really ends takes HTML5's script states: cut no more
                pos = close.start()
                continue
            cut = name in _LIST_ITEMS if lists else name in _CUT_BEFORE
            if cut and j - last >= size and not containers:
                yield j, lists
                last = j
            self_closing = text.startswith("/>", mark.end - 2)
            if name in _CONTAINERS and not (self_closing and name in ("svg", "math")):
                containers += 1
                open_by_name[name] = open_by_name.get(name, 0) + 1
            elif name in _LISTS:
                lists += 1
        elif mark.kind == "end":
            if open_by_name.get(name):
                open_by_name[name] -= 1
                containers -= 1
            elif name in _LISTS and lists:
                lists -= 1
