"""Deep nesting: no recursion error, no quadratic parse, exact findings (#14 item 2, #22).

HTML deeper than `MAX_DEPTH` levels is read as plain prose of the element at the cap
(the way Blink's parser caps its tree at 512 levels), with exact positions; such a file
is not auto-fixed. The Markdown cases are the F08 inputs, at 10,000 levels too.
"""

from __future__ import annotations

import pytest

from l2lint.sources.html import MAX_DEPTH, cap_depth
from tests.clirunner import run, run_process

LUMIX = "The Lumix S5II."
OTHER = "The Lumix G9.\n"


def b201(path: str, line: int, column: int) -> str:
    return f"{path}:{line}:{column}: B201 error: Write 'LUMIX' in capitals, not 'Lumix'."


@pytest.mark.parametrize(
    ("opening", "closing"),
    [
        ("<div>", "</div>"),
        ("<ul><li>", "</li></ul>"),
        ("<blockquote>", "</blockquote>"),
        ("<table><tr><td>", "</td></tr></table>"),
        ("<div><span>", ""),  # unclosed, mixed block and inline
    ],
)
def test_html_nested_10000_levels(tmp_path, opening, closing):
    text = opening * 10000 + LUMIX + closing * 10000 + "\n"
    (tmp_path / "deep.html").write_text(text, encoding="utf-8")
    (tmp_path / "other.txt").write_text(OTHER, encoding="utf-8")
    result = run(["check", "--no-cache", "deep.html", "other.txt"], cwd=tmp_path)
    assert result.exit_code == 1
    column = len(opening) * 10000 + len("The ") + 1
    assert result.stdout.splitlines()[:2] == [
        b201("deep.html", 1, column),  # not fixable: tags were blanked
        b201("other.txt", 1, 5) + " [*]",
    ]
    assert result.stderr == ""


@pytest.mark.slow
def test_html_80000_nested_divs_22(tmp_path):
    text = "<div>" * 80000 + LUMIX
    (tmp_path / "deep.html").write_text(text, encoding="utf-8")
    result = run_process(["check", "--no-cache", "--format", "json", "deep.html"], cwd=tmp_path)
    assert result.exit_code == 1
    assert [(f["code"], f["line"], f["column"]) for f in result.json] == [("B201", 1, 400005)]


def test_html_prose_below_the_cap_reads_as_one_paragraph(tmp_path):
    """Below the cap the tags are blanked: `<p>` no longer splits, `<sup>2</sup>` is '2'."""
    deep = "<div>" * (MAX_DEPTH + 10)
    text = deep + "<p>Made by Leica</p><p>and LUMIX merged.</p>\n"
    (tmp_path / "deep.html").write_text(text, encoding="utf-8")
    (tmp_path / "shallow.html").write_text(
        "<div>" * 10 + "<p>Made by Leica</p><p>and LUMIX merged.</p>\n", encoding="utf-8"
    )
    result = run(["check", "--no-cache", "--format", "json", "deep.html"], cwd=tmp_path)
    assert [(f["code"], f["column"]) for f in result.json] == [("A401", len(deep + "<p>Made by L"))]
    result = run(["check", "--no-cache", "--format", "json", "shallow.html"], cwd=tmp_path)
    assert result.json == []  # two paragraphs: no claim across them


def test_html_capped_file_is_not_fixed(tmp_path):
    text = "<div>" * (MAX_DEPTH + 1) + LUMIX + "\n"
    (tmp_path / "deep.html").write_text(text, encoding="utf-8")
    result = run(["check", "--no-cache", "--fix", "deep.html"], cwd=tmp_path)
    assert (tmp_path / "deep.html").read_text(encoding="utf-8") == text
    assert b201("deep.html", 1, 5 * (MAX_DEPTH + 1) + 5) in result.stdout


@pytest.mark.parametrize(
    "text",
    [
        "<p>one" * 5000,  # implied end tags: never deep
        "<ul>" + "<li>item" * 5000 + "</ul>",
        "<table>" + "<tr><td>a<td>b" * 3000 + "</table>",
        "<div>" * 100 + "<script>" + "<div>" * 1000 + "</script>" + "</div>" * 100,
        "<div>" * MAX_DEPTH + "x" + "</div>" * MAX_DEPTH,
    ],
)
def test_ordinary_pages_are_not_capped(text):
    assert cap_depth(text) == (text, [])


def test_cap_keeps_length_and_lines():
    text = "<div>" * 600 + "<p\nclass=x>L</p>" + "</div>" * 600
    capped, spans = cap_depth(text)
    assert [text[s:e] for s, e in spans] == ["<div>"] * 88 + ["<p\nclass=x>", "</p>"] + [
        "</div>"
    ] * 88
    assert len(capped) == len(text)
    assert [i for i, c in enumerate(capped) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"
    ]
    assert capped.count("<div>") == MAX_DEPTH and capped.count("</div>") == MAX_DEPTH


# Markdown (F08): through the CLI, with another file in the same run.


@pytest.mark.parametrize(
    ("name", "text", "line", "column"),
    [
        (
            "case-list.md",
            "".join("  " * i + "- item\n" for i in range(400)) + "  " * 400 + "- The Lumix S5II.\n",
            401,
            807,
        ),
        ("case-quote.md", "> " * 1000 + LUMIX + "\n", 1, 2005),
        pytest.param(
            "list-10000.md",
            "".join("  " * i + "- item\n" for i in range(10000))
            + "  " * 10000
            + "- The Lumix S5II.\n",
            10001,
            20007,
            marks=pytest.mark.slow,  # 100 MB of indentation; case-list.md is the same at 400
        ),
        ("quote-10000.md", "> " * 10000 + LUMIX + "\n", 1, 20005),
    ],
)
def test_markdown_deep_nesting_f08(tmp_path, name, text, line, column):
    (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "other.md").write_text(OTHER, encoding="utf-8")
    result = run_process(
        ["check", "--no-cache", "--format", "json", name, "other.md"], cwd=tmp_path
    )
    assert result.exit_code == 1
    assert sorted((f["path"], f["code"], f["line"], f["column"]) for f in result.json) == sorted(
        [(name, "B201", line, column), ("other.md", "B201", 1, 5)]
    )
