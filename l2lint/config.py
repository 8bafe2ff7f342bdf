"""Configuration: `[tool.l2lint]` in pyproject.toml or a `.l2lint.toml`, then flags on top.

The nearest file up from the working directory wins (`.l2lint.toml` before
`pyproject.toml` in the same folder); `--config PATH` chooses one, `--isolated`
ignores them all. A table is checked against `schema/config.schema.json` (which also
gives editors completion); unknown keys and rule codes are errors naming the file.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from l2lint.discovery import link_problem
from l2lint.finding import Severity
from l2lint.regularfile import (
    FileTooLargeError,
    NotRegularFileError,
    not_regular_reason,
    read_regular,
)
from l2lint.selection import split_codes
from l2lint.sources import DEFAULT_EXTENSIONS, FORMATS


class ConfigError(ValueError):
    """A configuration problem, reported as one line with the file named."""


@dataclass
class Settings:
    """The effective configuration: defaults, then the configuration file's table
    (`apply_table`), then command-line flags (`apply_flags`). Globs in the file are
    relative to `root` (its folder, else the working directory); `extensions` maps a file
    suffix to a format."""

    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    extensions: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_EXTENSIONS))
    rules: list[str] = field(default_factory=list)
    ascii: bool = False
    language: str = "auto"  # copy that declares no language: "auto" (detect) or a code
    per_file_language: dict[str, str] = field(default_factory=dict)
    fail_on: Severity = Severity.SUGGESTION
    severity: dict[str, Severity] = field(default_factory=dict)
    executor: str = "local"  # "local" or "dask" (`dask_executor`)
    scheduler: str | None = None  # a Dask scheduler's address; None: a LocalCluster
    path: Path | None = None  # the configuration file read, if any
    # every file read for these settings, in the order applied: what `path` extends
    # (its `extend` chain, outermost first), then `path`
    chain: list[Path] = field(default_factory=list)
    # one line each for configuration files the search skipped (`find_config`)
    notices: list[str] = field(default_factory=list)
    # from the command line: --exclude globs (relative to the working directory) and
    # --no-respect-gitignore
    cli_exclude: list[str] = field(default_factory=list)
    respect_gitignore: bool = True

    @property
    def root(self) -> Path:
        """Globs in the file are relative to the folder holding it."""
        return self.path.parent if self.path else Path.cwd()


# Configuration files are read up to this size; a real one is a few kilobytes.
MAX_CONFIG_BYTES = 1 << 20
CONFIG_NAMES = (".l2lint.toml", "pyproject.toml")


def search_folders(start: Path) -> list[Path]:
    """The folders searched for configuration from `start` (resolved) upwards: up to and
    including the repository root (the first folder holding `.git`, a folder or a file as
    in a worktree) or the user's home folder, whichever comes first; the filesystem root
    when `start` lies in neither."""
    try:
        home: Path | None = Path.home().resolve()
    except (KeyError, RuntimeError, OSError):  # no home folder known
        home = None
    folders = []
    for folder in [start, *start.parents]:
        folders.append(folder)
        if folder == home or os.path.lexists(folder / ".git"):
            break
    return folders


def untrusted_reason(path: Path) -> str | None:
    """Why the configuration file `path` may have been written by another user, or None.

    Ignored (as in git's `safe.directory` check): a file any user may write to, and a
    file owned by another user (not root) in a folder any user may write to, such as
    /tmp, where anyone could have put it. A symbolic link is checked as well as its
    target: a link another user put in such a folder is ignored even when it points to
    a file of ours. Group-writable files are trusted: a group shares a checkout on
    purpose. POSIX only: elsewhere (Windows ACLs) None.
    """
    if not hasattr(os, "getuid"):
        return None
    try:
        link = os.lstat(path)
        info = os.stat(path)
        folder = os.stat(path.parent)
        target_folder = os.stat(path.resolve().parent) if stat.S_ISLNK(link.st_mode) else folder
    except (OSError, RuntimeError):
        return None
    if info.st_mode & stat.S_IWOTH:
        return "it is writable by every user"
    trusted_owners = (os.getuid(), 0)
    if (
        stat.S_ISLNK(link.st_mode)
        and link.st_uid not in trusted_owners
        and folder.st_mode & stat.S_IWOTH
    ):
        return (
            "it is a symbolic link that belongs to another user and lies in a folder "
            "every user can write to"
        )
    if info.st_uid not in trusted_owners and target_folder.st_mode & stat.S_IWOTH:
        return "it belongs to another user and lies in a folder every user can write to"
    return None


def find_config(start: Path | None = None, notices: list[str] | None = None) -> Path | None:
    """The nearest `.l2lint.toml`, or `pyproject.toml` with a [tool.l2lint] table, upwards
    from `start` (default: the working directory) through `search_folders`.

    A `pyproject.toml` that cannot be read as TOML (not UTF-8, invalid, unreadable) is
    returned too (whether it configures l2lint cannot be told), so that reading it
    reports the problem instead of a parent folder's configuration applying silently.
    A file that is not a regular file (a folder named `pyproject.toml`) or that
    `untrusted_reason` rejects is skipped (the search goes on above), with one line in
    `notices`: "ignored configuration PATH: REASON"; so is a symbolic link that cannot
    be followed (`.l2lint.toml -> .l2lint.toml`: "symbolic link loop", or "broken
    symbolic link").
    """
    directory = (start or Path.cwd()).resolve()
    for folder in search_folders(directory):
        for name in CONFIG_NAMES:
            candidate = folder / name
            try:
                mode = os.stat(candidate).st_mode
            except OSError:
                problem = link_problem(candidate)  # a link loop or a dangling link: said
                if problem is not None and notices is not None:
                    notices.append(f"ignored configuration {candidate}: {problem}")
                continue
            if not stat.S_ISREG(mode):
                if notices is not None:
                    notices.append(f"ignored configuration {candidate}: {not_regular_reason(mode)}")
                continue
            if name == "pyproject.toml" and not _configures_l2lint(candidate):
                continue
            reason = untrusted_reason(candidate)
            if reason is not None:
                if notices is not None:
                    notices.append(f"ignored configuration {candidate}: {reason}")
                continue
            return candidate
    return None


def _configures_l2lint(pyproject: Path) -> bool:
    """Whether a pyproject.toml is l2lint's to read: it has a `tool.l2lint` entry (of any
    type: reading it says when it is not a table), or it cannot be read as TOML at all.

    Whether a broken file was meant for l2lint cannot be told (`[tool."l2lint"]` and
    `[ tool . l2lint ]` are the same table), so it is an error (`read_config_table`),
    never silence, as ruff refuses a pyproject.toml that does not parse (#14)."""
    try:
        data = read_toml(pyproject)
    except ConfigError:
        return True
    tool = data.get("tool")
    return isinstance(tool, dict) and "l2lint" in tool


_TOML_AT = re.compile(
    r"^(?P<msg>.*?) \(at (?:line (?P<line>\d+), column (?P<col>\d+)|end of document)\)$"
)


def _line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column (characters) of the 0-based character `index` in `text`."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def read_toml(path: Path) -> dict[str, Any]:
    """The TOML document in `path` (UTF-8; a leading UTF-8 byte-order mark is accepted).

    Raises ConfigError with one line, `path:line:col: problem` (1-based line and column
    in characters) for a file that is not UTF-8 or not valid TOML, `path: problem`
    when it is missing, unreadable, not a regular file (never opened) or larger than
    MAX_CONFIG_BYTES. Every configuration read goes through here: the
    run's own, each nested one, the files an `extend` names and the language server's.
    """
    try:
        raw = read_regular(path, MAX_CONFIG_BYTES)
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except (NotRegularFileError, FileTooLargeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8")
        line, col = _line_col(good, len(good))
        raise ConfigError(
            f"{path}:{line}:{col}: not UTF-8: byte 0x{raw[exc.start]:02x} (save the file as UTF-8)"
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_AT.match(str(exc).splitlines()[0] if str(exc) else "")
        message = found.group("msg") if found else str(exc)
        if found and found.group("line"):
            line, col = int(found.group("line")), int(found.group("col"))
        else:  # at the end of the document
            line, col = _line_col(text, len(text))
        message = message[:1].lower() + message[1:]
        raise ConfigError(f"{path}:{line}:{col}: invalid TOML: {message}") from None


def read_config_table(path: Path) -> dict[str, Any]:
    """The l2lint table of a configuration file: `[tool.l2lint]` of a pyproject.toml,
    the whole `.l2lint.toml` (or its `[tool.l2lint]`). Raises ConfigError (read_toml),
    and for a `tool.l2lint` that is not a table.

    A `tool` that is not a table holds no l2lint configuration: in a pyproject.toml the
    l2lint table is then empty, in a `.l2lint.toml` the whole file is the table (and
    `tool` an unknown key there).
    """
    data = read_toml(path)
    tool = data.get("tool")
    table: Any = tool.get("l2lint") if isinstance(tool, dict) else None
    if table is None:
        return {} if path.name == "pyproject.toml" else data
    if not isinstance(table, dict):
        raise ConfigError(
            f"{path}: 'tool.l2lint' must be a table ([tool.l2lint]), not {_toml_type(table)}"
        )
    return table


def _toml_type(value: Any) -> str:
    """The TOML name of a parsed value's type, with an article ("a string")."""
    names = [
        (bool, "a boolean"),
        (int, "an integer"),
        (float, "a float"),
        (str, "a string"),
        (list, "an array"),
    ]
    return next((name for kind, name in names if isinstance(value, kind)), "a date or time")


def _codes(value: str | list[str]) -> list[str]:
    return [v.strip().upper() for v in ([value] if isinstance(value, str) else value)]


def parse_extensions(items: Any, where: str) -> dict[str, str]:
    """`{"mdx": "markdown"}`, or a list of "mdx" / ".mdx:markdown" / "mdx=markdown"."""
    table: dict[str, str] = {}
    if isinstance(items, dict):
        pairs = list(items.items())
    elif isinstance(items, list):
        pairs = []
        for item in items:
            if not isinstance(item, str):
                raise ConfigError(f"{where}: 'extensions' entries must be strings")
            name, _, fmt = item.replace("=", ":").partition(":")
            pairs.append((name, fmt or "text"))
    else:
        raise ConfigError(f"{where}: 'extensions' must be a table or a list")
    for name, fmt in pairs:
        fmt = str(fmt).strip().lower()
        if fmt not in FORMATS:
            raise ConfigError(
                f"{where}: extension {name!r}: unknown format {fmt!r} (use {', '.join(FORMATS)})"
            )
        ext = "." + str(name).strip().lstrip(".").lower()
        table[ext] = fmt
    return table


@cache
def config_schema() -> dict[str, Any]:
    """The JSON Schema of a configuration table (shipped as `schema/config.schema.json`)."""
    text = (resources.files("l2lint") / "schema" / "config.schema.json").read_text("utf-8")
    return json.loads(text)


def validate_table(table: dict[str, Any], path: Path) -> None:
    """Check a table's keys and value shapes against the schema; raises ConfigError
    naming the file and the key, with the schema's `errorMessage` for that key."""
    import jsonschema

    unknown = sorted(set(table) - set(config_schema()["properties"]))
    if unknown:
        raise ConfigError(f"{path}: unknown configuration key '{unknown[0]}'")
    validator = jsonschema.Draft202012Validator(config_schema())
    errors = sorted(validator.iter_errors(table), key=lambda e: list(e.absolute_path))
    if not errors:
        return
    error = errors[0]
    keys = [str(p) for p in error.absolute_path if isinstance(p, str)]
    message = _error_message(error.absolute_schema_path) or error.message
    raise ConfigError(f"{path}: '{'.'.join(keys)}' {message}")


def _error_message(schema_path: Iterable[Any]) -> str | None:
    """The innermost `errorMessage` along a path into the schema (through `$ref`s)."""
    schema = config_schema()
    node: Any = schema
    found = None
    for part in schema_path:
        if isinstance(node, dict) and "$ref" in node and part not in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict):
            if "$ref" in node:
                found = schema["$defs"][node["$ref"].rsplit("/", 1)[1]].get("errorMessage", found)
            found = node.get("errorMessage", found)
    return found


def apply_table(settings: Settings, table: dict[str, Any], path: Path) -> None:
    """Merge one configuration table into settings; the schema checks keys and shapes,
    this checks values (severities, formats). Raises ConfigError."""
    validate_table(table, path)
    settings.path = path
    settings.chain.append(path)
    if "select" in table:
        settings.select = _codes(table["select"])
    if "ignore" in table:
        settings.ignore = _codes(table["ignore"])
    if "extend-select" in table:
        settings.extend_select = _codes(table["extend-select"])
    if "per-file-ignores" in table:
        settings.per_file_ignores = {
            glob: _codes(codes) for glob, codes in table["per-file-ignores"].items()
        }
    if "exclude" in table:
        settings.exclude = list(table["exclude"])
    if "extensions" in table:
        settings.extensions.update(parse_extensions(table["extensions"], str(path)))
    if "rules" in table:
        value = table["rules"]
        settings.rules = [
            str(path.parent / v) for v in ([value] if isinstance(value, str) else value)
        ]
    if "ascii" in table:
        settings.ascii = table["ascii"]
    if "language" in table:
        check_language(table["language"], path, "language")
        settings.language = table["language"]
    if "per-file-language" in table:
        for glob, code in table["per-file-language"].items():
            check_language(code, path, glob, f"per-file-language.{json.dumps(glob)}")
        settings.per_file_language = dict(table["per-file-language"])
    if "fail-on" in table:
        settings.fail_on = _severity(path, "fail-on", table["fail-on"])
    if "executor" in table:
        settings.executor = table["executor"]
    if "scheduler" in table:
        settings.scheduler = table["scheduler"]
    if "severity" in table:
        settings.severity = {
            code.upper(): _severity(path, f"severity.{code}", level)
            for code, level in table["severity"].items()
        }


def check_language(code: str, path: Path, key: str, name: str | None = None) -> None:
    """Check a configured language (`language`, a `per-file-language` value): "auto" or
    a tag whose primary subtag (`de-CH` -> "de") py3langid knows
    (`langidmodel.known_languages`). Raises ConfigError, one line naming the file and,
    where the assignment `key = "code"` is found in its text, the 1-based line and
    column of the value, and the setting as `name` (default: `key`)."""
    from l2lint.langidmodel import known_languages
    from l2lint.language import AUTO, primary_subtag

    if code == AUTO or primary_subtag(code) in known_languages():
        return
    where = f"{path}"
    try:
        text = read_regular(path, MAX_CONFIG_BYTES).decode("utf-8-sig", "replace")
    except OSError:
        text = ""
    assignment = re.compile(
        rf"""^[ \t]*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')[ \t]*=[ \t]*"""
        rf"""(["']){re.escape(code)}\1""",
        re.MULTILINE,
    )
    found = assignment.search(text)
    if found is not None:
        line, col = _line_col(text, found.start(1))
        where += f":{line}:{col}"
    raise ConfigError(
        f"{where}: '{name or key}' must be \"auto\" or a language code py3langid knows"
        f' ("en", "de", "ja" …), not "{code}"'
    )


def _severity(path: Path, key: str, value: Any) -> Severity:
    try:
        return Severity(str(value).lower())
    except ValueError:
        raise ConfigError(
            f"{path}: '{key}' must be one of error, warning, suggestion, not {value!r}"
        ) from None


def check_codes(settings: Settings, known_codes: list[str]) -> None:
    """Every code or prefix in the configuration must name at least one rule."""
    where = str(settings.path) if settings.path else "command line"
    groups = {
        "select": settings.select or [],
        "ignore": settings.ignore,
        "extend-select": settings.extend_select,
        "severity": list(settings.severity),
    }
    for glob, codes in settings.per_file_ignores.items():
        groups[f"per-file-ignores.{glob}"] = codes
    for key, codes in groups.items():
        for code in codes:
            if not any(k.startswith(code) for k in known_codes):
                raise ConfigError(f"{where}: '{key}': unknown rule code or prefix '{code}'")
    for code in settings.severity:
        if code not in known_codes:
            raise ConfigError(f"{where}: 'severity': '{code}' is not a rule code")


def check_flag_codes(flags: dict[str, Iterable[str]], known_codes: list[str]) -> None:
    """Every code or prefix given on the command line must name at least one rule.

    `flags`: option name ("--select") -> its values as given (comma-separated lists
    allowed). Raises ConfigError "command line: --select: unknown rule code or prefix 'Z9'", so a
    mistyped flag is never blamed on a configuration file.
    """
    for option, values in flags.items():
        for code in split_codes(values):
            if not any(k.startswith(code) for k in known_codes):
                raise ConfigError(f"command line: {option}: unknown rule code or prefix {code!r}")


def apply_flags(
    settings: Settings,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    extend_select: Iterable[str] = (),
    extensions: Iterable[str] = (),
    ascii_mode: bool | None = None,
    fail_on: str | None = None,
) -> None:
    """Command-line flags on top of the configuration file (a flag given wins).

    Code lists may be comma-separated ("T,B2"). Raises ConfigError for a bad --extension.
    """
    if select:
        settings.select = split_codes(select)
    if ignore:
        settings.ignore = split_codes(ignore)
    if extend_select:
        settings.extend_select = split_codes(extend_select)
    if extensions:
        settings.extensions.update(parse_extensions(list(extensions), "--extension"))
    if ascii_mode:
        settings.ascii = True
    if fail_on:
        settings.fail_on = Severity(fail_on)
