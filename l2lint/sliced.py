"""Linting a huge file slice by slice, in memory that does not grow with the file.

The file is decoded piece by piece (`sources.slices`); besides the slice being read, only
a line index (8 bytes a line), the suppression directives and the findings stay for the
whole run. What rules look at beyond one block is carried from slice to slice, so the
findings are those of the whole document: the title (front matter title, `<title>`,
else the first heading: the first one found), the last paragraph of the previous slice
(brand context reaches one paragraph back) and document-wide rule state
(`engine.LintSession`).

Slices that can neither yield a finding nor change one (the linter's slice prefilter)
are not parsed. The first always is, for its title and front matter; a skipped slice is
read after all when the next one needs its last paragraph as context.

Known limit: a pack with a context of scope `document` needs every block at once, so
with such a pack huge files are read whole (`Linter.can_slice`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from l2lint.document import Block, Document, LineIndex
from l2lint.engine import Linter, LintSession
from l2lint.finding import Finding
from l2lint.sources.slices import Slice, iter_slices
from l2lint.suppress import Directive, find_directives, first_nonblank_line


@dataclass
class SlicedResult:
    findings: list[Finding] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    lines: LineIndex = field(default_factory=LineIndex)

    def document(self, path: str, fmt: str) -> Document:
        """A stand-in for the whole document: positions and suppressions need no text."""
        return Document(path, "", [], format=fmt, lines=self.lines)


def lint_in_slices(path: str, pieces: Iterable[str], fmt: str, linter: Linter) -> SlicedResult:
    """Findings of the whole document that `pieces` spell out, and its directives."""
    out = SlicedResult()
    session = LintSession(linter)
    title: str | None = None
    previous: Block | None = None  # the previous slice's last block
    skipped: Slice | None = None  # the previous slice, when it was not read
    pending: list[Directive] = []  # disable-next-line still looking for its line
    for piece in iter_slices(pieces, fmt):
        content = piece.read() if piece.first or _worth_reading(piece, linter) else None
        out.lines.add(piece.text, piece.base)  # (after reading: a Markdown slice may grow)
        if content is None:
            skipped, previous = piece, None
            pending = _resolve(pending, piece, out.lines, fmt)
            continue
        if title is None:
            title = content.title
        blocks = content.blocks
        if skipped is not None and blocks and linter.may_match_block(blocks[0]):
            previous = _last_block_before(skipped, piece.base)
        skipped = None
        context = [previous] if previous is not None else []
        doc = Document(path, piece.text, context + blocks, title=title, format=fmt, base=piece.base)
        doc.lines, doc.comments = out.lines, content.comments
        pending = _resolve(pending, piece, out.lines, fmt)
        for directive in find_directives(doc):
            out.directives.append(directive)
            if directive.kind == "disable-next-line" and directive.next_line is None:
                pending.append(directive)
        final = not piece.more
        out.findings.extend(session.lint(doc, context_blocks=len(context), final=final))
        if blocks:
            previous = blocks[-1]
        del doc, content, blocks, context
    out.findings.extend(session.finish())
    out.findings = sorted(set(out.findings), key=lambda f: f.sort_key)
    return out


def _worth_reading(piece: Slice, linter: Linter) -> bool:
    text = piece.text
    return "l2lint" in text or linter.may_matter_in_slice(text)  # suppression comments too


def _last_block_before(piece: Slice, offset: int) -> Block | None:
    """The last block of a slice read late (only blocks that start before `offset`)."""
    blocks = [b for b in piece.read().blocks if b.source_start(0) < offset]
    return blocks[-1] if blocks else None


def _resolve(pending: list[Directive], piece: Slice, lines: LineIndex, fmt: str):
    """Give `disable-next-line` directives from earlier slices their line, if it is here."""
    if not pending:
        return pending
    doc = Document("", piece.text, [], format=fmt, base=piece.base, lines=lines)
    left = []
    for directive in pending:
        after = lines.line_col(directive.end)[0]
        directive.next_line = first_nonblank_line(doc, piece.base, after)
        if directive.next_line is None:
            left.append(directive)
    return left
