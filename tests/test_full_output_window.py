"""`--output-format full`: a window of long lines, carets aligned by display width."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from l2lint.report.width import CONTEXT, MAX_SPAN, char_width, window
from tests.clirunner import run


def snippet(tmp_path: Path, name: str, text: str) -> list[str]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = run(["check", "--output-format", "full", "--select", "B201", name], cwd=tmp_path)
    assert result.exit_code == 1
    return result.stdout.splitlines()[1:5]


def width(text: str) -> int:
    return sum(char_width(c) for c in text)


def test_carets_under_the_span_after_emoji_and_cjk(tmp_path):
    lines = snippet(tmp_path, "e.md", "🎉📷 カメラ The Lumix S5.\n")
    assert lines[1] == "1 | 🎉📷 カメラ The Lumix S5."
    assert lines[2] == "  | " + " " * 16 + "^^^^^ B201"  # 2+2+1+6+1+4 columns before 'Lumix'


def test_combining_marks_take_no_column(tmp_path):
    lines = snippet(tmp_path, "c.md", "Cafe\u0301 und die Lumix.\n")
    assert lines[2] == "  | " + " " * len("Café und die ") + "^^^^^ B201"


def test_tabs_expand_to_the_same_columns_in_line_and_carets(tmp_path):
    lines = snippet(tmp_path, "t.txt", "\tTab\tthe Lumix\there.\n")
    assert lines[1] == "1 |     Tab the Lumix   here."
    assert lines[2] == "  |             ^^^^^ B201"


def test_a_two_megabyte_line_shows_a_window(tmp_path):
    text = "x " * 1_000_000 + "The Lumix S5 " + "y" * 1_000_000 + "\n"
    lines = snippet(tmp_path, "big.txt", text)
    before = ("x " * 30)[-(CONTEXT - 4) :]
    assert lines[1] == "1 | …" + before + "The Lumix S5 " + "y" * (CONTEXT - 4) + "…"
    assert lines[2] == "  | " + " " * (1 + CONTEXT) + "^^^^^ B201"
    assert len(lines[1]) < 200 and len(lines[2]) < 200


@given(
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=400),
    st.integers(0, 400),
    st.integers(0, 400),
)
def test_window_is_bounded_and_carets_fit_the_text(line, a, b):
    start, end = min(a, b), max(a, b)
    shown = window(line, start, end)
    assert len(shown.text) <= 2 * CONTEXT + MAX_SPAN + 2 + 3 * (2 * CONTEXT + MAX_SPAN)
    assert shown.width >= 1
    assert shown.pad + shown.width <= max(width(shown.text.replace("\t", "")), shown.pad + 1) + 1
    s = max(0, min(start, len(line)))
    if "\t" not in line and all(c >= " " for c in line) and s <= CONTEXT:
        # no cut before the span: the carets start at the span's display column
        assert shown.pad == width(line[:s])
