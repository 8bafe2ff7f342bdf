"""WARC files (ISO 28500, web archives): which records are HTML pages, and their bodies.

Each HTTP `response` record whose Content-Type is HTML is one document: its path is the
WARC file's followed by `#` and the record's `WARC-Target-URI`
("crawl.warc.gz#https://example.com/a.html", so that pages of two archives with the same
URI stay apart), its text the response body (after chunked transfer coding and content
coding are undone) decoded by the Content-Type's `charset` when it declares one
(`declared.decode_http`), read by the HTML reader, so that findings' positions are
lines and columns within that body.

Reading is done by warcio (https://github.com/webrecorder/warcio): a pure-Python wheel
on every platform and CPython 3.10-3.14, it reads plain and per-record gzipped WARCs,
gives each record's byte offset (so one record is read again later by seeking, on any
machine) and also writes WARCs (the tests build theirs with it). FastWARC is faster at
parsing, but parsing is a small part of the cost next to linting each page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from l2lint.sources.declared import decode_http

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")


class WarcError(ValueError):
    """A WARC file or record that cannot be read; the message is one line."""


@dataclass(frozen=True)
class WarcPage:
    """One HTML response in a WARC file: its target URI, the byte offset of its record
    from the start of the (possibly gzipped) file, and the record's length in bytes."""

    uri: str
    offset: int
    length: int


def is_warc(name: str) -> bool:
    """Whether a file name ends in .warc or .warc.gz (case-insensitive)."""
    return name.lower().endswith(WARC_SUFFIXES)


def _is_html_response(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return content_type.split(";")[0].strip() in HTML_TYPES


def html_pages(stream: BinaryIO) -> Iterator[WarcPage]:
    """The HTML responses of a WARC stream, in file order.

    Raises `WarcError` when the stream is not a WARC file.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        records = ArchiveIterator(stream)
        for record in records:
            if record.format != "warc":  # warcio also reads ARC, the older format
                raise WarcError(f"not a valid WARC file: no WARC record at byte {records.offset}")
            if _is_html_response(record):
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                records.read_to_end(record)
                yield WarcPage(uri, records.get_record_offset(), records.get_record_length())
    except WarcError:
        raise
    except ArchiveLoadFailed as exc:
        raise WarcError(f"not a valid WARC file: {_one_line(exc)}") from None
    except Exception as exc:  # warcio on a cut or corrupt file: zlib, EOF, its own bugs
        raise WarcError(
            f"not a valid WARC file (truncated?): {type(exc).__name__}: {_one_line(exc)}"
        ) from None


def http_charset(content_type: str) -> str | None:
    """The `charset` parameter of an HTTP Content-Type value, or None
    ("text/html; charset=Shift_JIS" → "Shift_JIS"; RFC 9110 section 8.3)."""
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').strip("'") or None
    return None


def page_body(stream: BinaryIO, offset: int) -> bytes:
    """The decoded HTTP body of the record starting at byte `offset` of `stream`
    (which must be seekable), with the charset of its Content-Type made explicit (as
    UTF-8 behind a BOM, see `declared.decode_http`). Raises `WarcError` when no response
    record starts there."""
    from warcio.archiveiterator import ArchiveIterator

    try:
        stream.seek(offset)
        record = next(iter(ArchiveIterator(stream)), None)
        if record is None or record.rec_type != "response":
            raise WarcError(f"no response record at byte {offset}")
        body = record.content_stream().read()
        headers = record.http_headers
        content_type = (headers.get_header("Content-Type") if headers else None) or ""
        return decode_http(body, http_charset(content_type))
    except WarcError:
        raise
    except OSError:
        raise
    except Exception as exc:  # ArchiveLoadFailed, zlib, EOF: the file changed or is cut
        raise WarcError(f"unreadable WARC record at byte {offset}: {_one_line(exc)}") from None


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
