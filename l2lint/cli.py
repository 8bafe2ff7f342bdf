"""The `l2lint` command line: check, rules, explain, test-rules."""

from __future__ import annotations

import sys

import click

from l2lint import __version__

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
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@click.option("--select", multiple=True, help="Only these rule codes or prefixes (e.g. T,B2).")
@click.option("--ignore", multiple=True, help="Skip these rule codes or prefixes.")
@click.option("--rules", "rules_paths", multiple=True, type=click.Path(),
              help="An extra rule pack (YAML file or folder); repeatable.")
@click.option("--stdin-filename", default=None, help="Name for text read from '-' (chooses the reader).")
@click.option("--statistics", is_flag=True, help="Also print counts per rule.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary or notices.")
def check(paths, fmt, select, ignore, rules_paths, stdin_filename, statistics, exit_zero, quiet) -> None:
    """Check files and folders (recursively) for brand-guide violations.

    PATH may be '-' to read standard input. Exit codes: 0 no findings,
    1 findings, 2 usage error, unreadable input or invalid rule pack.
    """
    from l2lint.engine import Linter
    from l2lint.report import Report, render
    from l2lint.run import run_check
    from l2lint.selection import split_codes, unknown_selectors

    rule_set = _load(rules_paths)
    select_codes, ignore_codes = split_codes(select), split_codes(ignore)
    bad = unknown_selectors(select_codes + ignore_codes, [r.code for r in rule_set.rules])
    if bad:
        _fail(f"unknown rule code or prefix: {', '.join(bad)} (see `l2lint rules`)")
    linter = Linter(rule_set, select=select_codes, ignore=ignore_codes)
    outcome = run_check(list(paths) or ["."], linter, stdin_filename=stdin_filename)
    for line in outcome.messages:
        if not quiet or line.startswith("error"):
            click.echo(f"l2lint: {line}", err=True)
    report = Report(outcome.findings, outcome.files, rule_set.by_code())
    output = render(fmt, report, color=sys.stdout.isatty(), statistics=statistics)
    if quiet and fmt == "text":
        output = "".join(line + "\n" for line in output.splitlines()[: len(outcome.findings)])
    click.echo(output, nl=False)
    sys.exit(outcome.exit_code(exit_zero))


@cli.command("rules")
@click.option("--rules", "rules_paths", multiple=True, type=click.Path(), help="An extra rule pack.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_command(rules_paths, fmt) -> None:
    """List every rule: code, severity, fix, name and pack."""
    import json

    rule_set = _load(rules_paths)
    rows = [
        {"code": r.code, "name": r.name, "severity": r.severity.value, "fix": r.fixable,
         "type": r.type, "pack": r.pack.name}
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
@click.option("--rules", "rules_paths", multiple=True, type=click.Path(), help="An extra rule pack.")
def explain(code, rules_paths) -> None:
    """Explain one rule: why it exists, examples and its fix."""
    rule_set = _load(rules_paths)
    rule = rule_set.by_code().get(code.upper())
    if rule is None:
        _fail(f"unknown rule code {code!r} (see `l2lint rules`)")
    click.echo(f"{rule.code} {rule.name} ({rule.severity.value}, {rule.type} rule, pack {rule.pack.name})")
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
    cli(prog_name="l2lint")


if __name__ == "__main__":
    main()
