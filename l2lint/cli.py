"""The `l2lint` command line: check, rules, explain, test-rules."""

from __future__ import annotations

import sys

import click

from l2lint import __version__
from l2lint.report import FORMATS

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _fail(message: str) -> None:
    click.echo(f"l2lint: {message}", err=True)
    sys.exit(EXIT_ERROR)


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
    "--report-unused-disables",
    is_flag=True,
    help="Report suppression comments that suppressed nothing (L001).",
)
@click.option("-o", "--output-file", type=click.Path(dir_okay=False), help="Write the report here.")
@click.option(
    "--stdin-filename", default=None, help="Name for text read from '-' (chooses the reader)."
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes for large scans (default: the number of cores).",
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
@click.option(
    "--show-files", is_flag=True, help="List the files a check would read, and what it skips."
)
@click.option("-q", "--quiet", is_flag=True, help="Print findings only: no summary, no notices.")
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
    report_unused_disables,
    output_file,
    stdin_filename,
    jobs,
    no_cache,
    exclude_globs,
    no_respect_gitignore,
    show_files,
    quiet,
    verbose,
) -> None:
    """Check files and folders (recursively) for brand-guide violations.

    PATH may be '-' to read standard input. Exit codes: 0 no findings,
    1 findings, 2 usage error, unreadable input or invalid rule pack.
    """
    from l2lint.config import ConfigError, check_codes, load_settings, parse_extensions
    from l2lint.engine import Linter
    from l2lint.finding import Severity
    from l2lint.pipeline import Options
    from l2lint.report import Report, render
    from l2lint.run import run_check
    from l2lint.selection import split_codes

    if fix and diff:
        _fail("--fix and --diff cannot be combined")
    try:
        settings = load_settings(config_path, isolated)
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
        settings.cli_exclude = list(exclude_globs)
        settings.respect_gitignore = not no_respect_gitignore
        if show_files:
            _show_files(list(paths) or ["."], settings)
        rule_set = _load(tuple(settings.rules) + tuple(rules_paths))
        known = [r.code for r in rule_set.rules]
        check_codes(settings, known)
    except ConfigError as exc:
        _fail(str(exc))
    linter = Linter(
        rule_set,
        select=settings.select,
        ignore=settings.ignore,
        extend_select=settings.extend_select,
        ascii_mode=settings.ascii,
        severity_overrides=settings.severity,
    )
    from l2lint.parallel import default_jobs
    from l2lint.progress import progress_bar

    mode = "fix" if fix else "diff" if diff else "check"
    options = Options(
        mode=mode,
        unsafe=unsafe_fixes,
        report_unused=report_unused_disables,
        keep_source=fmt == "html",
    )
    if not no_cache and mode == "check":
        options.cache = _cache(settings, rule_set, linter, report_unused_disables)
    with progress_bar(enabled=not quiet) as progress:
        outcome = run_check(
            list(paths) or ["."],
            linter,
            settings,
            options,
            stdin_filename,
            jobs=jobs or default_jobs(),
            progress=progress,
        )
    from l2lint.skipreport import skipped_notice

    skipped = skipped_notice(outcome.skipped)
    for line in [*outcome.notices, *([skipped] if skipped else [])]:
        if not quiet:
            click.echo(f"l2lint: notice: {line}", err=True)
    for error in outcome.errors:
        kind = "notice" if error.skipped_binary else "error"
        if not (quiet and error.skipped_binary):
            click.echo(f"l2lint: {kind}: {error}", err=True)
    if outcome.stdout_text is not None:  # --fix on stdin: the fixed text is the output
        click.echo(outcome.stdout_text, nl=False)
    elif mode == "diff":
        click.echo("".join(outcome.diffs), nl=False)
    rules = rule_set.by_code()
    report = Report(
        outcome.findings, outcome.files, rules, outcome.fixed, outcome.fixed_files, outcome.sources
    )
    if mode == "diff" and fmt == "text":
        text = f"{len(outcome.diffs)} file(s) would be changed.\n" if not quiet else ""
    else:
        to_terminal = output_file is None and sys.stdout.isatty()
        text = render(fmt, report, color=to_terminal, statistics=statistics)
        if quiet and fmt == "text":
            text = "".join(line + "\n" for line in text.splitlines()[: len(outcome.findings)])
    _emit(text, output_file, to_stderr=outcome.stdout_text is not None)
    sys.exit(outcome.exit_code(settings.fail_on, exit_zero, mode))


def _show_files(paths: list[str], settings) -> None:
    """--show-files: list what a check would read and skip, then exit (2: a missing input)."""
    from l2lint.api import collect_inputs
    from l2lint.run import exclude_globs
    from l2lint.skipreport import show_files

    skipped: list = []
    inputs, missing = collect_inputs(
        [p for p in paths if p != "-"],
        settings.extensions,
        exclude_globs(settings),
        settings.respect_gitignore,
        skipped,
    )
    click.echo(show_files(inputs, skipped), nl=False)
    for error in missing:
        click.echo(f"l2lint: error: {error}", err=True)
    sys.exit(EXIT_ERROR if missing else EXIT_CLEAN)


def _cache(settings, rule_set, linter, report_unused: bool):
    """The results cache, keyed by everything that changes what a file yields."""
    from pathlib import Path

    from l2lint.cache import ResultCache, fingerprint

    packs = []
    for pack in rule_set.packs:
        try:
            packs.append(Path(pack.path).read_bytes())
        except OSError:
            packs.append(pack.path.encode())
    config = fingerprint(
        packs,
        [r.code for r in linter.rules],
        settings.ascii,
        sorted(settings.severity.items()),
        sorted(settings.per_file_ignores.items()),
        report_unused,
        sorted(settings.extensions.items()),
    )
    return ResultCache(settings.root, config)


def _emit(text: str, output_file: str | None, to_stderr: bool = False) -> None:
    if output_file:
        try:
            with open(output_file, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as exc:
            _fail(f"{output_file}: cannot write report: {exc.strerror or exc}")
        return
    click.echo(text, nl=False, err=to_stderr)


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
            f"{row['code']:<6} {row['severity']:<10} {row['fix']:<7} {row['type']:<9} "
            f"{row['name']:<34} {row['pack']}"
        )


@cli.command()
@click.argument("code")
@click.option(
    "--rules", "rules_paths", multiple=True, type=click.Path(), help="An extra rule pack."
)
def explain(code, rules_paths) -> None:
    """Explain one rule: why it exists, examples and its fix."""
    rule_set = _load(rules_paths)
    rule = rule_set.by_code().get(code.upper())
    if rule is None:
        _fail(f"unknown rule code {code!r} (see `l2lint rules`)")
    click.echo(
        f"{rule.code} {rule.name} ({rule.severity.value}, {rule.type} rule, pack {rule.pack.name})"
    )
    if rule.summary:
        click.echo(rule.summary)
    click.echo("")
    click.echo(rule.rationale or "(no rationale given)")
    click.echo("")
    click.echo(f"Fix: {rule.fixable}")
    invalid = [e for e in rule.examples if not e.valid]
    valid = [e for e in rule.examples if e.valid]
    if invalid:
        click.echo("\nWrong:")
        for ex in invalid:
            click.echo(f"  {ex.text}")
            if ex.fixed:
                click.echo(f"    fixed: {ex.fixed}")
    if valid:
        click.echo("\nRight:")
        for ex in valid:
            click.echo(f"  {ex.text}")


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
                    click.echo(f"PASS {path}: {result.label}")
            else:
                failed += 1
                click.echo(f"FAIL {path}:{result.rule.line}: {result.label}: {result.problem}")
    click.echo(f"{passed} passed, {failed} failed")
    sys.exit(EXIT_FINDINGS if failed else EXIT_CLEAN)


def main() -> None:
    """Run the CLI; a bug prints one line asking to report it (traceback with --verbose)."""
    try:
        cli(prog_name="l2lint", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("l2lint: aborted", err=True)
        sys.exit(EXIT_ERROR)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_ERROR)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
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


if __name__ == "__main__":
    main()
