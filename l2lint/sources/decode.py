"""Bytes to text, the way marketing files are really encoded."""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

# Byte-order marks and the encoding each one announces, longest first where one is a
# prefix of another (the UTF-8 BOM is no prefix of the UTF-16 ones).
BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


BINARY = "binary file (contains NUL bytes)"
NOT_UTF8 = "not valid UTF-8"  # how every notice of a doubtful decoding begins
CP1252_NOTICE = f"{NOT_UTF8}, read as cp1252"
REPLACED = "\ufffd"


def stray_notice(stray: int) -> str:
    """The notice of a UTF-8 file with `stray` invalid byte sequences (read as U+FFFD)."""
    noun = "sequence" if stray == 1 else "sequences"
    return f"{NOT_UTF8}: {stray} invalid byte {noun} read as U+FFFD"


def mostly_utf8(text: str) -> bool:
    """Whether `text`, bytes decoded as UTF-8 with errors="replace", is UTF-8 text with
    a few stray bytes rather than text in another encoding.

    The rule: it holds more valid multi-byte UTF-8 characters (code points above
    U+007F other than U+FFFD) than replacement characters. Text in cp1252 or Latin-1
    almost never forms valid multi-byte sequences (a letter such as "ü", 0xFC, followed
    by an ASCII letter is invalid UTF-8), so its accented letters all become U+FFFD;
    a pure ASCII file with one stray byte has no multi-byte characters and stays cp1252.
    """
    stray = text.count(REPLACED)
    if not stray:
        return True
    multibyte = sum(1 for ch in text if ch > "\x7f") - stray
    return multibyte > stray


class BinaryFileError(ValueError):
    """The bytes are not text: reported as a skipped file, never linted."""


@dataclass(frozen=True)
class DecodedText:
    """A decoded file: `text`, the Python codec name used (`encoding`), the byte-order mark
    it started with (`bom`, b"" for none) and a one-line `notice` when the decoding was a
    guess or lossy."""

    text: str
    encoding: str
    bom: bytes
    notice: str | None = None


def looks_binary(data: bytes) -> bool:
    """A NUL byte in the first 8,192 bytes means binary, as git (its first 8,000 bytes)
    and grep decide; a file with a UTF-16 BOM is decided before this is asked."""
    return b"\x00" in data[:8192]


def decode(data: bytes) -> DecodedText:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252 with a notice.

    UTF-8 with a few stray bytes (`mostly_utf8`) is read as UTF-8 with U+FFFD for each
    invalid sequence, with a notice: its columns stay right, and since it does not
    decode exactly it is never written by --fix (`fixverify.decodes_exactly`).
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return DecodedText(data[len(bom) :].decode(encoding, errors="replace"), encoding, bom)
    if looks_binary(data):
        raise BinaryFileError(BINARY)
    try:
        return DecodedText(data.decode("utf-8"), "utf-8", b"")
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", errors="replace")
    if mostly_utf8(replaced):
        return DecodedText(replaced, "utf-8", b"", notice=stray_notice(replaced.count(REPLACED)))
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
    for bom, encoding in BOMS:
        if head.startswith(bom):
            for piece in iter(lambda: handle.read(_PIECE), b""):
                digest.update(piece)
            return FileEncoding(encoding, bom, "replace", None, digest.digest())
    if looks_binary(head):
        raise BinaryFileError(BINARY)
    # What `decode` decides, counted piece by piece: strict validity, and replacement
    # characters (stray bytes, or a U+FFFD in the file) against multi-byte characters.
    strict = codecs.getincrementaldecoder("utf-8")()
    lenient = codecs.getincrementaldecoder("utf-8")(errors="replace")
    valid = True
    replaced = multibyte = 0
    piece = head
    while True:
        final = not piece
        if valid:
            try:
                strict.decode(piece, final=final)
            except UnicodeDecodeError:
                valid = False
        text = lenient.decode(piece, final=final)
        replaced += text.count(REPLACED)
        multibyte += sum(1 for ch in text if ch > "\x7f")
        if final:
            break
        piece = handle.read(_PIECE)
        digest.update(piece)
    if valid:
        return FileEncoding("utf-8", b"", "strict", None, digest.digest())
    if multibyte - replaced > replaced:
        return FileEncoding("utf-8", b"", "replace", stray_notice(replaced), digest.digest())
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
