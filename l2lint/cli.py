"""The `l2lint` command line: check, rules, explain, test-rules, server."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import replace

import click

from l2lint import __version__
from l2lint.report import FORMATS
from l2lint.report.escape import printable

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _say(message: str) -> None:
    """One `l2lint: ...` line on stderr; file names in it are escaped (`printable`), so
    none can start a line of its own (a CI workflow command) or drive the terminal."""
    click.echo(printable(f"l2lint: {message}"), err=True)


def _echo_diff(diff: str, err: bool) -> None:
    """Print unified diffs. Their bodies are data: to a pipe or file they go byte for byte
    (click would delete CSI sequences, and the patch would no longer apply, #22); to a
    terminal each line is shown with control and bidirectional formatting characters as
    visible escapes (`printable`, tabs kept), as a pager would, so the copy cannot drive
    the terminal. Headers are quoted as git quotes them (`escape.diff_path`)."""
    stream = sys.stderr if err else sys.stdout
    if stream.isatty():
        diff = "\n".join(printable(line, keep="\t") for line in diff.split("\n"))
    click.echo(diff, nl=False, err=err, color=True)


def _fail(message: str) -> None:
    _say(message)
    sys.exit(EXIT_ERROR)


def _check_limit_settings() -> None:
    """Exit 2 with one line when an L2LINT_* limit variable is not a whole number above 0
    (before any file is read: a wrong value never silently falls back to the default)."""
    from l2lint.sources.limits import LimitSettingError, stdin_limit_bytes
    from l2lint.sources.safezip import ZipLimits

    try:
        ZipLimits.from_env()
        stdin_limit_bytes()
    except LimitSettingError as exc:
        _fail(str(exc))


def _config_notices(settings, quiet: bool) -> None:
    """One notice line per configuration file the search skipped (each once)."""
    for line in dict.fromkeys(settings.notices):
        if not quiet:
            click.echo(f"l2lint: notice: {line}", err=True)


def _load(rules_paths: tuple[str, ...]):
    from l2lint.packs import PackError, load_rule_set

    try:
        return load_rule_set(rules_paths)
    except PackError as exc:
        _fail(f"invalid rule pack: {exc}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="l2lint")
def cli() -> None:
    """Brand-compliance linter for L² Technology, Leica and LUMIX copy."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--select", multiple=True, help="Only these rule codes or prefixes (e.g. T,B2).")
@click.option("--extend-select", multiple=True, help="Add these codes to the selection.")
@click.option("--ignore", multiple=True, help="Skip these rule codes or prefixes.")
@click.option(
    "--rules",
    "rules_paths",
    multiple=True,
    type=click.Path(),
    help="An extra rule pack (YAML file or folder); repeatable.",
)
@click.option("--fix", is_flag=True, help="Apply safe fixes in place, then report what remains.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, apply unsafe fixes too.")
@click.option("--diff", is_flag=True, help="Print the diff --fix would apply; write nothing.")
@click.option("--config", "config_path", type=click.Path(), help="Read this configuration file.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option(
    "--extension",
    "extensions",
    multiple=True,
    help="Also read files with this extension, e.g. 'mdx:markdown' or 'rst'.",
)
@click.option(
    "--ascii",
    "ascii_mode",
    is_flag=True,
    default=None,
    help="ASCII channel: accept and write 'L2 Technology' (brand guide T101).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "suggestion"]),
    default=None,
    help="Lowest severity that fails the run (default: suggestion).",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--statistics", is_flag=True, help="Also print counts per rule.")
@click.option(
    "--output-format",
    type=click.Choice(["concise", "full"]),
    default="concise",
    show_default=True,
    help="Text output: one line per finding, or with the source line, carets and the fix.",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour text output; auto: on a terminal, honouring NO_COLOR and FORCE_COLOR.",
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False),
    help="Report only findings not recorded in this baseline file; list stale entries.",
)
@click.option(
    "--write-baseline",
    "write_baseline_path",
    type=click.Path(dir_okay=False),
    help="Record every finding of this run in a baseline file, then exit 0.",
)
@click.option(
    "--prune-baseline",
    is_flag=True,
    help="With --baseline: remove the entries that no longer occur from the file.",
)
@click.option("--show-files", is_flag=True, help="List the files that would be checked; exit.")
@click.option(
    "--show-settings", is_flag=True, help="Print the settings in effect for this run; exit."
)
@click.option(
    "--report-unused-disables",
    is_flag=True,
    help="Report suppression comments that suppressed nothing (L001).",
)
@click.option(
    "-o",
    "--output-file",
    type=click.Path(dir_okay=False),
    help="Write the report here ('-': standard output).",
)
@click.option(
    "--stdin-filename", default=None, help="Name for text read from '-' (chooses the reader)."
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes for large scans (default: the number of cores, for scans big enough).",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default=None,
    help="Who checks the files: this machine's processes (local, default) or Dask workers.",
)
@click.option(
    "--scheduler",
    default=None,
    help="With --executor dask: the scheduler, e.g. tcp://host:8786 (default: a local cluster).",
)
@click.option("--no-cache", is_flag=True, help="Do not read or write .l2lint_cache/.")
@click.option(
    "--exclude",
    "exclude_globs",
    multiple=True,
    help="Skip files and folders matching this glob (.gitignore syntax); repeatable.",
)
@click.option(
    "--no-respect-gitignore", is_flag=True, help="Also read what .gitignore files ignore."
)
@click.option("-q", "--quiet", is_flag=True, help="Print findings only: no summary, no notices.")
@click.option("--allow-empty", is_flag=True, help="Exit 0, not 2, when no file was checked at all.")
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks of internal errors.")
def check(
    paths,
    fmt,
    select,
    extend_select,
    ignore,
    rules_paths,
    fix,
    unsafe_fixes,
    diff,
    config_path,
    isolated,
    extensions,
    ascii_mode,
    fail_on,
    exit_zero,
    statistics,
    output_format,
    color,
    baseline_path,
    write_baseline_path,
    prune_baseline,
    show_files,
    show_settings,
    report_unused_disables,
    output_file,
    stdin_filename,
    jobs,
    executor,
    scheduler,
    no_cache,
    exclude_globs,
    no_respect_gitignore,
    quiet,
    allow_empty,
    verbose,
) -> None:
    """Check files and folders (recursively) for brand-guide violations.

    PATH may be '-' to read standard input. Exit codes: 0 no findings,
    1 findings, 2 usage error, unreadable input or invalid rule pack.
    """
    from l2lint.cache import cache_for
    from l2lint.config import ConfigError, apply_flags, check_codes, check_flag_codes
    from l2lint.configdiscovery import (
        linter_for,
        load_root_settings,
        plan_groups,
        settings_for,
    )
    from l2lint.filecheck import Options
    from l2lint.pathfilter import PerFileIgnores
    from l2lint.report import render
    from l2lint.run import exclude_globs as exclude_globs_of
    from l2lint.run import run_paths, stop_on_sigterm
    from l2lint.scanprogress import scan_meter

    if fix and diff:
        _fail("--fix and --diff cannot be combined")
    _check_limit_settings()
    if prune_baseline and not baseline_path:
        _fail("--prune-baseline needs --baseline FILE")
    if write_baseline_path and (fix or diff):
        _fail("--write-baseline cannot be combined with --fix or --diff")
    _check_outputs(
        [(output_file, "report"), (write_baseline_path, "baseline")]
        + [(baseline_path, "baseline")] * bool(prune_baseline),
        paths,
    )

    def overrides(settings) -> None:
        """The command line's flags on top of a configuration (a flag given wins)."""
        apply_flags(settings, select, ignore, extend_select, extensions, ascii_mode, fail_on)
        settings.cli_exclude = list(exclude_globs)
        settings.respect_gitignore = not no_respect_gitignore

    def prepare(settings):
        """(rule set, linter) for files under `settings`; exits 2 on a bad configuration."""
        try:
            rule_set = _load(tuple(settings.rules) + tuple(rules_paths))
            known = [r.code for r in rule_set.rules]
            flags = {"--select": select, "--extend-select": extend_select, "--ignore": ignore}
            check_flag_codes(flags, known)
            check_codes(settings, [r.code for r in rule_set.rules])
        except ConfigError as exc:
            _fail(str(exc))
        linter = linter_for(settings, rule_set)
        return rule_set, linter

    try:
        settings = load_root_settings(config_path, isolated)
        overrides(settings)
    except ConfigError as exc:
        _fail(str(exc))
    rule_set, linter = prepare(settings)
    if show_settings or show_files:
        from l2lint.show import files_listing, settings_text

        if show_settings:
            # for each path named, the settings of the configuration that applies to it: a
            # folder's own (the dirname of "nested/" is "nested"), a file's folder's; with
            # several paths, one block each after a "# settings for: PATH" line
            from l2lint.configdiscovery import ConfigFinder

            finder = ConfigFinder(notices=settings.notices)
            own = settings.path.resolve() if settings.path else None
            named = [p for p in paths if p != "-"] if not (config_path or isolated) else []
            blocks = []
            for path in named or [None]:
                shown = (settings, linter, rule_set)
                if path is not None:
                    lookup = os.path.join(path, "") if os.path.isdir(path) else path
                    config = finder.for_file(lookup)
                    if config != own:
                        try:
                            nested = settings_for(config, overrides, settings)
                        except ConfigError as exc:
                            _fail(str(exc))
                        nested_rules, nested_linter = prepare(nested)
                        shown = (nested, nested_linter, nested_rules)
                header = f"# settings for: {printable(path)}\n" if len(named) > 1 else ""
                blocks.append(header + settings_text(*shown))
            click.echo("\n".join(blocks), nl=False)
        if show_files:
            listed = list(paths) or ["."]
            try:
                shown_groups = [
                    (g.paths, settings if g.root else settings_for(g.config, overrides, settings))
                    for g in plan_groups(listed, settings, not (config_path or isolated))
                ]
            except ConfigError as exc:
                _fail(str(exc))
            text, unreadable = files_listing(shown_groups)
            click.echo(text, nl=False)
            if unreadable:
                _config_notices(settings, quiet)
                sys.exit(EXIT_ERROR)
        _config_notices(settings, quiet)
        sys.exit(EXIT_CLEAN)
    mode = "fix" if fix else "diff" if diff else "check"
    options = Options(
        mode=mode,
        unsafe=unsafe_fixes,
        report_unused=report_unused_disables,
        # html and the full text output quote the copy
        keep_source=fmt == "html" or (fmt == "text" and output_format == "full"),
    )
    # the nearest configuration above each file applies to it (l2lint/configdiscovery.py)
    try:
        groups = plan_groups(list(paths) or ["."], settings, not (config_path or isolated))
    except ConfigError as exc:
        _fail(str(exc))
    run_executor, executor_errors = _executor(
        executor or settings.executor, scheduler or settings.scheduler
    )
    stream = _JsonlStream(output_file) if fmt == "jsonl" and mode == "check" else None
    rules = {}
    ran: dict[str, frozenset[str]] = {}  # file checked -> the rule codes that ran on it
    outcome = None
    said: set[str] = set()
    excludes_used: set[str] = set()  # the --exclude globs that matched a path
    written = [0]  # files --fix has written so far, told if the run is interrupted

    def count_written(done, total, item, result) -> None:
        written[0] += bool(result.fixed)

    for group in groups:
        group_settings, group_rules, group_linter = settings, rule_set, linter
        if not group.root:
            try:
                group_settings = settings_for(group.config, overrides, settings)
            except ConfigError as exc:
                _fail(str(exc))
            group_rules, group_linter = prepare(group_settings)
        group_options = replace(options)
        if not no_cache and mode == "check":
            group_options.cache = cache_for(group_settings, group_linter, report_unused_disables)
            notice = group_options.cache.notice
            if notice and not quiet and notice not in said:  # once, not once per group
                said.add(notice)
                _say(f"notice: {notice}")
        rules.update(group_rules.by_code())
        excludes = exclude_globs_of(group_settings)
        try:
            with stop_on_sigterm(), scan_meter(enabled=not quiet) as meter:
                part = run_paths(
                    group.paths,
                    group_linter,
                    group_options,
                    extensions=group_settings.extensions,
                    exclude=excludes,
                    respect_gitignore=group_settings.respect_gitignore,
                    per_file_ignores=PerFileIgnores(
                        group_settings.per_file_ignores, group_settings.root
                    ),
                    jobs=jobs,  # None: as many as the cores, when the scan is big enough
                    executor=run_executor,
                    on_result=_both(meter, stream, count_written if mode == "fix" else None),
                    stdin_filename=stdin_filename,
                )
        except executor_errors as exc:
            _fail(str(exc))
        except KeyboardInterrupt as exc:  # SIGINT, or SIGTERM (`run.Stopped`)
            late = getattr(exc, "unreported", [])  # finished in a worker, not yet reported
            _interrupted(
                exc, written[0] + sum(bool(r.fixed) for r in late) if mode == "fix" else None
            )
        excludes_used.update(excludes.used)
        group_ignores = PerFileIgnores(group_settings.per_file_ignores, group_settings.root)
        group_codes = frozenset(r.code for r in group_linter.rules)
        ran_codes: dict[tuple[str, ...], frozenset[str]] = {}  # by the codes ignored
        for path in part.files:
            off = tuple(group_ignores.ignored_codes(path))
            codes = ran_codes.get(off)
            if codes is None:
                codes = ran_codes[off] = frozenset(c for c in group_codes if not c.startswith(off))
            ran[path] = codes
        if outcome is None:
            outcome = part
        else:
            outcome.merge(part)
    if stream is not None:
        stream.close()
    assert outcome is not None  # plan_groups returns at least one group
    from l2lint.writer import remove_stale_temps_near

    remove_stale_temps_near(ran)  # what a killed --fix left beside the files (writer.py)
    from l2lint.skipreport import skipped_notice

    _config_notices(settings, quiet)
    skipped = skipped_notice(outcome.skipped)
    unused = [  # a negation ("!...") only re-includes: it need not match
        f"--exclude {g!r} matched no file or folder"
        for g in exclude_globs
        if g not in excludes_used and not g.startswith("!")
    ]
    for line in [*outcome.notices, *([skipped] if skipped else []), *unused]:
        if not quiet:
            _say(f"notice: {line}")
    for error in outcome.errors:
        kind = "notice" if error.skipped_binary else "error"
        if verbose and error.detail:
            for detail in error.detail.rstrip("\n").split("\n"):
                click.echo(printable(detail), err=True)
        if not (quiet and error.skipped_binary):
            _say(f"{kind}: {error}")
    if not outcome.files:
        click.echo(
            "l2lint: warning: no file was checked"
            + ("" if allow_empty else " (exit 2; --allow-empty accepts this)"),
            err=True,
        )
    if outcome.stdout_text is not None:  # --fix on stdin: the fixed text is the output
        click.echo(outcome.stdout_text, nl=False)
    elif mode == "diff":  # a machine-readable report keeps stdout unless it goes to -o
        to_file = bool(output_file) and output_file != "-"
        _echo_diff("".join(outcome.diffs), err=fmt != "text" and not to_file)
    if write_baseline_path:
        _write_baseline(write_baseline_path, outcome, quiet)
        unreadable = any(not e.skipped_binary for e in outcome.errors)
        sys.exit(EXIT_ERROR if unreadable else EXIT_CLEAN)
    stale: list = []
    baselined = len(outcome.findings)
    if baseline_path:
        stale = _apply_baseline(baseline_path, prune_baseline, outcome, ran, quiet)
    baselined -= len(outcome.findings)
    report = outcome.report(
        rules,
        fail_on=settings.fail_on,
        stale=stale,
        baselined=baselined,
        extensions=settings.extensions,
        exit_zero=exit_zero,
    )
    colored = False
    if mode == "diff" and fmt == "text":
        # the diff, then every finding --fix would leave (as --fix reports them)
        report.fixed = report.fixed_files = 0
        text = ""
        if outcome.findings:
            text = render(
                fmt, report, statistics=statistics, output_format=output_format, quiet=quiet
            )
        if not quiet:
            text += f"{len(outcome.diffs)} file(s) would be changed.\n"
    else:
        from l2lint.report.text import color_enabled

        isatty = output_file in (None, "-") and sys.stdout.isatty()
        colored = fmt == "text" and color_enabled(color, isatty)
        text = render(
            fmt,
            report,
            color=colored,
            statistics=statistics,
            output_format=output_format,
            quiet=quiet,
        )
        if stream is not None:
            text = ""  # already written, file by file
        elif fmt == "text" and not outcome.files:
            text = ""  # no "No findings." when nothing was checked: the warning says it
    if stream is None:
        _emit(text, output_file, to_stderr=outcome.stdout_text is not None, color=colored)
    sys.exit(outcome.exit_code(settings.fail_on, exit_zero, mode, allow_empty))


def _check_outputs(outputs: list, checked: Iterable[str] = ()) -> None:
    """Stop (exit 2) before any work when a file to write is a link or not a regular
    file (`outputfile.check_output_path`), or is one of the files named to be checked
    (`checked`: a report or baseline written over the copy would destroy it);
    `outputs` holds (path or None, what) pairs."""
    from l2lint.outputfile import check_output_path

    named = {os.path.realpath(p) for p in checked if p != "-" and os.path.isfile(p)}
    for path, what in outputs:
        if path and path != "-":
            if os.path.realpath(path) in named:
                _fail(f"{path}: cannot write {what}: it is one of the files to check")
            try:
                check_output_path(path)
            except OSError as exc:
                _fail(f"{path}: cannot write {what}: {exc.strerror or exc}")


def _write_baseline(path: str, outcome, quiet: bool) -> None:
    from l2lint.baseline import BaselineError, write_baseline

    try:
        baseline = write_baseline(path, outcome.findings)
    except BaselineError as exc:
        _fail(str(exc))
    if not quiet:
        n = len(baseline.entries)
        _say(f"wrote {n} finding{'' if n == 1 else 's'} to baseline {path}")


def _entries(n: int) -> str:
    return f"{n} {'entry' if n == 1 else 'entries'}"


def _apply_baseline(path: str, prune: bool, outcome, ran: dict, quiet: bool) -> list:
    """Drop the findings the baseline knows from `outcome`; return its stale entries.

    `ran`: each file checked -> the rule codes that ran on it (only those can be stale)."""
    from l2lint.baseline import BaselineError, apply_baseline, load_baseline, prune_baseline

    try:
        baseline = load_baseline(path)
        applied = apply_baseline(baseline, outcome.findings, ran)
        removed = prune_baseline(baseline, applied.stale) if prune else 0
    except BaselineError as exc:
        _fail(str(exc))
    outcome.findings = applied.new
    if not quiet:
        for entry in applied.stale:
            state = "removed" if prune else "no longer occurs"
            _say(f"notice: baseline {path}: {entry.path}: {entry.code} '{entry.found}' {state}")
        if applied.stale and not prune:
            one = len(applied.stale) == 1
            _say(
                f"notice: {_entries(len(applied.stale))} of baseline {path} no longer "
                f"occur{'s' if one else ''}; --prune-baseline removes {'it' if one else 'them'}"
            )
        if removed:
            _say(f"removed {_entries(removed)} from baseline {path}")
    return [] if prune else applied.stale


def _executor(name: str, scheduler: str | None) -> tuple:
    """The `run.Executor` for --executor (None: the local pool) and the errors it raises
    for a cluster that cannot be used; exits 2 when Dask is not installed."""
    if name != "dask":
        if scheduler:
            _fail("--scheduler needs --executor dask")
        return None, ()
    import functools
    import importlib.util

    if importlib.util.find_spec("distributed") is None:
        _fail("--executor dask needs Dask: pip install 'l2lint[dask]'")
    from l2lint.dask_executor import ExecutorError, dask_map

    return functools.partial(dask_map, scheduler=scheduler), ExecutorError


class _JsonlStream:
    """`--format jsonl` written file by file as results arrive (`report.jsonl`)."""

    def __init__(self, output_file: str | None):
        self.path = output_file
        self.handle = None
        self._replacing = None
        if output_file and output_file != "-":
            import io

            from l2lint.outputfile import replacing

            self._replacing = replacing(output_file)
            try:
                raw = self._replacing.__enter__()
            except OSError as exc:
                _fail(f"{output_file}: cannot write report: {exc.strerror or exc}")
            self.handle = io.TextIOWrapper(raw, encoding="utf-8", write_through=True)

    def __call__(self, done, total, item, result) -> None:
        from l2lint.report.jsonl import finding_lines

        text = finding_lines(sorted(result.findings, key=lambda f: f.sort_key))
        if not text:
            return
        if self.handle is not None:
            self.handle.write(text)
            self.handle.flush()
        else:
            click.echo(text, nl=False)
            sys.stdout.flush()

    def close(self) -> None:
        """Put the report in place (see `outputfile.replacing`)."""
        if self._replacing is not None and self.handle is not None:
            self.handle.flush()
            self.handle.detach()  # the binary handle is closed by `replacing`
            try:
                self._replacing.__exit__(None, None, None)
            except OSError as exc:
                _fail(f"{self.path}: cannot write report: {exc.strerror or exc}")


def _both(*callbacks):
    """One `run.OnResult` calling each callback that is not None (None if none is)."""
    present = [c for c in callbacks if c is not None]
    if not present:
        return None

    def call(done, total, item, result) -> None:
        for callback in present:
            callback(done, total, item, result)

    return call


def _emit(text: str, output_file: str | None, to_stderr: bool = False, color: bool = False) -> None:
    """Write the report to `output_file` ("-" or None: standard output)."""
    if output_file and output_file != "-":
        from l2lint.outputfile import write_output

        try:
            write_output(output_file, text.encode("utf-8", "surrogateescape"))
        except OSError as exc:
            _fail(f"{output_file}: cannot write report: {exc.strerror or exc}")
        return
    # click strips ANSI codes off a pipe unless told the colour is wanted
    click.echo(text, nl=False, err=to_stderr, color=color or None)


@cli.command("rules")
@click.option(
    "--rules", "rules_paths", multiple=True, type=click.Path(), help="An extra rule pack."
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def rules_command(rules_paths, fmt) -> None:
    """List every rule: code, severity, fix, name and pack."""
    import json

    rule_set = _load(rules_paths)
    rows = [
        {
            "code": r.code,
            "name": r.name,
            "severity": r.severity.value,
            "fix": r.fixable,
            "type": r.type,
            "pack": r.pack.name,
        }
        for r in rule_set.rules
    ]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    header = f"{'CODE':<6} {'SEVERITY':<10} {'FIX':<7} {'TYPE':<9} {'NAME':<34} PACK"
    click.echo(header)
    for row in rows:
        click.echo(
            printable(
                f"{row['code']:<6} {row['severity']:<10} {row['fix']:<7} {row['type']:<9} "
                f"{row['name']:<34} {row['pack']}"
            )
        )


@cli.command()
@click.argument("code")
@click.option(
    "--rules", "rules_paths", multiple=True, type=click.Path(), help="An extra rule pack."
)
def explain(code, rules_paths) -> None:
    """Explain one rule: why it exists, examples and its fix."""
    from l2lint.ruledocs import explain_text, rule_docs

    rule_set = _load(rules_paths)
    doc = rule_docs(rule_set).get(code.upper())
    if doc is None:
        _fail(f"unknown rule code {code!r} (see `l2lint rules`)")
        return
    # a pack's texts are shown, never obeyed: controls escaped line by line (#22)
    text = "\n".join(printable(line, keep="\t") for line in explain_text(doc).split("\n"))
    click.echo(text, nl=False)


@cli.command("test-rules")
@click.argument("packs", nargs=-1, type=click.Path())
@click.option("-v", "--verbose", is_flag=True, help="List every example, not only failures.")
def test_rules(packs, verbose) -> None:
    """Run every example of the built-in packs, or of the given pack files."""
    from pathlib import Path

    from l2lint.packs import PackError, builtin_pack_paths, load_pack
    from l2lint.packtests import run_pack_examples

    paths = [Path(p) for p in packs] or builtin_pack_paths()
    passed = failed = 0
    for path in paths:
        try:
            pack = load_pack(path)
        except PackError as exc:
            _fail(f"invalid rule pack: {exc}")
        for result in run_pack_examples(pack):
            if result.problem is None:
                passed += 1
                if verbose:
                    click.echo(printable(f"PASS {path}: {result.label}"))
            else:
                failed += 1
                line = f"FAIL {path}:{result.rule.line}: {result.label}: {result.problem}"
                click.echo(printable(line))
    click.echo(f"{passed} passed, {failed} failed")
    sys.exit(EXIT_FINDINGS if failed else EXIT_CLEAN)


def _interrupted(exc: KeyboardInterrupt, fixed: int | None = None) -> None:
    """SIGINT (exit 130), or SIGTERM during a run (`run.Stopped`, exit 143); with --fix,
    `fixed` is the number of files written before the stop."""
    from l2lint.run import Stopped

    before = ""
    if fixed is not None:
        before = f"{fixed} file{' was' if fixed == 1 else 's were'} fixed before the stop; "
    click.echo(f"l2lint: interrupted; {before}no further file was checked or written", err=True)
    sys.exit(143 if isinstance(exc, Stopped) else 130)


@cli.command()
@click.option(
    "--stdio",
    is_flag=True,
    expose_value=False,
    help="Speak over standard input/output: the only transport, so the default; "
    "accepted for editor clients that pass it.",
)
def server() -> None:
    """Run the language server (LSP) for editors, over standard input/output."""
    from l2lint.lsp.server import serve

    serve()


def main() -> None:
    """Run the CLI; a bug prints one line asking to report it (traceback with --verbose)."""
    try:
        cli(prog_name="l2lint", standalone_mode=False)
    except click.exceptions.Abort as exc:
        if isinstance(exc.__cause__, KeyboardInterrupt):  # click wraps SIGINT (and SIGTERM)
            _interrupted(exc.__cause__)
        click.echo("l2lint: aborted", err=True)
        sys.exit(EXIT_ERROR)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_ERROR)
    except SystemExit:
        raise
    except KeyboardInterrupt as exc:
        _interrupted(exc)
    except BrokenPipeError:
        sys.exit(EXIT_FINDINGS)
    except Exception as exc:  # a bug in l2lint, not bad input
        if "-v" in sys.argv or "--verbose" in sys.argv:
            import traceback

            traceback.print_exc()
        click.echo(
            f"l2lint: internal error: {type(exc).__name__}: {exc}. This is a bug in l2lint; "
            "please report it with the command you ran (--verbose shows the traceback).",
            err=True,
        )
        sys.exit(EXIT_ERROR)


def entry() -> None:
    """The `l2lint` command and `python -m l2lint`: `main`, then the process ends.

    Before it ends, every object goes to the garbage collector's permanent generation
    (`gc.freeze`), so the interpreter's last collections do not walk the objects spaCy
    made: 0.1 s of CPU, an eighth of a cold start with a claim. Exit handlers and module
    teardown still run; cyclic garbage is left to the operating system."""
    try:
        main()
    finally:
        import gc

        gc.freeze()


if __name__ == "__main__":
    entry()
