"""The default output: `path:line:column: CODE message`, then a summary line."""

from __future__ import annotations

from collections import Counter

import click

from l2lint.finding import Severity
from l2lint.report import Report

_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.SUGGESTION: "cyan"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(report: Report) -> str:
    counts = Counter(f.severity for f in report.findings)
    total = len(report.findings)
    if not total:
        checked = f" in {_plural(len(report.files), 'file')}" if report.files else ""
        return f"No findings{checked}."
    parts = [
        _plural(counts[Severity.ERROR], "error"),
        _plural(counts[Severity.WARNING], "warning"),
        _plural(counts[Severity.SUGGESTION], "suggestion"),
    ]
    line = f"Found {_plural(total, 'finding')} ({', '.join(parts)})"
    safe = sum(1 for f in report.findings if f.fix and f.fix.safe)
    unsafe = sum(1 for f in report.findings if f.fix and not f.fix.safe)
    line += "."
    if safe:
        line += f" {safe} fixable with --fix."
    if unsafe:
        line += f" {unsafe} more with --unsafe-fixes."
    return line


def render_text(report: Report, color: bool = False, statistics: bool = False) -> str:
    lines = []
    for f in report.findings:
        line = f.locus or f.start.line  # .pptx, .pdf: slide/page and paragraph/line
        location = f"{f.path}:{line}:{f.start.column}:"
        code = f.code
        mark = ""
        if f.fix is not None:
            mark = " [*]" if f.fix.safe else " [unsafe fix]"
        if color:
            location = click.style(location, bold=True)
            code = click.style(code, fg=_COLORS[f.severity], bold=True)
        lines.append(f"{location} {code} {f.message}{mark}")
    if statistics and report.findings:
        lines.append("")
        counts = Counter((f.code, f.name) for f in report.findings)
        for (code, name), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"{count:>6}  {code:<6} {name}")
    if report.fixed:
        lines.append(
            f"Fixed {_plural(report.fixed, 'finding')} in {_plural(report.fixed_files, 'file')}."
        )
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
