"""MDX: Markdown with JSX. Components, their props, `import`/`export` statements and
`{expressions}` are not prose; the text children of components are.

The reader takes the JSX out and hands what is left, Markdown, to the Markdown reader;
then it maps every block back onto the MDX file, so positions and fixes stay exact.
What is taken out: ESM blocks (a top-level line starting `import ` or `export `, up to
the next blank line), JSX tags (`<Card title="…">`, `</Card>`, `<Img />`, fragments)
with their props, and `{…}` expressions, braces balanced and strings skipped. Newlines
stay, so a component on a line of its own separates paragraphs as it does in MDX.
Inside a component, lines lose their indentation (MDX has no indented code blocks).
Fenced code, inline code, front matter and HTML comments are left as they are.
`{/* … */}` comments are read as comments, so suppressions can be written
`{/* l2lint-disable-next-line T101 */}`.

Source: MDX 2 syntax, https://mdxjs.com/docs/what-is-mdx/ ("MDX syntax") and
micromark-extension-mdxjs (ESM ends at a blank line; no indented code).
"""

from __future__ import annotations

import re

from l2lint.document import Block, Document, Segment
from l2lint.sources.markdown import read_markdown

_FENCE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")
_ESM = re.compile(r"(?:import|export)[ \t{*]")
_TAG_START = re.compile(r"</?[A-Za-z_$>]|<>")


class _Scanner:
    """Marks which characters of an MDX text are JSX, ESM or expressions (`hidden`)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.hidden = bytearray(len(text))  # 1: not Markdown
        self.strip_indent: set[int] = set()  # line starts inside a component
        self.comments: list[tuple[int, int, str]] = []
        self.unclosed: list[int] = []  # offsets of `<` or `{` never closed
        self.depth = 0

    def hide(self, start: int, end: int) -> None:
        for i in range(start, end):
            if self.text[i] != "\n":
                self.hidden[i] = 1

    def scan(self) -> None:
        text = self.text
        pos = _front_matter_end(text)
        fence: str | None = None
        in_esm = False
        while pos < len(text):
            line_end = text.find("\n", pos)
            line_end = len(text) if line_end == -1 else line_end
            line = text[pos:line_end]
            if fence is not None:
                if line.strip().startswith(fence) and set(line.strip()) == {fence[0]}:
                    fence = None
                pos = line_end + 1
                continue
            if in_esm and line.strip():
                self.hide(pos, line_end)
                pos = line_end + 1
                continue
            in_esm = False
            match = _FENCE.match(line)
            if match:
                fence = match.group(1)
                pos = line_end + 1
                continue
            if self.depth == 0 and _ESM.match(line):
                in_esm = True
                self.hide(pos, line_end)
                pos = line_end + 1
                continue
            if self.depth > 0:
                self.strip_indent.add(pos)
            pos = self.inline(pos, line_end)

    def inline(self, pos: int, line_end: int) -> int:
        """Scan a line from `pos`; returns where the next line starts (a tag or an
        expression may run over several lines, and the scan goes on after it)."""
        text = self.text
        while pos < line_end:
            char = text[pos]
            if char == "`":
                run = len(text[pos:line_end]) - len(text[pos:line_end].lstrip("`"))
                close = text.find("`" * run, pos + run, line_end)
                pos = close + run if close != -1 else pos + run
                continue
            if char == "\\" and pos + 1 < line_end:
                pos += 2
                continue
            is_tag = char == "<" and _TAG_START.match(text, pos) is not None
            if not is_tag and char != "{":
                pos += 1
                continue
            end = self.balanced(pos + 1, ">" if is_tag else "}")
            if end == -1:  # never closed: MDX would not compile; read it as text
                self.unclosed.append(pos)
                pos += 1
                continue
            self.hide(pos, end)
            piece = text[pos:end]
            if is_tag:
                if piece.startswith("</"):
                    self.depth = max(0, self.depth - 1)
                elif not piece.endswith("/>"):
                    self.depth += 1
            else:
                inner = piece[1:-1].strip()
                if inner.startswith("/*") and inner.endswith("*/"):
                    self.comments.append((pos, end, inner[2:-2]))
            pos = end
            if end > line_end:  # the tag or expression ran over lines
                line_end = text.find("\n", end)
                line_end = len(text) if line_end == -1 else line_end
        return line_end + 1

    def balanced(self, pos: int, closer: str) -> int:
        """The offset just after the `closer` that ends the tag or expression opened
        before `pos`, skipping strings, comments and nested braces; -1 if none."""
        text, depth = self.text, 0
        while pos < len(text):
            char = text[pos]
            if char in "\"'`":
                end = text.find(char, pos + 1)
                if end == -1:
                    return -1
                pos = end + 1
                continue
            if text.startswith("/*", pos):
                end = text.find("*/", pos + 2)
                if end == -1:
                    return -1
                pos = end + 2
                continue
            if char == "{":
                depth += 1
            elif char == "}" and depth:
                depth -= 1
            elif char == closer and depth == 0:
                return pos + 1
            pos += 1
        return -1


def _front_matter_end(text: str) -> int:
    for fence in ("---", "+++"):
        if text.startswith(fence + "\n") or text.startswith(fence + "\r\n"):
            match = re.compile(rf"^{re.escape(fence)}[ \t]*\r?$", re.M).search(text, 4)
            return match.end() if match else 0
    return 0


def _markdown_view(scanner: _Scanner) -> tuple[str, list[int]]:
    """The Markdown left when hidden characters (and indentation inside components) are
    dropped, and the MDX offset of each of its characters (plus one for its end)."""
    text = scanner.text
    keep = [i for i in range(len(text)) if not scanner.hidden[i]]
    kept_text = []
    offsets: list[int] = []
    line_start = True
    strip = False
    for i in keep:
        char = text[i]
        if line_start:
            # the first kept character of a line inside a component: drop indentation
            line_begin = text.rfind("\n", 0, i) + 1
            strip = line_begin in scanner.strip_indent
        if strip and char in " \t":
            continue
        strip = False
        line_start = char == "\n"
        kept_text.append(char)
        offsets.append(i)
    offsets.append(len(text))
    return "".join(kept_text), offsets


def _remap(block: Block, offsets: list[int]) -> Block:
    """The block with its source map moved from the Markdown view onto the MDX text."""
    segments: list[Segment] = []
    for seg in block.segments:
        if not seg.linear:
            end = offsets[seg.source_end - 1] + 1 if seg.source_end > seg.source_start else None
            start = offsets[seg.source_start]
            segments.append(Segment(seg.prose_start, seg.prose_end, start, end or start))
            continue
        run_prose = seg.prose_start
        run_source = offsets[seg.source_start]
        for k in range(1, seg.source_end - seg.source_start):
            here = offsets[seg.source_start + k]
            if here != offsets[seg.source_start + k - 1] + 1:
                prose = seg.prose_start + k
                segments.append(
                    Segment(run_prose, prose, run_source, run_source + prose - run_prose)
                )
                run_prose, run_source = prose, here
        segments.append(
            Segment(run_prose, seg.prose_end, run_source, run_source + seg.prose_end - run_prose)
        )
    moved = Block(block.text, block.kind, segments, language=block.language)
    for s, e in block.invisible:  # one character at a time: JSX may have stood between
        for i in range(s, e):
            at = offsets[i]
            if moved.invisible and moved.invisible[-1][1] == at:
                moved.invisible[-1] = (moved.invisible[-1][0], at + 1)
            else:
                moved.invisible.append((at, at + 1))
    return moved


def read_mdx(path: str, text: str) -> Document:
    """Read an MDX file: Markdown prose (component children included) with source maps
    into the MDX text; JSX, ESM and expressions are left out (see the module doc)."""
    scanner = _Scanner(text)
    scanner.scan()
    view, offsets = _markdown_view(scanner)
    markdown = read_markdown(path, view)
    comments = [
        (offsets[s], offsets[e - 1] + 1 if e > s else offsets[s], inner)
        for s, e, inner in markdown.comments
    ]
    comments.extend(scanner.comments)
    notices = []
    if scanner.unclosed:
        line = text.count("\n", 0, scanner.unclosed[0]) + 1
        notices.append(f"line {line}: a JSX tag or {{expression}} is never closed; read as text")
    return Document(
        path=path,
        source=text,
        blocks=[_remap(block, offsets) for block in markdown.blocks],
        title=markdown.title,
        format="mdx",
        comments=sorted(comments),
        notices=notices,
        language=markdown.language,
    )
