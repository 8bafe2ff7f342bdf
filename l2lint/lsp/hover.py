"""Hover on a finding: the rule's summary, rationale and examples, from its pack."""

from __future__ import annotations

from lsprotocol import types

from l2lint.finding import Finding
from l2lint.packs import Rule


def rule_markdown(rule: Rule, finding: Finding, page: str) -> str:
    """Markdown like `l2lint explain CODE`, headed by the finding's own message."""
    fix = finding.fix
    parts = [
        f"**{rule.code}** `{rule.name}` ({finding.severity.value}, pack {rule.pack.name})",
        finding.message,
    ]
    if rule.summary:
        parts.append(rule.summary)
    parts.append(rule.rationale or "(no rationale given)")
    if fix is not None:
        kind = "safe" if fix.safe else "unsafe"
        parts.append(f"Fix ({kind}): replace with `{fix.replacement}`")
    wrong = [e for e in rule.examples if not e.valid]
    right = [e for e in rule.examples if e.valid]
    if wrong:
        lines = ["Wrong:"]
        for ex in wrong:
            lines.append(f"- {ex.text}" + (f" → {ex.fixed}" if ex.fixed else ""))
        parts.append("\n".join(lines))
    if right:
        parts.append("\n".join(["Right:", *(f"- {ex.text}" for ex in right)]))
    parts.append(f"[{rule.code} documentation]({page})")
    return "\n\n".join(parts)


def hover(
    findings_here: list[tuple[Finding, types.Range]], rules: dict, page_of
) -> types.Hover | None:
    """A hover for the findings at the cursor (None: no finding there)."""
    sections = []
    first_range = None
    for finding, rng in findings_here:
        rule = rules.get(finding.code)
        if rule is None:
            continue
        sections.append(rule_markdown(rule, finding, page_of(finding.code)))
        first_range = first_range or rng
    if not sections:
        return None
    return types.Hover(
        contents=types.MarkupContent(
            kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(sections)
        ),
        range=first_range,
    )
