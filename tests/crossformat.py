"""Rendering one piece of copy as .txt, .md, .html, .docx, .mdx, .pptx, .pdf, .xlf and
.po, and reading findings back as prose positions, so the same copy can be checked for
the same findings in every format.

A case is a list of blocks; a block is ("heading" | "paragraph" | "list", [lines]).
A prose position is (block number, line number in the block, 1-based column in the line's
prose), whatever markup the format puts around it.

How the new formats hold a case: .mdx as .md; .pptx one slide per block (a heading in
the title placeholder, a list in the content placeholder, other lines as the
paragraphs of one text box); .pdf one line of
text per line, blocks apart, a heading in larger type (fpdf2, with DejaVu Sans when the
system has it, else Helvetica, which has only Latin-1: `pdf_can_render`); .xlf (XLIFF
1.2) and .po one translation unit per line, the copy as both source and target (only
targets are read).
A case may declare its language: HTML `<html lang>`, Markdown front matter `lang:`, the
Word document's `w:lang` and `dc:language`, XLIFF's target-language, PO's Language header;
.txt, .pptx and .pdf declare none, so there the language is detected.
"""

from __future__ import annotations

import html
import io
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from tests.clirunner import run

Blocks = list[tuple[str, list[str]]]
FORMATS = ("txt", "md", "html", "docx", "mdx", "pptx", "pdf", "xlf", "po")
# A Unicode font for PDFs, when the system has one (Debian: fonts-dejavu-core).
UNICODE_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
    Path("/Library/Fonts/DejaVuSans.ttf"),
)


def render(
    blocks: Blocks, fmt: str, newline: str = "\n", language: str | None = None
) -> tuple[bytes, dict[int, tuple]]:
    """The file's bytes and a map: source line (1-based) -> (block, line, prefix length)."""
    if fmt == "docx":
        return _docx(blocks, language)
    if fmt == "pptx":
        return _pptx(blocks)
    if fmt == "pdf":
        return _pdf(blocks)
    if fmt in ("xlf", "po"):
        return _units(blocks, fmt, newline, language)
    if fmt == "mdx":
        fmt = "md"
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


def _pptx(blocks: Blocks) -> tuple[bytes, dict[int, tuple]]:
    """One slide per block: a heading as the slide title, else one text box."""
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    where: dict[int, tuple] = {}
    line = 0
    for b, (kind, texts) in enumerate(blocks):
        if kind == "heading":
            slide = deck.slides.add_slide(deck.slide_layouts[5])  # "Title Only"
            frame = slide.shapes.title.text_frame
        elif kind == "list":  # the content placeholder, whose paragraphs are bulleted
            slide = deck.slides.add_slide(deck.slide_layouts[1])  # "Title and Content"
            slide.shapes._spTree.remove(slide.shapes.title._element)
            frame = slide.placeholders[1].text_frame
        else:
            slide = deck.slides.add_slide(deck.slide_layouts[6])  # "Blank"
            frame = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(8), Inches(4)).text_frame
        for i, text in enumerate(texts):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            paragraph.text = text
            line += 1
            where[line] = (b, i, 0)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue(), where


def _unicode_font() -> Path | None:
    return next((font for font in UNICODE_FONTS if font.is_file()), None)


def pdf_can_render(blocks: Blocks) -> bool:
    """Whether `_pdf` can set every character: always with a Unicode font, else Latin-1."""
    if _unicode_font() is not None:  # DejaVu Sans has no CJK glyphs
        return all(ord(c) < 0x2E80 for _, texts in blocks for text in texts for c in text)
    return all(ord(c) < 256 for _, texts in blocks for text in texts for c in text)


def _pdf(blocks: Blocks) -> tuple[bytes, dict[int, tuple]]:
    """One text line per line, on one landscape page, narrow enough never to wrap; a
    blank line between blocks; headings in 16 pt, other text in 9 pt."""
    from fpdf import FPDF

    pdf = FPDF(orientation="L")
    font = _unicode_font()
    family = "Copy" if font is not None else "Helvetica"
    if font is not None:
        pdf.add_font(family, "", str(font))
    pdf.add_page()
    where: dict[int, tuple] = {}
    line = 0
    for b, (kind, texts) in enumerate(blocks):
        if b:
            pdf.ln(8)
        pdf.set_font(family, "", 16 if kind == "heading" else 9)
        for i, text in enumerate(texts):
            pdf.cell(0, 9 if kind == "heading" else 5, text, new_x="LMARGIN", new_y="NEXT")
            line += 1
            where[line] = (b, i, 0)
    return bytes(pdf.output()), where


def _units(
    blocks: Blocks, fmt: str, newline: str, language: str | None = None
) -> tuple[bytes, dict[int, tuple]]:
    """XLIFF 1.2 or PO: one unit per line, the line as source and target, each unit's
    target on a line of its own, in the target language `language` (default en-GB)."""
    if fmt == "xlf":
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">',
            f'<file source-language="en-US" target-language="{language or "en-GB"}" '
            'datatype="plaintext" '
            'original="case">',
            "<body>",
        ]
    else:
        lines = [
            'msgid ""',
            'msgstr ""',
            f'"Language: {language or "en_GB"}\\n"',
            '"Content-Type: text/plain; charset=UTF-8\\n"',
        ]
    where: dict[int, tuple] = {}
    for b, (_, texts) in enumerate(blocks):
        for i, text in enumerate(texts):
            if fmt == "xlf":
                lines.append(f'<trans-unit id="u{b}-{i}">')
                lines.append(f"<source>{xml_escape(text)}</source>")
                prefix = "<target>"
                lines.append(f"{prefix}{xml_escape(text)}</target>")
                where[len(lines)] = (b, i, len(prefix))
                lines.append("</trans-unit>")
            else:
                quoted = text.replace("\\", "\\\\").replace('"', '\\"')
                lines += ["", f'msgctxt "u{b}-{i}"', f'msgid "{quoted}"']
                prefix = 'msgstr "'
                lines.append(f'{prefix}{quoted}"')
                where[len(lines)] = (b, i, len(prefix))
    if fmt == "xlf":
        lines += ["</body>", "</file>", "</xliff>"]
    return (newline.join(lines) + newline).encode("utf-8"), where


def findings(
    blocks: Blocks, fmt: str, tmp: Path, newline: str = "\n", language: str | None = None
) -> list[tuple]:
    """(code, block, line, column) of every finding when the copy is a .fmt file."""
    if fmt == "pdf" and not pdf_can_render(blocks):
        import pytest

        pytest.skip("no font for every character of this copy (DejaVu Sans: no CJK) in a PDF")
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
