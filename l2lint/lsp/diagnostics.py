"""Findings → LSP diagnostics: range, severity, code and a link to the rule's page."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from l2lint.finding import Finding, Severity
from l2lint.lsp.positions import LineTable
from l2lint.ruledocs import help_uri

SOURCE = "l2lint"

SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    # "Information", not "Hint": editors hide hints from their problem lists.
    Severity.SUGGESTION: types.DiagnosticSeverity.Information,
}

RULE_PAGE = "docs/rules/{code}.md"  # each rule's page, relative to the repository root


def default_rule_docs() -> str:
    """The `{code}` URL template of the rule pages when the client gives none.

    Run from a source checkout (a `pyproject.toml` beside the package), each rule's
    `docs/rules/CODE.md` there, as a file URI; from an installed wheel, which
    carries no docs, the rule's page on the default branch of the project's
    repository: `l2lint.ruledocs.help_uri`, the URL SARIF reports give as `helpUri`.
    """
    root = Path(__file__).resolve().parent.parent.parent
    if not (root / "pyproject.toml").is_file():
        return help_uri("{code}")
    return (root / RULE_PAGE).as_uri().replace("%7Bcode%7D", "{code}")


def rule_page(code: str, template: str) -> str:
    """The URL of a rule's page: `template` with every `{code}` replaced by `code`."""
    return template.replace("{code}", code)


def diagnostic(finding: Finding, lines: LineTable, docs_template: str) -> types.Diagnostic:
    """One diagnostic for one finding; `data` carries what code actions need."""
    fix = finding.fix
    return types.Diagnostic(
        range=lines.range(finding.start_offset, finding.end_offset),
        message=finding.message,
        severity=SEVERITIES[finding.severity],
        code=finding.code,
        code_description=types.CodeDescription(href=rule_page(finding.code, docs_template)),
        source=SOURCE,
        data={
            "name": finding.name,
            "fix": fix.to_dict() if fix else None,
        },
    )


def error_diagnostic(message: str) -> types.Diagnostic:
    """A document that could not be checked (bad configuration, a rule timeout):
    one error at its first character, so that the problem is seen where one looks."""
    return types.Diagnostic(
        range=types.Range(types.Position(0, 0), types.Position(0, 0)),
        message=f"l2lint could not check this file: {message}",
        severity=types.DiagnosticSeverity.Error,
        source=SOURCE,
    )
