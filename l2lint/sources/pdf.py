"""PDF: the text layer of every page, read with pdfminer.six's layout analysis.

A PDF has no text source to point into, so the reader builds one: every text line of
every page, in pdfminer's reading order, one line each, joined with "\\n". Each line has
a label, `page 2:line 5` (both 1-based; lines counted on the page in reading order),
which the text and JSON reports show; a finding's column is the character in that line.

Prose is read paragraph by paragraph (pdfminer's text boxes, with lines whose gap is
under 0.8 of a line's height kept together, split where the type size changes by more
than 15 %, as between a heading and its text). Within a paragraph, lines are joined with a
space, except at a line-end hyphen (`_line_end_hyphen`): a word broken across lines (two
or more letters, not all capitals, "-", then a lower-case letter; or a soft hyphen) is
joined back without the hyphen, so "tech-" + "nology" is read as "technology"; a
compound broken at its own hyphen ("L-" + "Mount", "Leica-" + "LUMIX") keeps it and
joins without a space. A line ending with a hyphen continues into the next line of the
same column even when pdfminer put that line in a box of its own (wide line spacing).
A line that recurs in the top or bottom eighth of at least half the pages (two at
least), digits aside, is a running header or footer: it is read once, on its first
page. Digits set smaller and raised above the line (superscript) read as superscript
digits, so "L" + raised "2" is "L²".

No compressed stream is inflated beyond `MAX_STREAM_BYTES` (a decompression bomb is
refused in one line): not by Flate, not by pdfminer's recovery of a Flate stream whose
checksum is broken, not by LZW, not by CCITT fax decoding (whose rows are `Columns`
pixels wide, however few bytes encode them); the other filters cannot grow a stream
more than 128 times (RunLength, PDF 32000-1:2008 7.4.5). PDF files are read-only:
`--fix` reports findings without editing. A PDF that needs a password to open, or has
no text layer (a scan), gives a one-line reason or notice.
Source: pdfminer.six documentation, "Converting a PDF file to text" and the LAParams
reference (https://pdfminersix.readthedocs.io/).
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import statistics
import zlib
from collections import defaultdict
from dataclasses import dataclass

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTAnno, LTChar, LTTextContainer, LTTextLine

from l2lint.document import Block, BlockBuilder, Document
from l2lint.sources.empty import EMPTY_NOTICE

# pdfminer logs what it repairs; the reader reports problems itself, in one line (an
# application that configures logging still gets pdfminer's records).
logging.getLogger("pdfminer").addHandler(logging.NullHandler())

LINE_MARGIN = 0.8
MAX_STREAM_BYTES = 64 * 1024 * 1024
EDGE = 1 / 8
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_DIGITS = re.compile(r"\d+")
NO_TEXT_NOTICE = "no text layer (a scanned PDF?): nothing checked"


@dataclass
class _Line:
    text: str
    page: int
    number: int  # on the page, 1-based
    box: int  # index of its paragraph in the whole document
    at_edge: bool  # in the top or bottom eighth of the page
    size: float  # median character size, in points
    offset: int = 0  # of its first character in the built source
    x0: float = 0.0  # the line's box on the page, in points (PDF user space, y upwards)
    x1: float = 0.0
    y0: float = 0.0
    y1: float = 0.0


def _size(line: LTTextLine) -> float:
    sizes = [c.size for c in line if isinstance(c, LTChar)]
    return statistics.median(sizes) if sizes else 0.0


def _line_text(line: LTTextLine) -> str:
    median = _size(line)
    parts = []
    for item in line:
        if isinstance(item, LTChar):
            text = item.get_text()
            raised = item.y0 > line.y0 + 0.25 * (line.y1 - line.y0)
            if text.isdigit() and item.size < 0.8 * median and raised:
                text = text.translate(_SUPERSCRIPT)
            parts.append(text)
        elif isinstance(item, LTAnno):
            parts.append(item.get_text())
    return "".join(parts).replace("\n", " ").replace("\r", " ").rstrip()


def _pages(data: bytes):
    """pdfminer's layout of every page; ValueError with a reason when it cannot read."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    params = LAParams(line_margin=LINE_MARGIN)
    try:
        with _bounded_inflate():
            return list(extract_pages(io.BytesIO(data), laparams=params))
    except StreamTooLarge:
        raise ValueError(
            f"not read: a stream would inflate past {MAX_STREAM_BYTES} bytes"
        ) from None
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ValueError("not read: the PDF is encrypted (it needs a password)") from None
    except (PDFSyntaxError, PSException) as exc:
        raise ValueError(f"not a valid PDF file: {_reason(exc)}") from None
    except Exception as exc:  # pdfminer raises many types for broken files
        raise ValueError(f"not a valid PDF file: {type(exc).__name__}: {_reason(exc)}") from None


class StreamTooLarge(Exception):
    """A compressed stream of the PDF inflates past `MAX_STREAM_BYTES`."""


def _check_size(size: int) -> None:
    if size > MAX_STREAM_BYTES:
        raise StreamTooLarge


class _BoundedZlib:
    """The `zlib` module as pdfminer uses it, with `decompress` stopping at
    `MAX_STREAM_BYTES` (pdfminer inflates every stream whole, without a limit)."""

    error = zlib.error

    @staticmethod
    def decompress(data: bytes) -> bytes:
        inflater = zlib.decompressobj()
        out = inflater.decompress(data, MAX_STREAM_BYTES + 1)
        _check_size(len(out))
        if not inflater.eof:  # truncated, as zlib.decompress would say
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return out

    @staticmethod
    def decompressobj(*args, **kwargs):
        return zlib.decompressobj(*args, **kwargs)


def _bounded_decompress_corrupted(data: bytes) -> bytes:
    """pdfminer's `decompress_corrupted`, bounded: a Flate stream whose last bytes (the
    Adler-32 checksum, RFC 1950) are broken is inflated as far as it goes; an error
    before them is raised as `zlib.error`, as pdfminer does; more than
    `MAX_STREAM_BYTES` raises `StreamTooLarge`."""
    inflater = zlib.decompressobj()
    out = bytearray()

    def feed(piece: bytes) -> None:
        while piece:
            out.extend(inflater.decompress(piece, MAX_STREAM_BYTES + 1 - len(out)))
            _check_size(len(out))
            piece = inflater.unconsumed_tail

    feed(data[:-3])  # an error here is not in the checksum: raised
    try:
        for index in range(max(len(data) - 3, 0), len(data)):
            feed(data[index : index + 1])
    except zlib.error:
        pass  # the checksum: what was inflated so far is the stream
    return bytes(out)


def _bounded_lzwdecode(data: bytes) -> bytes:
    """pdfminer's `lzwdecode` (its `LZWDecoder`), stopping past `MAX_STREAM_BYTES`
    (raises `StreamTooLarge`). One LZW code yields at most 4,096 bytes (a 12-bit table)."""
    from pdfminer.lzw import LZWDecoder

    out = bytearray()
    for piece in LZWDecoder(io.BytesIO(data)).run():
        out.extend(piece)
        _check_size(len(out))
    return bytes(out)


def _bounded_ccittfaxdecode(data: bytes, params: dict) -> bytes:
    """pdfminer's `ccittfaxdecode`, refused (`StreamTooLarge`) when it could yield more
    than `MAX_STREAM_BYTES`: a row of `Columns` pixels (default 1728, PDF 32000-1:2008
    table 11) takes 8 bytes a pixel while decoded and one bit of input at least, so
    `Columns` x the input's bytes bounds the output in bytes."""
    from pdfminer.ccitt import ccittfaxdecode

    columns = params.get("Columns", 1728)
    if not isinstance(columns, int) or columns < 0:
        columns = MAX_STREAM_BYTES  # pdfminer would fail on it: refused here instead
    if columns > MAX_STREAM_BYTES // 8 or columns * max(len(data), 1) > MAX_STREAM_BYTES:
        raise StreamTooLarge
    out = ccittfaxdecode(data, params)
    _check_size(len(out))
    return out


@contextlib.contextmanager
def _bounded_inflate():
    """While reading, pdfminer's Flate decoding is `_BoundedZlib`, its recovery of broken
    Flate streams `_bounded_decompress_corrupted`, its LZW decoding `_bounded_lzwdecode`
    and its CCITT fax decoding `_bounded_ccittfaxdecode`: `PDFStream.decode` looks these
    names up in `pdfminer.pdftypes` each time (one file at a time per process, as l2lint
    reads files)."""
    from pdfminer import pdftypes

    names = ("zlib", "decompress_corrupted", "lzwdecode", "ccittfaxdecode")
    saved = [getattr(pdftypes, name) for name in names]
    bounded = [
        _BoundedZlib,
        _bounded_decompress_corrupted,
        _bounded_lzwdecode,
        _bounded_ccittfaxdecode,
    ]
    for name, value in zip(names, bounded, strict=True):
        setattr(pdftypes, name, value)
    try:
        yield
    finally:
        for name, value in zip(names, saved, strict=True):
            setattr(pdftypes, name, value)


def _reason(exc: Exception, limit: int = 100) -> str:
    """The first line of an exception's message, cut to `limit` characters."""
    message = str(exc)
    text = message.splitlines()[0] if message.strip() not in ("", "None") else type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _lines(pages) -> list[_Line]:
    lines: list[_Line] = []
    box = 0
    for page_number, page in enumerate(pages, 1):
        number = 0
        height = page.height or 1.0
        for item in page:
            if not isinstance(item, LTTextContainer):
                continue
            box += 1
            for line in item:
                if not isinstance(line, LTTextLine):
                    continue
                number += 1
                at_edge = line.y0 > height * (1 - EDGE) or line.y1 < height * EDGE
                lines.append(
                    _Line(
                        _line_text(line),
                        page_number,
                        number,
                        box,
                        at_edge,
                        _size(line),
                        x0=line.x0,
                        x1=line.x1,
                        y0=line.y0,
                        y1=line.y1,
                    )
                )
    return lines


def _running(lines: list[_Line], page_count: int) -> set[int]:
    """Indexes of the repeats of running headers and footers (those after its first page)."""
    if page_count < 2:
        return set()
    seen: dict[str, list[int]] = defaultdict(list)
    for index, line in enumerate(lines):
        if line.at_edge and line.text.strip():
            seen[_DIGITS.sub("#", " ".join(line.text.split()))].append(index)
    repeats: set[int] = set()
    for indexes in seen.values():
        pages = {lines[i].page for i in indexes}
        if len(pages) >= max(2, (page_count + 1) // 2):
            first = lines[indexes[0]].page
            repeats.update(i for i in indexes if lines[i].page != first)
    return repeats


_FRAGMENT = re.compile(r"(\w+)-$")


def _line_end_hyphen(text: str, following: str) -> str | None:
    """What a hyphen ending `text` (before the line `following`) is.

    "soft": a soft hyphen, or a word broken across lines ("tech-" + "nology", "Lu-" +
    "mix"): at least two letters before the hyphen, not all capitals, and a lower-case
    letter after it (TeX's `lefthyphenmin` is 2: no word is broken after one letter).
    "hard": a compound broken at its own hyphen ("L-" + "Mount", "Leica-" + "LUMIX",
    "L-" + "mount", "10-" + "20"): the hyphen is kept and the lines join without a space.
    None: no hyphen at the end (the lines join with a space).
    """
    if text.endswith("\u00ad"):
        return "soft"
    match = _FRAGMENT.search(text)
    if match is None or not following[:1].isalnum():
        return None
    fragment = match.group(1)
    letters = fragment.isalpha() and len(fragment) >= 2 and not fragment.isupper()
    return "soft" if letters and following[:1].islower() else "hard"


def _blocks(lines: list[_Line], skip: set[int]) -> list[Block]:
    blocks: list[Block] = []
    builder: BlockBuilder | None = None
    previous: _Line | None = None
    for index, line in enumerate(lines):
        text = line.text
        if index in skip or not text.strip():
            continue
        if builder is None or previous is None or _new_paragraph(previous, line):
            if builder is not None and builder.length:
                blocks.append(builder.build())
            builder = BlockBuilder("paragraph")
        elif previous is not None:
            gap = previous.offset + len(previous.text)  # the "\n" after the previous line
            if _line_end_hyphen(previous.text.rstrip(), text.lstrip()) is None:
                builder.add(" ", gap, gap + 1)
        lead = len(text) - len(text.lstrip())
        body = text.strip()
        nxt = _next_text(lines, index, skip)
        following = lines[nxt] if nxt is not None else None
        if (
            following
            and not _new_paragraph(line, following)
            and _line_end_hyphen(body, following.text.lstrip()) == "soft"
        ):
            body = body[:-1]  # the hyphen (or soft hyphen) goes; the word is joined
        builder.add(body, line.offset + lead)
        previous = line
    if builder is not None and builder.length:
        blocks.append(builder.build())
    return blocks


def _new_paragraph(previous: _Line, line: _Line) -> bool:
    """A new text box, or a change of type size (a heading above its paragraph); but
    a line ending with a hyphen continues into the next line of the same column, in
    whichever box pdfminer put it (with wide line spacing each line is a box)."""
    small, large = sorted((previous.size, line.size))
    if large > 0 and small < 0.85 * large:
        return True
    if previous.box == line.box:
        return False
    hyphen = _line_end_hyphen(previous.text.rstrip(), line.text.lstrip())
    return hyphen is None or not _same_column(previous, line)


def _same_column(upper: _Line, lower: _Line) -> bool:
    """`lower` is the next line of `upper`'s column: on the same page, its left edge
    within one type size of `upper`'s, and below it by at most three type sizes."""
    size = max(upper.size, lower.size, 1.0)
    below = upper.y0 - lower.y1
    return (
        upper.page == lower.page
        and abs(upper.x0 - lower.x0) <= size
        and -0.5 * size <= below <= 3 * size
    )


def _next_text(lines: list[_Line], index: int, skip: set[int]) -> int | None:
    for other in range(index + 1, len(lines)):
        if other not in skip and lines[other].text.strip():
            return other
    return None


def read_pdf(path: str, data: bytes) -> Document:
    """Read a PDF's text layer: one source line per text line, one block per paragraph.

    `Document.line_labels[i]` says where line i+1 is (`page 1:line 3`). Raises
    ValueError with a one-line reason for a file pdfminer cannot read or that needs a
    password; a PDF without text gives a document without blocks and a notice.
    """
    if not data.strip():  # 0 bytes (or only white space): nothing to read, not broken
        return Document(path, "", [], format="pdf", fixable=False, notices=[EMPTY_NOTICE])
    pages = _pages(data)
    lines = _lines(pages)
    offset = 0
    for line in lines:
        line.offset = offset
        offset += len(line.text) + 1
    notices = [] if any(line.text.strip() for line in lines) else [NO_TEXT_NOTICE]
    return Document(
        path=path,
        source="\n".join(line.text for line in lines),
        blocks=_blocks(lines, _running(lines, len(pages))),
        format="pdf",
        fixable=False,
        notices=notices,
        line_labels=[f"page {line.page}:line {line.number}" for line in lines],
    )
