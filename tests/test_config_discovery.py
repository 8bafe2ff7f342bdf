"""The nearest configuration above each file applies to it, wherever l2lint runs (#15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from l2lint.config import ConfigError, Settings
from l2lint.configdiscovery import load_with_extend, plan_groups
from tests.clirunner import run

COPY = "# LUMIX\n\nThe Lumix S5II by Leica and LUMIX. Shoot micro 4/3.\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """copy.md at the root, press/launch.md under a nested configuration."""
    (tmp_path / "copy.md").write_text(COPY, encoding="utf-8")
    (tmp_path / "press").mkdir()
    (tmp_path / "press" / "launch.md").write_text(COPY, encoding="utf-8")
    return tmp_path


def found(result) -> list[tuple[str, str, str]]:
    return [(f["path"], f["code"], f["severity"]) for f in result.json]


def both(site: Path) -> list[tuple[str, str, str]]:
    return [
        ("copy.md", "B201", "error"),
        ("copy.md", "B205", "suggestion"),
        ("press/launch.md", "B201", "error"),
        ("press/launch.md", "B205", "suggestion"),
    ]


@pytest.mark.parametrize(
    "args",
    [["."], ["copy.md", "press/launch.md"], ["press/launch.md", "copy.md"]],
    ids=["folder", "files", "files-reversed"],
)
def test_nested_config_applies_from_the_root(site, args):
    (site / "press" / ".l2lint.toml").write_text('ignore = ["B201"]\n', encoding="utf-8")
    result = run(["check", "--format", "json", *args], cwd=site)
    assert result.exit_code == 1
    assert found(result) == [
        ("copy.md", "B201", "error"),
        ("copy.md", "B205", "suggestion"),
        ("press/launch.md", "B205", "suggestion"),
    ]


def test_nested_config_applies_from_inside_the_folder_too(site):
    (site / "press" / ".l2lint.toml").write_text('ignore = ["B201"]\n', encoding="utf-8")
    result = run(["check", "--format", "json", "launch.md"], cwd=site / "press")
    assert [(f["code"], f["line"]) for f in result.json] == [("B205", 3)]


def test_nested_pyproject_table_applies(site):
    (site / "press" / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.l2lint]\nselect = ["B201"]\n', encoding="utf-8"
    )
    result = run(["check", "--format", "json", "."], cwd=site)
    assert found(result) == [
        ("copy.md", "B201", "error"),
        ("copy.md", "B205", "suggestion"),
        ("press/launch.md", "B201", "error"),
    ]


def test_extend_inherits_the_parent_and_overrides_key_by_key(site):
    (site / ".l2lint.toml").write_text(
        'ignore = ["B205"]\nseverity = { B201 = "warning" }\n', encoding="utf-8"
    )
    (site / "press" / ".l2lint.toml").write_text(
        'extend = "../.l2lint.toml"\nseverity = { B201 = "suggestion" }\n', encoding="utf-8"
    )
    result = run(["check", "--format", "json", "."], cwd=site)
    assert found(result) == [
        ("copy.md", "B201", "warning"),
        ("press/launch.md", "B201", "suggestion"),  # B205 still ignored: inherited
    ]


def test_without_extend_a_nested_config_starts_from_the_defaults(site):
    (site / ".l2lint.toml").write_text('ignore = ["B205"]\n', encoding="utf-8")
    (site / "press" / ".l2lint.toml").write_text('ignore = ["B201"]\n', encoding="utf-8")
    result = run(["check", "--format", "json", "."], cwd=site)
    assert found(result) == [
        ("copy.md", "B201", "error"),
        ("press/launch.md", "B205", "suggestion"),
    ]


def test_command_line_flags_apply_to_every_configuration(site):
    (site / "press" / ".l2lint.toml").write_text('ignore = ["B201"]\n', encoding="utf-8")
    result = run(["check", "--format", "json", "--select", "B205", "."], cwd=site)
    assert found(result) == [
        ("copy.md", "B205", "suggestion"),
        ("press/launch.md", "B205", "suggestion"),
    ]


@pytest.mark.parametrize("flag", ["--isolated", "--config"])
def test_config_and_isolated_apply_one_setting_to_all(site, flag):
    (site / "press" / ".l2lint.toml").write_text('ignore = ["B201"]\n', encoding="utf-8")
    (site / "all.toml").write_text("ascii = false\n", encoding="utf-8")
    args = ["--isolated"] if flag == "--isolated" else ["--config", "all.toml"]
    result = run(["check", "--format", "json", *args, "."], cwd=site)
    assert found(result) == both(site)


def test_extend_cycle_is_one_line_exit_2(site):
    (site / ".l2lint.toml").write_text('extend = "press/.l2lint.toml"\n', encoding="utf-8")
    (site / "press" / ".l2lint.toml").write_text('extend = "../.l2lint.toml"\n', encoding="utf-8")
    result = run(["check", "copy.md"], cwd=site)
    assert result.exit_code == 2
    assert "'extend' makes a cycle" in result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('extend = "../missing.toml"\n', "'extend':"),
        ("extend = 3\n", "'extend' must be the path of a configuration file"),
        ('ignore = ["Z9"]\n', "unknown rule code or prefix 'Z9'"),
        ("nonsense = 1\n", "unknown configuration key 'nonsense'"),
    ],
)
def test_bad_nested_config_names_its_file(site, content, message):
    nested = site / "press" / ".l2lint.toml"
    nested.write_text(content, encoding="utf-8")
    result = run(["check", "."], cwd=site)
    assert result.exit_code == 2
    assert message in result.stderr
    assert str(Path("press") / ".l2lint.toml") in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_plan_keeps_one_group_without_nested_configs(site):
    assert [(g.paths, g.root) for g in plan_groups(["."], Settings(), True)] == [(["."], True)]


def test_load_with_extend_applies_the_chain_in_order(tmp_path):
    (tmp_path / "base.toml").write_text('ignore = ["A"]\nascii = true\n', encoding="utf-8")
    (tmp_path / "mid.toml").write_text('extend = "base.toml"\nignore = ["B"]\n', encoding="utf-8")
    (tmp_path / "top.toml").write_text('extend = "mid.toml"\n', encoding="utf-8")
    settings = load_with_extend(tmp_path / "top.toml")
    assert (settings.ignore, settings.ascii) == (["B"], True)
    with pytest.raises(ConfigError, match="not found"):
        load_with_extend(tmp_path / "none.toml")


def test_show_settings_for_a_file_names_its_configuration(site):
    nested = site / "press" / ".l2lint.toml"
    nested.write_text('extend = "../.l2lint.toml"\nignore = ["B201"]\n', encoding="utf-8")
    (site / ".l2lint.toml").write_text('severity = { B205 = "error" }\n', encoding="utf-8")
    result = run(["check", "--show-settings", "press/launch.md"], cwd=site)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"# configuration file: {nested.resolve()}"
    assert 'ignore = ["B201"]' in lines
    assert 'severity = {B205 = "error"}' in lines  # inherited
    root = run(["check", "--show-settings", "copy.md"], cwd=site).stdout.splitlines()
    assert root[0] == f"# configuration file: {(site / '.l2lint.toml').resolve()}"
    assert "ignore = []" in root


def test_nested_exclude_and_per_file_ignores_are_relative_to_their_file(site):
    (site / "press" / "old.md").write_text(COPY, encoding="utf-8")
    (site / "press" / ".l2lint.toml").write_text(
        'exclude = ["old.md"]\nper-file-ignores = { "launch.md" = ["B205"] }\n', encoding="utf-8"
    )
    result = run(["check", "--format", "json", "."], cwd=site)
    assert found(result) == [
        ("copy.md", "B201", "error"),
        ("copy.md", "B205", "suggestion"),
        ("press/launch.md", "B201", "error"),
    ]
