"""A per-file total for pattern time, besides the limit per search (#22)."""

from __future__ import annotations

import l2lint.patterns
from tests.clirunner import run

WRONG = "The Lumix S5II.\n"

PACK = """\
pack: p
rules:
  - code: X1
    name: slow
    type: forbidden
    severity: warning
    patterns: ['(a+)+$']
    message: m
"""


def test_many_slow_paragraphs_hit_the_file_total(tmp_path, monkeypatch):
    """Each paragraph stays under the limit per search; together they are over the
    file's total, and the file is reported, not left running."""
    monkeypatch.setattr(l2lint.patterns, "REGEX_TIMEOUT_SECONDS", 60.0)
    monkeypatch.setattr(l2lint.patterns, "FILE_TIMEOUT_SECONDS", 0.5)
    monkeypatch.setattr(l2lint.patterns, "FILE_TIMEOUT_PER_MB", 0.0)
    (tmp_path / "pack.yaml").write_text(PACK, encoding="utf-8")
    (tmp_path / "slow.txt").write_text(("a" * 5000 + "b\n\n") * 60, encoding="utf-8")
    (tmp_path / "other.txt").write_text(WRONG, encoding="utf-8")
    result = run(
        ["check", "--no-cache", "--rules", "pack.yaml", "slow.txt", "other.txt"], cwd=tmp_path
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "l2lint: error: slow.txt: rule X1 (pack.yaml): patterns took longer than 0.5s in "
        "total on this file (last: '(a+)+$'); file not checked\n"
    )
    assert result.stdout.startswith("other.txt:1:5: B201 ")


def test_budget_is_per_file(tmp_path, monkeypatch):
    """Time spent on one file does not count against the next."""
    monkeypatch.setattr(l2lint.patterns, "FILE_TIMEOUT_SECONDS", 0.2)
    monkeypatch.setattr(l2lint.patterns, "FILE_TIMEOUT_PER_MB", 0.0)
    budget = l2lint.patterns.TimeBudget()
    budget.activate()
    budget.left = 0.0  # as if a previous file had spent it all
    (tmp_path / "a.txt").write_text(WRONG, encoding="utf-8")
    (tmp_path / "b.txt").write_text(WRONG, encoding="utf-8")
    result = run(["check", "--no-cache", "a.txt", "b.txt"], cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr == ""
    assert [line.split(":")[0] for line in result.stdout.splitlines()[:2]] == ["a.txt", "b.txt"]
