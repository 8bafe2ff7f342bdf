"""`--format junit`: JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure).

One test case per file checked, so clean files count as passing tests and a report of a
clean run is not empty. A file fails once, listing its findings that fail the gate
(`--fail-on`); findings below the gate are listed in the test case's `<system-out>`, so the
report agrees with the exit code (a run that exits 0 has no failures). An input that could
not be read or checked is a test case with an `<error>` (the run exits 2).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

from l2lint.finding import Finding, Severity
from l2lint.report import Report
from l2lint.report.escape import printable, unicode_text

# Characters XML 1.0 cannot carry at all, even escaped; ElementTree would write them anyway.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", unicode_text(value))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def failure_message(findings: list[Finding]) -> str:
    """E.g. '3 findings (2 errors, 1 warning)'."""
    counts = Counter(f.severity for f in findings)
    parts = [
        _plural(counts[severity], severity.value)
        for severity in (Severity.ERROR, Severity.WARNING, Severity.SUGGESTION)
        if counts[severity]
    ]
    return f"{_plural(len(findings), 'finding')} ({', '.join(parts)})"


def _lines(findings: list[Finding]) -> str:
    return _xml_text(
        "\n".join(
            f"{f.start.line}:{f.start.column} {f.code} {f.severity.value}: {f.message}"
            for f in findings
        )
    )


def build_junit(report: Report) -> ET.Element:
    """`<testsuites>` with one `<testsuite name="l2lint">`, one `<testcase>` per file.

    A test case is named by its file's path as the text report shows it
    (`escape.printable`: `\\x1b`, `\\t`, `\\u202e`, `\\xe9` for a byte that is not UTF-8), so
    names differing in a control character stay distinct; XML could not carry most of
    those characters, and U+FFFD for each would make them one name."""
    by_file: dict[str, list[Finding]] = {}
    for path in report.files:
        by_file.setdefault(path, [])
    for finding in report.findings:
        by_file.setdefault(finding.path, []).append(finding)

    errors = {e.path: e for e in report.errors}
    for path in errors:
        by_file.setdefault(path, [])
    failing = {path: [f for f in fs if report.fails(f)] for path, fs in by_file.items()}
    failures = sum(1 for path, findings in failing.items() if findings and path not in errors)
    counts = {
        "tests": str(len(by_file)),
        "failures": str(failures),
        "errors": str(len(errors)),
    }
    root = ET.Element("testsuites", {"name": "l2lint", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "l2lint", **counts, "skipped": "0"})
    for path, findings in by_file.items():
        case = ET.SubElement(suite, "testcase", {"classname": "l2lint", "name": printable(path)})
        gate = failing[path]
        if path in errors:  # could not be read or checked: the run exits 2
            error = ET.SubElement(
                case, "error", {"message": _xml_text(errors[path].reason), "type": "input-error"}
            )
            error.text = _xml_text(str(errors[path]))
        elif gate:
            worst = max(gate, key=lambda f: f.severity.rank).severity
            failure = ET.SubElement(
                case, "failure", {"message": failure_message(gate), "type": worst.value}
            )
            failure.text = _lines(gate)
        below = [f for f in findings if not report.fails(f)]
        if below:
            ET.SubElement(case, "system-out").text = _lines(below)
    return root


def render_junit(report: Report) -> str:
    """The `--format junit` output: `build_junit` as indented XML 1.0 text with a UTF-8
    declaration, ending in a newline."""
    root = build_junit(report)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
