"""`--format github`: GitHub Actions workflow commands, which become inline annotations on a PR.

One `::error`/`::warning`/`::notice` line per finding and nothing else: any other line would be
noise in the job log, and the exit code already says whether the run failed.
"""

from __future__ import annotations

from l2lint.finding import Finding, Severity
from l2lint.report import Report
from l2lint.report.escape import printable
from l2lint.report.fingerprint import report_path

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "notice"}


def escape_data(value: str) -> str:
    """The message after `::`; unescaped newlines would end the command early."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A `key=value` property; `:` and `,` would otherwise end the value."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    """One GitHub Actions workflow command (`::error`, `::warning` or `::notice`) for a
    finding, with `file`, `line`, `col`, `endLine`, `endColumn` (1-based; columns in
    Unicode characters) and `title`; the message after `::` (GitHub's "Workflow commands
    for GitHub Actions": `%`, CR and LF escaped, and in properties `:` and `,` too)."""
    properties = {
        "file": printable(report_path(finding.path), keep="\r\n"),
        "line": finding.start.line,
        "col": finding.start.column,
        "endLine": finding.end.line,
        "endColumn": finding.end.column,
        "title": f"{finding.code} {finding.name}".strip(),
    }
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    message = f"{finding.locus}: {finding.message}" if finding.locus else finding.message
    return f"::{COMMANDS[finding.severity]} {props}::{escape_data(message)}"


def render_github(report: Report) -> str:
    """The `--format github` output: one annotation line per finding, each ending in "\\n"."""
    return "".join(annotation(f) + "\n" for f in report.findings)
