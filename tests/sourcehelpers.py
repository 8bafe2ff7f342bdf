"""Helpers shared by the source-reader tests."""

from __future__ import annotations

from l2lint.document import Block, Document, read_characters


def texts(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in doc.blocks]


def source_of(doc: Document, block: Block, word: str) -> str:
    """The source text the prose `word` (first occurrence in the block) maps to."""
    i = block.text.index(word)
    return doc.source[block.source_start(i) : block.source_end(i + len(word))]


def assert_exact(doc: Document) -> None:
    """Every character the map calls one-to-one is the source character it points at, as
    blocks read characters (`read_characters`: a full-width `Ｌ` reads `L`, U+2329 reads
    U+3008), and every comment is where it says."""
    for block in doc.blocks:
        for i, ch in enumerate(block.text):
            seg = block.segments[block.segment_index(i)]
            if seg.linear:
                assert read_characters(doc.source[block.source_start(i)]) == ch, (block.text, i)
    for start, end, data in doc.comments:
        assert doc.source.startswith("<!--" + data, start), (start, end, data)
        assert start < end <= len(doc.source)


def assert_reads_as_written(doc: Document) -> None:
    """Every block reads its source span as written, or as every block reads characters
    (`read_characters`: full-width ASCII forms as ASCII, NFC, U+2011 as "-"); for readers
    whose `doc.source` holds the prose alone (Word, PowerPoint)."""
    for block in doc.blocks:
        start, end = block.source_span(0, len(block.text))
        written = doc.source[start:end]
        assert block.text == read_characters(written), (block.text, written)


def where(doc: Document, block: Block, word: str) -> tuple[int, int]:
    return doc.line_col(block.source_start(block.text.index(word)))


def all_prose(doc: Document) -> str:
    return "\n".join(b.text for b in doc.blocks)
