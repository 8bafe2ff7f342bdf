"""Reporters: each turns findings into one output format and does no linting."""

from __future__ import annotations

from dataclasses import dataclass, field

from l2lint.finding import Finding, Severity


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
    # file extension -> format, as the run read files (None: l2lint's defaults)
    extensions: dict[str, str] | None = None
    # the gate: findings at or above this severity fail the run (JUnit failures, summaries)
    fail_on: Severity = Severity.SUGGESTION
    # findings the baseline holds that no longer occur (see l2lint.baseline)
    stale: list = field(default_factory=list)
    baselined: int = 0  # findings the baseline matched, not reported
    # inputs that could not be read or checked (filecheck.InputError: .path, .reason);
    # each one makes the run exit 2
    errors: list = field(default_factory=list)
    exit_zero: bool = False  # --exit-zero: findings do not fail the run

    def fails(self, finding: Finding) -> bool:
        """Whether `finding` fails the gate (`--fail-on`)."""
        return finding.severity.rank >= self.fail_on.rank


# format -> (module, function); modules are imported only when their format is asked for
RENDERERS = {
    "text": ("l2lint.report.text", "render_text"),
    "json": ("l2lint.report.json_report", "render_json"),
    "sarif": ("l2lint.report.sarif", "render_sarif"),
    "github": ("l2lint.report.github", "render_github"),
    "junit": ("l2lint.report.junit", "render_junit"),
    "gitlab": ("l2lint.report.gitlab", "render_gitlab"),
    "markdown": ("l2lint.report.markdown", "render_markdown"),
    "html": ("l2lint.report.html_report", "render_html"),
    "jsonl": ("l2lint.report.jsonl", "render_jsonl"),
    "aggregate": ("l2lint.report.aggregate", "render_aggregate"),
}
FORMATS = list(RENDERERS)


def render(fmt: str, report: Report, **text_options) -> str:
    """The report in format `fmt`; `text_options` (color, statistics, output_format, quiet)
    go to the text renderer only."""
    import importlib

    module_name, function = RENDERERS[fmt]
    renderer = getattr(importlib.import_module(module_name), function)
    if fmt == "text":
        return renderer(report, **text_options)
    return renderer(report)
