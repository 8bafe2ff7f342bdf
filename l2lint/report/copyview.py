"""The copy as its reader sees it, for the HTML report: a file's prose blocks and where
each finding lies in them.

A run keeps each file's source text (`Report.sources`: the decoded text for text
formats, the text the reader built for .pptx, .pdf and .docx). `document_for` reads it
again with the format's reader, so the report can show headings, paragraphs, list items,
alt text, slides, pages and translation units instead of markup; `place` maps a finding's
source offsets back to prose offsets in one block through the block's segment map (the
inverse of `Block.source_span`).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path

from l2lint.document import Block, Document
from l2lint.finding import Finding
from l2lint.sources import BINARY_FORMATS, format_for, read_binary_document, read_text_document


@dataclass(frozen=True)
class Placed:
    """Where a finding is shown: prose characters [start, end) of block `block`
    (0-based offsets into `Block.text`), or, with `block` -1, source characters
    [start, end) outside every block (markup, a comment)."""

    block: int
    start: int
    end: int


def document_for(
    path: str, source: str, extensions: dict[str, str] | None = None
) -> Document | None:
    """`path`'s prose blocks, read from `source` with the reader its extension names in
    `extensions` (extension -> format, as `sources.format_for`; None: l2lint's
    defaults; an extension not in it is read as plain text).

    .pptx, .pdf and .docx have no text to read again: their file is read from `path` (a
    path as findings show it, relative to the working directory) and used only when the
    reader builds exactly `source` from it, i.e. the file has not changed since the run.
    Returns None when no document can be had that way; never raises.
    """
    fmt = format_for(path, extensions) or "text"
    try:
        if fmt in BINARY_FORMATS:
            doc = read_binary_document(path, Path(path).read_bytes(), fmt)
            return doc if doc.source == source else None
        return read_text_document(path, source, fmt)
    except Exception:  # the run already reported whatever makes this file unreadable
        return None


def _prose_start(block: Block, offset: int) -> int | None:
    """The prose offset where source `offset` starts, snapping forward out of markup."""
    for seg in block.segments:
        if offset < seg.source_end:
            if offset <= seg.source_start or not seg.linear:
                return seg.prose_start
            return seg.prose_start + offset - seg.source_start
    if block.segments and offset == block.segments[-1].source_end:
        return len(block.text)
    return None


def _prose_end(block: Block, offset: int) -> int | None:
    """The prose offset where source `offset` ends a span, snapping back out of markup."""
    for seg in reversed(block.segments):
        if offset > seg.source_start:
            if offset >= seg.source_end or not seg.linear:
                return seg.prose_end
            return seg.prose_start + offset - seg.source_start
    if block.segments and offset == block.segments[0].source_start:
        return 0
    return None


class Placer:
    """Places the findings of one document (`place`). Block extents (the source range
    each block's segments cover) are indexed once, sorted by start, with the running
    maximum of their ends, so a finding looks only at blocks that can hold it."""

    def __init__(self, doc: Document) -> None:
        self.blocks = doc.blocks
        extents = sorted(
            (min(s.source_start for s in b.segments), max(s.source_end for s in b.segments), i)
            for i, b in enumerate(doc.blocks)
            if b.segments
        )
        self.lows = [low for low, _, _ in extents]
        self.extents = extents
        self.reach: list[int] = []  # reach[k]: the largest end among extents[: k + 1]
        for _, high, _ in extents:
            self.reach.append(max(high, self.reach[-1]) if self.reach else high)

    def _holding(self, s: int, e: int) -> list[int]:
        """Indexes of the blocks whose extent holds source [s, e), in document order."""
        found = []
        k = bisect.bisect_right(self.lows, s) - 1
        while k >= 0 and self.reach[k] >= e:
            _, high, index = self.extents[k]
            if e <= high:
                found.append(index)
            k -= 1
        return sorted(found)

    def place(self, f: Finding) -> Placed:
        """The block and prose span showing `f`: the finding's own block when its prose
        span maps to exactly its source span, else the first block whose prose maps to
        exactly that source span, else the first block holding it (snapped to prose),
        else `Placed(-1, start_offset, end_offset)`."""
        s, e = f.start_offset, f.end_offset
        if 0 <= f.block < len(self.blocks) and 0 <= f.prose_start <= f.prose_end:
            block = self.blocks[f.block]
            if (
                f.prose_end <= len(block.text)
                and block.segments
                and block.source_span(f.prose_start, f.prose_end) == (s, e)
            ):
                return Placed(f.block, f.prose_start, f.prose_end)
        near: Placed | None = None
        if s > e:
            return Placed(-1, s, e)
        for index in self._holding(s, e):
            block = self.blocks[index]
            start = _prose_start(block, s)
            end = start if s == e else _prose_end(block, e)
            if start is None or end is None or start > end:
                continue
            if block.source_span(start, end) == (s, e):
                return Placed(index, start, end)
            near = near or Placed(index, start, end)
        return near or Placed(-1, s, e)
