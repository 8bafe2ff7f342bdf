"""`--fix` and invisible characters (soft hyphen, zero-width space, word joiner, ...)
that a rule does not read: kept where the fix maps the text read character for
character (a case fix), dropped where the fix rewrites the word around them, so no
break opportunity ends up inside the fixed word ("T" + U+00AD + "echnology")."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.clirunner import run

PREFIX = "Leica and LUMIX: "

CASES = [
    # (file name, written, after --fix)
    ("a.txt", PREFIX + "L2\u200btechnology.\n", PREFIX + "L² Technology.\n"),
    ("b.txt", PREFIX + "L2\u00adtechnology.\n", PREFIX + "L² Technology.\n"),
    ("c.txt", PREFIX + "L2\u2060tech.\n", PREFIX + "L² Technology.\n"),
    ("d.txt", PREFIX + "L2\u200b\u200btechnology.\n", PREFIX + "L² Technology.\n"),
    ("e.txt", "Leica L\u200bmount lens.\n", "Leica L-Mount lens.\n"),
    ("f.html", f"<p>{PREFIX}L2&shy;tech.</p>\n", f"<p>{PREFIX}L² Technology.</p>\n"),
    (
        "g.html",
        f"<p>{PREFIX}L2&ZeroWidthSpace;technology.</p>\n",
        f"<p>{PREFIX}L² Technology.</p>\n",
    ),
    # variants: a mix of invisible characters, one in Markdown, one before a gap
    ("h.txt", PREFIX + "L2\u200d\ufefftechnology.\n", PREFIX + "L² Technology.\n"),
    ("i.md", f"{PREFIX}L2\u200btechnology.\n", f"{PREFIX}L² Technology.\n"),
    ("j.html", "<p>Leica L&shy;&#8203;mount lens.</p>\n", "<p>Leica L-Mount lens.</p>\n"),
    # next to markup between the rewritten characters: the markup stays, they go
    (
        "m.html",
        f"<p>{PREFIX}L2\u200b<b>technology</b>.</p>\n",
        f"<p>{PREFIX}L² T<b>echnology</b>.</p>\n",
    ),
    ("n.html", f"<p>{PREFIX}L2&shy;<i>tech</i>.</p>\n", f"<p>{PREFIX}L² T<i>echnology</i>.</p>\n"),
    # MDX: the source map moved from the Markdown view onto the MDX text
    (
        "o.mdx",
        f"<Note>{PREFIX}L2\u00ad\u200btech and Lu\u00admix.</Note>\n",
        f"<Note>{PREFIX}L² Technology and LU\u00adMIX.</Note>\n",
    ),
    # a case fix maps character for character: the soft hyphen stays inside the word
    ("k.txt", PREFIX + "Lu\u00admix.\n", PREFIX + "LU\u00adMIX.\n"),
    ("l.html", "<p>Leica and Lu&shy;mix.</p>\n", "<p>Leica and LU&shy;MIX.</p>\n"),
]


@pytest.mark.parametrize(("name", "written", "fixed"), CASES, ids=[c[0] for c in CASES])
def test_fix_exact_bytes(tmp_path, name, written, fixed):
    path = tmp_path / name
    path.write_bytes(written.encode("utf-8"))
    result = run(["check", "--fix", str(path)])
    assert (result.exit_code, path.read_bytes().decode("utf-8")) == (0, fixed)
    fixed_count = 2 if name == "o.mdx" else 1
    assert result.stdout == (
        f"Fixed {fixed_count} finding{'s' * (fixed_count > 1)} in 1 file.\nNo findings in 1 file.\n"
    )


WORD = "L2technology"
FIXED = "L² Technology"


@settings(max_examples=40, deadline=None)
@given(
    at=st.integers(min_value=1, max_value=len(WORD) - 1),
    mark=st.sampled_from(["\u00ad", "\u200b", "\u2060", "\u200c", "\ufeff"]),
)
def test_an_invisible_character_stays_only_inside_the_unchanged_part(tmp_path_factory, at, mark):
    """Written anywhere in "L2technology", an invisible character is kept in the fixed
    "L² Technology" only between two letters of the unchanged "echnology" (a soft
    hyphen there is still a break opportunity of the same word); elsewhere the fix
    rewrote the characters around it and it goes."""
    path = tmp_path_factory.mktemp("inv") / "copy.txt"
    path.write_text(PREFIX + WORD[:at] + mark + WORD[at:] + ".\n", encoding="utf-8")
    assert run(["check", "--fix", str(path)]).exit_code == 0
    kept = at > WORD.index("e")  # between two letters of "echnology"
    word = FIXED[: at + 1] + mark + FIXED[at + 1 :] if kept else FIXED
    assert path.read_text(encoding="utf-8") == PREFIX + word + ".\n"
