"""Source readers: one module per format, each turning text into a `Document`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from l2lint.document import Document

DEFAULT_EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pptx": "pptx",
    ".pdf": "pdf",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".po": "po",
    ".mdx": "mdx",
    ".warc": "warc",  # a web archive: one HTML document per response (`remote`)
    ".warc.gz": "warc",  # the same, gzip-compressed record by record (as crawlers write it)
}

FORMATS = ("text", "markdown", "html", "docx", "pptx", "pdf", "xliff", "po", "mdx", "warc")
# Formats read from the file's bytes by their own reader, not decoded as text first.
BINARY_FORMATS = frozenset({"docx", "pptx", "pdf"})
# Formats that must parse: read (and so validated) even when no rule can match in them,
# so that a broken file is reported whatever it says.
VALIDATED_FORMATS = frozenset({"xliff", "po"})
# Formats a huge file of which can be read slice by slice (`slices`).
SLICED_FORMATS = frozenset({"text", "markdown", "html"})


def format_for(path: str, extensions: dict[str, str] | None = None) -> str | None:
    """The reader for a file name, or None when l2lint does not read that extension.

    A two-part extension in the table (`.warc.gz`) wins over the last part alone (`.gz`).
    """
    table = extensions if extensions is not None else DEFAULT_EXTENSIONS
    suffixes = PurePath(path).suffixes
    if len(suffixes) >= 2:
        fmt = table.get("".join(suffixes[-2:]).lower())
        if fmt is not None:
            return fmt
    return table.get(suffixes[-1].lower() if suffixes else "")


def read_text_document(path: str, text: str, fmt: str) -> Document:
    """Read already-decoded text in the given format.

    Raises ValueError("not a valid … file: …") when the text is not in that format
    (XLIFF, PO); the other readers read any text.
    """
    if fmt == "markdown":
        from l2lint.sources.markdown import read_markdown

        return read_markdown(path, text)
    if fmt == "html":
        from l2lint.sources.html import read_html

        return read_html(path, text)
    if fmt == "xliff":
        from l2lint.sources.xliff import read_xliff

        return read_xliff(path, text)
    if fmt == "po":
        from l2lint.sources.po import read_po

        return read_po(path, text)
    if fmt == "mdx":
        from l2lint.sources.mdx import read_mdx

        return read_mdx(path, text)
    from l2lint.sources.plaintext import read_text

    return read_text(path, text)


def read_binary_document(path: str, data: bytes, fmt: str) -> Document:
    """Read a file of one of `BINARY_FORMATS` from its bytes.

    Raises ValueError with a one-line reason when the file cannot be read.
    """
    if fmt == "pptx":
        from l2lint.sources.pptx import read_pptx

        return read_pptx(path, data)
    if fmt == "pdf":
        from l2lint.sources.pdf import read_pdf

        return read_pdf(path, data)
    from l2lint.sources.docx import read_docx

    return read_docx(path, data)


def escapes_for(fmt: str) -> list[Callable[[str], str]]:
    """Ways replacement prose is written into a source of this format, in order of
    preference (an empty list: as is). XLIFF's second way writes every non-ASCII
    character as a character reference (`&#178;`), for a file whose declared encoding
    lacks a character of the replacement."""
    if fmt == "xliff":
        from l2lint.sources.xliff import escape, escape_ascii

        return [escape, escape_ascii]
    way = escape_for(fmt)
    return [way] if way is not None else []


def escape_for(fmt: str):
    """How replacement prose is written into a source of this format, or None when as is."""
    if fmt == "xliff":
        from l2lint.sources.xliff import escape

        return escape
    if fmt == "po":
        from l2lint.sources.po import escape

        return escape
    return None
