"""Huge files read a slice at a time, so memory does not grow with the file.

A whole document (its blocks, their source maps, the parser's tree) takes ten to twenty
times the size of its source. For a file above `SLICE_THRESHOLD` characters the
pipeline instead reads about `SLICE_SIZE` characters at a time, at places where each
format reads the same apart as together: plain text at blank lines, Markdown where its
reader already cuts its chunks (`markdown._split_points`), HTML before block elements
(`html_split`). A `Slice` is read only when asked to, so slices that cannot yield a
finding are never parsed. Blocks keep absolute source offsets, so findings need no
shifting.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from l2lint.document import Block

SLICE_THRESHOLD = 4_000_000
SLICE_SIZE = 1_000_000

Comments = list[tuple[int, int, str]]


@dataclass
class SliceContent:
    blocks: list[Block] = field(default_factory=list)
    comments: Comments = field(default_factory=list)
    title: str | None = None  # front matter title, <title>, else first heading, if any


class Slice:
    """source[start:end], read on demand (`read` may move `end` on, see Markdown)."""

    def __init__(self, source: str, start: int, end: int) -> None:
        self.source, self.start, self.end = source, start, end
        self._content: SliceContent | None = None

    @property
    def text(self) -> str:
        return self.source[self.start : self.end]

    def read(self) -> SliceContent:
        if self._content is None:
            self._content = self._read()
        return self._content

    def _read(self) -> SliceContent:
        raise NotImplementedError


class _TextSlice(Slice):
    def _read(self) -> SliceContent:
        from l2lint.sources.plaintext import paragraphs

        return SliceContent(paragraphs(self.text, self.start))


class _HtmlSlice(Slice):
    def _read(self) -> SliceContent:
        from l2lint.sources.html import read_html_fragment

        fragment = read_html_fragment(self.text, self.start)
        title = fragment.title if fragment.title is not None else fragment.first_h1
        return SliceContent(fragment.blocks, fragment.comments, title)


class _MarkdownSlice(Slice):
    def __init__(self, reader, index: int) -> None:
        super().__init__(reader.source, reader.bounds[index], reader.bounds[index + 1])
        self.reader, self.index, self.next_index = reader, index, index + 1

    def _read(self) -> SliceContent:
        from l2lint.sources.markdown import title_of

        self.next_index, blocks, comments = self.reader.read_chunks(self.index)
        self.end = self.reader.bounds[self.next_index]
        return SliceContent(blocks, comments, title_of(blocks))


def iter_slices(source: str, fmt: str) -> Iterator[Slice]:
    """Consecutive slices covering `source` in the given format."""
    if fmt == "markdown":
        from l2lint.sources.markdown import chunked_reader

        reader = chunked_reader(source, SLICE_SIZE)
        index = 0
        while index < len(reader.bounds) - 1:
            piece = _MarkdownSlice(reader, index)
            yield piece
            index = piece.next_index
        return
    if fmt == "html":
        from l2lint.sources.html_split import split_points

        kind: type[Slice] = _HtmlSlice
        points = split_points(source, SLICE_SIZE)
    else:
        from l2lint.sources.plaintext import split_points as text_split_points

        kind = _TextSlice
        points = text_split_points(source, SLICE_SIZE)
    bounds = [0, *points, len(source)]
    for start, end in zip(bounds, bounds[1:], strict=False):
        yield kind(source, start, end)
