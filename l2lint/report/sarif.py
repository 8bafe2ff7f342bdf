"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run, every loaded rule as a `reportingDescriptor` (so alerts carry the rationale and an
example), one result per finding with a region in the original file, a fix when the rule has one,
and a fingerprint that survives edits elsewhere in the file, so alerts are not reopened.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from l2lint import __version__
from l2lint.finding import Finding, Severity
from l2lint.report import Report
from l2lint.report.escape import json_safe, uri_path
from l2lint.report.fingerprint import fingerprints, report_path
from l2lint.ruledocs import BUILTIN_DOCS, INFORMATION_URI, RuleDoc, doc_for_rule, help_uri

if TYPE_CHECKING:
    from l2lint.packs import Rule

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
# `runs[0].automationDetails.id`: category "l2lint", no run id (SARIF 3.17.4); GitHub code
# scanning keeps one set of alerts per category.
AUTOMATION_ID = "l2lint/"
SRCROOT = "%SRCROOT%"
# Versioned key, as SARIF §3.27.17 recommends; GitHub adds its own primaryLocationLineHash.
FINGERPRINT_KEY = "l2lintFingerprint/v1"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "note"}

_PLACEHOLDER = re.compile(r"\{[A-Za-z_]\w*\}")
_FIRST_SENTENCE = re.compile(r"(.+?[.!?])(?=\s|$)", re.S)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
_FIX_NOTES = {
    "safe": "Autofix: safe; l2lint can apply it without review.",
    "unsafe": "Autofix: unsafe; review the change before applying it.",
}


def artifact_location(path: str) -> dict[str, str]:
    """A relative, percent-encoded URI reference against %SRCROOT%, or a file: URI if absolute."""
    rel = report_path(path)
    if Path(rel).is_absolute():
        return {"uri": Path(rel).as_uri()}  # percent-encodes the OS's bytes of the name
    return {"uri": uri_path(rel), "uriBaseId": SRCROOT}


def short_description(message: str, name: str) -> str:
    """The message's first sentence, unless it is a template (`{found}`): then the rule name."""
    text = " ".join(message.split())
    if not text or _PLACEHOLDER.search(text):
        return name
    match = _FIRST_SENTENCE.match(text)
    return match.group(1) if match else text


def _markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _example_pair(rule: RuleDoc) -> tuple[str | None, str | None]:
    """(invalid, valid): an invalid example with its fix, else the first valid one."""
    invalid = [e for e in rule.examples if not e.valid]
    valid = [e for e in rule.examples if e.valid]
    for example in invalid:
        if example.fixed:
            return example.text, example.fixed
    return (
        invalid[0].text if invalid else None,
        valid[0].text if valid else None,
    )


def _help(rule: RuleDoc) -> dict[str, str]:
    rationale = " ".join(rule.rationale.split())
    bad, good = _example_pair(rule)
    text_parts = [rationale] if rationale else []
    md_parts = [_markdown(rationale)] if rationale else []
    lines = [(label, ex) for label, ex in (("Invalid", bad), ("Valid", good)) if ex]
    if lines:
        text_parts.append("\n".join(f"- {label}: {ex}" for label, ex in lines))
        md_parts.append("\n".join(f"- **{label}:** {_markdown(ex)}" for label, ex in lines))
    fix_note = _FIX_NOTES.get(rule.fixable)
    if fix_note:
        text_parts.append(fix_note)
        md_parts.append(fix_note)
    return {
        "text": "\n\n".join(text_parts) or rule.name,
        "markdown": "\n\n".join(md_parts) or _markdown(rule.name),
    }


def _descriptor(rule: Rule | RuleDoc) -> dict[str, Any]:
    """A `reportingDescriptor` for a pack rule or a built-in one (L001), with `helpUri`."""
    if isinstance(rule, RuleDoc):
        doc, short = rule, rule.summary or rule.name
    else:
        doc = doc_for_rule(rule)
        short = rule.summary or short_description(rule.message, rule.name)
    descriptor: dict[str, Any] = {
        "id": doc.code,
        "name": doc.name,
        "shortDescription": {"text": short},
    }
    if doc.rationale:
        descriptor["fullDescription"] = {"text": doc.rationale}
    descriptor["help"] = _help(doc)
    descriptor["helpUri"] = help_uri(doc.code)
    descriptor["defaultConfiguration"] = {"level": LEVELS[doc.severity]}
    descriptor["properties"] = {"tags": [doc.pack, doc.type], "fixable": doc.fixable}
    return descriptor


def _fallback_descriptor(finding: Finding) -> dict[str, Any]:
    """For a finding whose rule is not in the report, so `ruleIndex` always resolves."""
    descriptor: dict[str, Any] = {
        "id": finding.code,
        "name": finding.name,
        "shortDescription": {"text": finding.name or finding.code},
    }
    if finding.rationale:
        descriptor["fullDescription"] = {"text": " ".join(finding.rationale.split())}
    descriptor["defaultConfiguration"] = {"level": LEVELS[finding.severity]}
    return descriptor


def _region(finding: Finding) -> dict[str, int]:
    """SARIF regions are 1-based with an exclusive end column, exactly like Finding."""
    return {
        "startLine": finding.start.line,
        "startColumn": finding.start.column,
        "endLine": finding.end.line,
        "endColumn": finding.end.column,
    }


def _fix(finding: Finding, location: dict[str, Any]) -> dict[str, Any]:
    assert finding.fix is not None
    safety = "safe" if finding.fix.safe else "unsafe: review before applying"
    found = " ".join(finding.found.split())
    what = f"Replace '{found}' with '{finding.fix.replacement}'" if found else "Apply the fix"
    return {
        "description": {"text": f"{what} ({safety})."},
        "artifactChanges": [
            {
                "artifactLocation": location,
                "replacements": [
                    {
                        "deletedRegion": _region(finding),
                        "insertedContent": {"text": finding.fix.replacement},
                    }
                ],
            }
        ],
        "properties": {"safe": finding.fix.safe},
    }


def _is_binary(path: str) -> bool:
    """Text regions and replacements do not address a .docx, .pptx or .pdf file's bytes, so
    no fixes there."""
    return path.lower().endswith((".docx", ".pptx", ".pdf"))


def build_sarif(report: Report) -> dict[str, Any]:
    """The SARIF log as a dict, for callers that want to add to it before writing."""
    rules: list[dict[str, Any]] = []
    rule_index: dict[str, int] = {}
    for code, rule in report.rules.items():
        rule_index[code] = len(rules)
        rules.append(_descriptor(rule))
    for finding in report.findings:
        if finding.code not in rule_index:
            rule_index[finding.code] = len(rules)
            builtin = BUILTIN_DOCS.get(finding.code)
            rules.append(_descriptor(builtin) if builtin else _fallback_descriptor(finding))

    paths = list(dict.fromkeys([*report.files, *(f.path for f in report.findings)]))
    artifact_index = {path: i for i, path in enumerate(paths)}
    artifacts = [{"location": artifact_location(path)} for path in paths]

    prints = fingerprints(report.findings)
    results = []
    for finding in report.findings:
        location = {**artifact_location(finding.path), "index": artifact_index[finding.path]}
        result: dict[str, Any] = {
            "ruleId": finding.code,
            "ruleIndex": rule_index[finding.code],
            "level": LEVELS[finding.severity],
            "message": {"text": finding.message},
            "locations": [
                {"physicalLocation": {"artifactLocation": location, "region": _region(finding)}}
            ],
            "partialFingerprints": {FINGERPRINT_KEY: prints[id(finding)]},
        }
        if finding.locus:  # .pptx, .pdf: where the built line is in the deck or document
            result["locations"][0]["logicalLocations"] = [{"name": finding.locus}]
        if finding.fix is not None and not _is_binary(finding.path):
            result["fixes"] = [_fix(finding, artifact_location(finding.path))]
        results.append(result)

    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "l2lint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "automationDetails": {"id": AUTOMATION_ID},
                "originalUriBaseIds": {
                    SRCROOT: {
                        "description": {
                            "text": "The directory l2lint ran in; result paths are relative to it."
                        }
                    }
                },
                "invocations": [_invocation(report)],
                "artifacts": artifacts,
                # Finding columns count Unicode characters, not SARIF's default UTF-16 units.
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def _invocation(report: Report) -> dict[str, Any]:
    """SARIF §3.20: `executionSuccessful` is false when an input could not be read or
    checked (the run exits 2); each such input is a `toolExecutionNotifications` entry
    (§3.58) of level "error" naming the file, so code scanning shows that the analysis
    is incomplete rather than clean."""
    notifications = [
        {
            "level": "error",
            "message": {"text": f"{error.path}: {error.reason}"},
            "locations": [
                {"physicalLocation": {"artifactLocation": artifact_location(error.path)}}
            ],
            "descriptor": {"id": "input-error"},
        }
        for error in report.errors
    ]
    invocation: dict[str, Any] = {"executionSuccessful": not report.errors}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return invocation


def render_sarif(report: Report) -> str:
    """The `--format sarif` output: the SARIF 2.1.0 log (`build_sarif`) as indented JSON,
    ending in a newline."""
    return json.dumps(json_safe(build_sarif(report)), ensure_ascii=False, indent=2) + "\n"
