"""Property tests: fixes touch only reported spans and converge; no input breaks a reader."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l2lint.api import default_linter
from l2lint.filecheck import Options, fix_loop, lint_doc
from l2lint.fix import fix_document, fixable
from l2lint.sources import read_text_document
from tests.conftest import examples

BRAND = [
    "Lumix",
    "lumix",
    "LUMIX",
    "leica",
    "LEICA",
    "Leica",
    "LEICA DG SUMMILUX",
    "panasonic",
    "L2 technology",
    "L² technology",
    "L²Technology",
    "L-squared Technology",
    "L mount",
    "L-mount alliance",
    "Micro 4/3",
    "m4/3",
    "L² Technology",
    "camera",
    "Leica-LUMIX",
    "merger",
    "camcorders",
    "L2 partnership",
    "Sigma",
    "L squared Technology",
]
WORDS = ["the", "new", "and", "is", "with", "copy", "a", "not", "no", "?", ".", ",", "é", "☺", "x"]
MARKUP = {
    "markdown": [
        "**",
        "_",
        "`code`",
        "[link](https://lumix.example/l2)",
        "\n\n",
        "\n# ",
        "\n- ",
        "> ",
        "\n",
    ],
    "html": [
        "<b>",
        "</b>",
        "<p>",
        "</p>",
        "&amp;",
        "&sup2;",
        "<sup>2</sup>",
        "<!-- c -->",
        "<br>",
        "&nbsp;",
        "\n",
    ],
    "text": ["\n\n", "\n", "\r\n", "  "],
}
EXTENSION = {"markdown": "md", "html": "html", "text": "txt"}


def copy_strategy(fmt: str):
    piece = st.one_of(
        st.sampled_from(BRAND),
        st.sampled_from(WORDS),
        st.sampled_from(MARKUP[fmt]),
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=6),
    )
    return st.lists(piece, max_size=40).map(" ".join)


def only_spans_changed(before: str, after: str, spans: list[tuple[int, int]]) -> bool:
    """`after` is `before` with each (merged) span replaced by something, and nothing else."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pattern, cursor = "", 0
    for start, end in merged:
        pattern += re.escape(before[cursor:start]) + "(.*?)"
        cursor = end
    pattern += re.escape(before[cursor:])
    return re.fullmatch(pattern, after, flags=re.S) is not None


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fix_changes_only_reported_spans_and_converges(fmt, data):
    source = data.draw(copy_strategy(fmt))
    linter = default_linter()
    options = Options(mode="fix")
    doc = read_text_document(f"copy.{EXTENSION[fmt]}", source, fmt)
    for _ in range(10):
        findings = lint_doc(doc, linter, None, options)
        spans = [(f.start_offset, f.end_offset) for f in findings if fixable(f, False)]
        if not spans:
            break
        new_source, _count = fix_document(doc, findings)
        assert only_spans_changed(doc.source, new_source, spans), (doc.source, new_source, spans)
        if new_source == doc.source:
            break
        doc = read_text_document(doc.path, new_source, fmt)
    final, remaining, _applied = fix_loop(
        read_text_document(doc.path, source, fmt), linter, None, options
    )
    assert not [f for f in remaining if fixable(f, False)]
    again, _, applied_again = fix_loop(final, linter, None, options)
    assert applied_again == 0 and again.source == final.source


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.one_of(
        st.text(max_size=300),
        st.lists(
            st.sampled_from(
                BRAND
                + WORDS
                + sum(MARKUP.values(), [])
                + ["\u200d", "\u0301", "\u202e", "\x00", "\ud800", "a" * 5000]
            ),
            max_size=30,
        ).map("".join),
    )
)
def test_any_text_lints_without_error_and_positions_lie_inside(fmt, text):
    doc = read_text_document(f"copy.{EXTENSION[fmt]}", text, fmt)
    for block in doc.blocks:
        for i in range(len(block.text)):
            start = block.source_start(i)
            assert 0 <= start <= len(text)
    findings = default_linter().lint_document(doc)
    for f in findings:
        assert 0 <= f.start_offset <= f.end_offset <= len(text)
        assert (f.start.line, f.start.column) == doc.line_col(f.start_offset)
        assert (f.end.line, f.end.column) == doc.line_col(f.end_offset)
        assert f.start.line <= text.count("\n") + 1


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=400))
def test_docx_reader_rejects_garbage_with_a_value_error(data):
    from l2lint.sources.docx import read_docx

    try:
        read_docx("x.docx", b"PK\x03\x04" + data)
    except ValueError as exc:
        assert str(exc).startswith("not a valid .docx file")


@settings(max_examples=examples(300), deadline=None)
@given(
    text=st.lists(
        st.sampled_from(
            [
                "Lumix",
                " ",
                "\n",
                "\u00a0",
                "www.lumix.com",
                "https://x.io/Lumix",
                "a@lumix.de",
                "@lumix",
                "#Lumix",
                "lumix.png",
                "/usr/lumix/",
                "a/b/c",
                "C:\\lumix",
                ".",
                "/",
                "@",
                "#",
                "-",
                "x",
            ]
        ),
        max_size=25,
    ).map("".join),
    data=st.data(),
)
def test_protected_window_agrees_with_a_search_of_the_whole_text(text, data):
    from l2lint.protected import PROTECTED, touches_protected

    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    end = data.draw(st.integers(min_value=start, max_value=len(text)))
    whole = any(m.start() < end and start < m.end() for m in PROTECTED.finditer(text))
    assert touches_protected(text, start, end) == whole
