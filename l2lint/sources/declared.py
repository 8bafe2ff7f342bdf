"""The encoding a PO, XLIFF or HTML file declares for itself, and its text decoded by it.

An XLIFF file is XML: its encoding is in the XML declaration (`<?xml version="1.0"
encoding="ISO-8859-1"?>`, XML 1.0 section 4.3.3, "Character Encoding in Entities"),
UTF-8 when absent. A PO file declares it in its header entry's `Content-Type` field
(`charset=EUC-JP`; GNU gettext manual, section 6.2 "Filling in the Header Entry"); the
template value `CHARSET` declares nothing. Both declarations are read from the bytes
as ASCII, which every encoding gettext and XML allow here agrees with in that range
(UTF-16 files start with a byte-order mark, which decides before any declaration).

An HTML file declares it in a `<meta charset="…">` or `<meta http-equiv="Content-Type"
content="text/html; charset=…">` element within its first 1024 bytes: a simplified form
of the WHATWG HTML "prescan a byte stream to determine its encoding" algorithm
(https://html.spec.whatwg.org/multipage/parsing.html#prescan-a-byte-stream-to-determine-its-encoding)
that looks for `charset=` in any `<meta` tag there (comments and other attributes are
not parsed). As the Encoding Standard's labels do, a declared UTF-16 means UTF-8 (the
bytes of such a file would start with a BOM) and ASCII or Latin-1 mean cp1252.
An HTTP `charset` (of a page in a WARC file) decides before it (`decode_http`).
"""

from __future__ import annotations

import codecs
import re

from l2lint.sources.decode import BOMS, DecodedText, looks_binary

_XML_DECLARATION = re.compile(
    rb"""\A[ \t\r\n]*<\?xml[^>]*?\bencoding[ \t\r\n]*=[ \t\r\n]*["']([A-Za-z][\w.:-]*)["']"""
)
_PO_CHARSET = re.compile(rb"Content-Type:[^\"\n]*?charset=([A-Za-z][\w.:-]*)")
_HTML_META = re.compile(
    rb"""<meta\b[^>]*?\bcharset[ \t\r\n\f]*=[ \t\r\n\f]*["']?[ \t\r\n\f]*([A-Za-z][\w.:-]*)""",
    re.IGNORECASE,
)
_HEAD = 4096  # bytes: the PO header entry and the XML declaration come first
_HTML_PRESCAN = 1024  # bytes: the WHATWG prescan's limit
# Encoding Standard labels whose meaning differs from Python's codec of that name
_WHATWG_LABELS = {
    "utf-16": "utf-8",
    "utf-16-le": "utf-8",
    "utf-16-be": "utf-8",
    "ascii": "cp1252",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
}


def declared_encoding(data: bytes, fmt: str | None) -> str | None:
    """The Python codec name of the encoding `data` declares (`fmt` "xliff", "po" or
    "html"), or None: no declaration, an unknown encoding, a BOM, or UTF-8 (read as
    usual)."""
    if fmt not in ("xliff", "po", "html") or any(data.startswith(bom) for bom, _ in BOMS):
        return None
    if fmt == "html":
        match = _HTML_META.search(data[:_HTML_PRESCAN])
    else:
        match = (_XML_DECLARATION if fmt == "xliff" else _PO_CHARSET).search(data[:_HEAD])
    if match is None:
        return None
    name = codec_name(match.group(1).decode("ascii"), html=fmt == "html")
    return None if name == "utf-8" else name


def codec_name(label: str, html: bool = False) -> str | None:
    """The Python codec name of an encoding label ("Shift_JIS" → "shift_jis"), None when
    unknown; with `html`, mapped as the Encoding Standard does (see the module doc)."""
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    return _WHATWG_LABELS.get(name, name) if html else name


def decode_http(data: bytes, charset: str | None) -> bytes:
    """An HTTP body with the `charset` its Content-Type header declares made explicit:
    decoded strictly by it and returned as UTF-8 behind a UTF-8 BOM, which every
    reader then honours before any `<meta>` declaration (the WHATWG order: BOM, then
    the transport layer's charset, then the prescan). `data` unchanged when it has a
    BOM, no or an unknown charset is declared, or it does not decode by it."""
    encoding = codec_name(charset, html=True) if charset else None
    if encoding is None or any(data.startswith(bom) for bom, _ in BOMS) or looks_binary(data):
        return data
    try:
        return codecs.BOM_UTF8 + data.decode(encoding).encode("utf-8")
    except UnicodeError:
        return data


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
