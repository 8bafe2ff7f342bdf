"""YAML front matter at the start of a file that is not Markdown (an `.html` export).

Brand guide §0: front-matter keys and list values (tags) are never checked; a `title` or
`description` value is prose, also when it continues on the next lines. The Markdown
reader has its own front-matter handling; this one serves readers whose parser does not
know front matter, so they can blank it out and read only the prose values.
"""

from __future__ import annotations

import re

from l2lint.document import Block, BlockBuilder

_OPEN = re.compile(r"---[ \t]*(?:\r\n|\r|\n)")
_CLOSE = re.compile(r"(?:\r\n|\r|\n)(?:---|\.\.\.)[ \t]*(?=\r\n|\r|\n|$)")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_PROSE_KEY = re.compile(r"(title|description)[ \t]*:[ \t]*")
_ANY_KEY = re.compile(r"[ \t]*[\w-]+[ \t]*:(?:[ \t]|$)")


def front_matter_end(text: str) -> int:
    """Offset just after the closing `---` line of front matter at offset 0, or -1."""
    if not _OPEN.match(text):
        return -1
    close = _CLOSE.search(text)
    return close.end() if close else -1


def front_matter_blocks(text: str, end: int) -> list[Block]:
    """Prose blocks ("title" kind for `title`) for the top-level title and description
    values in text[:end]; offsets are 0-based characters of `text`."""
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text, 0, end) if m.end() > m.start()]
    blocks: list[Block] = []
    for index, (start, stop) in enumerate(lines[1:-1], start=1):
        key = _PROSE_KEY.match(text, start, stop)
        if key is None:
            continue
        builder = BlockBuilder("title" if key.group(1) == "title" else "paragraph")
        value_start = key.end()
        value = text[value_start:stop].rstrip("\r\n")
        quote = value[:1] if value[:1] in "\"'" else ""
        if quote:
            inner_end = value.rfind(quote)
            if inner_end > 0:
                builder.add(value[1:inner_end], value_start + 1)
        elif value.strip() and value.strip()[0] not in "|>[{&*!%@`#":
            builder.add(value.rstrip(), value_start)
        if not quote:
            for c_start, c_stop in lines[index + 1 : -1]:
                line = text[c_start:c_stop].rstrip("\r\n")
                if not line[:1].isspace() or _ANY_KEY.match(line):
                    break
                body = line.lstrip()
                if builder.length:
                    builder.add(" ", c_start - 1, c_start)
                builder.add(body, c_start + len(line) - len(body))
        block = builder.build()
        if block.text.strip():
            blocks.append(block)
    return blocks


def blank_out(text: str, end: int) -> str:
    """text with text[:end] turned into spaces, line breaks kept (offsets unchanged)."""
    return re.sub(r"[^\r\n]", " ", text[:end]) + text[end:]
