"""Inputs beyond plain files on the local disk: fsspec URLs and the pages of WARC files.

A URL (`file://`, `zip://`, `s3://`, `gs://`, or any fsspec protocol, chained with
`::` as in `zip://docs::file:///tmp/site.zip`) names a file or a folder; a folder is
listed recursively and only the files the filters select (known extension, not
excluded) become inputs, so only those are fetched, when a worker reads them.
Credentials come from the usual environment of each protocol's library (s3fs reads
AWS_* variables and ~/.aws, gcsfs Google's application default credentials).

A WARC file (local or URL) becomes one input per HTML response (`WarcPageInput`): its
shown path is the WARC file's, `#` and the target URI ("crawl.warc.gz#https://a.com/"),
and it is read by seeking to its record, so any machine that can open the WARC file
reads just that page.

Both are read-only: `--fix` and `--diff` refuse them with one error line each.
"""

from __future__ import annotations

import functools
import io
import os
import zipfile
from dataclasses import dataclass
from typing import Any, BinaryIO

from l2lint.filecheck import Input, InputError
from l2lint.pathfilter import GlobSet
from l2lint.regularfile import open_regular
from l2lint.sources import format_for
from l2lint.sources.warc import WarcError, html_pages, is_warc, page_body

INSTALL_HINT = "pip install 'l2lint[dask]'"
EXTRA_HINTS = {
    "s3": "pip install 'l2lint[s3]'",
    "s3a": "pip install 'l2lint[s3]'",
    "gs": "pip install 'l2lint[gcs]'",
    "gcs": "pip install 'l2lint[gcs]'",
}


def is_url(path: str) -> bool:
    """Whether a path given on the command line is an fsspec URL (has `scheme://`)."""
    scheme, sep, _ = path.partition("://")
    return bool(sep) and scheme.replace("+", "").replace("-", "").isalnum()


def read_url(url: str) -> bytes:
    """The bytes of the file at an fsspec URL (raises OSError, e.g. FileNotFoundError).

    A member of a chained archive (`zip://a.md::site.zip`) is read through one open
    filesystem per archive and process (`_archive`): opening the chain anew for each
    member re-reads the archive's whole directory every time, which made a scan of an
    archive quadratic in its number of members."""
    head, chained, rest = url.partition("::")
    if chained:
        protocol, _, member = head.partition("://")
        return _archive(protocol, rest, os.getpid(), _stamp(rest)).cat_file(member)
    import fsspec

    with fsspec.open(url, "rb") as handle:
        return handle.read()


def _stamp(target: str) -> tuple[int, int] | None:
    """A local archive's modification time (ns) and size in bytes, so that a long-lived
    process (a Dask worker, the language server) reopens an archive that changed."""
    local = target.removeprefix("file://")
    if "://" in local or "::" in local:
        return None
    try:
        info = os.stat(local)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


@functools.lru_cache(maxsize=4)
def _archive(protocol: str, target: str, pid: int, stamp: tuple[int, int] | None) -> Any:
    """The fsspec filesystem of an archive (`protocol` "zip", "tar", ...) read from the URL
    `target`, opened once; keyed by process id too, since a forked worker must not share
    the parent's open file (and its offset), and by the local archive's `_stamp`."""
    from fsspec.core import url_to_fs

    return url_to_fs(f"{protocol}://::{target}")[0]


def open_location(path: str) -> BinaryIO:
    """A seekable binary stream of a local path or an fsspec URL (a URL's file is read
    into memory whole; raises OSError when missing)."""
    return io.BytesIO(read_url(path)) if is_url(path) else open_regular(path)


@dataclass(frozen=True)
class UrlInput(Input):
    """A file read through fsspec: `path` is its URL with local parts absolute (see
    `absolute_url`), `name` the URL as given, `length` its size in bytes as listed."""

    length: int = 0

    def size(self) -> int:
        """The size in bytes as the file system listed it (0 when unknown)."""
        return self.length

    def read(self) -> bytes:
        """The file's bytes. Raises OSError when it is missing or unreadable, InputError for a
        protocol library's own errors (credentials, network)."""
        try:
            return read_url(self.path)
        except OSError:
            raise
        except Exception as exc:  # a protocol library's own errors (credentials, network)
            raise InputError(self.shown, f"cannot read: {_one_line(exc)}") from None

    def open(self) -> BinaryIO:
        """A binary stream of the file's bytes (read whole into memory); raises as `read`."""
        return io.BytesIO(self.read())


@dataclass(frozen=True)
class WarcPageInput(Input):
    """One HTML response of a WARC file: `path` is the WARC file (local path or URL),
    `name` the WARC file as shown, `#` and the page's target URI, `offset` and `length`
    its record's place in bytes."""

    offset: int = 0
    length: int = 0

    def size(self) -> int:
        """The length in bytes of the page's WARC record."""
        return self.length

    def read(self) -> bytes:
        """The page's HTTP response body (bytes). Raises OSError when the WARC file cannot be
        read, InputError when its record is not what `warc.page_body` expects."""
        try:
            with open_location(self.path) as handle:
                return page_body(handle, self.offset)
        except WarcError as exc:
            raise InputError(self.shown, f"{self.path}: {exc}") from None

    def open(self) -> BinaryIO:
        """A binary stream of the page's body (read whole into memory); raises as `read`."""
        return io.BytesIO(self.read())


def collect_urls(
    urls: list[str], extensions: dict[str, str], exclude: GlobSet | None
) -> tuple[list[Input], list[InputError]]:
    """The inputs that URLs name, in order (a folder's files sorted by path), and one
    error per URL that cannot be listed (missing, unknown protocol, no credentials)."""
    inputs: list[Input] = []
    errors: list[InputError] = []
    for url in urls:
        try:
            inputs.extend(_list_url(url, extensions, exclude))
        except ImportError as exc:
            hint = EXTRA_HINTS.get(url.partition("://")[0].lower(), INSTALL_HINT)
            errors.append(InputError(url, f"cannot read URLs: {_one_line(exc)} ({hint})"))
        except FileNotFoundError:
            errors.append(InputError(url, "no such file or directory"))
        except Exception as exc:  # the protocol library's errors: one line, the run goes on
            errors.append(InputError(url, f"cannot list: {_one_line(exc)}"))
    return inputs, errors


def _list_url(url: str, extensions: dict[str, str], exclude: GlobSet | None) -> list[Input]:
    from fsspec.core import url_to_fs

    fs, root = url_to_fs(url)
    head, chained, rest = url.partition("::")
    protocol = head.partition("://")[0]

    def url_of(path: str, absolute: bool) -> str:
        if not chained:
            return fs.unstrip_protocol(path)
        return f"{protocol}://{path}::{absolute_url(rest) if absolute else rest}"

    if not fs.isdir(root):
        info = fs.info(root)
        fmt = _format(url, extensions, explicit=True)
        return [UrlInput(absolute_url(url), fmt, url, length=info["size"])]
    found: list[Input] = []
    for path, info in sorted(fs.find(root, detail=True).items()):
        if info.get("type") != "file":
            continue
        fmt = _format(path, extensions, explicit=False)
        if fmt is None or (exclude is not None and exclude.matches(path)):
            continue
        if any(part.startswith(".") for part in path.split("/")):
            continue
        size = int(info.get("size") or 0)
        found.append(UrlInput(url_of(path, True), fmt, url_of(path, False), length=size))
    return found


def absolute_url(url: str) -> str:
    """The URL with each local path in its `::` chain made absolute, so that it reads the
    same file from any working directory ("zip://a.md::site.zip" →
    "zip://a.md::/home/me/site.zip")."""
    head, chained, rest = url.partition("::")
    if "://" not in head:
        head = os.path.abspath(head)
    return head + (f"::{absolute_url(rest)}" if chained else "")


def _format(path: str, extensions: dict[str, str], explicit: bool) -> str | None:
    if is_warc(path):
        return "warc"
    fmt = format_for(path, extensions)
    return fmt if fmt is not None or not explicit else None


def expand_archives(inputs: list[Input], mode: str) -> tuple[list[Input], list[InputError]]:
    """Each WARC input replaced by its HTML pages, in place; other inputs unchanged,
    but a local zip archive, which is skipped with a notice that says how to read the
    files in it (`zip_hint`).

    With `mode` "fix" or "diff", WARC files and URLs are refused (one error each):
    there is nowhere to write a fix back to.
    """
    expanded: list[Input] = []
    errors: list[InputError] = []
    for item in inputs:
        warc = item.fmt == "warc" or (item.data is None and is_warc(item.path))
        if mode != "check" and (warc or isinstance(item, UrlInput)):
            what = "WARC files" if warc else "files read through a URL"
            errors.append(InputError(item.shown, f"not fixed: {what} are read-only"))
            continue
        if not warc:
            hint = zip_hint(item)
            if hint is None:
                expanded.append(item)
            else:
                errors.append(InputError(item.shown, hint, skipped_binary=True))
            continue
        try:
            with item.open() as handle:
                for page in html_pages(handle):
                    expanded.append(
                        WarcPageInput(
                            _portable(item.path),
                            "html",
                            f"{item.shown}#{page.uri}",
                            offset=page.offset,
                            length=page.length,
                        )
                    )
        except WarcError as exc:
            errors.append(InputError(item.shown, str(exc)))
        except InputError as exc:
            errors.append(exc)
        except OSError as exc:
            errors.append(InputError(item.shown, exc.strerror or str(exc)))
    return expanded, errors


def zip_hint(item: Input) -> str | None:
    """For a local file named `*.zip` that is a zip archive, the notice that skips it and
    names the URL that reads the files in it (`zip://::site.zip`, see `collect_urls`);
    None for any other input."""
    if item.data is not None or is_url(item.path) or not item.path.lower().endswith(".zip"):
        return None
    try:
        if not zipfile.is_zipfile(item.path):
            return None
    except OSError:
        return None  # reading it says why
    return f"skipped: zip archive (to check the files in it: l2lint check zip://::{item.shown})"


def _portable(path: str) -> str:
    return path if is_url(path) else os.path.abspath(path)


def _one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
