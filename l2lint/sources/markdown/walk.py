"""The event walk: one chunk's pyromark events turned into prose blocks and comments."""

from __future__ import annotations

import re
from typing import Any

from l2lint.document import Block, Segment
from l2lint.sources.html.reader import read_html_fragment
from l2lint.sources.html.tags import SKIP_TAGS, script_text
from l2lint.sources.markdown.events import Event, event_name
from l2lint.sources.markdown.offsets import Offsets
from l2lint.sources.markdown.prose import Prose

_LINE_BREAK = re.compile(r"\r\n?|\n")
_SCRIPT_OPEN = re.compile(r"<(sup|sub)(?:\s[^>]*)?>\Z", re.IGNORECASE)
_SKIP_OPEN = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])", re.IGNORECASE)
_SPACE_TAG = re.compile(r"<(?:br|img)\b", re.IGNORECASE)
_ATTRIBUTE_PROSE = re.compile(r"""[\s"'/](?:alt|title)\s*=""", re.IGNORECASE)
# A GFM footnote reference: `[^label]`, the label without white space or brackets.
_FOOTNOTE_LABEL = re.compile(r"\[\^[^\]\[\s\\]+\]")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

# Blocks whose text is code or metadata, never prose.
_CODE = frozenset({"CodeBlock", "MetadataBlock", "DisplayMath"})
# Containers and the kind they give the paragraphs inside them.
_CONTAINER_KIND = {
    "BlockQuote": "blockquote",
    "Item": "list_item",
    "FootnoteDefinition": "footnote",
}
_INLINE_TAGS = frozenset(
    {"Emphasis", "Strong", "Strikethrough", "Superscript", "Subscript", "Link", "Image"}
)
# Blocks that hold inline content, and the kind of block they make.
_PROSE_KIND = {"Heading": "heading", "TableCell": "table_cell"}


class Walker:
    """Turns one chunk's events into blocks, iteratively. Offsets are the chunk's own until
    they are stored: blocks, comments and HTML fragments get the chunk's `base` added.

    `source` is the whole document, `text` the chunk as parsed (starting at character
    `base` of `source`), `at` its byte-to-character map. `walk` fills `blocks` and
    `comments` ((start, end, inner text) of each HTML comment, in characters of `source`).
    """

    def __init__(self, source: str, text: str, at: Offsets, base: int) -> None:
        self.source = source  # verbatim pieces are sliced from it
        self.text = text  # the chunk as parsed (lone surrogates replaced, …)
        self.at = at
        self.base = base
        self.blocks: list[Block] = []
        self.comments: list[tuple[int, int, str]] = []
        self.extra: list[Block] = []
        self.kinds: list[str] = ["paragraph"]  # the kind paragraphs get, per open container
        self.containers: list[str] = []  # names of the open containers and blocks
        self.prose: list[Prose] = []  # the open block, then any image alt texts inside it
        self.html: list[tuple[int, int]] | None = None  # the line ranges of an HTML block
        self.code = 0  # depth inside code blocks and metadata
        self.table = 0  # depth inside table cells

    def span(self, ranges: Any) -> tuple[int, int]:
        """The chunk's character offsets [start, end) of an event's UTF-8 byte range."""
        return self.at(ranges["start"]), self.at(ranges["end"])

    def walk(self, events: list[Event]) -> None:
        """Read one chunk's pyromark events (pulldown-cmark: CommonMark with GFM tables,
        strikethrough, task lists and footnotes) into `blocks`, `comments` and `extra`."""
        i, count = 0, len(events)
        while i < count:
            event, ranges = events[i]
            name = event if type(event) is str else next(iter(event))
            if name == "Start":
                tag = event["Start"]
                i = self.start(tag if type(tag) is str else next(iter(tag)), events, i)
            elif name == "End":
                tag = event["End"]
                self.end(tag if type(tag) is str else next(iter(tag)), ranges)
            elif self.code:
                pass
            elif self.html is not None:
                if name == "Html":
                    self.html.append(self.span(ranges))
            else:
                i = self.inline(name, event, events, i)
            i += 1
        while self.prose:  # never happens with well-formed events
            self.close()

    # -- blocks

    def start(self, tag: str, events: list[Event], i: int) -> int:
        """A container or block opens; returns the index of the last event it used."""
        ranges = events[i][1]
        if tag not in _INLINE_TAGS:
            self.tight_item_ends()
        if tag in _CODE:
            self.code += 1
        elif self.code:
            pass
        elif tag == "Paragraph":
            start, end = self.span(ranges)
            self.open(self.kinds[-1], start, end)
        elif tag in _PROSE_KIND:
            start, end = self.span(ranges)
            self.open(_PROSE_KIND[tag], start, end)
            self.table += tag == "TableCell"
        elif tag in _CONTAINER_KIND:
            self.kinds.append(_CONTAINER_KIND[tag])
        elif tag == "HtmlBlock":
            self.html = []
        elif tag == "Image":
            self.image_start(ranges)
            self.title(events[i][0]["Start"]["Image"].get("title") or "", ranges)
        elif tag == "Link":
            self.title(events[i][0]["Start"]["Link"].get("title") or "", ranges)
            link_type = events[i][0]["Start"]["Link"].get("link_type")
            if link_type in ("Autolink", "Email"):
                return self.atomic(events, i)
        self.containers.append(tag)
        return i

    def tight_item_ends(self) -> None:
        """A block opening inside a tight list item ends the item's own inline content."""
        if self.prose and self.containers and self.containers[-1] == "Item":
            self.close()

    def end(self, tag: str, ranges: Any) -> None:
        """An `End` event: close the block, container, HTML block or image alt text it ends."""
        if self.containers:
            self.containers.pop()
        if tag in _CODE:
            self.code -= 1
        elif self.code:
            pass
        elif tag in ("Paragraph", "Heading", "TableCell", "Item"):
            if self.prose:
                self.close()
            self.table -= tag == "TableCell"
            if tag == "Item":
                self.kinds.pop()
        elif tag in _CONTAINER_KIND:
            self.kinds.pop()
        elif tag == "HtmlBlock":
            self.html_block()
        elif tag == "Image":
            self.image_end()
        elif tag == "Link" and self.prose:
            out = self.prose[-1]
            out.pos = max(out.pos, self.at(ranges["end"]))

    def open(self, kind: str, start: int, end: int) -> None:
        """Start a block of `kind` in the chunk's characters [start, end)."""
        self.prose = [Prose(kind, start, end)]

    def close(self) -> None:
        """The open block ends (with any alt text still open in it: malformed input)."""
        while len(self.prose) > 1:
            self.image_end()
        prose = self.prose.pop()
        block = prose.build(self.source, self.base)
        if block is not None:
            self.blocks.append(block)
        if self.extra:
            self.blocks.extend(self.extra)
            self.extra = []

    def out(self, start: int, end: int) -> Prose:
        """The block inline content goes to: the open one, else a tight list item's."""
        if not self.prose:
            kind = "list_item" if self.containers and self.containers[-1] == "Item" else "paragraph"
            self.open(kind, start, len(self.text))
        return self.prose[-1]

    def html_block(self) -> None:
        """Raw HTML: its text is prose, read by the HTML reader at the right offset; the
        container marks (`> `, list indentation) between its lines read as spaces."""
        lines, self.html = self.html or [], None
        if not lines:
            return
        start, end = lines[0][0], lines[-1][1]
        base = self.base
        holes = [
            (a + base, b + base) for (_, a), (b, _) in zip(lines, lines[1:], strict=False) if b > a
        ]
        parts, at = [], start + base
        for hole_start, hole_end in holes:
            # container marks read as spaces; a line ending the parser left out (a lone CR)
            # stays a line ending
            hole = self.source[hole_start:hole_end]
            parts += [self.source[at:hole_start], "".join(c if c in "\r\n" else " " for c in hole)]
            at = hole_end
        parts.append(self.source[at : end + base])
        fragment = read_html_fragment("".join(parts), start + base, holes)
        self.blocks.extend(fragment.blocks)
        self.comments.extend(fragment.comments)

    # -- inline

    def inline(self, name: str, event: Any, events: list[Event], i: int) -> int:
        """One inline event; returns the index of the last event it used."""
        ranges = events[i][1]
        start, end = self.span(ranges)
        if name == "Text":
            if event["Text"] == "[" and self.text.startswith("[^", start):
                last = self.unresolved_footnote(events, i, start)
                if last > i:
                    return last
            self.text_event(event["Text"], start, end, self.out(start, end))
        elif name in ("SoftBreak", "HardBreak"):
            self.newline(start, end, self.out(start, end))
        elif name == "InlineHtml":
            return self.html_inline(events, i, start, end, self.out(start, end))
        elif name in ("Code", "InlineMath"):
            self.out(start, end).replace(" ", start, end)  # not prose, keeps words apart
        elif name in ("FootnoteReference", "TaskListMarker"):
            out = self.out(start, end)  # an identifier, a checkbox: not prose
            out.pos = max(out.pos, end)
        elif name == "Html":  # HTML outside an HTML block (never seen): not prose
            pass
        return i

    def unresolved_footnote(self, events: list[Event], i: int, start: int) -> int:
        """A footnote reference whose definition is missing (or in another chunk) is text to
        the parser, but still a label, not prose: `[^lumix-note]` reads as nothing. Returns
        the index of its last text event, or `i` if the text there is no such label."""
        label = _FOOTNOTE_LABEL.match(self.text, start)
        if label is None:
            return i
        for j in range(i + 1, len(events)):
            event, ranges = events[j]
            if event_name(event) != "Text":
                return i
            end = self.at(ranges["end"])
            if end >= label.end():
                if end > label.end():
                    return i  # the label ends inside a text event: leave it to the parser
                out = self.out(start, end)
                out.pos = max(out.pos, end)
                return j
        return i

    def atomic(self, events: list[Event], i: int) -> int:
        """An autolink reads as one space; returns the index of its end event."""
        start, end = self.span(events[i][1])
        out = self.out(start, end)
        out.replace(" ", start, end)
        depth = 0
        for j in range(i, len(events)):
            name = event_name(events[j][0])
            depth += name.startswith("Start:")
            depth -= name.startswith("End:")
            if depth == 0:
                return j
        return len(events) - 1

    def text_event(self, content: str, start: int, end: int, out: Prose) -> None:
        """Add a `Text` event's `content`, at chunk characters [start, end), to `out`: a copy of
        the source where it is one (a backslash escape maps to both characters), a
        replacement for an entity or character reference, else matched character by
        character in order."""
        if not content:
            return
        text = self.text
        if text.startswith(content, start) and end - start == len(content):
            first = start
            if (
                content[0] in _ASCII_PUNCTUATION
                and start > out.pos
                and text[start - 1] == "\\"
                and not (self.table and content[0] == "|")
            ):  # an escaped character: it stands for the backslash too
                out.replace(content[0], start - 1, start + 1)
                first += 1
            out.copy(first, end)
            return
        if end - start != len(content) and len(content) <= 2 and "\n" not in content:
            out.replace(content, start, end)  # an entity or a character reference
            return
        # not a copy of the source (expanded tabs, …): match in order
        pos, limit = max(out.pos, start), max(out.limit, end)
        for ch in content:
            found = text.find(ch, pos, limit)
            if found < 0:
                out.replace(ch, pos, pos)
            else:
                out.copy(found, found + 1)
                pos = found + 1

    def newline(self, start: int, end: int, out: Prose) -> None:
        """A line break is "\\n" mapped to the source's; the `> ` after it is not prose."""
        m = _LINE_BREAK.search(self.text, start, max(end, start))
        if m is None:
            out.replace("\n", out.pos, out.pos)
        elif m.group() == "\r":
            out.replace("\n", m.start(), m.end())
        else:
            out.copy(m.end() - 1, m.end())

    def image_start(self, ranges: Any) -> None:
        """The alt text is a block of its own; the image reads as a space in its block."""
        start, end = self.span(ranges)
        self.out(start, end).replace(" ", start, end)
        self.prose.append(Prose("alt", start + 2, end))

    def title(self, title: str, ranges: Any) -> None:
        """The title of an inline image or link (`![alt](a.png "title")`) is copy, a block
        of its own like an HTML `title` attribute. It is looked for as written between the
        destination and the closing parenthesis; a title written with escapes or entities,
        or defined apart (`[ref]: url "title"`), is not found and not checked."""
        if not title.strip():
            return
        start, end = self.span(ranges)
        low, high = start + self.base, end + self.base
        opener = self.source.rfind("](", low, high)
        at = self.source.rfind(title, max(low, opener), high)
        if at < 0:
            return
        segment = Segment(0, len(title), at, at + len(title))
        self.extra.append(Block(text=title, kind="title_attr", segments=[segment]))

    def image_end(self) -> None:
        """An image's alt text ends: it becomes a block of its own in `extra` (if not empty)."""
        if len(self.prose) < 2:
            return
        block = self.prose.pop().build(self.source, self.base)
        if block is not None:
            self.extra.append(block)

    def html_inline(self, events: list[Event], i: int, start: int, end: int, out: Prose) -> int:
        """A raw tag reads as nothing, `<br>` and `<img>` as a space, `L<sup>2</sup>` as "L²",
        an element that holds no prose (`<code>`, `<script>`, ...) as one space; a comment is
        recorded (for suppressions); `alt` and `title` attributes are prose.

        Returns the index of the last event it used."""
        raw: str = events[i][0]["InlineHtml"]
        if raw.startswith("<!--"):
            raw = self.source[start + self.base : end + self.base]  # lone surrogates kept
            inner = raw[4:-3] if raw.endswith("-->") else raw[4:]
            self.comments.append((start + self.base, end + self.base, inner))
        elif _SCRIPT_OPEN.match(raw):
            last = self.script(events, i, start, out)
            if last is not None:
                return last
        elif (tag := _SKIP_OPEN.match(raw)) and tag.group(1).lower() in SKIP_TAGS:
            return self.skipped(events, i, tag.group(1).lower(), start, out)
        elif _SPACE_TAG.match(raw):
            out.replace(" ", start, end)
        if _ATTRIBUTE_PROSE.search(raw):
            at = start + self.base
            fragment = read_html_fragment(self.source[at : at + len(raw)], at)
            self.extra.extend(b for b in fragment.blocks if b.kind in ("alt", "title_attr"))
        out.pos = max(out.pos, end)
        return i

    def skipped(self, events: list[Event], i: int, tag: str, start: int, out: Prose) -> int:
        """`<code>…</code>` and the like read as one space, up to the matching end tag or,
        without one, the end of the block (as a block element ends an unclosed `<code>` in
        HTML). Returns the index of the last event it used."""
        opener = re.compile(rf"<{tag}(?=[\s/>])", re.IGNORECASE)
        closer = re.compile(rf"</{tag}\s*>", re.IGNORECASE)
        depth = same = 0  # open inline elements, open elements of the same tag
        last = i
        for j in range(i + 1, len(events)):
            event = events[j][0]
            name = event_name(event)
            if name.startswith("Start:"):
                if name[6:] not in _INLINE_TAGS:
                    break  # a block: the element has ended
                depth += 1
            elif name.startswith("End:"):
                if depth == 0:
                    break  # its block or an enclosing inline element ends
                depth -= 1
            elif name == "InlineHtml" and opener.match(event["InlineHtml"]):
                same += 1
            elif name == "InlineHtml" and closer.match(event["InlineHtml"]):
                if same == 0 and depth == 0:
                    last = j
                    break
                same = max(same - 1, 0)
            if depth == 0:
                last = j  # inline elements inside are skipped whole
        end = self.at(events[last][1]["end"])
        out.replace(" ", start, max(end, start))
        return last

    def script(self, events: list[Event], i: int, start: int, out: Prose) -> int | None:
        """`L<sup>2</sup>` reads "L²", the "²" mapped to the whole element (returns the index
        of the closing tag); else None."""
        opener = _SCRIPT_OPEN.match(events[i][0]["InlineHtml"])
        if opener is None:
            return None
        tag = opener.group(1).lower()
        j = i + 1
        while j < len(events) and event_name(events[j][0]) == "Text":
            j += 1
        if j >= len(events) or event_name(events[j][0]) != "InlineHtml":
            return None
        close: str = events[j][0]["InlineHtml"]
        if not re.fullmatch(rf"</{tag}\s*>", close, re.IGNORECASE):
            return None
        converted = script_text("".join(e["Text"] for e, _ in events[i + 1 : j]), tag)
        if converted is None:
            return None
        out.replace(converted, start, self.at(events[j][1]["end"]))
        return j
