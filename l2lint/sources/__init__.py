"""Source readers: one module per format, each turning text into a `Document`."""

from __future__ import annotations

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
}

FORMATS = ("text", "markdown", "html", "docx")


def format_for(path: str, extensions: dict[str, str] | None = None) -> str | None:
    """The reader for a file name, or None when l2lint does not read that extension."""
    table = extensions if extensions is not None else DEFAULT_EXTENSIONS
    return table.get(PurePath(path).suffix.lower())


def read_text_document(path: str, text: str, fmt: str) -> Document:
    """Read already-decoded text in the given format."""
    if fmt == "markdown":
        from l2lint.sources.markdown import read_markdown

        return read_markdown(path, text)
    if fmt == "html":
        from l2lint.sources.html import read_html

        return read_html(path, text)
    from l2lint.sources.plaintext import read_text

    return read_text(path, text)
