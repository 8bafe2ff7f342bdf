"""The configuration that applies to each document, found as the CLI finds it.

The CLI reads the nearest `.l2lint.toml` or `pyproject.toml` with `[tool.l2lint]`
upwards from its working directory; the server does the same upwards from each
document's folder, so that every file in a workspace (or several projects in one)
is checked with its own settings. Each configuration file yields one `Profile`
(rule set, configured linter, per-file ignores, exclude globs), built once and kept
until `clear()` is called because a configuration file changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from l2lint.config import ConfigError, Settings, check_codes, find_config
from l2lint.configdiscovery import linter_for, load_root_settings
from l2lint.engine import Linter
from l2lint.packs import PackError, RuleSet, load_rule_set
from l2lint.pathfilter import GlobSet, PerFileIgnores

CONFIG_NAMES = (".l2lint.toml", "pyproject.toml")


@dataclass
class Profile:
    """Everything the CLI derives from one configuration file (or from none).

    `error` is the one-line configuration problem, if any; the CLI checks nothing
    then (exit 2), and neither does the server for documents under that file.
    """

    settings: Settings
    rule_set: RuleSet | None = None
    linter: Linter | None = None
    ignores: PerFileIgnores | None = None
    exclude: GlobSet | None = None
    error: str | None = None
    rules: dict = field(default_factory=dict)  # code → packs.Rule

    def excluded(self, path: str) -> bool:
        """Whether the configuration's `exclude` globs match `path` (a file-system path)."""
        return self.exclude is not None and self.exclude.matches(path)


def build_profile(config: Path | None) -> Profile:
    """The profile for one configuration file (None: built-in defaults only).

    Never raises for bad configuration or rule packs: the problem is in `error`.
    """
    try:
        # as the CLI reads it, `extend` included
        settings = load_root_settings(str(config) if config else None, isolated=config is None)
        rule_set = load_rule_set(tuple(settings.rules))
        check_codes(settings, [r.code for r in rule_set.rules])
    except (ConfigError, PackError) as exc:
        kind = "invalid rule pack: " if isinstance(exc, PackError) else ""
        return Profile(Settings(path=config), error=f"{kind}{exc}")
    linter = linter_for(settings, rule_set)
    return Profile(
        settings,
        rule_set,
        linter,
        PerFileIgnores(settings.per_file_ignores, settings.root),
        GlobSet(settings.exclude, settings.root),
        rules=rule_set.by_code(),
    )


class Profiles:
    """Profiles by configuration file, and the configuration file by folder."""

    def __init__(self) -> None:
        self._by_config: dict[Path | None, Profile] = {}
        self._config_of: dict[Path, Path | None] = {}
        self.built = 0  # profiles built so far (a new one brings long-lived objects)

    def for_path(self, path: str) -> Profile:
        """The profile for a document at file-system `path` (absolute)."""
        folder = Path(path).parent
        if folder not in self._config_of:
            self._config_of[folder] = find_config(folder)
        config = self._config_of[folder]
        if config not in self._by_config:
            self._by_config[config] = build_profile(config)
            self.built += 1
        return self._by_config[config]

    def clear(self) -> None:
        """Forget everything: a configuration file was created, changed or deleted."""
        self._by_config.clear()
        self._config_of.clear()


def is_config_file(path: str) -> bool:
    """Whether `path` is named like a configuration file (`CONFIG_NAMES`), in any folder;
    a `pyproject.toml` counts whether or not it has a `[tool.l2lint]` table."""
    return Path(path).name in CONFIG_NAMES
