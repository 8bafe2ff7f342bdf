"""Decompression bombs in zip-based formats (#14 item 6, #22's 2 GiB thumbnail)."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path

import docx
import pytest

from l2lint.sources.safezip import MIB, SafeZip, ZipLimitError, ZipLimits, check_xml
from tests.clirunner import run

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WRONG = "The Lumix S5II.\n"


def base_docx(text: str = "The Lumix S5II.") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rebuilt(data: bytes, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> bytes:
    """The package with members replaced, or added when not there yet (deflated)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    changes = {**replace, **(add or {})}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, changes.pop(info.filename, None) or source.read(info))
        for name, content in changes.items():
            target.writestr(name, content)
    return out.getvalue()


def document_xml(paragraphs: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W}"><w:body>{paragraphs}</w:body></w:document>'
    ).encode()


def empty_paragraphs_bomb(megabytes: float) -> bytes:
    """The issue's input: word/document.xml of `<w:p/>` repeated, then one sentence."""
    body = "<w:p/>" * (int(megabytes * 1_000_000) // 6)
    body += "<w:p><w:r><w:t>The Lumix S5II.</w:t></w:r></w:p>"
    return rebuilt(base_docx(), {"word/document.xml": document_xml(body)})


def corrupted(data: bytes, name: str) -> bytes:
    """The archive with member `name`'s compressed bytes garbled in the middle: reading
    it fails (zlib or CRC error), so a reader that works never inflated it."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    header = info.header_offset
    name_len, extra_len = (
        int.from_bytes(data[header + 26 : header + 28], "little"),
        int.from_bytes(data[header + 28 : header + 30], "little"),
    )
    start = header + 30 + name_len + extra_len
    middle = start + info.compress_size // 2
    return data[:middle] + bytes(b ^ 0x5A for b in data[middle : middle + 64]) + data[middle + 64 :]


def check(tmp_path: Path, data: bytes) -> tuple[int, str, str]:
    (tmp_path / "copy.docx").write_bytes(data)
    (tmp_path / "other.txt").write_text(WRONG, encoding="utf-8")
    result = run(["check", "--no-cache", "copy.docx", "other.txt"], cwd=tmp_path)
    return result.exit_code, result.stdout, result.stderr


def test_empty_paragraph_bomb_is_one_line_error_and_others_are_checked(tmp_path):
    data = empty_paragraphs_bomb(20)
    assert len(data) < 200_000
    code, stdout, stderr = check(tmp_path, data)
    assert code == 2
    assert stdout.startswith("other.txt:1:5: B201 ")
    assert re.fullmatch(
        r"l2lint: error: copy\.docx: not read, over a limit: word/document\.xml inflates to "
        r"more than 100 times its compressed size of [\d,]+ bytes: a decompression bomb\? "
        r"\(limit: L2LINT_ZIP_MAX_RATIO\)\n",
        stderr,
    )


def test_raised_ratio_limit_reads_the_document(tmp_path, monkeypatch):
    """The limits are configurable: with a higher ratio, a 1.2 MB bomb-like part that the
    default ratio refuses (it is over the 1 MiB floor) is read."""
    data = empty_paragraphs_bomb(1.2)
    assert "over a limit" in check(tmp_path, data)[2]
    monkeypatch.setenv("L2LINT_ZIP_MAX_RATIO", "100000")
    code, stdout, stderr = check(tmp_path, data)
    assert stderr == ""
    lines = stdout.splitlines()
    assert lines[0].startswith(f"copy.docx:{1_200_000 // 6 + 1}:5: B201 ")
    assert lines[1].startswith("other.txt:1:5: B201 ")


def test_member_size_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("L2LINT_ZIP_MAX_MEMBER_MB", "1")
    monkeypatch.setenv("L2LINT_ZIP_MAX_RATIO", "100000")
    code, stdout, stderr = check(tmp_path, empty_paragraphs_bomb(2))
    assert code == 2
    assert stderr == (
        "l2lint: error: copy.docx: not read, over a limit: word/document.xml inflates to "
        "more than 1 MiB (limit: L2LINT_ZIP_MAX_MEMBER_MB)\n"
    )


def test_xml_element_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("L2LINT_XML_MAX_ELEMENTS", "1000")
    body = "<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 400
    code, stdout, stderr = check(
        tmp_path, rebuilt(base_docx(), {"word/document.xml": document_xml(body)})
    )
    assert code == 2
    assert stderr == (
        "l2lint: error: copy.docx: not read, over a limit: word/document.xml holds more "
        "than 1,000 XML elements (limit: L2LINT_XML_MAX_ELEMENTS)\n"
    )


@pytest.mark.parametrize(
    "name", ["docProps/thumbnail.jpeg", "word/media/image1.png", "customXml/item1.xml"]
)
def test_parts_the_reader_does_not_need_are_never_inflated(tmp_path, name):
    """#22: a 2 GiB thumbnail was inflated; here 80 MiB of zeros (over every default
    limit) in parts the reader does not use, related from the package or not."""
    bomb = b"\0" * (80 * MIB)
    data = corrupted(rebuilt(base_docx(), {}, {name: bomb}), name)
    with pytest.raises((zipfile.BadZipFile, zlib.error)):  # what inflating it would do
        zipfile.ZipFile(io.BytesIO(data)).read(name)
    code, stdout, stderr = check(tmp_path, data)
    assert (code, stderr) == (1, "")
    assert [line.split(": ")[0] for line in stdout.splitlines()[:2]] == [
        "copy.docx:1:5",
        "other.txt:1:5",
    ]


def test_thumbnail_related_from_the_package_is_not_inflated(tmp_path):
    source = zipfile.ZipFile(io.BytesIO(base_docx()))
    rels = source.read("_rels/.rels").replace(
        b"</Relationships>",
        b'<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/package/2006/'
        b'relationships/metadata/thumbnail" Target="docProps/thumbnail.jpeg"/></Relationships>',
    )
    name = "docProps/thumbnail.jpeg"
    data = corrupted(rebuilt(base_docx(), {"_rels/.rels": rels}, {name: b"\0" * (80 * MIB)}), name)
    code, stdout, stderr = check(tmp_path, data)
    assert (code, stderr) == (1, "")
    assert stdout.startswith("copy.docx:1:5: B201 ")


def test_safezip_counts_real_bytes_not_declared_sizes():
    """The ratio and size caps hold for the bytes a member really inflates to."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.xml", b"<a>" + b" " * (3 * MIB) + b"</a>")
        archive.writestr("small.xml", b"<a>text</a>")
    limits = ZipLimits(max_member_bytes=2 * MIB, max_ratio=10**9)
    safe = SafeZip(out.getvalue(), limits)
    assert safe.read("small.xml") == b"<a>text</a>"
    with pytest.raises(ZipLimitError, match=r"^a\.xml inflates to more than 2 MiB"):
        safe.read("a.xml")
    limits = ZipLimits(max_total_bytes=1 * MIB, max_ratio=10**9)
    with pytest.raises(ZipLimitError, match=r"^the archive inflates to more than 1 MiB"):
        SafeZip(out.getvalue(), limits).read("a.xml")


def test_too_many_members():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i in range(30):
            archive.writestr(f"m{i}", b"")
    with pytest.raises(ZipLimitError, match=r"^the zip archive has 30 members, over the limit"):
        SafeZip(out.getvalue(), ZipLimits(max_members=20))


def test_check_xml_rejects_dtds_and_broken_xml():
    billion_laughs = (
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><l>&b;&b;&b;</l>'
    )
    with pytest.raises(ValueError, match=r"^DTDs are not allowed \(x\.xml has a DOCTYPE"):
        check_xml(billion_laughs, "x.xml", 10)
    with pytest.raises(ValueError, match=r"^x\.xml: invalid XML: "):
        check_xml(b"<a><b></a>", "x.xml", 10)


def test_xml_elements_are_counted_over_all_parts_read():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i in range(3):
            archive.writestr(f"p{i}.xml", b"<a>" + b"<b/>" * 399 + b"</a>")
    safe = SafeZip(out.getvalue(), ZipLimits(max_xml_elements=1000))
    safe.read_xml("p0.xml")
    safe.read_xml("p1.xml")
    with pytest.raises(ZipLimitError) as error:
        safe.read_xml("p2.xml")
    assert str(error.value) == (
        "the XML parts read up to p2.xml hold more than 1,000 elements in all "
        "(limit: L2LINT_XML_MAX_ELEMENTS)"
    )


def test_fix_copies_a_huge_part_it_does_not_read_unchanged(tmp_path):
    """--fix writes the document again with every other part as it was: an 80 MiB
    thumbnail is copied in chunks (never whole in memory) and comes out byte for byte."""
    name = "docProps/thumbnail.jpeg"
    thumbnail = bytes(range(256)) * (80 * MIB // 256)
    (tmp_path / "copy.docx").write_bytes(rebuilt(base_docx(), {}, {name: thumbnail}))
    result = run(["check", "--no-cache", "--fix", "copy.docx"], cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (0, "")
    fixed = zipfile.ZipFile(tmp_path / "copy.docx")
    assert fixed.read(name) == thumbnail
    assert docx.Document(str(tmp_path / "copy.docx")).paragraphs[0].text == "The LUMIX S5II."


def test_fix_of_a_file_with_a_corrupt_part_is_not_written(tmp_path):
    name = "word/media/image1.png"
    data = corrupted(rebuilt(base_docx(), {}, {name: b"\0" * MIB}), name)
    (tmp_path / "copy.docx").write_bytes(data)
    result = run(["check", "--no-cache", "--fix", "copy.docx"], cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout.splitlines()[0] == (
        "copy.docx:1:5: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. (not fixed: "
        f"{name} cannot be copied: Bad CRC-32 for file '{name}')"
    )
    assert (tmp_path / "copy.docx").read_bytes() == data
