"""Trimming a built block's white space while keeping its source map."""

from __future__ import annotations

from l2lint.document import Block, BlockBuilder


def trimmed(block: Block) -> Block | None:
    """The block without leading and trailing white space, or None when nothing is left."""
    text = block.text
    stripped = text.strip()
    if not stripped:
        return None
    lead = len(text) - len(text.lstrip())
    if lead == 0 and len(stripped) == len(text):
        return block
    builder = BlockBuilder(block.kind)
    end = lead + len(stripped)
    for seg in block.segments:
        lo, hi = max(seg.prose_start, lead), min(seg.prose_end, end)
        if lo >= hi:
            continue
        piece = text[lo:hi]
        if seg.linear:
            builder.add(piece, seg.source_start + lo - seg.prose_start)
        else:
            builder.add(piece, seg.source_start, seg.source_end)
    return builder.build()
