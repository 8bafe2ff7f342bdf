"""`--format markdown`: every finding as a Markdown table, for CI job summaries.

GitHub shows at most 10 annotations of each kind per step and 50 per job; the GitHub Action
appends this report to `$GITHUB_STEP_SUMMARY` so the job page lists every finding. GitLab
and other systems render it as an artifact. Each row says whether the finding fails the
gate (`--fail-on`), so the table agrees with the exit code.
"""

from __future__ import annotations

from collections import Counter

from l2lint.finding import Severity
from l2lint.report import Report
from l2lint.report.fingerprint import report_path
from l2lint.ruledocs import help_uri

_ORDER = (Severity.ERROR, Severity.WARNING, Severity.SUGGESTION)


def _cell(text: str) -> str:
    """Table-cell text: one line, `|` and Markdown/HTML specials escaped."""
    text = " ".join(text.split())
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    return text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render_markdown(report: Report) -> str:
    """`## l2lint`, a counts line, then one table row per finding (ends with a newline)."""
    lines = ["## l2lint", ""]
    if not report.findings:
        lines.append(f"No findings in {_plural(len(report.files), 'file')}.")
    else:
        counts = Counter(f.severity for f in report.findings)
        failing = sum(1 for f in report.findings if report.fails(f))
        parts = ", ".join(_plural(counts[s], s.value) for s in _ORDER if counts[s])
        lines.append(
            f"{_plural(len(report.findings), 'finding')} ({parts}) in "
            f"{_plural(len({f.path for f in report.findings}), 'file')}; "
            f"{failing} at or above `{report.fail_on.value}` fail the gate."
        )
        lines += ["", "| | severity | location | rule | message |", "|---|---|---|---|---|"]
        for f in report.findings:
            mark = "❌" if report.fails(f) else "ℹ️"
            line = f.locus or f.start.line  # .pptx, .pdf: slide/page and paragraph/line
            location = f"{report_path(f.path)}:{line}:{f.start.column}"
            lines.append(
                f"| {mark} | {f.severity.value} | {_cell(location)} | "
                f"[{f.code}]({help_uri(f.code)}) | {_cell(f.message)} |"
            )
    if report.stale:
        n = len(report.stale)
        entries = (
            "1 baseline entry no longer occurs"
            if n == 1
            else f"{n} baseline entries no longer occur"
        )
        lines += ["", f"{entries}; `l2lint check --baseline FILE --prune-baseline` drops them."]
    return "\n".join(lines) + "\n"
