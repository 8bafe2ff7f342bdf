"""docs/architecture.md stays true: one line per module of `l2lint/`, no module or
function it names is missing, and its "Writing a rule type" example runs as written.

The doc's conventions (stated in it): a module is named by its path `l2lint/….py`, each
module has exactly one line `- `l2lint/….py`: …` in "One line per module", and a
function or class is named `module.name` from the package (e.g. `engine.resolve_overlaps`).
"""

from __future__ import annotations

import copy
import importlib
import re
from pathlib import Path

import pytest
from clirunner import run

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"
PACKAGE = ROOT / "l2lint"

BACKTICKED = re.compile(r"`([^`\n]+)`")
MODULE_LINE = re.compile(r"^- `(l2lint/[\w/]+\.py)`:", re.M)
DOTTED = re.compile(r"^(?:l2lint\.)?[a-z_]\w*(?:\.[A-Za-z_]\w*)+$")


def doc_text() -> str:
    return DOC.read_text("utf-8")


def section(text: str, title: str) -> str:
    """The text of the `## title` section, up to the next `## ` heading."""
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def modules() -> list[str]:
    """Every module of the package as a path relative to the repository, sorted."""
    return sorted(p.relative_to(ROOT).as_posix() for p in PACKAGE.rglob("*.py"))


def module_lines(text: str) -> list[str]:
    return MODULE_LINE.findall(section(text, "One line per module"))


def unlisted(text: str) -> list[str]:
    """Modules without a line in "One line per module"."""
    listed = set(module_lines(text))
    return [m for m in modules() if m not in listed]


def named_paths(text: str) -> list[str]:
    """Every backticked `….py` the doc names (paths from the repository root)."""
    return [t for t in BACKTICKED.findall(text) if t.endswith(".py")]


def unresolved(text: str) -> list[str]:
    """Backticked dotted names whose first part is a top-level module of `l2lint/` but
    that do not exist (a module, then attributes)."""
    top = {p.stem for p in PACKAGE.glob("*.py")} | {
        p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()
    }
    missing = []
    for token in BACKTICKED.findall(text):
        if not DOTTED.match(token):
            continue
        parts = token.removeprefix("l2lint.").split(".")
        if parts[0] not in top:
            continue
        if not _resolves(parts):
            missing.append(token)
    return missing


def _resolves(parts: list[str]) -> bool:
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module("l2lint." + ".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            if name in getattr(obj, "__dataclass_fields__", {}):
                obj = obj.__dataclass_fields__[name]
                continue
            if not hasattr(obj, name):
                return False
            obj = getattr(obj, name)
        return True
    return False


def test_every_module_has_exactly_one_line():
    text = doc_text()
    assert unlisted(text) == []
    lines = module_lines(text)
    assert sorted(m for m in set(lines) if lines.count(m) > 1) == []


def test_every_file_the_doc_names_exists():
    """Paths are from the repository root: a short `progress.py` is an error too."""
    assert [p for p in named_paths(doc_text()) if not (ROOT / p).is_file()] == []


def test_every_dotted_name_the_doc_gives_exists():
    assert unresolved(doc_text()) == []


def test_the_checks_catch_a_missing_line_a_stale_path_and_a_stale_name():
    text = doc_text().replace("- `l2lint/sources/trim.py`:", "- trim:")
    assert unlisted(text) == ["l2lint/sources/trim.py"]
    named = named_paths(text + "\nsee `l2lint/gone.py` and `progress.py`\n")
    assert [p for p in named if not (ROOT / p).is_file()] == ["l2lint/gone.py", "progress.py"]
    stale = text + "\n`config.load_everything` and `engine.Linter.no_such_method`\n"
    assert unresolved(stale) == ["config.load_everything", "engine.Linter.no_such_method"]


def example_source() -> str:
    """The first ```python block of "Writing a rule type", as written."""
    body = section(doc_text(), "Writing a rule type")
    return body.split("```python\n", 1)[1].split("\n```", 1)[0]


PACK = """\
pack: example
language: en
rules:
  - code: X901
    name: repeated-name
    type: repeated
    severity: warning
    message: "Name written twice."
    patterns: ['lumix', 'leica']
"""


@pytest.fixture
def repeated_type(monkeypatch):
    """The doc's example registered as the doc says: `RULE_TYPES` and the pack schema."""
    from l2lint import packs
    from l2lint.ruletypes import RULE_TYPES

    namespace: dict = {}
    exec(compile(example_source(), str(DOC), "exec"), namespace)
    monkeypatch.setitem(RULE_TYPES, "repeated", namespace["RepeatedChecker"])
    schema = copy.deepcopy(packs.pack_schema())
    text = repr(schema)
    assert "'term', 'forbidden', 'requires', 'claim'" in text  # the enum the doc names
    _add_type(schema, "repeated")
    monkeypatch.setattr(packs, "pack_schema", lambda: schema)


def _add_type(node, name: str) -> None:
    """Add `name` to every rule-type enum of the schema."""
    if isinstance(node, dict):
        enum = node.get("enum")
        if isinstance(enum, list) and "forbidden" in enum and "claim" in enum:
            enum.append(name)
        for value in node.values():
            _add_type(value, name)
    elif isinstance(node, list):
        for value in node:
            _add_type(value, name)


@pytest.mark.parametrize(
    ("copy_text", "expected"),
    [
        (
            "Meet the LUMIX LUMIX S5.\n",
            "copy.txt:1:16: X901 warning: Name written twice.\n",
        ),
        (  # case does not matter; a line break is white space too
            "The lumix\nLumix S5 and the Leica\u00a0Leica SL3.\n",
            "copy.txt:2:1: X901 warning: Name written twice.\n"
            "copy.txt:2:24: X901 warning: Name written twice.\n",
        ),
        ("LUMIX, LUMIX and Leica.\n", ""),  # a comma between: not a repetition
    ],
)
def test_the_rule_type_example_runs_as_written(tmp_path, repeated_type, copy_text, expected):
    (tmp_path / "example.yaml").write_text(PACK, "utf-8")
    (tmp_path / "copy.txt").write_text(copy_text, "utf-8")
    result = run(
        [
            "check",
            "--isolated",
            "--no-cache",
            "--rules",
            "example.yaml",
            "--select",
            "X901",
            "--quiet",
            "copy.txt",
        ],
        cwd=tmp_path,
    )
    assert result.stdout == expected
    assert result.exit_code == (1 if expected else 0)


def test_a_hit_on_the_title_is_dropped_by_the_engine(tmp_path, repeated_type, monkeypatch):
    """The `Checker` contract: block -1 (the title) is read for context, never reported."""
    from l2lint.ruletypes import RULE_TYPES
    from l2lint.ruletypes.base import Hit

    class TitleToo(RULE_TYPES["repeated"]):  # type: ignore[misc,valid-type]
        def check(self, match_cache, rule):
            if match_cache.title is not None:
                yield Hit(-1, 0, 5, "On the title.")
            yield from super().check(match_cache, rule)

    monkeypatch.setitem(RULE_TYPES, "repeated", TitleToo)
    (tmp_path / "example.yaml").write_text(PACK, "utf-8")
    page = "<html><head><title>LUMIX LUMIX</title></head><body><p>Leica Leica</p></body></html>\n"
    (tmp_path / "page.html").write_text(page, "utf-8")
    args = ["check", "--isolated", "--no-cache", "--rules", "example.yaml"]
    result = run([*args, "--select", "X901", "--quiet", "page.html"], cwd=tmp_path)
    # `<title>` text is a block of its own too; the hit on block -1 leaves no "On the title."
    assert result.stdout == (
        "page.html:1:26: X901 warning: Name written twice.\n"
        "page.html:1:61: X901 warning: Name written twice.\n"
    )
    assert result.exit_code == 1
