"""The encoding a PO or XLIFF file declares for itself, and its text decoded by it.

An XLIFF file is XML: its encoding is in the XML declaration (`<?xml version="1.0"
encoding="ISO-8859-1"?>`, XML 1.0 section 4.3.3, "Character Encoding in Entities"),
UTF-8 when absent. A PO file declares it in its header entry's `Content-Type` field
(`charset=EUC-JP`; GNU gettext manual, section 6.2 "Filling in the Header Entry"); the
template value `CHARSET` declares nothing. Both declarations are read from the bytes
as ASCII, which every encoding gettext and XML allow here agrees with in that range
(UTF-16 files start with a byte-order mark, which decides before any declaration).
"""

from __future__ import annotations

import codecs
import re

from l2lint.sources.decode import _BOMS, DecodedText, looks_binary

_XML_DECLARATION = re.compile(
    rb"""\A[ \t\r\n]*<\?xml[^>]*?\bencoding[ \t\r\n]*=[ \t\r\n]*["']([A-Za-z][\w.:-]*)["']"""
)
_PO_CHARSET = re.compile(rb"Content-Type:[^\"\n]*?charset=([A-Za-z][\w.:-]*)")
_HEAD = 4096  # bytes: the PO header entry and the XML declaration come first


def declared_encoding(data: bytes, fmt: str | None) -> str | None:
    """The Python codec name of the encoding `data` declares (`fmt` "xliff" or "po"),
    or None: no declaration, an unknown encoding, a BOM, or UTF-8 (read as usual)."""
    if fmt not in ("xliff", "po") or any(data.startswith(bom) for bom, _ in _BOMS):
        return None
    pattern = _XML_DECLARATION if fmt == "xliff" else _PO_CHARSET
    match = pattern.search(data[:_HEAD])
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    return None if name == "utf-8" else name


def decode_declared(data: bytes, fmt: str | None) -> DecodedText | None:
    """`data` decoded by its declared encoding (strictly), or None when it declares none
    other than UTF-8 or does not decode by it (then it is decoded as any text is)."""
    encoding = declared_encoding(data, fmt)
    if encoding is None or looks_binary(data):
        return None
    try:
        return DecodedText(data.decode(encoding), encoding, b"")
    except UnicodeDecodeError:
        return None
