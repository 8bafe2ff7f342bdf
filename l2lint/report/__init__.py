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


# format -> (module, function); modules are imported only when their format is asked for
RENDERERS = {
    "text": ("l2lint.report.text", "render_text"),
    "json": ("l2lint.report.json_report", "render_json"),
    "sarif": ("l2lint.report.sarif", "render_sarif"),
    "github": ("l2lint.report.github", "render_github"),
    "junit": ("l2lint.report.junit", "render_junit"),
    "gitlab": ("l2lint.report.gitlab", "render_gitlab"),
    "html": ("l2lint.report.html_report", "render_html"),
    "jsonl": ("l2lint.report.jsonl", "render_jsonl"),
    "aggregate": ("l2lint.report.aggregate", "render_aggregate"),
}
FORMATS = list(RENDERERS)


def render(fmt: str, report: Report, color: bool = False, statistics: bool = False) -> str:
    import importlib

    module_name, function = RENDERERS[fmt]
    renderer = getattr(importlib.import_module(module_name), function)
    if fmt == "text":
        return renderer(report, color=color, statistics=statistics)
    return renderer(report)
