"""Configuration files, flag precedence, per-file ignores, exclusions, gate control."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clirunner import run

WRONG = "The Lumix S5II is powered by L2 technology.\n"  # B201, C301, T101


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def codes_of(result) -> list[str]:
    return [f["code"] for f in result.json]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(tmp_path / "copy.txt", WRONG)
    return tmp_path


def test_pyproject_tool_table_select(project):
    write(project / "pyproject.toml", '[project]\nname = "x"\n\n[tool.l2lint]\nselect = ["T"]\n')
    assert codes_of(run(["check", "--format", "json", "copy.txt"], cwd=project)) == ["T101"]


def test_dotfile_is_found_from_a_subfolder_and_wins_over_pyproject(project):
    write(project / "pyproject.toml", '[tool.l2lint]\nselect = ["T"]\n')
    write(project / ".l2lint.toml", 'select = ["B"]\n')
    sub = project / "sub"
    write(sub / "more.txt", WRONG)
    assert codes_of(run(["check", "--format", "json", "more.txt"], cwd=sub)) == ["B201"]


def test_flags_beat_the_file(project):
    write(project / ".l2lint.toml", 'select = ["B"]\nfail-on = "error"\n')
    assert codes_of(
        run(["check", "--format", "json", "--select", "C", "copy.txt"], cwd=project)
    ) == ["C301"]
    # fail-on error from the file: C301 alone is a warning, so the run passes ...
    assert run(["check", "--select", "C", "copy.txt"], cwd=project).exit_code == 0
    # ... unless the flag lowers the bar.
    assert (
        run(["check", "--select", "C", "--fail-on", "warning", "copy.txt"], cwd=project).exit_code
        == 1
    )


def test_ignore_and_extend_select(project):
    write(project / ".l2lint.toml", 'select = ["T"]\nextend-select = ["B201"]\nignore = ["T1"]\n')
    assert codes_of(run(["check", "--format", "json", "copy.txt"], cwd=project)) == ["B201"]


def test_config_flag_and_isolated(project):
    other = write(project / "conf" / "brand.toml", '[tool.l2lint]\nignore = ["B", "C"]\n')
    write(project / ".l2lint.toml", 'select = ["C"]\n')
    assert codes_of(
        run(["check", "--format", "json", "--config", str(other), "copy.txt"], cwd=project)
    ) == ["T101"]
    assert codes_of(run(["check", "--format", "json", "--isolated", "copy.txt"], cwd=project)) == [
        "B201",
        "C301",
        "T101",
    ]


def test_per_file_ignores(project):
    write(project / "legacy" / "old.txt", WRONG)
    write(project / ".l2lint.toml", '[per-file-ignores]\n"legacy/**" = ["B2", "C"]\n')
    result = run(["check", "--format", "json", "."], cwd=project)
    assert [(f["path"], f["code"]) for f in result.json] == [
        ("copy.txt", "B201"),
        ("copy.txt", "C301"),
        ("copy.txt", "T101"),
        ("legacy/old.txt", "T101"),
    ]


def test_exclude_globs(project):
    write(project / "drafts" / "d.txt", WRONG)
    write(project / "x.generated.txt", WRONG)
    write(project / ".l2lint.toml", 'exclude = ["drafts/", "*.generated.txt"]\n')
    assert {f["path"] for f in run(["check", "--format", "json", "."], cwd=project).json} == {
        "copy.txt"
    }


def test_extensions_key_and_flag(project):
    write(project / "page.mkd", "# Title\n\n`Lumix` and Lumix\n")
    assert {f["path"] for f in run(["check", "--format", "json", "."], cwd=project).json} == {
        "copy.txt"
    }
    write(project / ".l2lint.toml", 'extensions = { mkd = "markdown" }\n')
    result = run(["check", "--format", "json", "--select", "B", "page.mkd"], cwd=project)
    assert [(f["code"], f["line"], f["column"]) for f in result.json] == [("B201", 3, 13)]
    result = run(
        [
            "check",
            "--isolated",
            "--format",
            "json",
            "--extension",
            "mkd:markdown",
            "--select",
            "B",
            ".",
        ],
        cwd=project,
    )
    assert ("page.mkd", "B201") in [(f["path"], f["code"]) for f in result.json]


def test_rules_key_loads_extra_packs_relative_to_the_file(project):
    write(
        project / "brand" / "extra.yaml",
        "pack: extra\nrules:\n  - code: X901\n    name: no-foo\n    type: forbidden\n"
        "    severity: warning\n    patterns: ['powered']\n    message: No '{found}'.\n",
    )
    write(project / ".l2lint.toml", 'rules = ["brand/extra.yaml"]\nselect = ["X"]\n')
    assert codes_of(run(["check", "--format", "json", "copy.txt"], cwd=project)) == ["X901"]


def test_ascii_key_accepts_and_writes_l2_technology(project):
    write(project / "ascii.txt", "Leica and LUMIX bring L2 Technology and L² technology to SMS.\n")
    write(project / ".l2lint.toml", "ascii = true\n")
    result = run(["check", "--format", "json", "ascii.txt"], cwd=project)
    assert [(f["code"], f["column"], f["fix"]["replacement"]) for f in result.json] == [
        ("T101", 41, "L2 Technology")
    ]
    assert (
        run(["check", "--format", "json", "--isolated", "ascii.txt"], cwd=project).json[0]["column"]
        == 23
    )


def test_severity_overrides(project):
    write(project / ".l2lint.toml", '[severity]\nB201 = "suggestion"\n')
    result = run(["check", "--format", "json", "--select", "B", "copy.txt"], cwd=project)
    assert result.json[0]["severity"] == "suggestion"
    assert (
        run(["check", "--select", "B", "--fail-on", "warning", "copy.txt"], cwd=project).exit_code
        == 0
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('colour = "red"\n', "unknown configuration key 'colour'"),
        ('select = ["Q1"]\n', "'select': unknown rule code or prefix 'Q1'"),
        ('[per-file-ignores]\n"a/*" = ["ZZ"]\n', "unknown rule code or prefix 'ZZ'"),
        ('fail-on = "fatal"\n', "'fail-on' must be one of error, warning, suggestion"),
        ('ascii = "yes"\n', "'ascii' must be true or false"),
        ('[severity]\nB2 = "error"\n', "'severity': 'B2' is not a rule code"),
        ('extensions = { mdx = "latex" }\n', "unknown format 'latex'"),
        ("select = [\n", "invalid TOML"),
    ],
)
def test_bad_configuration_is_exit_2_naming_file_and_key(project, content, message):
    config = write(project / ".l2lint.toml", content)
    result = run(["check", "copy.txt"], cwd=project)
    assert result.exit_code == 2
    assert message in result.stderr
    assert str(config.resolve()) in result.stderr or ".l2lint.toml" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_exit_zero_statistics_quiet_and_output_file(project):
    result = run(["check", "--exit-zero", "--statistics", "copy.txt"], cwd=project)
    assert result.exit_code == 0
    assert "     1  B201   lumix-capitals" in result.stdout
    quiet = run(["check", "--quiet", "copy.txt"], cwd=project)
    assert quiet.exit_code == 1
    assert len(quiet.stdout.splitlines()) == 3 and "Found" not in quiet.stdout
    out = project / "report.json"
    result = run(["check", "--format", "json", "--output-file", str(out), "copy.txt"], cwd=project)
    assert result.exit_code == 1 and result.stdout == ""
    assert '"code": "B201"' in out.read_text(encoding="utf-8")
