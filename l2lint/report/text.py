"""The default output for people: one line per finding, then a summary.

`concise` (default): `path:line:column: CODE severity: message [*]`. `full` adds, like
ruff's `--output-format full`, the source line with carets under the finding and the
suggested replacement:

    copy.txt:1:5: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]
      |
    1 | The Lumix S5II is here.
      |     ^^^^^ B201
      |
      = fix (safe, --fix): replace 'Lumix' with 'LUMIX'

Columns are 1-based and count Unicode characters, as in every l2lint output; the carets
assume one terminal cell per character.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping

import click

from l2lint.finding import Finding, Severity
from l2lint.report import Report
from l2lint.report.escape import printable
from l2lint.report.width import window
from l2lint.sources import BINARY_FORMATS, format_for

_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.SUGGESTION: "cyan"}


def color_enabled(choice: str, isatty: bool, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to write ANSI colour: `--color always|never` decide; `auto` asks the environment.

    In `auto`: `NO_COLOR` set and not empty turns colour off (https://no-color.org/,
    it wins over `FORCE_COLOR`); else `FORCE_COLOR` set to anything but "", "0" or
    "false" turns it on (https://force-color.org/; "0" and "false" mean "not forced",
    as in Node.js); else colour goes to a terminal only.
    """
    if choice == "always":
        return True
    if choice == "never":
        return False
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR", "").strip().lower() not in ("", "0", "false"):
        return True
    return isatty


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(report: Report) -> str:
    """E.g. 'Found 3 findings in 2 files checked (2 errors, 0 warnings, 1 suggestion). 3
    fixable with --fix.' or 'No findings in 2 files.': every summary counts the files
    checked (#14)."""
    line = _counts(report)
    if report.baselined:
        line += f" {_plural(report.baselined, 'known finding')} in the baseline, not shown."
    return line


def _counts(report: Report) -> str:
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
    checked = f" in {_plural(len(report.files), 'file')} checked" if report.files else ""
    line = f"Found {_plural(total, 'finding')}{checked} ({', '.join(parts)})"
    safe = sum(1 for f in report.findings if f.fix and f.fix.safe)
    unsafe = sum(1 for f in report.findings if f.fix and not f.fix.safe)
    line += "."
    if safe:
        line += f" {safe} fixable with --fix."
    if unsafe:
        line += f" {unsafe} more with --unsafe-fixes."
    return line


def finding_line(f: Finding, color: bool = False) -> str:
    """`path:line:column: CODE severity: message` plus ` [*]` (safe fix) or ` [unsafe fix]`."""
    line = f.locus or f.start.line  # .pptx, .pdf: slide/page and paragraph/line
    location = f"{printable(f.path)}:{line}:{f.start.column}:"
    head = f"{f.code} {f.severity.value}:"
    mark = ""
    if f.fix is not None:
        mark = " [*]" if f.fix.safe else " [unsafe fix]"
    if color:
        location = click.style(location, bold=True)
        head = click.style(head, fg=_COLORS[f.severity], bold=True)
    return f"{location} {head} {printable(f.message)}{mark}"


def _is_binary(path: str) -> bool:
    """Word, PowerPoint and PDF files: their positions address no text lines."""
    return format_for(path) in BINARY_FORMATS


class SourceLines:
    """Lines of the files findings point into, read once each; `None` where unreadable.

    Uses the report's sources when it has them, else reads and decodes the file as l2lint
    does. Word files have no source lines (their "line" is a paragraph number).
    """

    def __init__(self, sources: Mapping[str, str]) -> None:
        self.sources = sources
        self.cache: dict[str, list[str] | None] = {}

    def get(self, path: str, line: int) -> str | None:
        """Line `line` (1-based) of the file `path`, without its line ending; None when the
        file cannot be read or has no such line."""
        if path not in self.cache:
            self.cache[path] = self._read(path)
        lines = self.cache[path]
        if lines is None or not 1 <= line <= len(lines):
            return None
        return lines[line - 1].rstrip("\r")

    def _read(self, path: str) -> list[str] | None:
        if path in self.sources:  # for a deck, PDF or Word file: the paragraphs read
            return self.sources[path].split("\n")
        if _is_binary(path):
            return None
        if path == "-":
            return None
        from l2lint.sources.decode import decode

        try:
            with open(path, "rb") as handle:
                return decode(handle.read()).text.split("\n")
        except (OSError, ValueError):  # unreadable, or binary (BinaryFileError)
            return None


def _snippet(f: Finding, lines: SourceLines, color: bool) -> list[str]:
    # a slide, page or Word paragraph is no line of the file: its text is shown when the
    # report kept what was read, numbered by its place (`slide 1:shape 2:paragraph 1`)
    text = lines.get(f.path, f.start.line)
    out: list[str] = []
    if text is not None:
        start = f.start.column - 1
        end = f.end.column - 1 if f.end.line == f.start.line else len(text)
        shown = window(text, start, end)
        number = f.locus or str(f.start.line)
        gutter = " " * len(number)
        carets = "^" * shown.width + f" {f.code}"
        if color:
            carets = click.style(carets, fg=_COLORS[f.severity], bold=True)
        out += [
            f"{gutter} |",
            f"{number} | {shown.text}",
            f"{gutter} | {' ' * shown.pad}{carets}",
            f"{gutter} |",
        ]
        indent = gutter
    else:
        indent = ""
    if f.fix is not None:
        how = "safe, --fix" if f.fix.safe else "unsafe, --fix --unsafe-fixes"
        found = printable(" ".join(f.found.split()))
        replacement = printable(f.fix.replacement)
        what = f"replace '{found}' with '{replacement}'" if found else "apply the fix"
        out.append(f"{indent} = fix ({how}): {what}")
    return out


def render_text(
    report: Report,
    color: bool = False,
    statistics: bool = False,
    output_format: str = "concise",
    quiet: bool = False,
) -> str:
    """The text report. `quiet` drops the summary and the fixed-count line, not statistics."""
    lines: list[str] = []
    sources = SourceLines(report.sources) if output_format == "full" else None
    for f in report.findings:
        lines.append(finding_line(f, color))
        if sources is not None:
            lines += _snippet(f, sources, color)
            lines.append("")
    if statistics and report.findings:
        if lines and lines[-1] != "":
            lines.append("")
        counts = Counter((f.code, f.name) for f in report.findings)
        for (code, name), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(printable(f"{count:>6}  {code:<6} {name}"))
    if not quiet:
        if report.fixed:
            lines.append(
                f"Fixed {_plural(report.fixed, 'finding')} in "
                f"{_plural(report.fixed_files, 'file')}."
            )
        lines.append(summary_line(report))
    return "".join(line + "\n" for line in lines)
