"""The `l2lint` command line: check, rules, explain, test-rules, server."""

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
    report_unused_disables,
    output_file,
    stdin_filename,
    jobs,
    executor,
    scheduler,
    no_cache,
    quiet,
    allow_empty,
    verbose,
) -> None:
    """Check files and folders (recursively) for brand-guide violations.

    PATH may be '-' to read standard input. Exit codes: 0 no findings,
    1 findings, 2 usage error, unreadable input or invalid rule pack.
    """
    from l2lint.cache import cache_for
    from l2lint.config import ConfigError, apply_flags, check_codes, load_settings
    from l2lint.engine import Linter
    from l2lint.filecheck import Options
    from l2lint.pathfilter import GlobSet, PerFileIgnores
    from l2lint.report import Report, render
    from l2lint.run import default_jobs, run_paths, stop_on_sigterm
    from l2lint.scanprogress import scan_meter

    if fix and diff:
        _fail("--fix and --diff cannot be combined")
    try:
        settings = load_settings(config_path, isolated)
        apply_flags(settings, select, ignore, extend_select, extensions, ascii_mode, fail_on)
        rule_set = _load(tuple(settings.rules) + tuple(rules_paths))
        check_codes(settings, [r.code for r in rule_set.rules])
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
    mode = "fix" if fix else "diff" if diff else "check"
    options = Options(
        mode=mode,
        unsafe=unsafe_fixes,
        report_unused=report_unused_disables,
        keep_source=fmt == "html",
    )
    if not no_cache and mode == "check":
        options.cache = cache_for(settings, linter, report_unused_disables)
    run_executor, executor_errors = _executor(
        executor or settings.executor, scheduler or settings.scheduler
    )
    stream = _JsonlStream(output_file) if fmt == "jsonl" and mode == "check" else None
    try:
        with stop_on_sigterm(), scan_meter(enabled=not quiet) as meter, _closing(stream):
            outcome = run_paths(
                list(paths) or ["."],
                linter,
                options,
                extensions=settings.extensions,
                exclude=GlobSet(settings.exclude, settings.root),
                per_file_ignores=PerFileIgnores(settings.per_file_ignores, settings.root),
                jobs=jobs or default_jobs(),
                stdin_filename=stdin_filename,
                executor=run_executor,
                on_result=_both(meter, stream),
            )
    except executor_errors as exc:
        _fail(str(exc))
    for line in outcome.notices:
        if not quiet:
            click.echo(f"l2lint: notice: {line}", err=True)
    for error in outcome.errors:
        kind = "notice" if error.skipped_binary else "error"
        if verbose and error.detail:
            click.echo(error.detail.rstrip("\n"), err=True)
        if not (quiet and error.skipped_binary):
            click.echo(f"l2lint: {kind}: {error}", err=True)
    if not outcome.files:
        click.echo(
            "l2lint: warning: no file was checked"
            + ("" if allow_empty else " (exit 2; --allow-empty accepts this)"),
            err=True,
        )
    if outcome.stdout_text is not None:  # --fix on stdin: the fixed text is the output
        click.echo(outcome.stdout_text, nl=False)
    elif mode == "diff":
        click.echo("".join(outcome.diffs), nl=False)
    report = Report(
        outcome.findings,
        outcome.files,
        rule_set.by_code(),
        outcome.fixed,
        outcome.fixed_files,
        outcome.sources,
    )
    if mode == "diff" and fmt == "text":
        text = f"{len(outcome.diffs)} file(s) would be changed.\n" if not quiet else ""
    else:
        to_terminal = output_file is None and sys.stdout.isatty()
        text = render(fmt, report, color=to_terminal, statistics=statistics)
        if stream is not None:
            text = ""  # already written, file by file
        elif quiet and fmt == "text":
            text = "".join(line + "\n" for line in text.splitlines()[: len(outcome.findings)])
        elif fmt == "text" and not outcome.files:
            text = ""  # no "No findings." when nothing was checked: the warning says it
    if stream is None:
        _emit(text, output_file, to_stderr=outcome.stdout_text is not None)
    sys.exit(outcome.exit_code(settings.fail_on, exit_zero, mode, allow_empty))


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
        if output_file:
            try:
                self.handle = open(output_file, "w", encoding="utf-8")  # noqa: SIM115
            except OSError as exc:
                _fail(f"{output_file}: cannot write report: {exc.strerror or exc}")

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
        if self.handle is not None:
            self.handle.close()


def _closing(stream):
    import contextlib

    return contextlib.closing(stream) if stream is not None else contextlib.nullcontext()


def _both(*callbacks):
    """One `run.OnResult` calling each callback that is not None (None if none is)."""
    present = [c for c in callbacks if c is not None]
    if not present:
        return None

    def call(done, total, item, result) -> None:
        for callback in present:
            callback(done, total, item, result)

    return call


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


def _interrupted(exc: KeyboardInterrupt) -> None:
    """SIGINT (exit 130), or SIGTERM during a run (`run.Stopped`, exit 143)."""
    from l2lint.run import Stopped

    click.echo("l2lint: interrupted; no further file was checked or written", err=True)
    sys.exit(143 if isinstance(exc, Stopped) else 130)


@cli.command()
@click.option("--stdio", is_flag=True, help="Speak over standard input/output (the default).")
def server(stdio) -> None:
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


if __name__ == "__main__":
    main()
