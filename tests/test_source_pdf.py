"""The PDF reader: pages and lines, joined hyphenation, running headers read once."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest
from fpdf import FPDF

from l2lint.sources.pdf import read_pdf
from tests.clirunner import run
from tests.sourcehelpers import texts

DATA = Path(__file__).parent / "data" / "formats"
RELEASE = DATA / "copy" / "release.pdf"


def test_release_reads_paragraphs_once_with_hyphens_joined():
    doc = read_pdf("release.pdf", RELEASE.read_bytes())
    assert texts(doc) == [
        ("paragraph", "Lumix Newsroom - Press Release"),  # header of page 1; page 2's is a repeat
        ("paragraph", "Panasonic unveils the LUMIX S1R II"),
        (
            "paragraph",
            "Osaka, Japan - Panasonic today announced a full-frame camera built on "
            "L2 Technology, the joint development collaboration with Leica Camera AG.",
        ),
        ("paragraph", "The colour science of L² Technology is tuned with Leica."),  # raised 2
        ("paragraph", "Panasonic Corporation - Page 1"),  # footer, digits aside the same
        ("paragraph", "Availability"),  # a heading: larger type, its own paragraph
        (
            "paragraph",
            "Leica and Panasonic merged their imaging divisions in 2024. "
            "The Lumix S1R II ships in March.",
        ),
    ]
    assert doc.line_labels == [f"page 1:line {n}" for n in range(1, 7)] + [
        f"page 2:line {n}" for n in range(1, 6)
    ]
    assert doc.notices == [] and not doc.fixable


def _pdf(pages: list[list[str]], spacing: float = 6) -> bytes:
    """Helvetica 11 pt, one line each, `spacing` mm apart (12: each line a box of its own)."""
    pdf = FPDF()
    pdf.set_font("Helvetica", "", 11)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(0, spacing, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["The Lumix camera uses L2 Tech-", "nology by Leica."], "L2 Technology by"),
        (["Leica and Panasonic, a co-", "operation"], "a cooperation"),
        (["Panasonic LUMIX and Leica -", "Lumix"], "Leica - Lumix"),  # a dash, not a hyphen
        # a compound broken at its hyphen keeps it, without a space
        (["Leica and LUMIX-", "Leica co-branding"], "LUMIX-Leica co-branding"),
        (["Lenses for the L-", "Mount system"], "the L-Mount system"),
        (["The L-", "mount lenses"], "The L-mount lenses"),  # one letter: never a split word
        (["the Leica-", "LUMIX exhibition"], "the Leica-LUMIX exhibition"),
        (["pages 10-", "20 of it"], "pages 10-20 of it"),
    ],
)
@pytest.mark.parametrize("spacing", [6, 12])
def test_hyphen_at_a_line_end_joins_only_a_split_word(lines, expected, spacing):
    doc = read_pdf("a.pdf", _pdf([lines], spacing))
    if spacing == 12 and lines[0].endswith(" -"):
        assert [b.text for b in doc.blocks] == lines  # no hyphen: far apart, two paragraphs
        return
    [block] = doc.blocks
    assert expected in block.text


@pytest.mark.parametrize("spacing", [6, 12])
def test_hyphenated_findings_across_lines_and_boxes_have_exact_positions(tmp_path, spacing):
    lines = ["It is powered by L2 tech-", "nology. A Lu-", "mix S9 in the L-", "mount range."]
    (tmp_path / "a.pdf").write_bytes(_pdf([lines], spacing))
    result = run(
        ["check", "--isolated", "--no-cache", "--format", "json", "--select", "T101,B201,B204"]
        + ["a.pdf"],
        cwd=tmp_path,
    )
    found = [
        (f["code"], f["line"], f["column"], f["end_line"], f["end_column"]) for f in result.json
    ]
    assert found == [
        ("T101", 1, 18, 2, 7),  # "L2 tech-" + "nology"
        ("B201", 2, 11, 3, 4),  # "Lu-" + "mix"
        ("B204", 3, 15, 4, 6),  # "L-" + "mount": the hyphen kept
    ]
    assert [f["locus"] for f in result.json] == ["page 1:line 1", "page 1:line 2", "page 1:line 3"]


def test_a_body_line_repeated_on_every_page_is_not_a_header():
    """Only lines near the top or bottom edge count as running headers or footers."""
    pages = [[f"Leica {word}" for word in words] for words in ("abc", "def")]
    doc = read_pdf("a.pdf", _pdf([[*lines, "", "", "Lumix body text"] for lines in pages]))
    assert [b.text for b in doc.blocks] == [
        "Leica a Leica b Leica c",
        "Lumix body text",
        "Leica d Leica e Leica f",
        "Lumix body text",
    ]


def test_a_repeated_header_is_read_on_its_first_page_only():
    doc = read_pdf("a.pdf", _pdf([["Lumix News", "", "", f"Body {w}."] for w in "abc"]))
    assert [b.text for b in doc.blocks] == ["Lumix News", "Body a.", "Body b.", "Body c."]


def test_cli_positions_and_read_only_notice(tmp_path):
    path = tmp_path / "r.pdf"
    data = _pdf([["Leica and Panasonic present the", "new Lumix S5."]])
    path.write_bytes(data)
    result = run(["check", "--isolated", "--fix", str(path)])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{path}:page 1:line 2:5: B201 error: Write 'LUMIX' in capitals, not 'Lumix'."
    )
    assert result.stderr == f"l2lint: notice: {path}: not fixed: .pdf files are read-only\n"
    assert path.read_bytes() == data


def test_hostile_pdfs_give_one_line_reasons(tmp_path):
    hostile = DATA / "hostile"
    (tmp_path / "encrypted.pdf").write_bytes((hostile / "encrypted.pdf").read_bytes())
    (tmp_path / "scanned.pdf").write_bytes((hostile / "scanned.pdf").read_bytes())
    (tmp_path / "truncated.pdf").write_bytes(RELEASE.read_bytes()[:400])
    (tmp_path / "text.pdf").write_bytes(b"The Lumix camera, not a PDF at all.")
    data = RELEASE.read_bytes()
    garbled = data[:1200] + b"garbage" * 10 + data[1300:]  # a font dictionary cut through
    (tmp_path / "garbled.pdf").write_bytes(garbled)
    (tmp_path / "release.pdf").write_bytes(RELEASE.read_bytes())
    result = run(["check", "--isolated", "."], cwd=tmp_path)
    assert result.exit_code == 2
    assert sorted(result.stderr.splitlines()) == [
        "l2lint: error: encrypted.pdf: not read: the PDF is encrypted (it needs a password)",
        "l2lint: error: garbled.pdf: not a valid PDF file: Invalid dictionary construct: "
        "[/'Basegarbagegarbagegarbagegarbagegarbagegarbagegarbagegarbagegarbag…",
        "l2lint: error: text.pdf: not a valid PDF file: No /Root object! - Is this really a PDF?",
        "l2lint: error: truncated.pdf: not a valid PDF file: Unexpected EOF",
        "l2lint: notice: scanned.pdf: no text layer (a scanned PDF?): nothing checked",
    ]
    assert "release.pdf:page 1:line 1:1: B201" in result.stdout


def test_a_stream_that_inflates_too_far_is_refused(monkeypatch, tmp_path):
    from l2lint.sources import pdf as pdf_reader

    monkeypatch.setattr(pdf_reader, "MAX_STREAM_BYTES", 200)  # the page's text is longer
    with pytest.raises(ValueError, match="^not read: a stream would inflate past 200 bytes$"):
        read_pdf("release.pdf", RELEASE.read_bytes())
    monkeypatch.undo()
    from pdfminer import pdftypes

    assert pdftypes.zlib is __import__("zlib")  # pdfminer's own again after reading
    assert read_pdf("release.pdf", RELEASE.read_bytes()).blocks


# ---------------------------------------------------------------- streams pdfminer decodes


def _lzw(data: bytes) -> bytes:
    """LZW as PDF writes it (PDF 32000-1:2008 7.4.4): 9-bit codes, a clear-table code
    (256) first and every 200 codes so that the table stays within 9 bits, 257 at the end."""
    codes = [256]
    table = {bytes([b]): b for b in range(256)}
    current = b""
    for byte in data:
        candidate = current + bytes([byte])
        if candidate in table:
            current = candidate
            continue
        codes.append(table[current])
        table[candidate] = len(table) + 2  # 256 and 257 are taken
        current = bytes([byte])
        if len(table) >= 450:
            codes.append(256)
            table = {bytes([b]): b for b in range(256)}
    codes += [table[current], 257] if current else [257]
    bits = "".join(format(code, "09b") for code in codes)
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


def _one_page_pdf(stream: bytes, filter_name: str) -> bytes:
    """A one-page PDF whose content stream is `stream`, encoded with `filter_name`."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /%s >>\nstream\n%s\nendstream"
        % (len(stream), filter_name.encode(), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


PAGE_TEXT = b"".join(
    b"BT /F1 12 Tf 72 %d Td (The new Lumix camera, ready for the show.) Tj ET\n" % y
    for y in (700, 600, 500, 400)
)


def _corrupted_flate(data: bytes) -> bytes:
    """Deflated `data` whose Adler-32 checksum (its last four bytes) is wrong."""
    packed = zlib.compress(data)
    return packed[:-4] + bytes(b ^ 0xFF for b in packed[-4:])


@pytest.mark.parametrize(
    ("stream", "filter_name"),
    [
        (_lzw(PAGE_TEXT), "LZWDecode"),
        (_corrupted_flate(PAGE_TEXT), "FlateDecode"),  # pdfminer's recovery path
        (zlib.compress(PAGE_TEXT), "FlateDecode"),
    ],
    ids=["lzw", "flate-bad-checksum", "flate"],
)
def test_every_stream_decoder_reads_text_and_stops_at_the_limit(
    monkeypatch, tmp_path, stream, filter_name
):
    data = _one_page_pdf(stream, filter_name)
    doc = read_pdf("a.pdf", data)
    assert [b.text for b in doc.blocks] == ["The new Lumix camera, ready for the show."] * 4

    from l2lint.sources import pdf as pdf_reader

    monkeypatch.setattr(pdf_reader, "MAX_STREAM_BYTES", len(PAGE_TEXT) - 1)
    with pytest.raises(ValueError, match=r"^not read: a stream would inflate past \d+ bytes$"):
        read_pdf("a.pdf", data)
    (tmp_path / "bomb.pdf").write_bytes(data)
    result = run(["check", "--isolated", "bomb.pdf"], cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"l2lint: error: bomb.pdf: not read: a stream would inflate past {len(PAGE_TEXT) - 1} "
        "bytes\nl2lint: warning: no file was checked (exit 2; --allow-empty accepts this)\n"
    )
    from pdfminer import lzw, pdftypes

    assert pdftypes.lzwdecode is lzw.lzwdecode  # pdfminer's own again after reading
    assert pdftypes.decompress_corrupted.__module__ == "pdfminer.pdftypes"
    assert pdftypes.ccittfaxdecode.__module__ == "pdfminer.ccitt"


def test_a_stream_broken_before_its_checksum_reads_as_empty():
    packed = zlib.compress(PAGE_TEXT)
    broken = packed[:10] + b"\xff" * 8 + packed[18:]
    doc = read_pdf("a.pdf", _one_page_pdf(broken, "FlateDecode"))
    assert doc.blocks == [] and doc.notices == ["no text layer (a scanned PDF?): nothing checked"]


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        # rows 10^8 pixels wide: pdfminer would take a gigabyte for 200 bytes
        ("/K -1 /Columns 100000000", "not read: a stream would inflate past 67108864 bytes"),
        ("/K -1 /Columns 400000", "not read: a stream would inflate past 67108864 bytes"),
        ("/K -1 /Columns 1728", "not a valid PDF file: InvalidData"),  # 200 bytes of noise
    ],
)
def test_a_fax_stream_too_wide_for_its_bytes_is_refused_at_once(tmp_path, params, reason):
    data = _one_page_pdf(b"\x00" * 200, f"CCITTFaxDecode /DecodeParms << {params} >>")
    (tmp_path / "fax.pdf").write_bytes(data)
    result = run(["check", "--isolated", "fax.pdf"], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"l2lint: error: fax.pdf: {reason}"
