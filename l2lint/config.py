"""Configuration: `[tool.l2lint]` in pyproject.toml or a `.l2lint.toml`, then flags on top.

The nearest file up from the working directory wins (`.l2lint.toml` before
`pyproject.toml` in the same folder); `--config PATH` chooses one, `--isolated`
ignores them all. Unknown keys and unknown rule codes are errors naming the file.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from l2lint.finding import Severity
from l2lint.sources import DEFAULT_EXTENSIONS, FORMATS

KNOWN_KEYS = {
    "select",
    "ignore",
    "extend-select",
    "per-file-ignores",
    "exclude",
    "extensions",
    "rules",
    "ascii",
    "fail-on",
    "severity",
}


# a `[tool.l2lint]` (or `[tool.l2lint.x]`) table header, found in text TOML cannot parse
_L2LINT_TABLE = re.compile(r"^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*l2lint[ \t]*[\].]", re.MULTILINE)


class ConfigError(ValueError):
    """A configuration problem, reported as one line with the file named."""


@dataclass
class Settings:
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    extensions: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_EXTENSIONS))
    rules: list[str] = field(default_factory=list)
    ascii: bool = False
    fail_on: Severity = Severity.SUGGESTION
    severity: dict[str, Severity] = field(default_factory=dict)
    path: Path | None = None  # the configuration file read, if any
    # from the command line: --exclude globs (relative to the working directory) and
    # --no-respect-gitignore
    cli_exclude: list[str] = field(default_factory=list)
    respect_gitignore: bool = True

    @property
    def root(self) -> Path:
        """Globs in the file are relative to the folder holding it."""
        return self.path.parent if self.path else Path.cwd()


def find_config(start: Path | None = None) -> Path | None:
    """The nearest `.l2lint.toml`, or `pyproject.toml` with a [tool.l2lint] table, upwards."""
    directory = (start or Path.cwd()).resolve()
    for folder in [directory, *directory.parents]:
        dedicated = folder / ".l2lint.toml"
        if dedicated.is_file():
            return dedicated
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                text = pyproject.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            try:
                data = tomllib.loads(text)
            except tomllib.TOMLDecodeError:
                # broken, but meant for l2lint: an error (read_config_table), not silence
                if _L2LINT_TABLE.search(text):
                    return pyproject
                continue
            tool = data.get("tool", {})
            if isinstance(tool, dict) and "l2lint" in tool:
                return pyproject
    return None


def _error_line(exc: Exception, path: Path) -> int:
    """The 1-based line a TOML error names: `lineno` (Python 3.14+), else the "(at line N"
    of the message; "at end of document" is the file's last line."""
    line = getattr(exc, "lineno", None)
    if isinstance(line, int):
        return line
    match = re.search(r"at line (\d+)", str(exc))
    if match:
        return int(match.group(1))
    try:
        return max(1, len(path.read_text(encoding="utf-8").splitlines()))
    except (OSError, UnicodeDecodeError):
        return 1


def read_config_table(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}:{_error_line(exc, path)}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("l2lint", {})
    return data.get("tool", {}).get("l2lint", data)


def _codes(path: Path, key: str, value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: '{key}' must be a list of rule codes")
    return [v.strip().upper() for v in value]


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


def apply_table(settings: Settings, table: dict[str, Any], path: Path) -> None:
    """Merge one configuration table into settings, checking every key and type."""
    unknown = sorted(set(table) - KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown configuration key '{unknown[0]}'")
    settings.path = path
    if "select" in table:
        settings.select = _codes(path, "select", table["select"])
    if "ignore" in table:
        settings.ignore = _codes(path, "ignore", table["ignore"])
    if "extend-select" in table:
        settings.extend_select = _codes(path, "extend-select", table["extend-select"])
    if "per-file-ignores" in table:
        value = table["per-file-ignores"]
        if not isinstance(value, dict):
            raise ConfigError(f"{path}: 'per-file-ignores' must be a table of glob = [codes]")
        settings.per_file_ignores = {
            glob: _codes(path, f"per-file-ignores.{glob}", codes) for glob, codes in value.items()
        }
    if "exclude" in table:
        value = table["exclude"]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{path}: 'exclude' must be a list of globs")
        settings.exclude = list(value)
    if "extensions" in table:
        settings.extensions.update(parse_extensions(table["extensions"], str(path)))
    if "rules" in table:
        value = table["rules"]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{path}: 'rules' must be a list of rule pack paths")
        settings.rules = [str(path.parent / v) for v in value]
    if "ascii" in table:
        if not isinstance(table["ascii"], bool):
            raise ConfigError(f"{path}: 'ascii' must be true or false")
        settings.ascii = table["ascii"]
    if "fail-on" in table:
        settings.fail_on = _severity(path, "fail-on", table["fail-on"])
    if "severity" in table:
        value = table["severity"]
        if not isinstance(value, dict):
            raise ConfigError(
                f"{path}: 'severity' must be a table of CODE = \"error|warning|suggestion\""
            )
        settings.severity = {
            code.upper(): _severity(path, f"severity.{code}", level)
            for code, level in value.items()
        }


def _severity(path: Path, key: str, value: Any) -> Severity:
    try:
        return Severity(str(value).lower())
    except ValueError:
        raise ConfigError(
            f"{path}: '{key}' must be one of error, warning, suggestion, not {value!r}"
        ) from None


def load_settings(config: str | None = None, isolated: bool = False) -> Settings:
    settings = Settings()
    if isolated:
        return settings
    path = Path(config) if config else find_config()
    if path is None:
        return settings
    apply_table(settings, read_config_table(path), path)
    return settings


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
