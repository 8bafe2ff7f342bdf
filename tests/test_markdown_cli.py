"""Faults of the Markdown reader (and the line index it shares), each checked through the CLI
with exact findings, exit codes and bytes after `--fix`: inline HTML that is not prose (#14),
footnote labels, CR-only line endings, a front matter value on the next line, file names
with upper-case extensions, and nesting far deeper than Python's recursion limit (#13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l2lint.document import LineIndex
from tests.clirunner import run
from tests.conftest import examples


def check(tmp_path: Path, files: dict[str, str | bytes], *args: str) -> tuple[int, list[tuple]]:
    """Write `files`, run `l2lint check --format json` on them: (exit code, findings as
    (path, code, line, column, found text's end column))."""
    for name, content in files.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (tmp_path / name).write_bytes(data)
    result = run(["check", "--no-cache", "--format", "json", *args, *files], cwd=tmp_path)
    found = [(f["path"], f["code"], f["line"], f["column"], f["end_column"]) for f in result.json]
    return result.exit_code, found


def fixed(tmp_path: Path, name: str, content: bytes) -> bytes:
    """The file's bytes after `l2lint check --fix`."""
    (tmp_path / name).write_bytes(content)
    run(["check", "--no-cache", "--fix", name], cwd=tmp_path)
    return (tmp_path / name).read_bytes()


# --------------------------------------------------------------------------- inline HTML

INLINE_HTML = (
    "# LUMIX notes\n"
    "\n"
    "Use <code>Lumix</code> here.\n"
    "\n"
    "Press <kbd>Lumix</kbd> now.\n"
    "\n"
    'Script <script>var a = "Lumix";</script> inline.\n'
    "\n"
    "Style <style>.Lumix { color: red }</style> inline.\n"
)


def test_inline_code_kbd_script_and_style_are_not_prose(tmp_path):
    assert check(tmp_path, {"case.md": INLINE_HTML}) == (0, [])
    assert fixed(tmp_path, "case.md", INLINE_HTML.encode()) == INLINE_HTML.encode()


def test_inline_skipped_elements_with_attributes_markup_case_and_no_end_tag(tmp_path):
    text = (
        "# LUMIX\n"
        "\n"
        'The <samp>Lumix</samp>, <code class="x">the **Lumix** S9</code>, <CODE>Lumix</CODE>.\n'
        "\n"
        "- Item <kbd>Lumix\n"
        "  still kbd</kbd> and the Lumix G9.\n"
        "- Unclosed <code>Lumix to the end of the item\n"
        "\n"
        "<span>Lumix S9</span> and <script>\n"
        "Lumix\n"
        "</script> done.\n"
    )
    assert check(tmp_path, {"a.md": text}) == (
        1,
        [("a.md", "B201", 6, 27, 32), ("a.md", "B201", 9, 7, 12)],
    )


def test_inline_skipped_elements_in_headings_table_cells_and_quotes(tmp_path):
    text = (
        "## The <code>Lumix</code> page\n"
        "\n"
        "| <kbd>Lumix</kbd> | Lumix |\n"
        "|---|---|\n"
        "\n"
        "> Quote <samp>Lumix</samp> and *<code>Lumix</code>* end.\n"
    )
    assert check(tmp_path, {"b.md": text}) == (1, [("b.md", "B201", 3, 22, 27)])


# --------------------------------------------------------------------------- footnotes

FOOTNOTE = (
    "# LUMIX news\n\nThe S5II is out.[^lumix-note]\n\n[^lumix-note]: Price in the LUMIX store.\n"
)


def test_a_footnote_label_is_an_identifier(tmp_path):
    assert check(tmp_path, {"case.md": FOOTNOTE}) == (0, [])
    assert fixed(tmp_path, "case.md", FOOTNOTE.encode()) == FOOTNOTE.encode()


def test_footnote_text_is_prose_its_label_is_not(tmp_path):
    text = (
        "# LUMIX\n"
        "\n"
        "A note.[^Lumix] And another[^2].\n"
        "\n"
        "[^Lumix]: The Lumix S5II.\n"
        "[^2]: > A quoted Lumix note.\n"
    )
    assert check(tmp_path, {"c.md": text}) == (
        1,
        [("c.md", "B201", 5, 15, 20), ("c.md", "B201", 6, 18, 23)],
    )
    assert (
        fixed(tmp_path, "c.md", text.encode())
        == text.replace("The Lumix", "The LUMIX").replace("quoted Lumix", "quoted LUMIX").encode()
    )


def test_footnote_labels_in_lists_and_tables(tmp_path):
    text = (
        "- Item[^lumix-a]\n"
        "\n"
        "| Camera | Note |\n"
        "|---|---|\n"
        "| S9 | x[^lumix-b] |\n"
        "\n"
        "[^lumix-a]: A.\n"
        "[^lumix-b]: B.\n"
    )
    assert check(tmp_path, {"d.md": text}) == (0, [])


def test_a_footnote_label_without_its_definition_is_still_an_identifier(tmp_path):
    """GFM reads `[^label]` without a definition as literal text; it is still a label (its
    definition may be elsewhere), and `--fix` must not rename it."""
    text = "The S5II is out[^lumix-gone], see [^Lumix_S9] and [^ Lumix spaced].\n"
    assert check(tmp_path, {"e.md": text}) == (1, [("e.md", "B201", 1, 54, 59)])
    assert (
        fixed(tmp_path, "e.md", text.encode())
        == text.replace("^ Lumix spaced", "^ LUMIX spaced").encode()
    )


# --------------------------------------------------------------------------- CR line endings


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("case.md", b"# LUMIX\r\rLumix S5II.\rThe Lumix S9.\r", [(3, 1), (4, 5)]),
        ("case.txt", b"Lumix S5II.\rThe Lumix S9.\r", [(1, 1), (2, 5)]),
        (
            "case.html",
            b"<h1>LUMIX</h1>\r<p>Lumix S5II.</p>\r<p>The Lumix S9.</p>\r",
            [(2, 4), (3, 8)],
        ),
        # variants: CR mixed with CRLF and LF; CR inside a list and a block quote
        ("mixed.md", b"# LUMIX\r\n\r\nA\rB\nThe Lumix S9.\r\n", [(5, 5)]),
        ("nested.md", b"- one\r  - The Lumix S9.\r\r> quote\r> Lumix G9.\r", [(2, 9), (5, 3)]),
    ],
)
def test_a_lone_cr_ends_a_line(tmp_path, name, content, expected):
    code, found = check(tmp_path, {name: content})
    assert code == 1
    assert [(line, column) for _, _, line, column, _ in found] == expected
    assert fixed(tmp_path, name, content) == content.replace(b"Lumix", b"LUMIX")


@settings(max_examples=examples(200), deadline=None)
@given(st.text(st.sampled_from("ab\r\n"), max_size=60), st.lists(st.integers(0, 60)))
def test_line_index_of_slices_is_the_line_index_of_the_whole(text, cuts):
    """Lines as str.splitlines counts them ("\\r\\n", "\\r", "\\n"), however the text is
    cut into slices (a "\\r\\n" may be cut in two)."""
    whole = LineIndex(text)
    pieces = LineIndex()
    points = sorted({0, len(text), *(c for c in cuts if c <= len(text))})
    for start, end in zip(points, points[1:], strict=False):
        pieces.add(text[start:end], start)
    assert list(pieces.starts) == list(whole.starts)
    lines = text.splitlines(keepends=True)
    offset = 0
    for number, line in enumerate(lines, 1):
        for k in range(len(line)):
            assert whole.line_col(offset + k) == (number, k + 1)
        offset += len(line)


# --------------------------------------------------------------------------- front matter


def test_front_matter_title_on_the_next_line(tmp_path):
    case = "---\ntitle:\n  Lumix launch day\n---\n\nBody.\n"
    control = "---\ntitle: Lumix launch day\n---\n\nBody.\n"
    assert check(tmp_path, {"case.md": case, "control.md": control}) == (
        1,
        [("case.md", "B201", 3, 3, 8), ("control.md", "B201", 2, 8, 13)],
    )
    assert fixed(tmp_path, "case.md", case.encode()) == case.replace("Lumix", "LUMIX").encode()


def test_front_matter_quoted_and_continued_values_on_the_next_line(tmp_path):
    text = (
        "---\n"
        "title:\n"
        '  "The Lumix S5II"\n'
        "description:   # a comment\n"
        "  Made by Lumix\n"
        "  for the Lumix fans\n"
        "author:\n"
        "  Lumix Team\n"
        "---\n"
        "\n"
        "Body.\n"
    )
    assert check(tmp_path, {"e.md": text}) == (
        1,
        [("e.md", "B201", 3, 8, 13), ("e.md", "B201", 5, 11, 16), ("e.md", "B201", 6, 11, 16)],
    )


def test_front_matter_collections_on_the_next_line_are_not_a_title(tmp_path):
    text = "---\ntitle:\n  - Lumix one\ndescription:\n  en: Lumix two\n---\n\nBody.\n"
    assert check(tmp_path, {"f.md": text}) == (0, [])


# --------------------------------------------------------------------------- file names


def test_file_names_with_upper_case_extensions_are_not_checked(tmp_path):
    files = {
        "case.md": "# LUMIX samples\n\nDownload [Lumix-S9.JPG](files/Lumix-S9.JPG) or Lumix-S5II.JPEG.\n",
        "case.txt": "Download Lumix-S5II.jpg and Lumix-S9.JPG and Lumix-G9.PDF today, LUMIX fans.\n",
        "case.html": '<h1>LUMIX samples</h1><p>Download <a href="files/Lumix-S9.JPG">Lumix-S9.JPG</a>.</p>\n',
    }
    assert check(tmp_path, files) == (0, [])
    for name, content in files.items():
        assert fixed(tmp_path, name, content.encode()) == content.encode()


def test_upper_case_urls_and_host_names_are_not_checked(tmp_path):
    files = {
        "g.txt": "See WWW.LUMIX.COM/Lumix-S5II and Shop.Lumix.COM or HTTPS://Lumix.example/x.\n",
        "g.md": "# LUMIX\n\n![Lumix-S5II.PNG](a.png) and [the Lumix-G9.Pdf](x.pdf) and the Lumix.\n",
    }
    assert check(tmp_path, files) == (1, [("g.md", "B201", 3, 64, 69)])


# --------------------------------------------------------------------------- deep nesting


def test_deep_nesting_from_the_case_reads_with_exact_positions(tmp_path):
    files = {
        "case-list.md": "".join("  " * i + "- item\n" for i in range(400))
        + "  " * 400
        + "- The Lumix S5II.\n",
        "case-quote.md": "> " * 1000 + "The Lumix S5II.\n",
        "other.md": "The Lumix G9.\n",
    }
    assert check(tmp_path, files) == (
        1,
        [
            ("case-list.md", "B201", 401, 807, 812),
            ("case-quote.md", "B201", 1, 2005, 2010),
            ("other.md", "B201", 1, 5, 10),
        ],
    )


@pytest.mark.parametrize(
    ("prefix", "column"),
    [
        ("- " * 10_000, 20_005),  # lists in lists
        ("> " * 10_000, 20_005),  # quotes in quotes
        ("> 1. " * 5_000, 25_005),  # ordered lists in quotes
    ],
)
def test_ten_thousand_levels_of_nesting(tmp_path, prefix, column):
    text = prefix + "The Lumix S5II.\n\nThe Lumix G9.\n"
    assert check(tmp_path, {"deep.md": text}) == (
        1,
        [("deep.md", "B201", 1, column, column + 5), ("deep.md", "B201", 3, 5, 10)],
    )
    fixed_text = fixed(tmp_path, "deep.md", text.encode())
    assert fixed_text == text.replace("Lumix", "LUMIX").encode()
