"""The HTML reader: the parsed tree walked into prose blocks, comments and a title."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from l2lint.document import Block, Document
from l2lint.sources.html.aligner import (
    NORMAL,
    RAW,
    RCDATA_MODE,
    TEXT_CONTENT,
    Aligner,
    Piece,
)
from l2lint.sources.html.markup import SPACE, Markup, comment_data
from l2lint.sources.html.nesting import MAX_DEPTH, cap_depth
from l2lint.sources.html.prose import ProseBuilder, ProsePiece
from l2lint.sources.html.tags import (
    BLOCK_TAGS,
    INHERITED_KINDS,
    INLINE_SKIP,
    NOT_PROSE,
    OWN_KIND,
    RAWTEXT,
    RCDATA,
    SKIP_TAGS,
    SPACE_TAGS,
    VOID,
    script_text,
)

_SURROGATE = re.compile(r"[\ud800-\udfff]")


@dataclass
class HtmlFragment:
    """What the reader found in a piece of HTML (offsets already absolute)."""

    blocks: list[Block] = field(default_factory=list)
    comments: list[tuple[int, int, str]] = field(default_factory=list)
    title: str | None = None
    first_h1: str | None = None
    capped: bool = False  # tags nested deeper than MAX_DEPTH were read as white space


@dataclass
class _Capture:
    """A `<sup>`/`<sub>` element being read, to turn `<sup>2</sup>` into "²"."""

    tag: str
    start: int
    pieces: list[ProsePiece]


def _parse(text: str) -> LexborNode | None:
    """The document node, parsed like a browser with scripting on, without mutation events."""
    clean = _SURROGATE.sub("\ufffd", text) if not text.isascii() else text
    try:
        from selectolax.lexbor import LexborDocumentOptions

        parser = LexborHTMLParser(clean, scripting=True, options=LexborDocumentOptions.WO_EVENTS)
    except (ImportError, TypeError):  # selectolax before 1.0: neither option exists
        parser = LexborHTMLParser(clean)
    root = parser.root
    if root is None:
        return None
    return root.parent if root.parent is not None else root


def _fostered(node: LexborNode) -> bool:
    """Whether foster parenting may have moved `node`: it, or an ancestor, precedes a table.

    The parser moves content misplaced inside a table to just before that table.
    """
    ancestor: LexborNode | None = node
    for _level in range(64):
        if ancestor is None:
            return False
        sibling = ancestor.next
        for _hop in range(64):
            if sibling is None:
                break
            if sibling.tag == "table":
                return True
            sibling = sibling.next
        ancestor = ancestor.parent
    return False


class _Reader:
    """Walks the parsed tree into blocks: block elements split, inline elements do not."""

    def __init__(self, text: str, base: int, holes: Sequence[tuple[int, int]]) -> None:
        text, self.blanked = cap_depth(text)
        self.blanked_starts = [start for start, _ in self.blanked]
        self.text = text
        self.base = base
        self.holes = sorted((s - base, e - base) for s, e in holes if e > s)
        self.align = Aligner(text)
        self.out = HtmlFragment()
        # open block elements: tag, kind, depth, and the kind their inline content inherits
        self.stack: list[tuple[str, str, int, str]] = []
        self.current = ProseBuilder()
        self.skip: list[tuple[str, int]] = []  # open skipped elements: tag, depth
        self.skip_start = 0
        self.skip_pre = False
        self.capture: _Capture | None = None
        self.parents: list[tuple[LexborNode, str]] = []  # the walk's open elements
        # (depth, tag) of the open block elements with a `lang` attribute, innermost last
        self.languages: list[tuple[int, str]] = []

    def run(self) -> HtmlFragment:
        document = _parse(self.text)
        if document is not None:
            self._walk(document)
        self._flush()
        self.out.comments = [
            (self.base + s, self.base + e, comment_data(self.text, Markup("comment", s, e)))
            for s, e in self.align.finish()
        ]
        self.out.blocks.sort(key=lambda b: b.source_start(0))
        self.out.capped = bool(self.blanked)
        return self.out

    def _walk(self, document: LexborNode) -> None:
        """Depth-first over the tree, as enter / text / exit events (no recursion)."""
        parents, on_text, enter, leave = self.parents, self._text, self._enter, self._exit
        languages = self.languages
        node = document.child
        while node is not None:
            tag = node.tag
            if tag == "-text":
                on_text(node, parents[-1][1] if parents else "")
            elif tag and tag[0] not in "-!_":
                declared = (
                    node.attributes.get("lang")
                    if tag in BLOCK_TAGS or tag in ("html", "body")
                    else None
                )
                enter(node, tag, len(parents))  # (flushes the block before, if any)
                if declared is not None:
                    languages.append((len(parents), declared))
                child = node.child
                if child is not None:
                    parents.append((node, tag))
                    node = child
                    continue
                leave(tag, len(parents))
                if declared is not None:
                    languages.pop()
            while node is not None:
                following = node.next
                if following is not None:
                    node = following
                    break
                if not parents:
                    node = None
                    break
                node, tag = parents.pop()
                leave(tag, len(parents))
                if languages and languages[-1][0] == len(parents):
                    languages.pop()

    # -- pieces

    def _add(self, sink: list[ProsePiece], pieces: list[Piece]) -> None:
        for text, start, end in pieces:
            if text is None:
                self._add_verbatim(sink, start, end)
            else:
                self._replace(sink, text, start, end)

    def _replace(self, sink: list[ProsePiece], text: str, start: int, end: int) -> None:
        """`text` stands for source [start, end); never mistaken for a verbatim copy."""
        end = max(start, end)
        if end - start == len(text) and self.text[start:end] != text:
            end = start
        sink.append((text, self.base + start, self.base + end))

    def _add_verbatim(self, sink: list[ProsePiece], start: int, end: int) -> None:
        """Append source text [start, end), leaving out the holes; a tag blanked by
        `cap_depth` reads as one space that is not a copy of the source."""
        if not self.holes and not self.blanked:
            if end > start:
                sink.append((self.text[start:end], self.base + start, None))
            return
        for s, e in self._without_holes(start, end):
            if self.blanked:
                self._add_unblanked(sink, s, e)
            else:
                sink.append((self.text[s:e], self.base + s, None))

    def _add_unblanked(self, sink: list[ProsePiece], start: int, end: int) -> None:
        i = max(0, bisect_right(self.blanked_starts, start) - 1)
        while start < end:
            while i < len(self.blanked) and self.blanked[i][1] <= start:
                i += 1
            if i == len(self.blanked) or self.blanked[i][0] >= end:
                sink.append((self.text[start:end], self.base + start, None))
                return
            tag_start, tag_end = self.blanked[i]
            if tag_start > start:
                sink.append((self.text[start:tag_start], self.base + start, None))
            cut = min(tag_end, end)
            self._replace(sink, " ", max(start, tag_start), cut)
            start = cut

    def _without_holes(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        for hole_start, hole_end in self.holes:
            if hole_end <= start or hole_start >= end:
                continue
            if hole_start > start:
                yield start, hole_start
            start = max(start, hole_end)
        if start < end:
            yield start, end

    # -- events

    def _text(self, node: LexborNode, parent: str) -> None:
        t = (node.text_content if TEXT_CONTENT else node.text(deep=False)) or ""
        prose = not self.skip and parent not in NOT_PROSE
        if not t.strip(SPACE) and not (prose and (self.capture or self.current.pieces)):
            return  # layout whitespace the block would trim: the gap scan steps over it
        if parent in RAWTEXT:
            modes: tuple[int, ...] = (RAW, NORMAL)  # NORMAL: `<svg><style>` is not raw
        elif parent in RCDATA:
            modes = (RCDATA_MODE, NORMAL)
        else:
            modes = (NORMAL,)
        pieces = self.align.text(t, modes)
        if not prose:
            return
        sink = self.capture.pieces if self.capture else self.current.pieces
        if len(pieces) == 1 and pieces[0][0] is None and not self.holes and not self.blanked:
            start, end = pieces[0][1], pieces[0][2]
            sink.append((self.text[start:end], self.base + start, None))
        else:
            self._add(sink, pieces)

    def _enter(self, node: LexborNode, tag: str, depth: int) -> None:
        ending = False  # a block element ends an unclosed `<code>` (see `INLINE_SKIP`)
        if self.skip:
            if tag not in BLOCK_TAGS or not all(name in INLINE_SKIP for name, _ in self.skip):
                if tag in SKIP_TAGS:
                    self.skip.append((tag, depth))
                if tag == "template" and self._html_template():
                    template, _values = self.align.start_tag(tag)
                    self.align.skip_template(template.end if template else self.align.ahead)
                return
            ending = True
        wanted: list[tuple[str, str]] = []
        if tag not in SKIP_TAGS:
            attributes = node.attributes
            wanted = [(a, v) for a in ("alt", "title") if (v := attributes.get(a))]
        mark: Markup | None = None
        values: list[tuple[str, list[Piece]]] = []
        if ending or wanted or tag in SKIP_TAGS or tag in ("sup", "sub") or tag in SPACE_TAGS:
            mark, values = self.align.start_tag(tag, wanted, lambda: _fostered(node))
        if ending:
            self._end_skip(mark.start if mark else self.align.ahead)
        self._end_capture()
        if tag in SKIP_TAGS and (mark is not None or tag not in INLINE_SKIP):
            # A `<code>` without a start tag is the parser's copy of an unclosed one,
            # reopened in each following paragraph: it must not hide them.
            self._begin_skip(tag, depth, mark.start if mark else self.align.ahead)
            if tag == "template" and self._html_template():
                self.align.skip_template(mark.end if mark else self.align.ahead)
            return
        self._attribute_blocks(values)
        if tag in BLOCK_TAGS:
            self._flush()
            if tag not in VOID:
                kind = OWN_KIND.get(tag) or (self.stack[-1][3] if self.stack else "paragraph")
                inherited = kind if kind in INHERITED_KINDS else "paragraph"
                if self.stack and inherited == "paragraph":
                    inherited = self.stack[-1][3]
                self.stack.append((tag, kind, depth, inherited))
                self.current.kind = kind
        elif tag in ("sup", "sub") and mark is not None:
            self.capture = _Capture(tag, mark.start, [])
        elif tag in SPACE_TAGS:
            start, end = (mark.start, mark.end) if mark else (self.align.ahead, self.align.ahead)
            self._replace(self.current.pieces, " ", start, end)

    def _html_template(self) -> bool:
        """An HTML `<template>`, whose content the tree keeps apart (unlike SVG's)."""
        for _node, tag in reversed(self.parents):
            if tag in ("svg", "math"):
                return False
            if tag in ("foreignObject", "desc", "title", "annotation-xml"):
                return True
        return True

    def _exit(self, tag: str, depth: int) -> None:
        if self.skip:
            if self.skip[-1][1] == depth:
                self.skip.pop()
                mark = self.align.end_tag(tag)  # nested too: `<code><code>x</code></code>`
                if not self.skip:
                    self._end_skip(mark.end if mark else self.align.ahead)
            return
        if self.capture and tag == self.capture.tag:
            mark = self.align.end_tag(tag)
            if mark is not None:
                self._finish_capture(mark.end)
            else:
                self._end_capture()
            return
        self._end_capture()
        if tag in BLOCK_TAGS:
            self._flush()
            if self.stack and self.stack[-1][2] == depth:
                self.stack.pop()
            self.current.kind = self.stack[-1][1] if self.stack else "paragraph"

    # -- skipped elements (script, code, …)

    def _begin_skip(self, name: str, depth: int, start: int) -> None:
        if name == "pre":
            self._flush()
        self.skip = [(name, depth)]
        self.skip_start = start
        self.skip_pre = name == "pre"

    def _end_skip(self, end: int) -> None:
        """A skipped element reads as one space, so words on both sides do not fuse."""
        self.skip = []
        if self.skip_pre:
            self._flush()
        else:
            self._replace(self.current.pieces, " ", self.skip_start, end)

    # -- <sup>/<sub>

    def _finish_capture(self, end: int) -> None:
        capture = self.capture
        if capture is None:
            return
        self.capture = None
        converted = script_text("".join(p[0] for p in capture.pieces), capture.tag)
        if converted is None:
            self.current.pieces.extend(capture.pieces)
        else:
            self._replace(self.current.pieces, converted, capture.start, end)

    def _end_capture(self) -> None:
        """Give up reading a `<sup>` as one character: keep its text as it is."""
        if self.capture:
            self.current.pieces.extend(self.capture.pieces)
            self.capture = None

    # -- blocks

    def _attribute_blocks(self, values: list[tuple[str, list[Piece]]]) -> None:
        for name, pieces in values:
            builder = ProseBuilder("alt" if name == "alt" else "title_attr")
            self._add(builder.pieces, pieces)
            self._append(builder.build(), "")

    def _flush(self) -> None:
        self._end_capture()
        if self.current.pieces:  # most block boundaries come in pairs with nothing between
            tag = self.stack[-1][0] if self.stack else ""
            self._append(self.current.build(), tag)
            self.current = ProseBuilder()
        self.current.kind = self.stack[-1][1] if self.stack else "paragraph"

    def _append(self, block: Block | None, tag: str) -> None:
        if block is None:
            return
        if self.languages:  # the `lang` of the nearest block element or page that has one
            block.language = self.languages[-1][1]
        self.out.blocks.append(block)
        if block.kind == "title" and self.out.title is None:
            self.out.title = block.text
        if tag == "h1" and self.out.first_h1 is None:
            self.out.first_h1 = block.text


def read_html_fragment(
    text: str, base: int = 0, holes: Sequence[tuple[int, int]] = ()
) -> HtmlFragment:
    """Read HTML whose first character is at source offset `base`.

    `holes` are absolute source ranges to leave out of the prose (they hold whitespace in
    `text`; the Markdown reader uses them for block-quote and list prefixes).
    """
    return _Reader(text, base, holes).run()


def read_html(path: str, text: str) -> Document:
    """Read an HTML file: prose blocks, comments, and the `<title>` (else first `<h1>`).

    YAML front matter at the start (an export from a static-site generator) is not
    prose, except its title and description values (`sources.frontmatter`).
    """
    from l2lint.sources.frontmatter import (
        blank_out,
        declared_language,
        front_matter_blocks,
        front_matter_end,
    )

    end = front_matter_end(text)
    front = front_matter_blocks(text, end) if end > 0 else []
    fragment = read_html_fragment(blank_out(text, end) if end > 0 else text)
    front_title = next((b.text for b in front if b.kind == "title"), None)
    title: str | None
    if fragment.title is not None:
        title = fragment.title
    else:
        title = front_title if front_title is not None else fragment.first_h1
    return Document(
        path=path,
        source=text,
        blocks=front + fragment.blocks,
        title=title,
        format="html",
        comments=fragment.comments,
        language=declared_language(text),
        # a fix across a blanked tag would drop the tag: such a file is not fixed
        fixable=not fragment.capped,
        unfixable_reason=(
            f"nesting deeper than {MAX_DEPTH} levels is read as plain text"
            if fragment.capped
            else None
        ),
    )
