"""The version named in pyproject, the package and the README's snippets agree; rule-help
links never name a tag that may not exist; the README's baseline note holds."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import l2lint
from l2lint.ruledocs import help_uri
from tests.clirunner import run

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_versions_agree():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == l2lint.__version__
    tag = f"v{l2lint.__version__}"
    named = set(re.findall(r"(?:rev: |l2lint@)(v\d+\.\d+\.\d+)", README))
    assert named == {tag}
    assert f"The snippets below name the release tag `{tag}`" in README


def test_help_links_point_at_the_default_branch():
    assert help_uri("B201") == "https://github.com/brand-tools/l2lint/blob/main/docs/rules/B201.md"
    assert (REPO / "docs" / "rules" / "B201.md").is_file()


def test_fixed_and_new_occurrence_of_the_same_text_cancel_out(tmp_path):
    page = tmp_path / "a.md"
    page.write_text("The Lumix S5.\n\nOther copy.\n", encoding="utf-8")
    assert run(["check", "--write-baseline", "b.json", "."], cwd=tmp_path).exit_code == 0
    page.write_text("The LUMIX S5.\n\nOther copy, now with the Lumix G9.\n", encoding="utf-8")
    result = run(["check", "--baseline", "b.json", "."], cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "No findings in 1 file. 1 known finding in the baseline, not shown.\n"
    # a different text is new, and the old entry is stale
    page.write_text("The LUMIX S5.\n\nOther copy, now with the lumix G9.\n", encoding="utf-8")
    result = run(["check", "--baseline", "b.json", "."], cwd=tmp_path)
    assert result.exit_code == 1
    assert "a.md: B201 'Lumix' no longer occurs" in result.stderr
