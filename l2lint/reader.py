"""Reading one input (file or stdin) into a Document, with one-line errors."""

from __future__ import annotations

import os

from l2lint.document import Document
from l2lint.sources import read_text_document
from l2lint.sources.decode import BinaryFileError, DecodedText, decode
from l2lint.sources.limits import InputLimitError


class InputError(Exception):
    """An input that could not be read: reported as `path: reason`, other files go on."""

    def __init__(self, path: str, reason: str, skipped_binary: bool = False):
        super().__init__(f"{path}: {reason}")
        self.path, self.reason, self.skipped_binary = path, reason, skipped_binary

    def __reduce__(self):  # survive the trip back from a worker process
        return (InputError, (self.path, self.reason, self.skipped_binary))


def read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise input_error(path, exc) from None


def input_error(path: str, exc: OSError) -> InputError:
    """The one-line reason for a file that could not be read."""
    if isinstance(exc, FileNotFoundError):
        return InputError(path, "no such file or directory")
    if isinstance(exc, IsADirectoryError):
        return InputError(path, "is a directory")
    if isinstance(exc, PermissionError):
        return InputError(path, "permission denied")
    return InputError(path, exc.strerror or str(exc))


def document_from_bytes(path: str, data: bytes, fmt: str | None, wanted=None) -> Document:
    """Decode and parse; the format decides the reader (None: plain text).

    `wanted(source)` may say a file cannot yield anything: it is then not parsed and
    comes back as a document without prose.
    """
    if fmt == "docx":
        from l2lint.sources.docx import read_docx

        try:
            return read_docx(path, data)
        except ValueError as exc:
            raise InputError(path, str(exc)) from None
    decoded = decode_input(path, data)
    if wanted is not None and not wanted(decoded.text):
        doc = Document(path=path, source=decoded.text, blocks=[], format=fmt or "text")
    else:
        try:
            doc = read_text_document(path, decoded.text, fmt or "text")
        except InputLimitError as exc:  # over a reader's limit: one line, the run goes on
            raise InputError(path, str(exc)) from None
    doc.encoding, doc.bom = decoded.encoding, decoded.bom
    if decoded.notice:
        doc.notices.append(decoded.notice)
    return doc


def decode_input(path: str, data: bytes) -> DecodedText:
    try:
        return decode(data)
    except BinaryFileError as exc:
        raise skipped_binary(path, exc) from None


def skipped_binary(path: str, exc: BinaryFileError) -> InputError:
    return InputError(path, f"skipped: {exc}", skipped_binary=True)


def read_document(path: str, fmt: str | None) -> Document:
    return document_from_bytes(display_path(path), read_bytes(path), fmt)


def display_path(path: str) -> str:
    """Paths as given, relative to the working directory when they lie below it."""
    if os.path.isabs(path):
        try:
            rel = os.path.relpath(path)
        except ValueError:
            return path
        return path if rel.startswith("..") else rel
    return os.path.normpath(path)
