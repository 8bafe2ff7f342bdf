"""#13 follow-ups through the CLI: the bytes --fix writes around invisible characters, white
space and glosses, plus invariants of reading (the findings of each input, with exact
positions, are in tests/data/realcopy/documents.yaml and checked by tests/test_realcopy.py).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l2lint.api import lint_text
from l2lint.patterns import widen_spaces
from tests.clirunner import run

# (file name, content, findings as "CODE line:col", content after --fix, exit code after)
FIXES = [
    (
        "shy.html",
        "<p>Leica and LUMIX present L&sup2; Tech&shy;nology.</p>\n",
        [],
        "<p>Leica and LUMIX present L&sup2; Tech&shy;nology.</p>\n",
        0,
    ),
    (
        "shy-wrong.html",
        "<p>Leica and LUMIX present L2 Tech&shy;nology and Lu&shy;mix.</p>\n",
        ["B201 1:51", "T101 1:28"],
        "<p>Leica and LUMIX present L² Tech&shy;nology and LU&shy;MIX.</p>\n",
        0,
    ),
    (
        "zwsp.txt",
        "Leica and Lu\u200bmix present L² Tech\u00adnology.\n",
        ["B201 1:11"],
        "Leica and LU\u200bMIX present L² Tech\u00adnology.\n",
        0,
    ),
    (
        "lines.txt",
        "Leica camera news: the micro four\nthirds range and the L-Mount\nalliance.\n",
        ["B204 2:22", "B205 1:24"],
        "Leica camera news: the Micro Four\nThirds range and the L-Mount\nAlliance.\n",
        0,
    ),
    (
        "nbsp.html",
        "<p>Leica: L&nbsp;mount lenses.</p>\n",
        ["B204 1:11"],
        "<p>Leica: L-Mount lenses.</p>\n",
        0,
    ),
    (
        "tab.txt",
        "Leica: L-squared\tTechnology and LUMIX.\n",
        ["T101 1:8"],
        "Leica: L²\tTechnology and LUMIX.\n",  # the fix keeps the source's white space
        0,
    ),
    (
        "gloss.txt",
        "L-squared Technology (L squared Technology) is new. It unites Leica and LUMIX.\n",
        ["T101 1:1"],
        "L² Technology (L squared Technology) is new. It unites Leica and LUMIX.\n",
        0,
    ),
    (
        "gloss-l2.txt",
        "L2 technology (or L squared Technology) is new. It unites Leica and LUMIX.\n",
        ["T101 1:1"],
        "L² Technology (or L squared Technology) is new. It unites Leica and LUMIX.\n",
        0,
    ),
    (
        "fused.txt",
        "Buy the Leica x Lumix special edition now!\n",
        ["B201 1:17", "C302 1:9"],
        "Buy the Leica x LUMIX special edition now!\n",
        1,
    ),
]


@pytest.mark.parametrize(("name", "content", "expected", "fixed", "exit_after"), FIXES)
def test_findings_and_fix_bytes(name, content, expected, fixed, exit_after, tmp_path):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8"))
    result = run(["check", "--isolated", "--no-cache", "--format", "json", str(path)])
    assert result.exit_code == (1 if expected else 0), result.stdout
    assert sorted(f"{f['code']} {f['line']}:{f['column']}" for f in result.json) == expected
    result = run(["check", "--isolated", "--no-cache", "--fix", str(path)])
    assert path.read_bytes() == fixed.encode("utf-8")
    assert result.exit_code == exit_after, result.stdout


def test_widen_spaces():
    assert widen_spaces("L squared") == r"L(?:\s+)squared"
    assert widen_spaces("L[- ]?mount") == r"L(?:[-]\s*|\s+)?mount"
    assert widen_spaces(r"a\ b") == r"a(?:\s+)b"
    assert widen_spaces("a[^ ]b") == "a[^ ]b"  # a negated class stays as written
    assert widen_spaces(r"micro\s?4/3") == r"micro\s?4/3"


WRONG_FORMS = [
    ("L mount", "B204"),
    ("micro four thirds", "B205"),
    ("L mount alliance", "B204"),
    ("L squared Technology", "T102"),
    ("L-squared Technology", "T101"),
]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(WRONG_FORMS),
    st.lists(st.text(alphabet=" \t\n\u00a0", min_size=1, max_size=3), min_size=4, max_size=4),
)
def test_a_space_reads_as_any_white_space_run(form, runs):
    """Replacing each space of a wrong form by any run of white space (no blank line)
    gives the same finding at the same start."""
    phrase, code = form
    runs = [r if r.count("\n") < 2 else " " for r in runs]
    parts = phrase.split(" ")
    spaced = parts[0] + "".join(r + p for r, p in zip(runs, parts[1:], strict=False))
    one_line = [(f.code, f.start_offset) for f in lint_text(f"Leica and LUMIX: {phrase}.\n")]
    assert one_line == [(code, 17)]
    found = [(f.code, f.start_offset) for f in lint_text(f"Leica and LUMIX: {spaced}.\n")]
    assert found == one_line


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["Technology", "LUMIX", "Leica", "Panasonic"]),
    st.integers(min_value=1, max_value=4),
    st.sampled_from(["\u00ad", "\u200b", "\u200d", "\u2060"]),
)
def test_an_invisible_character_inside_a_word_changes_nothing(word, at, invisible):
    """A format character inside a correct name gives no finding, and one inside a
    wrong form the same finding at the same start."""
    broken = word[:at] + invisible + word[at:]
    text = f"Leica and LUMIX present L² Technology: {broken}.\n"
    assert lint_text(text) == []
    wrong = f"Leica and LUMIX present L² Technology: {broken.lower()}.\n"
    plain = f"Leica and LUMIX present L² Technology: {word.lower()}.\n"
    assert [(f.code, f.start_offset) for f in lint_text(wrong)] == [
        (f.code, f.start_offset) for f in lint_text(plain)
    ]
