"""The Markdown reader: a text read chunk by chunk into blocks, comments and a title."""

from __future__ import annotations

import re

from l2lint.document import Block, Document
from l2lint.sources.markdown.chunks import CHUNK_SIZE, runs_on, split_points
from l2lint.sources.markdown.events import parse
from l2lint.sources.markdown.front_matter import front_matter_blocks, toml_end, yaml_end
from l2lint.sources.markdown.offsets import Offsets
from l2lint.sources.markdown.walk import Walker

_SURROGATE = re.compile("[\ud800-\udfff]")


class MarkdownReader:
    """Parses the text chunk by chunk and collects blocks, comments and the title.

    `front_matter`: the text may open with front matter (only the first slice of a huge
    file does); `open_end`: more text follows (a slice of a huge file); `chunk_size`: about
    how many characters are parsed at once (`CHUNK_SIZE`; a smaller value parses a text in
    more pieces with the same result, up to references defined in another chunk).
    """

    def __init__(
        self,
        text: str,
        front_matter: bool = True,
        open_end: bool = False,
        chunk_size: int = CHUNK_SIZE,
    ) -> None:
        self.source = text
        self.open_end = open_end  # more text follows (a slice of a huge file)
        self.toml_end = toml_end(text) if front_matter else -1
        self.yaml_end = yaml_end(text) if front_matter and self.toml_end < 0 else -1
        begin = max(self.toml_end, self.yaml_end, 0)
        splits = split_points(text, begin, chunk_size) if len(text) > chunk_size else []
        self.bounds = [0, *splits, len(text)]

    def read(self) -> tuple[list[Block], list[tuple[int, int, str]], str | None]:
        """The whole text's blocks, its HTML comments ((start, end, inner text), 0-based
        characters of the text, end exclusive) and its title (`title_of`)."""
        blocks: list[Block] = []
        comments: list[tuple[int, int, str]] = []
        i = 0
        while i < len(self.bounds) - 1:
            i, part, part_comments = self.read_chunks(i)
            blocks.extend(part)
            comments.extend(part_comments)
        return blocks, comments, title_of(blocks)

    def read_chunks(self, i: int) -> tuple[int, list[Block], list[tuple[int, int, str]]]:
        """Blocks and comments from chunk `i` on, and the chunk that comes next: usually
        i + 1, later when a chunk had to be parsed together with the next one.

        Raises `RunsOn` when the last chunk's last block runs on and more text follows.
        """
        source, bounds = self.source, self.bounds
        front: list[Block] = []
        front_end = max(self.toml_end, self.yaml_end) if i == 0 else -1
        if front_end >= 0:
            front = front_matter_blocks(source, front_end, toml=self.toml_end >= 0)
        j = i + 1
        while True:
            text = self._chunk(bounds[i], bounds[j], front_end)
            events = parse(text)
            at = Offsets(text)
            last = j == len(bounds) - 1
            if last and not self.open_end or not runs_on(events, text, at):
                break
            if last:
                raise RunsOn
            del events  # cut inside a block: parse again with the next part
            j += 1
        walker = Walker(source, text, at, bounds[i])
        walker.walk(events)
        blocks, comments = front + walker.blocks, walker.comments
        del events, walker, text  # before the next chunk is parsed
        blocks.sort(key=lambda b: b.segments[0].source_start)
        return j, blocks, comments

    def _chunk(self, start: int, end: int, front_end: int) -> str:
        """source[start:end] as the parser gets it: lone surrogates (possible through the
        Python API, not encodable) as U+FFFD, front matter blanked out."""
        text = self.source[start:end]
        if not text.isascii() and _SURROGATE.search(text):
            text = _SURROGATE.sub("\ufffd", text)
        if front_end >= 0:
            text = re.sub(r"[^\r\n]", " ", text[:front_end]) + text[front_end:]
        return text


def slice_cut(text: str, size: int, first: bool) -> int | None:
    """Where a slice of a huge file can end, `size` characters or more into `text` (None:
    not within `text`): where the reader cuts its own chunks."""
    begin = max(toml_end(text), yaml_end(text), 0) if first else 0
    points = split_points(text, begin, size)
    return points[0] if points else None


class RunsOn(Exception):
    """A slice ends inside a block: it has to be read together with more text."""


def read_markdown_slice(
    text: str, first: bool, more: bool
) -> tuple[list[Block], list[tuple[int, int, str]], str | None]:
    """Read one slice of a huge file (front matter only in the first); offsets are the
    slice's own. Raises `RunsOn` when `more` text follows and the last block runs on."""
    reader = MarkdownReader(text, front_matter=first, open_end=more)
    return reader.read()


def title_of(blocks: list[Block]) -> str | None:
    """The front matter title, else the first heading."""
    for kind in ("title", "heading"):
        for block in blocks:
            if block.kind == kind:
                return block.text
    return None


def read_markdown(path: str, text: str, *, chunk_size: int = CHUNK_SIZE) -> Document:
    """Read a Markdown file into prose blocks, HTML comments and its title (offsets in
    characters of `text`); `chunk_size` as for `MarkdownReader`."""
    from l2lint.sources.frontmatter import declared_language

    blocks, comments, title = MarkdownReader(text, chunk_size=chunk_size).read()
    return Document(
        path=path,
        source=text,
        blocks=blocks,
        title=title,
        format="markdown",
        comments=comments,
        language=declared_language(text),
    )
