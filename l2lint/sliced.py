"""Linting a huge file slice by slice, in memory that does not grow with the file.

Only the decoded source, a line index (8 bytes a line) and the findings stay for the
whole run; each slice's blocks and parse tree are dropped before the next slice is read.
What rules look at beyond one block is carried from slice to slice, so the findings are
those of the whole document: the title (front matter title, `<title>`, else the first
heading: the first one found), the last paragraph of the previous slice (brand context
reaches one paragraph back) and document-wide rule state (`engine.LintSession`).

Slices that can neither yield a finding nor change one (the linter's slice prefilter)
are not parsed. The first is always read, for its title and front matter; a skipped
slice is read after all when the next one needs its last paragraph as context.

Known limit: a pack with a context of scope `document` needs every block at once, so
with such a pack huge files are read whole (`Linter.can_slice`).
"""

from __future__ import annotations

from l2lint.document import Block, Document, LineIndex
from l2lint.engine import Linter, LintSession
from l2lint.finding import Finding
from l2lint.sources.slices import Comments, Slice, iter_slices


def lint_in_slices(
    path: str, source: str, fmt: str, linter: Linter, lines: LineIndex
) -> tuple[list[Finding], Comments]:
    """Findings of the whole document and its markup comments (for suppressions)."""
    session = LintSession(linter)
    findings: list[Finding] = []
    comments: Comments = []
    title: str | None = None
    previous: Block | None = None  # the previous slice's last block
    skipped: Slice | None = None  # the previous slice, when it was not read
    for number, piece in enumerate(iter_slices(source, fmt)):
        if number and not _worth_reading(piece, linter):
            skipped, previous = piece, None
            continue
        content = piece.read()
        comments.extend(content.comments)
        if title is None:
            title = content.title
        blocks = content.blocks
        if skipped is not None and blocks and linter.may_match_block(blocks[0]):
            previous = _last_block_before(skipped, piece.start)
        skipped = None
        context = [previous] if previous is not None else []
        doc = Document(
            path=path,
            source=source,
            blocks=context + blocks,
            title=title,
            format=fmt,
            lines=lines,
        )
        final = piece.end >= len(source)
        findings.extend(session.lint(doc, context_blocks=len(context), final=final))
        if blocks:
            previous = blocks[-1]
        del doc, content, blocks, context
    findings.extend(session.finish())
    return sorted(set(findings), key=lambda f: f.sort_key), comments


def _worth_reading(piece: Slice, linter: Linter) -> bool:
    text = piece.text
    return "l2lint" in text or linter.may_matter_in_slice(text)  # suppression comments too


def _last_block_before(piece: Slice, offset: int) -> Block | None:
    """The last block of a slice read late (only blocks that start before `offset`)."""
    blocks = [b for b in piece.read().blocks if b.source_start(0) < offset]
    return blocks[-1] if blocks else None
