"""Per-file configuration: the nearest configuration above each *file* applies, as in ruff.

pre-commit and CI run l2lint from the repository root, so a `.l2lint.toml` in `press/`
must apply to `press/**` wherever l2lint runs from. For every file checked, the nearest
`.l2lint.toml` (or `pyproject.toml` with a `[tool.l2lint]` table) in its folder or above
applies, `.l2lint.toml` first within one folder. A configuration may inherit another
with `extend = "../.l2lint.toml"` (a path relative to the file holding it): the extended
file is applied first, then this one on top, key by key; chains are followed and a cycle
is an error naming the files.

What a nested configuration decides for the files under it: `select`, `ignore`,
`extend-select`, `per-file-ignores`, `exclude`, `rules`, `ascii`, `severity`. What the
run decides (the configuration of the working directory, or `--config`): which files a
folder walk reads (`extensions`) and the gate (`fail-on`), since there is one walk and one
exit code. `--config PATH` applies one file to every input; `--isolated` none.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from l2lint.engine import Linter
    from l2lint.packs import RuleSet

from l2lint.config import (
    ConfigError,
    Settings,
    apply_table,
    find_config,
    read_config_table,
)

EXTEND_KEY = "extend"
MAX_EXTEND_DEPTH = 32


def load_with_extend(path: Path, settings: Settings | None = None) -> Settings:
    """Settings from the configuration file `path`, after the chain of files it extends.

    Raises ConfigError (naming the file) for a missing, unreadable or invalid file, an
    `extend` that is not a string, or a cycle of `extend`s.
    """
    chain: list[tuple[Path, dict[str, Any]]] = []
    current: Path | None = path
    seen: list[Path] = []
    while current is not None:
        resolved = current.resolve()
        if resolved in seen:
            cycle = " -> ".join(str(p) for p in [*seen, resolved])
            raise ConfigError(f"{current}: 'extend' makes a cycle: {cycle}")
        if len(seen) >= MAX_EXTEND_DEPTH:
            raise ConfigError(f"{current}: 'extend' chain longer than {MAX_EXTEND_DEPTH} files")
        seen.append(resolved)
        table = dict(read_config_table(current))
        parent = table.pop(EXTEND_KEY, None)
        chain.append((current, table))
        if parent is None:
            current = None
        elif not isinstance(parent, str) or not parent:
            raise ConfigError(f"{current}: 'extend' must be the path of a configuration file")
        else:
            current = current.parent / parent
            if not os.path.lexists(current):  # anything else: read_toml says what is wrong
                raise ConfigError(f"{chain[-1][0]}: 'extend': {current} not found")
    settings = settings if settings is not None else Settings()
    for file_path, table in reversed(chain):
        apply_table(settings, table, file_path)
    return settings


@dataclass
class ConfigFinder:
    """The nearest configuration above each file, cached by folder; `notices` collects
    a line for each configuration file the search skipped (`config.find_config`)."""

    cache: dict[str, Path | None] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    def for_file(self, path: str) -> Path | None:
        """The configuration file for `path` (absolute, resolved), or None."""
        folder = os.path.dirname(path) or "."
        if folder not in self.cache:  # keyed by the folder as named: one lookup a folder
            found = find_config(Path(folder).resolve(), self.notices)
            self.cache[folder] = found.resolve() if found is not None else None
        return self.cache[folder]


def settings_for(
    config: Path | None, overrides: Callable[[Settings], None], run: Settings
) -> Settings:
    """The settings for files under `config`: the file (and what it extends), then the
    command line's `overrides`; `extensions` and `fail-on` stay the run's."""
    settings = load_with_extend(config) if config is not None else Settings()
    overrides(settings)
    settings.extensions = dict(run.extensions)
    settings.fail_on = run.fail_on
    return settings


def load_root_settings(config: str | None, isolated: bool) -> Settings:
    """The run's own settings: `--config PATH`, else the nearest configuration above the
    working directory (following `extend`), else the defaults; `--isolated`: defaults.
    The search's notices (configuration files it skipped) are in the result's `notices`."""
    if isolated:
        return Settings()
    notices: list[str] = []
    path = Path(config) if config else find_config(notices=notices)
    settings = load_with_extend(path) if path is not None else Settings()
    settings.notices = notices
    return settings


@dataclass
class Group:
    """Inputs that share one configuration; `root` marks the run's own configuration."""

    config: Path | None
    paths: list[str]
    root: bool


def plan_groups(paths: list[str], run: Settings, per_file: bool) -> list[Group]:
    """The inputs split by the configuration that applies to each file.

    Folders are walked once with the run's extensions and exclusions; every file found
    whose nearest configuration is not the run's goes to that configuration's group, by
    name; configuration files the search skipped add a line to `run.notices`. When
    every file shares the run's configuration (or `per_file` is false, as with
    `--config` and `--isolated`), the one group holds `paths` unchanged. Standard input
    and paths that do not exist stay in the run's group, which reports them as before.
    """
    whole = [Group(run.path, paths, True)]
    if not per_file:
        return whole
    from l2lint.discovery import Excluded, Skipped, discover
    from l2lint.run import exclude_globs

    exclude = exclude_globs(run)
    matcher = exclude.matches if exclude.spec is not None else None
    own = run.path.resolve() if run.path is not None else None
    finder = ConfigFinder(notices=run.notices)
    root_paths = [p for p in paths if p == "-"]
    nested: dict[Path | None, list[str]] = {}
    walk = discover([p for p in paths if p != "-"], run.extensions, matcher, run.respect_gitignore)
    for item in walk:
        if isinstance(item, Excluded):
            continue  # the groups' own runs walk no folders: these are not reported again
        if isinstance(item, Skipped):
            root_paths.append(item.path)
            continue
        config = finder.for_file(item[0])
        if config == own:
            root_paths.append(item[0])
        else:
            nested.setdefault(config, []).append(item[0])
    if not nested:
        return whole
    groups = [Group(run.path, root_paths, True)] if root_paths else []
    return groups + [Group(config, files, False) for config, files in nested.items()]


def linter_for(settings: Settings, rule_set: RuleSet) -> Linter:
    """The `Linter` a configuration asks for: its rule selection, ASCII mode, severity
    overrides and per-file languages, over `rule_set`. The CLI and the language server
    both build theirs here, so a file gets the same findings in either."""
    from l2lint.engine import Linter
    from l2lint.pathfilter import PerFileLanguage

    return Linter(
        rule_set,
        select=settings.select,
        ignore=settings.ignore,
        extend_select=settings.extend_select,
        ascii_mode=settings.ascii,
        severity_overrides=settings.severity,
        language=PerFileLanguage(settings.per_file_language, settings.root, settings.language),
    )
