"""docs/rules/CODE.md match the shipped pack; `l2lint explain` says the same and links them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from l2lint.packs import load_rule_set
from l2lint.ruledocs import pages
from tests.clirunner import run

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs" / "rules"


def test_checked_in_pages_match_the_pack():
    wanted = pages(load_rule_set())
    present = {p.name for p in DOCS.glob("*.md")}
    assert present == set(wanted), "run python scripts/generate_rule_docs.py"
    for name, text in wanted.items():
        assert (DOCS / name).read_text(encoding="utf-8") == text, (
            f"docs/rules/{name} is out of date: run python scripts/generate_rule_docs.py"
        )


def _generate(*args: str) -> subprocess.CompletedProcess:
    script = REPO / "scripts" / "generate_rule_docs.py"
    return subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True)


def test_generator_writes_the_pages_and_check_names_an_edited_or_extra_page(tmp_path):
    folder = tmp_path / "rules"
    written = _generate(str(folder))
    assert written.returncode == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(pages(load_rule_set()))
    assert _generate("--check", str(folder)).returncode == 0
    page = folder / "T101.md"
    page.write_text(page.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    (folder / "X999.md").write_text("# gone\n", encoding="utf-8")
    stale = _generate("--check", str(folder))
    assert stale.returncode == 1
    assert stale.stdout.splitlines() == [
        f"{folder / 'T101.md'}: out of date; run python scripts/generate_rule_docs.py",
        f"{folder / 'X999.md'}: out of date; run python scripts/generate_rule_docs.py",
    ]
    assert page.read_text(encoding="utf-8").endswith("edited\n")  # --check writes nothing
    assert _generate(str(folder)).returncode == 0
    assert _generate("--check", str(folder)).returncode == 0
    assert not (folder / "X999.md").exists()


def test_every_rule_and_l001_has_a_page():
    codes = {r.code for r in load_rule_set().rules} | {"L001"}
    assert {p.stem for p in DOCS.glob("*.md")} - {"README"} == codes
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    for code in codes:
        assert f"[{code}]({code}.md)" in index


def test_page_content_for_a_fixable_rule():
    page = (DOCS / "B201.md").read_text(encoding="utf-8")
    assert page.startswith("# B201 lumix-capitals\n")
    assert "<!-- l2lint-disable-file -->" in page  # the page quotes wrong forms on purpose
    assert "| Severity | error |" in page
    assert "| Fix | safe: `l2lint check --fix` applies it |" in page
    assert "## Wrong\n\n```text\n" in page and "`--fix` makes it:" in page


def test_the_pages_pass_l2lint_themselves():
    result = run(["check", str(DOCS)])
    assert result.exit_code == 0, result.stdout


def test_explain_prints_the_rule_and_its_page():
    result = run(["explain", "b201"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "B201 lumix-capitals (error, term rule, pack l2-technology)"
    assert lines[-1] == (
        "Documentation: https://github.com/brand-tools/l2lint/blob/main/docs/rules/B201.md"
    )
    assert "Fix: safe" in lines


def test_explain_knows_the_built_in_unused_suppression_rule():
    result = run(["explain", "L001"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [
        "L001 unused-suppression (warning, meta rule, pack l2lint)",
        "A suppression comment that suppressed nothing.",
    ]


def test_explain_unknown_code_is_one_line_exit_2():
    result = run(["explain", "Z999"])
    assert result.exit_code == 2
    assert result.stderr == "l2lint: unknown rule code 'Z999' (see `l2lint rules`)\n"
