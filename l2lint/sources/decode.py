"""Bytes to text, the way marketing files are really encoded."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


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
        raise BinaryFileError("binary file (contains NUL bytes)")
    try:
        return DecodedText(data.decode("utf-8"), "utf-8", b"")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    return DecodedText(text, "cp1252", b"", notice="not valid UTF-8, read as cp1252")


def encode(text: str, encoding: str, bom: bytes) -> bytes:
    """The inverse of `decode`, so a fixed file keeps its encoding and BOM."""
    return bom + text.encode(encoding)
