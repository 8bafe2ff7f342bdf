"""`--format gitlab`: a GitLab Code Quality report (`artifacts:reports:codequality`).

GitLab shows these in the merge request widget and diff; it matches issues between the
base and the head branch by `fingerprint`, so every finding needs its own.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from l2lint.finding import Finding, Severity
from l2lint.report import Report
from l2lint.report.sarif import report_path

# GitLab's scale is info < minor < major < critical < blocker; blocker is left for nothing
# l2lint reports, since a copy error blocks no build by itself.
SEVERITIES = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.SUGGESTION: "minor"}


def _fingerprint(finding: Finding, path: str) -> str:
    material = "\x1f".join(
        [
            path,
            finding.code,
            f"{finding.start.line}:{finding.start.column}",
            f"{finding.end.line}:{finding.end.column}",
            finding.message,
        ]
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def issue(finding: Finding, fingerprint: str) -> dict[str, Any]:
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
    issues = []
    seen: set[str] = set()
    for finding in report.findings:
        fingerprint = _fingerprint(finding, report_path(finding.path))
        # Only an exact duplicate finding collides; GitLab would drop it, so salt it.
        salt = 1
        while fingerprint in seen:
            fingerprint = hashlib.sha256(f"{fingerprint}#{salt}".encode()).hexdigest()
            salt += 1
        seen.add(fingerprint)
        issues.append(issue(finding, fingerprint))
    return issues


def render_gitlab(report: Report) -> str:
    return json.dumps(build_gitlab(report), ensure_ascii=False, indent=2) + "\n"
