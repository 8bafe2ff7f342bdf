"""`--format gitlab`: a GitLab Code Quality report (`artifacts:reports:codequality`).

GitLab shows these in the merge request widget and diff; it matches issues between the
base and the head branch by `fingerprint`, so every finding needs its own, and it must not
change when lines are added above the finding: it is the SARIF fingerprint
(`l2lint.report.fingerprint`: path, code, matched text, occurrence), never a line number.
"""

from __future__ import annotations

import json
from typing import Any

from l2lint.finding import Finding, Severity
from l2lint.report import Report
from l2lint.report.escape import json_safe
from l2lint.report.fingerprint import fingerprints, report_path

# GitLab's scale is info < minor < major < critical < blocker; blocker is left for nothing
# l2lint reports, since a copy error blocks no build by itself.
SEVERITIES = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.SUGGESTION: "minor"}


def issue(finding: Finding, fingerprint: str) -> dict[str, Any]:
    """One GitLab Code Quality issue (GitLab's "Code Quality report format"): description,
    check name, `fingerprint`, severity and location; `positions` hold 1-based lines and
    columns (columns in Unicode characters)."""
    path = report_path(finding.path)
    return {
        "description": f"{finding.code}: {finding.locus + ': ' if finding.locus else ''}"
        f"{finding.message}",
        "check_name": finding.code,
        "fingerprint": fingerprint,
        "severity": SEVERITIES[finding.severity],
        "location": {
            "path": path,
            "positions": {
                "begin": {"line": finding.start.line, "column": finding.start.column},
                "end": {"line": finding.end.line, "column": finding.end.column},
            },
        },
    }


def build_gitlab(report: Report) -> list[dict[str, Any]]:
    """One Code Quality issue per finding, with the same stable fingerprint as SARIF."""
    prints = fingerprints(report.findings)
    return [issue(finding, prints[id(finding)]) for finding in report.findings]


def render_gitlab(report: Report) -> str:
    """The `--format gitlab` output: the Code Quality issues as an indented JSON array,
    ending in a newline."""
    return json.dumps(json_safe(build_gitlab(report)), ensure_ascii=False, indent=2) + "\n"
