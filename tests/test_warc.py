"""WARC files as input (#21): each HTML response is a document named by its WARC file and
target URI ("crawl.warc.gz#https://…"), with findings at lines and columns of the
(decoded) response body."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

pytest.importorskip("warcio")

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from tests.clirunner import run  # noqa: E402

PAGE = (
    "<html><head><title>Cameras</title></head>\n"
    "<body>\n"
    "<p>Meet the new Lumix S5II.</p>\n"
    "  <p>Leica and Panasonic merged last year.</p>\n"
    "</body></html>\n"
)
OTHER = "<html><body><h1>Shop</h1>\n<p>The Lumix G9.</p></body></html>\n"


def build_warc(path: Path, pages, gzip_records: bool = True) -> Path:
    """Write a WARC file of response records: pages are (uri, content type, body bytes,
    extra HTTP headers)."""
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gzip_records)
        for uri, content_type, body, extra in pages:
            headers = [("Content-Type", content_type), *extra]
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=http
            )
            writer.write_record(record)
    return path


def crawl(tmp_path: Path, name: str = "crawl.warc.gz", gzip_records: bool = True) -> Path:
    return build_warc(
        tmp_path / name,
        [
            ("https://www.example.com/cameras", "text/html; charset=utf-8", PAGE.encode(), []),
            ("https://www.example.com/logo.png", "image/png", b"\x89PNG\r\n\x1a\n", []),
            ("https://shop.example.org/", "text/html", OTHER.encode(), []),
        ],
        gzip_records,
    )


def expected(archive: str = "crawl.warc.gz") -> list[str]:
    """The findings of `crawl`'s pages, each path naming the WARC file `archive`."""
    return [
        f"{archive}#https://www.example.com/cameras:3:17: B201 error: Write 'LUMIX' in "
        "capitals, not 'Lumix'. [*]",
        f"{archive}#https://www.example.com/cameras:4:6: A401 error: L² Technology is a joint "
        "development collaboration, not a merger, acquisition or new company: both "
        "companies stay independent and brand their own products.",
        f"{archive}#https://shop.example.org/:2:8: B201 error: Write 'LUMIX' in capitals, "
        "not 'Lumix'. [*]",
    ]


EXPECTED = expected()


@pytest.mark.parametrize(("name", "gzip_records"), [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_each_html_response_is_a_document_at_its_uri(tmp_path, name, gzip_records):
    crawl(tmp_path, name, gzip_records)
    result = run(["check", "--isolated", "--no-cache", name], cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert lines[:-1] == sorted(expected(name))
    assert lines[-1].startswith("Found 3 findings")
    assert (result.exit_code, result.stderr) == (1, "")


@pytest.mark.parametrize(
    ("name", "gzip_records"),
    [
        ("crawl.warc", False),
        ("crawl.warc.gz", True),  # a two-part extension: found by folder scans too
        ("Crawl.2026-11.WARC.GZ", True),  # dots in the name, extension in capitals
    ],
)
def test_a_folder_with_a_warc_file_is_read_page_by_page(tmp_path, name, gzip_records):
    (tmp_path / "site").mkdir()
    crawl(tmp_path / "site", name, gzip_records=gzip_records)
    (tmp_path / "site" / "backup.gz").write_bytes(gzip.compress(b"The Lumix G9."))  # not read
    result = run(["check", "--isolated", "--no-cache", "--format", "json", "site"], cwd=tmp_path)
    assert result.exit_code == 1
    assert [(f["path"], f["line"], f["column"], f["code"]) for f in result.json] == [
        (f"site/{name}#https://shop.example.org/", 2, 8, "B201"),
        (f"site/{name}#https://www.example.com/cameras", 3, 17, "B201"),
        (f"site/{name}#https://www.example.com/cameras", 4, 6, "A401"),
    ]


def test_positions_are_within_the_decoded_body(tmp_path):
    """A gzip-encoded, chunked response: lines and columns count in the body as served
    to a browser, not in the bytes on the wire."""
    body = gzip.compress(PAGE.encode())
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    build_warc(
        tmp_path / "enc.warc.gz",
        [
            (
                "https://www.example.com/cameras",
                "text/html",
                chunked,
                [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")],
            )
        ],
    )
    result = run(["check", "--isolated", "--no-cache", "enc.warc.gz"], cwd=tmp_path)
    assert result.stdout.splitlines()[:-1] == expected("enc.warc.gz")[:2]


def test_per_file_ignores_and_jsonl_apply_to_pages(tmp_path):
    crawl(tmp_path)
    result = run(
        ["check", "--isolated", "--no-cache", "--ignore", "B201", "--format", "jsonl"]
        + ["crawl.warc.gz"],
        cwd=tmp_path,
    )
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["path"], r["line"], r["column"], r["code"]) for r in rows] == [
        ("crawl.warc.gz#https://www.example.com/cameras", 4, 6, "A401")
    ]
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        # five words on a line: warcio would take it for an ARC header
        (b"this is not a web archive\n", "not a valid WARC file: no WARC record at byte 0"),
        (b"GIF89a\x00\x01", "not a valid WARC file: Unknown archive format"),
        ("cut", "not a valid WARC file (truncated?)"),
        (b"", None),  # an empty WARC holds no page: nothing to check, no error
    ],
)
def test_a_broken_warc_file_is_one_error_line_and_the_others_are_checked(tmp_path, content, reason):
    if content == "cut":
        content = crawl(tmp_path, "whole.warc", gzip_records=False).read_bytes()[:100]
        (tmp_path / "whole.warc").unlink()
    (tmp_path / "broken.warc").write_bytes(content)
    crawl(tmp_path)
    result = run(
        ["check", "--isolated", "--no-cache", "broken.warc", "crawl.warc.gz"], cwd=tmp_path
    )
    assert result.stdout.splitlines()[:-1] == sorted(EXPECTED)
    if reason is None:
        assert (result.exit_code, result.stderr) == (1, "")
    else:
        assert result.exit_code == 2
        assert result.stderr.startswith(f"l2lint: error: broken.warc: {reason}")
        assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("flag", ["--fix", "--diff"])
def test_fixing_a_warc_file_is_refused_and_it_is_left_alone(tmp_path, flag):
    warc = crawl(tmp_path)
    before = warc.read_bytes()
    result = run(["check", "--isolated", flag, "crawl.warc.gz"], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "l2lint: error: crawl.warc.gz: not fixed: WARC files are read-only"
    )
    assert warc.read_bytes() == before


def test_pages_of_two_archives_with_the_same_uris_stay_apart(tmp_path):
    """Two crawls of one site: each finding names its archive, and --format aggregate
    counts each archive's pages as documents of their own (#21)."""
    crawl(tmp_path, "monday.warc.gz")
    crawl(tmp_path, "tuesday.warc")
    args = ["check", "--isolated", "--no-cache", "monday.warc.gz", "tuesday.warc"]
    result = run(args, cwd=tmp_path)
    assert result.stdout.splitlines()[:-1] == sorted(
        expected("monday.warc.gz") + expected("tuesday.warc")
    )
    summary = run([*args, "--format", "aggregate"], cwd=tmp_path).json
    assert (summary["documents"], summary["documents_with_findings"], summary["findings"]) == (
        4,
        4,
        6,
    )
    assert summary["top_documents"] == [
        {"path": "monday.warc.gz#https://www.example.com/cameras", "findings": 2},
        {"path": "tuesday.warc#https://www.example.com/cameras", "findings": 2},
        {"path": "monday.warc.gz#https://shop.example.org/", "findings": 1},
        {"path": "tuesday.warc#https://shop.example.org/", "findings": 1},
    ]
    assert summary["by_group"] == [
        {"group": "www.example.com", "documents": 2, "findings": 4},
        {"group": "shop.example.org", "documents": 2, "findings": 2},
    ]


def test_one_archive_named_twice_is_counted_once_by_aggregate(tmp_path):
    crawl(tmp_path)
    args = ["check", "--isolated", "--no-cache", "--format", "aggregate"]
    summary = run([*args, "crawl.warc.gz", "./crawl.warc.gz"], cwd=tmp_path).json
    assert (summary["documents"], summary["documents_with_findings"]) == (2, 2)


def test_a_zip_archive_named_on_the_command_line_says_how_to_read_it(tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "site.zip", "w") as archive:
        archive.writestr("a.md", "Meet the new Lumix S5II.\n")
    (tmp_path / "notes.zip").write_text("Meet the new Lumix S5II.\n")  # no zip archive
    result = lint_args(tmp_path, "site.zip")
    assert result.stderr == (
        "l2lint: notice: site.zip: skipped: zip archive (to check the files in it: "
        "l2lint check zip://::site.zip)\n"
        "l2lint: warning: no file was checked (exit 2; --allow-empty accepts this)\n"
    )
    assert result.exit_code == 2
    hinted = lint_args(tmp_path, "zip://::site.zip", "notes.zip")
    assert hinted.stdout.splitlines()[:-1] == [
        "notes.zip:1:14: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]",
        "zip://a.md::site.zip:1:14: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]",
    ]
    assert (hinted.exit_code, hinted.stderr) == (1, "")


def lint_args(tmp_path: Path, *args: str):
    return run(["check", "--isolated", "--no-cache", *args], cwd=tmp_path)
