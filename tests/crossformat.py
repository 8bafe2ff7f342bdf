"""Rendering one piece of copy as .txt, .md, .html and .docx, and reading findings back
as prose positions, so the same copy can be checked for the same findings in every format.

A case is a list of blocks; a block is ("heading" | "paragraph" | "list", [lines]).
A prose position is (block number, line number in the block, 1-based column in the line's
prose), whatever markup the format puts around it. A case may declare its language: HTML
`<html lang>`, Markdown front matter `lang:`, the Word document's `w:lang` and
`dc:language`; plain text cannot, so there the language is detected.
"""

from __future__ import annotations

import html
import io
from pathlib import Path

from tests.clirunner import run

Blocks = list[tuple[str, list[str]]]
FORMATS = ("txt", "md", "html", "docx")


def render(
    blocks: Blocks, fmt: str, newline: str = "\n", language: str | None = None
) -> tuple[bytes, dict[int, tuple]]:
    """The file's bytes and a map: source line (1-based) -> (block, line, prefix length)."""
    if fmt == "docx":
        return _docx(blocks, language)
    lines: list[str] = []
    where: dict[int, tuple] = {}
    if fmt == "html":
        lines.append(f'<html lang="{language}"><body>' if language else "<html><body>")
    if fmt == "md" and language:
        lines.extend(["---", f"lang: {language}", "---"])
    for b, (kind, texts) in enumerate(blocks):
        if fmt in ("txt", "md") and lines:
            lines.append("")
        if fmt == "html" and kind == "list":
            lines.append("<ul>")
        for i, text in enumerate(texts):
            if fmt == "txt":
                prefix = "- " if kind == "list" else ""
                lines.append(prefix + text)
            elif fmt == "md":
                prefix = {"heading": "# ", "list": "- "}.get(kind, "")
                lines.append(prefix + text)
            else:
                tag = {"heading": "h1", "list": "li"}.get(kind, "p")
                prefix = f"<{tag}>"
                lines.append(f"{prefix}{html.escape(text, quote=False)}</{tag}>")
            where[len(lines)] = (b, i, len(prefix))
        if fmt == "html" and kind == "list":
            lines.append("</ul>")
    if fmt == "html":
        lines.append("</body></html>")
    return (newline.join(lines) + newline).encode("utf-8"), where


def _docx(blocks: Blocks, language: str | None = None) -> tuple[bytes, dict[int, tuple]]:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    if language:
        document.core_properties.language = language
        for lang in document.styles.element.iter(qn("w:lang")):
            lang.set(qn("w:val"), language)
            lang.set(qn("w:eastAsia"), language)
    where: dict[int, tuple] = {}
    line = 0
    for b, (kind, texts) in enumerate(blocks):
        for i, text in enumerate(texts):
            if kind == "heading":
                document.add_heading(text, 1)
            elif kind == "list":
                document.add_paragraph(text, style="List Bullet")
            else:
                document.add_paragraph(text)
            line += 1
            where[line] = (b, i, 0)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), where


def findings(
    blocks: Blocks, fmt: str, tmp: Path, newline: str = "\n", language: str | None = None
) -> list[tuple]:
    """(code, block, line, column) of every finding when the copy is a .fmt file."""
    data, where = render(blocks, fmt, newline, language)
    path = tmp / f"case.{fmt}"
    path.write_bytes(data)
    result = run(["check", "--isolated", "--no-cache", "--format", "json", str(path)])
    assert result.exit_code in (0, 1), result.stdout + result.stderr
    out = []
    for f in result.json:
        b, i, prefix = where.get(f["line"], (None, None, 0))
        out.append((f["code"], b, i, f["column"] - prefix))
    return sorted(out, key=lambda t: (str(t[1]), str(t[2]), t[3], t[0]))
