"""A word split by inline Markdown marks still passes the raw-file prefilter (#17)."""

from __future__ import annotations

from tests.clirunner import run


def test_a_name_split_by_marks_is_found_and_escaped_marks_are_prose(tmp_path):
    (tmp_path / "a.md").write_text("Shot on a **Lu**mix S5 body.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("Shot on a *Lu*mix S5 body.\n", encoding="utf-8")
    (tmp_path / "c.md").write_text("A \\*Lu\\*mix test and Lumi`x` here.\n", encoding="utf-8")
    result = run(["check", "--isolated", "--no-cache", "a.md", "b.md", "c.md"], cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [
        "a.md:1:13: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]",
        "b.md:1:12: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]",
    ]
    assert "c.md" not in result.stdout
