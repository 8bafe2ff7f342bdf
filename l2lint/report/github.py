"""`--format github`: GitHub Actions workflow commands, which become inline annotations on a PR.

One `::error`/`::warning`/`::notice` line per finding and nothing else: any other line would be
noise in the job log, and the exit code already says whether the run failed.
"""

from __future__ import annotations

from l2lint.finding import Finding, Severity
from l2lint.report import Report
from l2lint.report.escape import has_unprintable, printable
from l2lint.report.fingerprint import report_path

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "notice"}


def escape_data(value: str) -> str:
    """The message after `::`; unescaped newlines would end the command early."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A `key=value` property; `:` and `,` would otherwise end the value."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def file_property(path: str) -> str | None:
    """The `file=` value naming `path` for GitHub (POSIX, relative; `report_path`) before
    GitHub's own %-escaping, or None when the name holds a character `escape.printable`
    would escape (a control character, tab or line break, a bidirectional formatting
    character, a line separator, a byte that is not UTF-8): raw, it would show in the log
    as something else (ESC drives the log viewer's ANSI colours, U+202E reverses the
    name), and a backslash escape would name another file (#22)."""
    name = report_path(path)
    return None if has_unprintable(name) else name


def annotation(finding: Finding) -> str:
    """One GitHub Actions workflow command (`::error`, `::warning` or `::notice`) for a
    finding, with `file`, `line`, `col`, `endLine`, `endColumn` (1-based; columns in
    Unicode characters) and `title`; the message after `::` (GitHub's "Workflow commands
    for GitHub Actions": `%`, CR and LF escaped, and in properties `:` and `,` too).

    `file` is the real name with GitHub's escaping only; a name that would not show as
    itself (`file_property`) is left out and the message starts with the name made visible
    (`escape.printable`) and "(file name not representable)". Messages and titles show
    control and bidirectional-formatting characters as visible escapes (`printable`;
    line breaks stay, %-escaped).
    """
    name = file_property(finding.path)
    properties: dict[str, object] = {
        "file": name,
        "line": finding.start.line,
        "col": finding.start.column,
        "endLine": finding.end.line,
        "endColumn": finding.end.column,
        "title": printable(f"{finding.code} {finding.name}".strip()),
    }
    props = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in properties.items()
        if value is not None
    )
    message = f"{finding.locus}: {finding.message}" if finding.locus else finding.message
    if name is None:
        shown = printable(report_path(finding.path))
        message = f"{shown} (file name not representable): {message}"
    message = printable(message, keep="\r\n")
    return f"::{COMMANDS[finding.severity]} {props}::{escape_data(message)}"


def render_github(report: Report) -> str:
    """The `--format github` output: one annotation line per finding, each ending in "\\n"."""
    return "".join(annotation(f) + "\n" for f in report.findings)
