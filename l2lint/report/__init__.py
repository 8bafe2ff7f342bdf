"""Reporters: each turns findings into one output format and does no linting."""

from __future__ import annotations

from dataclasses import dataclass, field

from l2lint.finding import Finding


@dataclass
class Report:
    """Everything a reporter may need about one run."""

    findings: list[Finding]
    files: list[str] = field(default_factory=list)
    rules: dict = field(default_factory=dict)  # code -> Rule, for descriptions and help
    fixed: int = 0
    fixed_files: int = 0
    # path -> original source text, for reporters that show the copy (html)
    sources: dict[str, str] = field(default_factory=dict)


def render(fmt: str, report: Report, color: bool = False, statistics: bool = False) -> str:
    if fmt == "json":
        from l2lint.report.json_report import render_json

        return render_json(report)
    if fmt == "sarif":
        from l2lint.report.sarif import render_sarif

        return render_sarif(report)
    if fmt == "github":
        from l2lint.report.github import render_github

        return render_github(report)
    if fmt == "junit":
        from l2lint.report.junit import render_junit

        return render_junit(report)
    if fmt == "gitlab":
        from l2lint.report.gitlab import render_gitlab

        return render_gitlab(report)
    if fmt == "html":
        from l2lint.report.html_report import render_html

        return render_html(report)
    from l2lint.report.text import render_text

    return render_text(report, color=color, statistics=statistics)


FORMATS = ["text", "json", "sarif", "github", "junit", "gitlab", "html"]
