"""HTML decoded by the encoding it declares: BOM, then the HTTP charset of a WARC page,
then `<meta charset>` / `<meta http-equiv="Content-Type">` in the first 1024 bytes, then
the UTF-8/cp1252 rule; positions are columns in the decoded text, a fix is written back
in the declared encoding."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l2lint.sources.declared import declared_encoding, decode_declared, decode_http
from tests.clirunner import run

JA_BODY = "<body><p>パナソニックはLumix S9を発表しました。</p></body></html>"
JA_PAGE = f'<html lang="ja"><head><meta charset="shift_jis"></head>{JA_BODY}'
B201 = "B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]"


def lint(tmp_path, *args):
    return run(["check", "--isolated", "--no-cache", *args], cwd=tmp_path)


@pytest.mark.parametrize(
    ("page", "encoding", "column"),
    [
        (JA_PAGE, "shift_jis", 72),
        (
            '<html lang="ja"><head><meta http-equiv="Content-Type" '
            f'content="text/html; charset=EUC-JP"></head>{JA_BODY}',
            "euc_jp",
            114,
        ),
        # an ISO-8859-1 label means windows-1252 (WHATWG Encoding Standard)
        (
            "<html><head><META CHARSET=iso-8859-1></head>"
            "<body><p>Caf\u00e9 \u201cnews\u201d: the Lumix S9.</p></body></html>",
            "cp1252",
            71,
        ),
    ],
)
def test_a_local_html_file_is_read_in_its_declared_encoding(tmp_path, page, encoding, column):
    (tmp_path / "page.html").write_bytes(page.encode(encoding))
    result = lint(tmp_path, "page.html")
    assert result.stdout.splitlines()[0] == f"page.html:1:{column}: {B201}"
    assert (result.exit_code, result.stderr) == (1, "")


def test_a_fix_is_written_back_in_the_declared_encoding(tmp_path):
    (tmp_path / "page.html").write_bytes(JA_PAGE.encode("shift_jis"))
    result = lint(tmp_path, "--fix", "page.html")
    assert (result.exit_code, result.stderr) == (0, "")
    fixed = JA_PAGE.replace("Lumix", "LUMIX").encode("shift_jis")
    assert (tmp_path / "page.html").read_bytes() == fixed


def test_bytes_that_do_not_decode_by_the_declaration_keep_the_old_rule(tmp_path):
    """0x81 0x20 is no Shift_JIS character: the declaration is wrong, the file is read
    as cp1252 (0x81 is undefined there too) with the usual notice and never written."""
    data = b'<html><head><meta charset="shift_jis"></head><body><p>\x81 the Lumix S9</p>'
    (tmp_path / "page.html").write_bytes(data)
    result = lint(tmp_path, "--fix", "page.html")
    assert result.stderr == (
        "l2lint: notice: page.html: not valid UTF-8, read as cp1252; not fixed: its bytes "
        "do not decode exactly (some have no character in the encoding it was read with), "
        "so writing it would change them\n"
    )
    assert result.stdout.splitlines()[0] == (
        "page.html:1:61: B201 error: Write 'LUMIX' in capitals, not 'Lumix'."
    )
    assert result.exit_code == 1
    assert (tmp_path / "page.html").read_bytes() == data


def test_a_declaration_after_the_first_1024_bytes_is_not_read():
    padding = b"<!--" + b"x" * 1024 + b"-->"
    assert declared_encoding(padding + b'<meta charset="shift_jis">', "html") is None
    assert declared_encoding(b'<meta charset="shift_jis">' + padding, "html") == "shift_jis"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<meta charset="utf-8">', None),  # UTF-8: the usual rule, with its notices
        (b'<meta charset="utf-16">', None),  # means UTF-8 (Encoding Standard)
        (b'<meta charset="no-such-encoding">', None),
        (b"<meta name=description content='charset=koi8-r'>", "koi8-r"),  # simplified
        (b'<meta charset="Windows-1251">', "cp1251"),
        (codecs.BOM_UTF8 + b'<meta charset="shift_jis">', None),  # the BOM decides
    ],
)
def test_declared_html_encodings(head, expected):
    assert declared_encoding(head, "html") == expected


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=st.characters(codec="shift_jis", exclude_characters="\x00\xa5\u203e")))
def test_declared_shift_jis_decodes_to_the_text_written(text):
    page = f'<meta charset="Shift_JIS"><p>{text}</p>'
    decoded = decode_declared(page.encode("shift_jis"), "html")
    assert decoded is not None and decoded.text == page and decoded.encoding == "shift_jis"


def test_an_http_charset_is_made_explicit_and_a_bom_beats_it():
    body = "パナソニック".encode("shift_jis")
    assert decode_http(body, "Shift_JIS") == codecs.BOM_UTF8 + "パナソニック".encode()
    utf8 = codecs.BOM_UTF8 + "パナソニック".encode()
    assert decode_http(utf8, "Shift_JIS") == utf8
    assert decode_http(b"\x80\xff", "shift_jis") == b"\x80\xff"  # does not decode: as is
    assert decode_http(body, None) == body


@pytest.mark.parametrize(
    ("content_type", "page", "column"),
    [
        ("text/html; charset=Shift_JIS", JA_PAGE, 72),
        # no <meta>: the HTTP charset alone
        ("text/html; charset=Shift_JIS", f'<html lang="ja">{JA_BODY}', 33),
        # a wrong <meta>: the HTTP charset wins (WHATWG order)
        ('text/html;charset="shift_jis"', f'<meta charset="utf-8">{JA_BODY}', 39),
    ],
)
def test_a_warc_page_is_read_in_its_http_charset(tmp_path, content_type, page, column):
    pytest.importorskip("warcio")
    from tests.test_warc import build_warc

    uri = "https://www.example.jp/s9.html"
    build_warc(tmp_path / "ja.warc.gz", [(uri, content_type, page.encode("shift_jis"), [])])
    result = lint(tmp_path, "ja.warc.gz")
    assert result.stdout.splitlines()[0] == f"ja.warc.gz#{uri}:1:{column}: {B201}"
    assert (result.exit_code, result.stderr) == (1, "")


def test_a_fixed_character_the_declared_encoding_lacks_is_written_as_a_reference(tmp_path):
    page = (
        '<html lang="en"><head><meta charset="iso-8859-5"></head>'
        "<body><p>Пример: L-squared technology is here.</p></body></html>"
    )
    (tmp_path / "page.html").write_bytes(page.encode("iso-8859-5"))
    result = lint(tmp_path, "--fix", "page.html")
    assert result.stderr == ""
    fixed = page.replace("L-squared technology", "L&sup2; Technology").encode("iso-8859-5")
    assert (tmp_path / "page.html").read_bytes() == fixed
