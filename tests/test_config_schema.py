"""The configuration is checked against `l2lint/schema/config.schema.json`, which also
gives editors completion; a value of the wrong shape is one line naming file and key."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from l2lint.config import config_schema
from tests.clirunner import run

SCHEMA = Path(__file__).resolve().parent.parent / "l2lint" / "schema" / "config.schema.json"


def test_the_schema_is_valid_and_names_every_key_the_code_reads():
    jsonschema.Draft202012Validator.check_schema(json.loads(SCHEMA.read_text("utf-8")))
    assert sorted(config_schema()["properties"]) == [
        "ascii",
        "exclude",
        "executor",
        "extend",
        "extend-select",
        "extensions",
        "fail-on",
        "ignore",
        "language",
        "per-file-ignores",
        "per-file-language",
        "rules",
        "scheduler",
        "select",
        "severity",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('exclude = "drafts/"\n', "'exclude' must be a list of globs"),
        ("select = [1, 2]\n", "'select' must be a list of rule codes"),
        ('[per-file-ignores]\n"a/*" = 3\n', "'per-file-ignores.a/*' must be a list of rule codes"),
        ('per-file-ignores = ["B201"]\n', "'per-file-ignores' must be a table of glob = [codes]"),
        ('language = "german!"\n', '\'language\' must be "auto" or a language code such as "de"'),
        (
            '[per-file-language]\n"a/*" = 3\n',
            '\'per-file-language.a/*\' must be "auto" or a language code such as "de"',
        ),
        (
            'per-file-language = "de"\n',
            "'per-file-language' must be a table of glob = language code",
        ),
        ("[severity]\nB201 = 3\n", "'severity.B201' must be one of error, warning, suggestion"),
        ("extensions = 3\n", "'extensions' must be a table of extension = format, or a list"),
        ("rules = { a = 1 }\n", "'rules' must be a list of rule pack paths"),
    ],
)
def test_a_value_of_the_wrong_shape_is_one_line_naming_file_and_key(tmp_path, content, message):
    (tmp_path / "copy.txt").write_text("The Lumix one.\n", encoding="utf-8")
    (tmp_path / ".l2lint.toml").write_text(content, encoding="utf-8")
    result = run(["check", "copy.txt"], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"l2lint: {(tmp_path / '.l2lint.toml').resolve()}: {message}") or (
        line.startswith("l2lint: .l2lint.toml: " + message)
    ), line


def test_pyproject_table_is_checked_the_same_way(tmp_path):
    (tmp_path / "copy.txt").write_text("The Lumix one.\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.l2lint]\nascii = "yes"\n', encoding="utf-8")
    result = run(["check", "copy.txt"], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.endswith("pyproject.toml: 'ascii' must be true or false\n")
