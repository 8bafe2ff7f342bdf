"""Huge files are linted slice by slice, and the findings are those of the whole document.

The slice size is made tiny here so that ordinary documents cross many slice borders;
the 50 MB case is measured by the benchmarks (peak memory in the README).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import l2lint.engine
import l2lint.filecheck
import l2lint.sources.decode
import l2lint.sources.slices
from l2lint.api import default_linter
from l2lint.cache import ResultCache
from l2lint.engine import lint_in_slices
from l2lint.filecheck import Input, Options, check_file, finish_findings
from l2lint.sources import read_text_document
from l2lint.sources.html_split import cuts
from l2lint.sources.plaintext import split_points as text_split_points
from tests.clirunner import run_process
from tests.conftest import brief

LINTER = default_linter()


def pieces_of(text: str, size: int) -> Iterator[str]:
    """`text` in pieces of `size` characters, as a stream is read."""
    for start in range(0, len(text), size):
        yield text[start : start + size]


def whole(fmt: str, text: str) -> list:
    doc = read_text_document(f"copy.{fmt}", text, fmt)
    return finish_findings(doc, LINTER.lint_document(doc), None, Options(report_unused=True))


def sliced(fmt: str, text: str, size: int, piece: int = 7) -> list:
    result = lint_in_slices(f"copy.{fmt}", pieces_of(text, piece), fmt, LINTER, slice_size=size)
    doc = result.document(f"copy.{fmt}", fmt)
    options = Options(report_unused=True)
    return finish_findings(doc, result.findings, None, options, result.directives)


PARAGRAPHS = [
    "Filler about the weather and the sea, nothing more.",
    "Our new camera is light.",
    "L2 technology makes it fast.",
    "The Lumix S5II is powered by L² Technology.",
    "Leica Camera AG and LUMIX created L² Technology.",
    "The Leica-Panasonic merger made it possible.",
    "It is not a merger of Leica and Panasonic.",
    "The kernel's L2 cache is fast.",
    "Shot on a LEICA DG lens and a Lumix body.",
    'Text {{< ref "lumix" >}} and {% include "L2 technology" %} by Leica.',
]
MARKDOWN = [
    *PARAGRAPHS,
    "# L2 Technology explained",
    "> Our new camera\n> has L2 technology.",
    "- Lumix one\n- L2 Technology two",
    "```\nLumix in code\n```",
    "<!-- l2lint-disable B201 -->",
    "<!-- l2lint-enable -->",
    "<!-- l2lint-disable-next-line T101 -->",
    "| a | b |\n|---|---|\n| Lumix | L2 technology |",
]
HTML = [
    *(f"<p>{p}</p>" for p in PARAGRAPHS),
    "<h1>L2 Technology explained</h1>",
    "<ul><li>Lumix one</li><li>Our camera</li><li>L2 technology</li></ul>",
    "<table><tr><td>Lumix</td><td>L2 technology</td></tr></table>",
    "<pre>Lumix in code</pre>",
    "<script>var a = '<p>Lumix</p>';</script>",
    "<!-- l2lint-disable B201 -->",
    "<!-- l2lint-enable -->",
    "<!-- l2lint-disable-next-line -->",
    "<p>L<sup>2</sup> technology by Lumix</p>",
    "<div>Our new camera<p>L2 technology inside</p></div>",
]
TEXT = [
    *PARAGRAPHS,
    "l2lint: disable B201",
    "l2lint: enable",
    "l2lint: disable-next-line T101",
    "l2lint: disable-next-line",
]
POOLS = {"markdown": MARKDOWN, "html": HTML, "text": TEXT}


@settings(max_examples=60, deadline=None)
@given(
    fmt=st.sampled_from(sorted(POOLS)),
    picks=st.lists(st.integers(min_value=0, max_value=100), min_size=1, max_size=40),
    size=st.integers(min_value=1, max_value=400),
    piece=st.integers(min_value=1, max_value=500),
)
def test_sliced_findings_equal_whole_document_findings(fmt, picks, size, piece):
    pool = POOLS[fmt]
    text = "\n\n".join(pool[i % len(pool)] for i in picks) + "\n"
    if fmt == "html":
        text = "<title>Wildlife</title>\n" + text
    if fmt == "markdown" and picks[0] % 2:
        text = "---\ntitle: The Lumix way\n---\n" + text
    assert sliced(fmt, text, size, piece) == whole(fmt, text)


def test_a_markdown_slice_whose_last_block_runs_on_takes_in_the_next(monkeypatch):
    import l2lint.sources.markdown as markdown

    real = markdown.reader.runs_on
    monkeypatch.setattr(
        markdown.reader, "runs_on", lambda tree, text, at: "RUNS ON" in text or real(tree, text, at)
    )
    text = "\n\n".join(["Filler about the sea."] * 3 + ["RUNS ON", "The Lumix S5II."] * 3)
    reads = []
    real_read = markdown.read_markdown_slice
    monkeypatch.setattr(
        markdown, "read_markdown_slice", lambda t, *a: reads.append(t) or real_read(t, *a)
    )
    found = sliced("markdown", text, 30)
    assert found == whole("markdown", text)
    assert brief(found) == [
        ("B201", 9, 5, 9, 10, "Lumix"),
        ("B201", 13, 5, 13, 10, "Lumix"),
        ("B201", 17, 5, 17, 10, "Lumix"),
    ]
    assert any(t.count("RUNS ON") > 1 for t in reads)  # slices were read together


def test_co_branding_is_judged_over_every_slice():
    filler = "Filler about the weather and the sea.\n\n" * 50
    text = "The LUMIX S5II has L² Technology.\n\n" + filler + "Leica lenses fit.\n"
    assert brief(sliced("text", text, 200)) == []
    text = "The LUMIX S5II has L² Technology.\n\n" + filler
    assert brief(sliced("text", text, 200)) == [("C301", 1, 20, 1, 33, "L² Technology")]


def test_context_reaches_back_into_a_slice_that_was_not_parsed():
    def filler(size: int) -> str:
        return ("Filler about the weather and the sea. " * 20)[: size - 1] + "."

    text = (
        filler(300) + "\n\n" + filler(290) + "\n\nOur new camera is light.\n\n"
        "L2 technology makes it fast.\n"
    )
    # slice 1: filler (read: the first always is); slice 2: filler and the context
    # (nothing to find: not parsed); slice 3: the finding that needs that context
    assert text_split_points(text, 300) == [302, text.index("L2 technology")]
    found = sliced("text", text, 300)
    assert found == whole("text", text)
    assert brief(found) == [
        ("C301", 7, 1, 7, 14, "L2 technology"),
        ("T101", 7, 1, 7, 14, "L2 technology"),
    ]


def test_html_is_never_cut_inside_tables_raw_text_comments_or_preformatted_text():
    text = (
        "<p>a</p><table><tr><td><p>x</p></td></tr></table>"
        "<script>'<p>'</script><!-- <p> --><pre><p>y</p></pre>"
        "<ul><li>one<p>two</p></li><li>three</li></ul><p>end</p>"
    )
    points = [point for point, _ in cuts(text, 1)]
    assert [text[p : p + 4] for p in points] == ["<tab", "<pre", "<ul>", "<li>", "<li>", "<p>e"]
    assert text_split_points("a\n\nb\n \nc", 1) == [3, 7]
    escaped = "<p>a</p><script><!--<script>'</script><p>'</script>--></script><p>b</p>"
    assert list(cuts(escaped, 1)) == []  # no cut after a double-escaped script


@pytest.mark.slow  # 8 MB through the CLI; the tests above slice small inputs via Options
def test_a_huge_file_is_checked_in_slices_through_the_cli(tmp_path):
    paragraph = "Filler about the weather and the sea, with nothing to report at all.\n\n"
    body = paragraph * 60_000
    text = "# The Lumix S5II\n\n" + body + "L2 technology with Leica.\n\n" + body
    assert len(text) > l2lint.sources.slices.SLICE_THRESHOLD
    (tmp_path / "huge.md").write_text(text, encoding="utf-8")
    result = run_process(["check", "--format", "json", "--no-cache", "huge.md"], cwd=tmp_path)
    assert result.exit_code == 1
    found = [(f["code"], f["line"], f["column"]) for f in json.loads(result.stdout)]
    expected = [(f.code, f.start.line, f.start.column) for f in whole("markdown", text)]
    assert found == expected == [("B201", 1, 7), ("T101", 120003, 1)]


@pytest.mark.parametrize("mode", ["fix", "diff"])
def test_fixes_read_huge_files_whole(monkeypatch, mode):
    monkeypatch.setattr(l2lint.filecheck, "lint_in_slices", None)  # never sliced
    data = b"Filler.\n\nThe Lumix S5II.\n"
    options = Options(mode=mode, slice_threshold=10)
    result = check_file(Input("-", "text", "a.txt", data), LINTER, None, options)
    assert result.error is None and result.fixed == 1


ENCODED = [
    ("utf-8", b""),
    ("utf-16-le", b"\xff\xfe"),
    ("cp1252", b""),
]


@pytest.mark.parametrize(("encoding", "bom"), ENCODED)
def test_huge_files_stream_in_any_encoding_with_the_whole_files_findings(
    tmp_path, monkeypatch, encoding, bom
):
    monkeypatch.setattr(l2lint.sources.decode, "_PIECE", 97)
    text = "Café filler about the sea — nothing more.\r\n\r\n" * 60 + "The Lumix S5II.\r\n"
    path = tmp_path / "huge.txt"
    path.write_bytes(bom + text.encode(encoding))
    options = Options(slice_threshold=1000, slice_size=300)
    result = check_file(Input(str(path), "text"), LINTER, None, options)
    assert result.error is None
    assert (
        brief(result.findings) == brief(whole("text", text)) == [("B201", 121, 5, 121, 10, "Lumix")]
    )
    notice = [f"{path}: not valid UTF-8, read as cp1252"] if encoding == "cp1252" else []
    assert result.notices == notice


def test_a_huge_binary_file_is_skipped_and_a_cached_result_is_reused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    options = Options(slice_threshold=1000)
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01" * 1000)
    for named in ("blob.txt", "./blob.txt", str(tmp_path / "blob.txt")):
        result = check_file(Input(named, "text"), LINTER, None, options)
        assert str(result.error) == "blob.txt: skipped: binary file (contains NUL bytes)"
        assert result.error.skipped_binary and result.path == "blob.txt"

    huge = tmp_path / "huge.md"
    huge.write_text("Filler about the sea.\n\n" * 100 + "The Lumix S5II.\n", encoding="utf-8")
    options.cache = ResultCache(tmp_path / "cache", "config", secret=bytes(32))
    first = check_file(Input(str(huge), "markdown"), LINTER, None, options)
    monkeypatch.setattr(l2lint.filecheck, "lint_in_slices", None)  # a hit must not lint
    again = check_file(Input(str(huge), "markdown"), LINTER, None, options)
    assert brief(again.findings) == brief(first.findings) == [("B201", 201, 5, 201, 10, "Lumix")]


def test_huge_input_on_stdin_is_checked_in_slices_too(monkeypatch):
    calls = []
    real = l2lint.filecheck.lint_in_slices
    monkeypatch.setattr(
        l2lint.filecheck, "lint_in_slices", lambda *a: calls.append(a[0]) or real(*a)
    )
    text = "# Lumix\n\n" + "Filler about the sea.\n\n" * 20 + "L2 technology.\n"
    item = Input("-", "markdown", "-", text.encode())
    result = check_file(item, LINTER, None, Options(slice_threshold=100, slice_size=50))
    assert calls == ["-"]
    assert (
        brief(result.findings)
        == brief(whole("markdown", text))
        == [
            ("B201", 1, 3, 1, 8, "Lumix"),
            ("C301", 43, 1, 43, 14, "L2 technology"),
            ("T101", 43, 1, 43, 14, "L2 technology"),
        ]
    )


def test_the_slice_size_is_an_option_passed_down_to_the_slicer(monkeypatch):
    """Options.slice_size reaches the slicer: 40 paragraphs of 23 characters in slices of
    about 100 characters (each ends at the first blank line past 100: 5 paragraphs, 115
    characters), or in one slice by default; the findings are the same."""
    sizes = []
    real = l2lint.engine.iter_slices

    def counting(pieces, fmt, size):
        slices = list(real(pieces, fmt, size))
        sizes.append((size, len(slices)))
        return iter(slices)

    monkeypatch.setattr(l2lint.engine, "iter_slices", counting)
    text = "Filler about the sea.\n\n" * 40 + "The Lumix S5II.\n"
    item = Input("-", "text", "a.txt", text.encode())
    small = check_file(item, LINTER, None, Options(slice_threshold=100, slice_size=100))
    default = check_file(item, LINTER, None, Options(slice_threshold=100))
    assert sizes == [(100, 9), (1_000_000, 1)]
    assert brief(small.findings) == brief(default.findings) == [("B201", 81, 5, 81, 10, "Lumix")]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"slice_size": 0}, "slice_size must be at least 1 character, not 0"),
        ({"slice_threshold": -1}, "slice_threshold must be 0 bytes or more, not -1"),
    ],
)
def test_slice_options_out_of_range_are_refused(options, message):
    with pytest.raises(ValueError, match=message):
        Options(**options)
