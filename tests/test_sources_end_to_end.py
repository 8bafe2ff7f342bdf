"""Sources through the whole linter: exact positions, and nothing from code, URLs or markup."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from l2lint import lint_text
from tests.clirunner import run
from tests.conftest import brief

MARKDOWN = """\
---
title: "Lumix news"
tags: [lumix]
---

# The Lumix S5II

- A list item about the Lumix G9II.

| Camera | Mount |
|--------|-------|
| Lumix S5 | L mount |

> A quote: the Lumix look.

Read [the Lumix story](https://example.com/lumix) and ![a Lumix camera](lumix.jpg).
The **Lu**mix brand.
"""


def test_markdown_positions_in_every_kind_of_block():
    found = [
        (code, line, col, end_col, text)
        for code, line, col, _, end_col, text in brief(lint_text(MARKDOWN, "copy.md"))
    ]
    assert found == [
        ("B201", 2, 9, 14, "Lumix"),  # front matter title
        ("B201", 6, 7, 12, "Lumix"),  # heading
        ("B201", 8, 25, 30, "Lumix"),  # list item
        ("B201", 12, 3, 8, "Lumix"),  # table cell
        ("B204", 12, 14, 21, "L mount"),  # table cell
        ("B201", 14, 16, 21, "Lumix"),  # block quote
        ("B201", 16, 11, 16, "Lumix"),  # link text
        ("B201", 16, 59, 64, "Lumix"),  # image alt text
        ("B201", 17, 7, 14, "Lumix"),  # emphasis across a word: "**Lu**mix" spans the markup
    ]


MARKDOWN_HIDDEN = """\
---
tags: [lumix, leica]
slug: lumix-l2-technology
---

```
Lumix with L2 technology in a fenced block
```

    Lumix with L2 technology in an indented block

Use `lumix --l2-technology` and <https://lumix.example/l2> or www.lumix.example.
<span class="lumix" data-x="L2 technology">LUMIX</span>
<!-- Lumix L2 technology in a comment -->
"""


def test_markdown_code_urls_attributes_and_comments_give_nothing():
    assert lint_text(MARKDOWN_HIDDEN, "copy.md") == []


HTML = """\
<html><head><title>Lumix news</title>
<style>.lumix { color: red }</style><script>var lumix = "L2 technology";</script></head>
<body>
<h1>L<sup>2</sup> technology by Leica and LUMIX</h1>
<p>The <b>Lu</b>mix&nbsp;S5II, L&sup2; technology and L&#178; TECH.</p>
<p>Broken <i>markup <b>Lumix</p>
<img src="lumix.jpg" alt="A Lumix camera" title="Lumix">
<code>lumix</code> <pre>Lumix</pre> <kbd>lumix</kbd> <samp>lumix</samp>
<!-- Lumix -->
<a href="https://lumix.example/" data-brand="lumix">LUMIX</a>
</body></html>
"""


def test_html_positions_entities_inline_tags_and_broken_markup():
    found = [
        (code, line, col, end_line, end_col)
        for code, line, col, end_line, end_col, _ in brief(lint_text(HTML, "page.html"))
    ]
    assert found == [
        ("B201", 1, 20, 1, 25),  # <title>
        ("T101", 4, 5, 4, 29),  # L<sup>2</sup> technology
        ("B201", 5, 11, 5, 20),  # <b>Lu</b>mix spans the inline tag
        ("T101", 5, 32, 5, 50),  # L&sup2; technology
        ("T101", 5, 55, 5, 67),  # L&#178; TECH
        ("B201", 6, 24, 6, 29),  # inside broken markup
        ("B201", 7, 29, 7, 34),  # alt
        ("B201", 7, 50, 7, 55),  # title attribute
    ]


def make_docx(path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("The Lumix S5II", level=1)
    paragraph = document.add_paragraph("Body copy with ")
    paragraph.add_run("Lu")
    paragraph.add_run("mix").bold = True
    paragraph.add_run(" and L2 technology from Leica.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Camera"
    table.cell(0, 1).text = "lumix G9II"
    document.save(path)


def test_docx_body_heading_table_cell_and_split_runs(tmp_path):
    docx = pytest.importorskip("docx")
    make_docx(tmp_path / "release.docx")
    result = run(["check", "--isolated", "--format", "json", "release.docx"], cwd=tmp_path)
    got = [(f["code"], f["line"], f["column"], f["end_column"], f["fix"]) for f in result.json]
    lumix = {"replacement": "LUMIX", "safe": True}
    assert got == [
        ("B201", 1, 5, 10, lumix),  # heading: paragraph 1
        ("B201", 2, 16, 21, lumix),  # body, "Lu" + "mix" across runs: paragraph 2
        ("T101", 2, 26, 39, {"replacement": "L² Technology", "safe": True}),
        ("B201", 4, 1, 6, lumix),  # table cell: paragraph 4 (the cell "Camera" is paragraph 3)
    ]
    fixed = run(["check", "--isolated", "--fix", "release.docx"], cwd=tmp_path)
    assert fixed.stdout.splitlines()[0] == "Fixed 4 findings in 1 file."
    document = docx.Document(str(tmp_path / "release.docx"))
    assert [[r.text for r in p.runs] for p in document.paragraphs] == [
        ["The LUMIX S5II"],
        ["Body copy with ", "LU", "MIX", " and L² Technology from Leica."],
    ]
    assert document.paragraphs[1].runs[2].bold
    assert document.tables[0].cell(0, 1).text == "LUMIX G9II"


def test_stdin_filename_picks_html_reader():
    result = run(
        ["check", "--format", "json", "--stdin-filename", "x.html", "-"],
        input="<p data-x='Lumix'>Lumix</p>",
    )
    assert [(f["code"], f["column"]) for f in result.json] == [("B201", 19)]


def test_gitignore_and_virtualenvs_are_skipped(tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / ".gitignore").write_text("drafts/\n*.tmp.md\n", encoding="utf-8")
    for name in ["keep.md", "drafts/a.md", "x.tmp.md", "env/lib/site.md", "sub/keep.md"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Lumix.\n", encoding="utf-8")
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr\n", encoding="utf-8")
    (tmp_path / "sub" / ".gitignore").write_text("keep.md\n", encoding="utf-8")
    result = run(["check", "--isolated", "--no-cache", "--format", "json", "."], cwd=tmp_path)
    assert [f["path"] for f in result.json] == ["keep.md"]
