"""Huge files read a slice at a time, so memory does not grow with the file.

A whole document (its text, blocks, source maps and the parser's output) takes ten to
forty times the size of its source. A file above a threshold (`SLICE_THRESHOLD` bytes by
default, `filecheck.Options.slice_threshold`) is instead decoded piece by piece and cut
into slices of about a given size (`SLICE_SIZE` characters by default,
`filecheck.Options.slice_size`), at places
where each format reads the same apart as together: plain text at blank lines, Markdown
where its reader cuts its own chunks (`markdown.slice_cut`), HTML before block elements
(`html_split`). Only the slice being read and the next megabyte or so are in memory.

A `Slice` is parsed only when asked to, so slices that cannot yield a finding never are.
Its blocks and comments hold offsets in the whole file (`base` is where it starts).
A Markdown slice whose last block runs on (a cut the line scanner got wrong) takes in
the next slice before it is read, as the whole-file reader does with its chunks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from l2lint.document import Block

SLICE_THRESHOLD = 4_000_000  # bytes: a larger file is read in slices (the default)
SLICE_SIZE = 1_000_000  # characters: about how long a slice is (the default)

Comments = list[tuple[int, int, str]]


@dataclass
class SliceContent:
    """What a slice reads to: its blocks and its comments ((start, end, inner text)),
    both at 0-based character offsets in the whole file, and the title, if any."""

    blocks: list[Block] = field(default_factory=list)
    comments: Comments = field(default_factory=list)
    title: str | None = None  # front matter title, <title>, else first heading, if any


class _Slicer:
    """Takes consecutive slices off a stream of decoded text pieces."""

    def __init__(self, pieces: Iterable[str], fmt: str, size: int) -> None:
        self.pieces = iter(pieces)
        self.fmt, self.size = fmt, size
        self.buffer = ""
        self.exhausted = False
        self.lists = 0  # HTML: lists open where the buffer starts

    def _fill(self, target: int) -> None:
        parts = [self.buffer]
        length = len(self.buffer)
        while length < target and not self.exhausted:
            piece = next(self.pieces, None)
            if piece is None:
                self.exhausted = True
            else:
                parts.append(piece)
                length += len(piece)
        self.buffer = "".join(parts)

    def _cut(self, first: bool) -> int | None:
        text, size = self.buffer, self.size
        if self.fmt == "markdown":
            from l2lint.sources.markdown import slice_cut

            return slice_cut(text, size, first)
        if self.fmt == "html":
            from l2lint.sources.html_split import cuts

            found = next(cuts(text, size, self.lists), None)
            if found is None:
                return None
            self.lists = found[1]
            return found[0]
        from l2lint.sources.plaintext import split_points

        points = split_points(text, size)
        return points[0] if points else None

    def take(self, first: bool) -> tuple[str, bool] | None:
        """The next slice's text and whether more text follows it (None: no more)."""
        target = 2 * self.size
        self._fill(target)
        cut = self._cut(first)
        while cut is None and not self.exhausted:
            target = max(target, len(self.buffer)) * 2  # a long block: look further
            self._fill(target)
            cut = self._cut(first)
        if cut is None:
            cut = len(self.buffer)
        text, self.buffer = self.buffer[:cut], self.buffer[cut:]
        if not text:
            return None
        return text, bool(self.buffer) or not self.exhausted


class Slice:
    """One slice of a huge file: `text` starts at character `base` of the file."""

    def __init__(self, slicer: _Slicer, text: str, base: int, first: bool, more: bool):
        self.slicer, self.text, self.base = slicer, text, base
        self.first, self.more = first, more
        self.current = True  # while it is the newest slice, it may take in the next one
        self._content: SliceContent | None = None

    @property
    def end(self) -> int:
        """The character offset in the whole file just after the slice's text."""
        return self.base + len(self.text)

    def read(self) -> SliceContent:
        """The slice's blocks, comments and title, read once on first use."""
        if self._content is None:
            self._content = self._read()
        return self._content

    def _read(self) -> SliceContent:
        fmt, text, base = self.slicer.fmt, self.text, self.base
        if fmt == "html":
            from l2lint.sources.html import read_html_fragment

            fragment = read_html_fragment(text, base)
            title = fragment.title if fragment.title is not None else fragment.first_h1
            return SliceContent(fragment.blocks, fragment.comments, title)
        if fmt == "markdown":
            return self._read_markdown()
        from l2lint.sources.plaintext import paragraphs

        return SliceContent(paragraphs(text, base))

    def _read_markdown(self) -> SliceContent:
        from l2lint.sources.markdown import RunsOn, read_markdown_slice

        while True:
            try:
                blocks, comments, title = read_markdown_slice(
                    self.text, self.first, self.more and self.current
                )
                break
            except RunsOn:
                taken = self.slicer.take(first=False)
                if taken is None:
                    self.more = False
                else:
                    self.text += taken[0]
                    self.more = taken[1]
        base = self.base
        blocks = [b.shifted(base) for b in blocks]
        comments = [(s + base, e + base, inner) for s, e, inner in comments]
        return SliceContent(blocks, comments, title)


def iter_slices(pieces: Iterable[str], fmt: str, size: int = SLICE_SIZE) -> Iterator[Slice]:
    """Consecutive slices of the text that `pieces` spell out, read as `fmt`: each about
    `size` characters or more (it ends at the first place to cut past `size`; a block
    longer than that makes a longer slice). Raises ValueError if `size` is below 1."""
    if size < 1:
        raise ValueError(f"slice size must be at least 1 character, not {size}")
    slicer = _Slicer(pieces, fmt, size)
    base, first = 0, True
    while (taken := slicer.take(first)) is not None:
        piece = Slice(slicer, taken[0], base, first, taken[1])
        yield piece
        piece.current = False
        base, first = piece.end, False
