"""Fuzz targets (hypothesis): one per reader and one for the whole CLI (#14).

Each target draws hostile input (deep nesting, long space-free runs, broken markup,
control characters, mutated zip archives) and checks what must hold for any input:

* readers: no exception but the documented ValueError of .docx; every prose character
  the map calls verbatim is the source character it points at; offsets inside the file;
* the CLI: exit 0, 1 or 2, no internal error, valid JSON, one line per bad file, each
  finding inside its file.

The quick targets run in every test run with a fixed number of examples and no deadline;
the `slow` ones draw more and bigger inputs. tests/fuzz_atheris.py runs the reader checks
coverage-guided with atheris, which has wheels for Linux only (an optional install).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l2lint.api import default_linter
from l2lint.document import read_characters
from l2lint.sources import read_text_document
from l2lint.sources.docx import read_docx
from tests.clirunner import run
from tests.conftest import examples
from tests.sourcehelpers import assert_exact

QUICK = settings(max_examples=examples(40), deadline=None, suppress_health_check=list(HealthCheck))
LONG = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))

WORDS = [
    "Lumix",
    "LUMIX",
    "leica",
    "Leica",
    "L2 technology",
    "L²",
    "Panasonic",
    "merged",
    "not",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\t",
    ".",
    "?",
    "-",
    "/",
    "@",
    "#",
    "\x00",
    "\u200d",
    "\u202e",
    "\ufeff",
    "é",
    "https://x.io/",
    "a.jpg",
    "&amp;",
    "&sup2;",
    "&#0;",
]
MARKUP = {
    "text": ["l2lint: disable-next-line B201\n", "# l2lint: disable\n"],
    "markdown": [
        "- ",
        "  - ",
        "> ",
        "1. ",
        "# ",
        "```\n",
        "`",
        "**",
        "_",
        "[a](b)",
        "![Lumix](x.png)",
        "<!-- l2lint-disable-next-line -->\n",
        "<div>",
        "</div>",
        "---\ntitle: Lumix\n---\n",
        "| a | b |\n|---|---|\n",
        "[^1]",
        "\\",
    ],
    "html": [
        "<p>",
        "</p>",
        "<div>",
        "</div>",
        "<ul><li>",
        "<table><tr><td>",
        "</td>",
        "<sup>2</sup>",
        "<script>",
        "</script>",
        "<!--",
        "-->",
        "<![CDATA[",
        "<svg>",
        "<img alt='Lumix' title=\"leica\">",
        "<a href='https://lumix.example'>",
        "</a>",
        "<br/>",
        "<pre>",
        "<template>",
        "<",
        ">",
        '"',
        "'",
        "</",
    ],
}


def hostile_text(fmt: str, max_repeat: int) -> st.SearchStrategy[str]:
    """Pieces of prose and markup, some repeated up to `max_repeat` times in a row."""
    piece = st.sampled_from(WORDS + MARKUP[fmt])
    repeated = st.tuples(piece, st.integers(1, max_repeat)).map(lambda pr: pr[0] * pr[1])
    return st.one_of(
        st.lists(st.one_of(piece, repeated), max_size=40).map("".join),
        st.text(max_size=200),
    )


def check_reader(fmt: str, text: str) -> None:
    doc = read_text_document(f"copy.{ {'text': 'txt', 'markdown': 'md'}.get(fmt, fmt) }", text, fmt)
    assert_exact(doc)
    for block in doc.blocks:
        for i in range(len(block.text)):
            assert 0 <= block.source_start(i) <= len(text)
    for f in default_linter().lint_document(doc):
        assert 0 <= f.start_offset <= f.end_offset <= len(text)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
@QUICK
@given(data=st.data())
def test_fuzz_text_readers(fmt, data):
    # Markdown nesting stays shallow until its reader walks iteratively (test_deep_nesting)
    check_reader(fmt, data.draw(hostile_text(fmt, 40 if fmt == "markdown" else 700)))


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
@LONG
@given(data=st.data())
def test_fuzz_text_readers_long(fmt, data):
    check_reader(fmt, data.draw(hostile_text(fmt, 40 if fmt == "markdown" else 3000)))


def _docx_bytes(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_XML_WORDS = [w for w in WORDS if w.isprintable() or w in ("\n", "\t", "\r")]
_BASE_DOCX = _docx_bytes(["The Lumix S5II.", "L2 technology by Leica."])
# Format characters (soft hyphen, zero-width space …) and U+2011 are read as invisible or
# as "-", so a block holding them is no verbatim copy of its source: left out here.
_PRINTABLE = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Cf"), blacklist_characters="\u2011")
    | st.sampled_from(["\t", "\n"]),
    max_size=80,
)


def check_docx(data: bytes) -> None:
    try:
        doc = read_docx("copy.docx", data)
    except ValueError as exc:
        message = str(exc)
        assert "\n" not in message
        assert message.startswith(("not a valid .docx file: ", "not read, over a limit: "))
        return
    for block in doc.blocks:  # as written, or as every block reads characters (NFC …)
        start, end = block.source_span(0, len(block.text))
        assert block.text == read_characters(doc.source[start:end])
    default_linter().lint_document(doc)


@QUICK
@given(paragraphs=st.lists(_PRINTABLE | st.sampled_from(_XML_WORDS), max_size=8))
def test_fuzz_docx_reader_content(paragraphs):
    check_docx(_docx_bytes(paragraphs))


@QUICK
@given(
    flips=st.lists(st.tuples(st.integers(0, len(_BASE_DOCX) - 1), st.integers(1, 255)), max_size=6),
    cut=st.integers(0, len(_BASE_DOCX)),
)
def test_fuzz_docx_reader_mutated_archive(flips, cut):
    data = bytearray(_BASE_DOCX)
    for at, mask in flips:
        data[at] ^= mask
    check_docx(bytes(data[: max(cut, 30)]))


@QUICK
@given(
    member=st.sampled_from(["word/document.xml", "word/styles.xml", "_rels/.rels"]),
    content=st.binary(max_size=300) | st.sampled_from([b"", b"<x/>", b"<?xml version='1.0'?>"]),
)
def test_fuzz_docx_reader_replaced_part(member, content):
    source = zipfile.ZipFile(io.BytesIO(_BASE_DOCX))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(
                info.filename, content if info.filename == member else source.read(info)
            )
    check_docx(out.getvalue())


_FILES = st.lists(
    st.tuples(
        st.sampled_from(["txt", "md", "html", "htm", "docx", "rst"]),
        st.one_of(hostile_text("html", 300), hostile_text("markdown", 30), st.binary(max_size=200)),
    ),
    min_size=1,
    max_size=4,
)


def check_cli(files: list[tuple[str, str | bytes]], extra: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        names = []
        for i, (ext, content) in enumerate(files):
            path = Path(tmp) / f"f{i}.{ext}"
            if isinstance(content, str):
                path.write_text(content, encoding="utf-8", errors="surrogatepass")
            else:
                path.write_bytes(content)
            names.append(path.name)
        result = run(["check", "--no-cache", "--format", "json", *extra, *names], cwd=tmp)
        sizes = {name: len((Path(tmp) / name).read_bytes()) for name in names}
    assert result.exit_code in (0, 1, 2), result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    for line in result.stderr.splitlines():
        assert line.startswith(
            ("l2lint: error: f", "l2lint: notice: ", "l2lint: warning: no file was checked")
        ), line
    findings = json.loads(result.stdout)
    for f in findings:
        assert f["path"] in sizes
        assert f["line"] >= 1 and f["column"] >= 1
    if result.exit_code == 0:  # nothing at or above --fail-on (default: any finding)
        floor = {"error"} if "--fail-on" in extra else {"error", "warning", "suggestion"}
        assert not [f for f in findings if f["severity"] in floor]


@QUICK
@given(files=_FILES, extra=st.sampled_from([[], ["--ascii"], ["--select", "B,T"]]))
def test_fuzz_cli(files, extra):
    check_cli(files, extra)


@pytest.mark.slow
@LONG
@given(
    files=_FILES,
    extra=st.sampled_from([[], ["--ascii"], ["--select", "A"], ["--fail-on", "error"]]),
)
def test_fuzz_cli_long(files, extra):
    check_cli(files, extra)


@pytest.mark.slow
def test_atheris_harness_runs():
    """The coverage-guided harness (tests/fuzz_atheris.py), briefly, where atheris installs."""
    pytest.importorskip("atheris")
    harness = Path(__file__).with_name("fuzz_atheris.py")
    proc = subprocess.run(
        [sys.executable, str(harness), "-atheris_runs=2000", "-seed=1"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Done 2000 runs" in proc.stderr or "Done 2000 in" in proc.stderr
