"""Bytes to text, the way marketing files are really encoded."""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


BINARY = "binary file (contains NUL bytes)"
CP1252_NOTICE = "not valid UTF-8, read as cp1252"


class BinaryFileError(ValueError):
    """The bytes are not text: reported as a skipped file, never linted."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    bom: bytes
    notice: str | None = None


def looks_binary(data: bytes) -> bool:
    """NUL bytes outside a UTF-16 file mean binary, as git and grep decide."""
    return b"\x00" in data[:8192]


def decode(data: bytes) -> DecodedText:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252 with a notice."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return DecodedText(data[len(bom) :].decode(encoding, errors="replace"), encoding, bom)
    if looks_binary(data):
        raise BinaryFileError(BINARY)
    try:
        return DecodedText(data.decode("utf-8"), "utf-8", b"")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    return DecodedText(text, "cp1252", b"", notice=CP1252_NOTICE)


@dataclass(frozen=True)
class FileEncoding:
    """How a file too big to hold whole is decoded, piece by piece (see `decode_pieces`)."""

    encoding: str
    bom: bytes
    errors: str
    notice: str | None
    sha256: bytes  # of the raw file, for the result cache


_PIECE = 1 << 20


def sniff(handle: BinaryIO) -> FileEncoding:
    """Read a file once, a megabyte at a time: what `decode` would decide, and its hash."""
    digest = hashlib.sha256()
    head = handle.read(_PIECE)
    digest.update(head)
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            for piece in iter(lambda: handle.read(_PIECE), b""):
                digest.update(piece)
            return FileEncoding(encoding, bom, "replace", None, digest.digest())
    if looks_binary(head):
        raise BinaryFileError(BINARY)
    checker = codecs.getincrementaldecoder("utf-8")()
    valid = True
    piece = head
    while piece:
        if valid:
            try:
                checker.decode(piece)
            except UnicodeDecodeError:
                valid = False
        piece = handle.read(_PIECE)
        digest.update(piece)
    if valid:
        try:
            checker.decode(b"", final=True)
        except UnicodeDecodeError:
            valid = False
    if valid:
        return FileEncoding("utf-8", b"", "strict", None, digest.digest())
    return FileEncoding("cp1252", b"", "replace", CP1252_NOTICE, digest.digest())


def decode_pieces(handle: BinaryIO, found: FileEncoding) -> Iterator[str]:
    """The file's text, a megabyte at a time (a file that changed since `sniff` was
    called reads with replacement characters rather than failing)."""
    handle.seek(len(found.bom))
    decoder = codecs.getincrementaldecoder(found.encoding)(errors="replace")
    for piece in iter(lambda: handle.read(_PIECE), b""):
        text = decoder.decode(piece)
        if text:
            yield text
    rest = decoder.decode(b"", final=True)
    if rest:
        yield rest


def encode(text: str, encoding: str, bom: bytes) -> bytes:
    """The inverse of `decode`, so a fixed file keeps its encoding and BOM."""
    return bom + text.encode(encoding)
