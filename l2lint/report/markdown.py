"""`--format markdown`: every finding as a Markdown table, for CI job summaries.

GitHub shows at most 10 annotations of each kind per step and 50 per job; the GitHub Action
appends this report to `$GITHUB_STEP_SUMMARY` so the job page lists every finding. GitLab
and other systems render it as an artifact. Each row says whether the finding fails the
gate (`--fail-on`), so the table agrees with the exit code; inputs that could not be read
are listed, since they fail the run (exit 2) whatever the findings.

GitHub accepts at most 1 MiB of job summary per step
(https://docs.github.com/en/actions/using-workflows/workflow-commands-for-github-actions#step-isolation-and-limits),
so the table holds at most `MAX_ROWS` findings; beyond that the report gives counts per
file and per rule instead (each list cut at `MAX_ROWS` lines), and says so. The report
starts with `<!-- l2lint-disable-file -->`, so l2lint never lints its own report.
"""

from __future__ import annotations

from collections import Counter

from l2lint.finding import Severity
from l2lint.report import Report
from l2lint.report.escape import printable
from l2lint.report.fingerprint import report_path
from l2lint.ruledocs import help_uri

_ORDER = (Severity.ERROR, Severity.WARNING, Severity.SUGGESTION)
DIRECTIVE = "<!-- l2lint-disable-file -->"
MAX_ROWS = 1000  # table rows; a row is at most a few hundred bytes, so well under 1 MiB
MAX_CELL = 300  # characters of a message or path cell


def _cell(text: str) -> str:
    """Table-cell text: one line, `|` and Markdown/HTML specials escaped."""
    text = printable(" ".join(text.split()))
    if len(text) > MAX_CELL:
        text = text[: MAX_CELL - 1] + "…"
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    return text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render_markdown(report: Report) -> str:
    """The directive, `## l2lint`, a counts line, inputs that could not be read, then one
    table row per finding up to `MAX_ROWS` (counts per file and rule beyond). Ends with a
    newline."""
    lines = [DIRECTIVE, "", "## l2lint", ""]
    if not report.findings:
        clean = f"No findings in {_plural(len(report.files), 'file')}"
        if report.errors:  # not a clean run: the gate fails (exit 2)
            clean += f" checked; {_plural(len(report.errors), 'input')} could not be read"
        lines.append(clean + ".")
    else:
        counts = Counter(f.severity for f in report.findings)
        failing = sum(1 for f in report.findings if report.fails(f))
        parts = ", ".join(_plural(counts[s], s.value) for s in _ORDER if counts[s])
        gate = (
            f"{failing} at or above `{report.fail_on.value}` (the gate is off: `--exit-zero`)."
            if report.exit_zero
            else f"{failing} at or above `{report.fail_on.value}` fail the gate."
        )
        lines.append(
            f"{_plural(len(report.findings), 'finding')} ({parts}) in "
            f"{_plural(len({f.path for f in report.findings}), 'file')}"
            f" of {len(report.files)} checked; {gate}"
        )
    if report.errors:
        lines += [
            "",
            f"**{_plural(len(report.errors), 'input')} could not be read or checked; "
            "the run fails (exit 2):**",
            "",
        ]
        lines += [f"- {_cell(f'{report_path(e.path)}: {e.reason}')}" for e in report.errors]
    if report.findings:
        lines += _table(report)
    if report.stale:
        n = len(report.stale)
        entries = (
            "1 baseline entry no longer occurs"
            if n == 1
            else f"{n} baseline entries no longer occur"
        )
        lines += ["", f"{entries}; `l2lint check --baseline FILE --prune-baseline` drops them."]
    return "\n".join(lines) + "\n"


def _table(report: Report) -> list[str]:
    lines = ["", "| | severity | location | rule | message |", "|---|---|---|---|---|"]
    for f in report.findings[:MAX_ROWS]:
        mark = "❌" if report.fails(f) and not report.exit_zero else "ℹ️"
        line = f.locus or f.start.line  # .pptx, .pdf: slide/page and paragraph/line
        location = f"{printable(report_path(f.path))}:{line}:{f.start.column}"
        lines.append(
            f"| {mark} | {f.severity.value} | {_cell(location)} | "
            f"[{f.code}]({help_uri(f.code)}) | {_cell(f.message)} |"
        )
    rest = len(report.findings) - MAX_ROWS
    if rest <= 0:
        return lines
    lines += [
        "",
        f"The table shows the first {MAX_ROWS} findings; {rest} more are counted below "
        "(a job summary holds at most 1 MiB). Run `l2lint check` locally, or use "
        "`--format sarif` or `--format html`, for every finding.",
    ]
    by_file = Counter(printable(report_path(f.path)) for f in report.findings)
    by_rule = Counter(f.code for f in report.findings)
    lines += ["", "| file | findings |", "|---|---|"]
    lines += [f"| {_cell(p)} | {n} |" for p, n in by_file.most_common(MAX_ROWS)]
    if len(by_file) > MAX_ROWS:
        lines.append(f"| … {len(by_file) - MAX_ROWS} more files | |")
    lines += ["", "| rule | findings |", "|---|---|"]
    lines += [f"| [{c}]({help_uri(c)}) | {n} |" for c, n in sorted(by_rule.items())]
    return lines
