"""`check --show-files` and `check --show-settings`: what a run would read, and with what.

Both print plain text to stdout and lint nothing, like ruff's options of the same names.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from l2lint.config import Settings
    from l2lint.engine import Linter
    from l2lint.packs import RuleSet


def files_listing(groups: list[tuple[list[str], Settings]]) -> tuple[str, int]:
    """(text, number of inputs that cannot be read) for `--show-files`.

    `groups`: the inputs split by the configuration that applies to them, each with its
    settings, as a run splits them (`configdiscovery.plan_groups`), so that a nested
    configuration's `exclude` hides its files here as it does in a run. The text has one
    line per file to check, `path (format)`, in the order a run reads them; then a line
    per file or folder a walk skipped, `path (skipped: reason)` (.gitignore, exclude, the
    default skip list …); then a line per input that cannot be read, `path: reason`.
    """
    from l2lint.report.escape import printable
    from l2lint.run import collect_inputs, exclude_globs

    lines: list[str] = []
    skipped_lines: list[str] = []
    problems: list[str] = []
    for paths, settings in groups:
        skipped: list = []
        inputs, missing = collect_inputs(
            [p for p in paths if p != "-"],
            settings.extensions,
            exclude_globs(settings),
            respect_gitignore=settings.respect_gitignore,
            skipped=skipped,
        )
        lines += [f"{item.shown} ({item.fmt or 'text'})" for item in inputs]
        skipped_lines += [
            f"{s.path}{'/' if s.is_dir else ''} (skipped: {s.reason})" for s in skipped
        ]
        problems += [f"{error}" for error in missing]
    listed = lines + skipped_lines + problems
    return "".join(printable(line) + "\n" for line in listed), len(problems)


def _toml_list(items) -> str:
    return "[" + ", ".join(f'"{item}"' for item in items) + "]"


def settings_text(settings: Settings, linter: Linter, rule_set: RuleSet) -> str:
    """The settings in effect, as `key = value` lines in the configuration's own syntax,
    after comment lines naming what they come from: the configuration file ("none
    (defaults)" when no file applies), the files it extends (`extend`, each extending the
    next) and the rule packs."""
    lines = [f"# configuration file: {settings.path if settings.path else 'none (defaults)'}"]
    extended = [str(p.resolve()) for p in reversed(settings.chain[:-1])]
    if extended:
        lines.append(f"# extends: {' -> '.join(extended)}")
    lines += [
        f"# rule packs: {', '.join(str(p.path) for p in rule_set.packs)}",
        f"rules-in-effect = {_toml_list(r.code for r in linter.rules)}",
        f"select = {_toml_list(settings.select) if settings.select is not None else '(all)'}",
        f"extend-select = {_toml_list(settings.extend_select)}",
        f"ignore = {_toml_list(settings.ignore)}",
        "per-file-ignores = {"
        + ", ".join(f'"{g}" = {_toml_list(c)}' for g, c in settings.per_file_ignores.items())
        + "}",
        f"exclude = {_toml_list(settings.exclude)}",
        "extensions = {"
        + ", ".join(f'"{e}" = "{f}"' for e, f in sorted(settings.extensions.items()))
        + "}",
        f"ascii = {'true' if settings.ascii else 'false'}",
        f"language = {json.dumps(settings.language)}",
        "per-file-language = {"
        + ", ".join(
            f"{json.dumps(g)} = {json.dumps(c)}" for g, c in settings.per_file_language.items()
        )
        + "}",
        f'fail-on = "{settings.fail_on.value}"',
        "severity = {"
        + ", ".join(f'{c} = "{s.value}"' for c, s in sorted(settings.severity.items()))
        + "}",
    ]
    from l2lint.report.escape import printable  # a file or pack name may hold any character

    return "".join(printable(line) + "\n" for line in lines)
