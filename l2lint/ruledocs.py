"""Rule documentation: `l2lint explain CODE`, the `docs/rules/CODE.md` pages and their URLs.

Everything here is generated from the loaded rule packs (name, summary, severity, fix,
rationale, examples), so the terminal, the pages and SARIF's `help`/`helpUri` say the same.
`python scripts/generate_rule_docs.py` rewrites `docs/rules/`; a test checks that the
checked-in pages match the shipped pack. `L001` (unused suppression) is the one rule built
into l2lint itself rather than a pack; it is described here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from l2lint.finding import Severity
from l2lint.suppress import UNUSED_CODE, UNUSED_NAME

if TYPE_CHECKING:
    from l2lint.packs import Rule, RuleSet

# The project's home; `[project.urls]` in pyproject.toml names the same place.
PROJECT_URL = "https://github.com/brand-tools/l2lint"
INFORMATION_URI = f"{PROJECT_URL}#readme"
DOCS_FOLDER = "docs/rules"
GENERATOR = "scripts/generate_rule_docs.py"

FIX_NOTES = {
    "safe": "safe: `l2lint check --fix` applies it",
    "unsafe": "unsafe: `l2lint check --fix --unsafe-fixes` applies it; review the change",
    "none": "none: the copy must be rewritten by hand",
}


@dataclass(frozen=True)
class RuleExample:
    """One example as the rule's page shows it: `valid` copy, or invalid copy and the
    text `--fix` makes of it (`fixed`, when the pack gives it)."""

    text: str
    valid: bool
    fixed: str | None = None


@dataclass(frozen=True)
class RuleDoc:
    """What the documentation says about one rule; built from a pack `Rule` or built in."""

    code: str
    name: str
    severity: Severity
    type: str
    fixable: str  # "safe", "unsafe" or "none"
    source: str  # where the rule is defined, e.g. "rules/l2-technology.yaml"
    pack: str
    summary: str = ""
    rationale: str = ""
    examples: tuple[RuleExample, ...] = field(default_factory=tuple)
    languages: tuple[str, ...] = ("en",)  # the copy languages the rule reads
    # language -> the message in that language, where the pack translates it
    messages: tuple[tuple[str, str], ...] = ()


UNUSED_SUPPRESSION = RuleDoc(
    code=UNUSED_CODE,
    name=UNUSED_NAME,
    severity=Severity.WARNING,
    type="meta",
    fixable="none",
    source="l2lint/suppress.py",
    pack="l2lint",
    summary="A suppression comment that suppressed nothing.",
    rationale=(
        "A suppression comment that matches no finding hides nothing today, but it will "
        "silently hide a real finding once the copy around it changes. Remove it. Reported "
        "only with `--report-unused-disables`."
    ),
    examples=(
        RuleExample("<!-- l2lint-disable-next-line B201 -->\nThe LUMIX S5II.", valid=False),
        RuleExample(
            "<!-- l2lint-disable-next-line B201 -->\nA quote from a retailer: the Lumix S5II.",
            valid=True,
        ),
    ),
)
BUILTIN_DOCS = {UNUSED_SUPPRESSION.code: UNUSED_SUPPRESSION}


DOCS_BRANCH = "main"


def help_uri(code: str) -> str:
    """The URL of `docs/rules/CODE.md` on the default branch, for SARIF `helpUri`, the
    Markdown report and `explain`.

    Not at this version's tag: a run cannot tell whether its version was ever tagged (a
    checkout between releases, an unreleased build), and a link to a missing tag is dead.
    Rule codes are never reused, so the page on the default branch describes the same rule.
    """
    return f"{PROJECT_URL}/blob/{DOCS_BRANCH}/{DOCS_FOLDER}/{code}.md"


def doc_for_rule(rule: Rule) -> RuleDoc:
    """The documentation of a pack rule; `source` is the pack's path as `rules/NAME.yaml`."""
    return RuleDoc(
        code=rule.code,
        name=rule.name,
        severity=Severity(rule.severity),
        type=rule.type,
        fixable=rule.fixable,
        source=f"rules/{Path(rule.pack.path).name}",
        pack=rule.pack.name,
        summary=rule.summary,
        rationale=" ".join(rule.rationale.split()),
        examples=tuple(RuleExample(e.text, e.valid, e.fixed) for e in rule.examples),
        languages=tuple(rule.pack.languages),
        messages=tuple(
            (language, text)
            for language in rule.pack.languages
            if (text := rule.pack.message_for(rule.code, language, ""))
        ),
    )


def rule_docs(rule_set: RuleSet) -> dict[str, RuleDoc]:
    """code -> RuleDoc for every rule of the packs, then the built-in ones (L001)."""
    docs = {rule.code: doc_for_rule(rule) for rule in rule_set.rules}
    for code, doc in BUILTIN_DOCS.items():
        docs.setdefault(code, doc)
    return docs


def explain_text(doc: RuleDoc) -> str:
    """The text `l2lint explain CODE` prints (ends with a newline)."""
    lines = [f"{doc.code} {doc.name} ({doc.severity.value}, {doc.type} rule, pack {doc.pack})"]
    if doc.summary:
        lines.append(doc.summary)
    lines += ["", doc.rationale or "(no rationale given)", "", f"Fix: {doc.fixable}"]
    lines.append(f"Languages: {', '.join(doc.languages)}")
    lines += [f"  message ({language}): {text}" for language, text in doc.messages]
    wrong = [e for e in doc.examples if not e.valid]
    right = [e for e in doc.examples if e.valid]
    if wrong:
        lines += ["", "Wrong:"]
        for example in wrong:
            lines.append(_indent(example.text, "  "))
            if example.fixed:
                lines.append(_indent(f"fixed: {example.fixed}", "    "))
    if right:
        lines += ["", "Right:"]
        lines += [_indent(example.text, "  ") for example in right]
    lines += ["", f"Documentation: {help_uri(doc.code)}"]
    return "\n".join(lines) + "\n"


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.splitlines() or [""])


def _code_block(text: str) -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}text\n{text}\n{fence}"


def _table_cell(text: str) -> str:
    return text.replace("|", "\\|")


def rule_page(doc: RuleDoc) -> str:
    """The Markdown page `docs/rules/CODE.md` (ends with a newline)."""
    parts = [
        f"# {doc.code} {doc.name}",
        f"<!-- Generated from {doc.source} by `python {GENERATOR}`; do not edit by hand. -->\n"
        # the page quotes wrong forms on purpose
        "<!-- l2lint-disable-file -->",
    ]
    if doc.summary:
        parts.append(doc.summary)
    parts.append(
        "\n".join(
            [
                "| | |",
                "|---|---|",
                f"| Severity | {doc.severity.value} |",
                f"| Type | {doc.type} |",
                f"| Fix | {_table_cell(FIX_NOTES.get(doc.fixable, doc.fixable))} |",
                f"| Defined in | `{doc.source}` (pack `{doc.pack}`) |",
                f"| Languages | {', '.join(doc.languages)} |",
            ]
        )
    )
    parts += ["## Why", doc.rationale or "(no rationale given)"]
    wrong = [e for e in doc.examples if not e.valid]
    right = [e for e in doc.examples if e.valid]
    if wrong:
        parts.append("## Wrong")
        for example in wrong:
            parts.append(_code_block(example.text))
            if example.fixed:
                parts.append("`--fix` makes it:\n\n" + _code_block(example.fixed))
    if right:
        parts.append("## Right")
        parts += [_code_block(example.text) for example in right]
    parts += [
        "## Switching it off",
        f'For a file or folder: `per-file-ignores = {{ "legacy/**" = ["{doc.code}"] }}` in the '
        f"configuration. For one place: a line `<!-- l2lint-disable-next-line {doc.code} -->` "
        f"(Markdown, HTML) or `l2lint: disable-next-line {doc.code}` (plain text) above it.",
    ]
    return "\n\n".join(parts) + "\n"


def index_page(docs: dict[str, RuleDoc]) -> str:
    """`docs/rules/README.md`: one table row per rule, linking its page."""
    rows = [
        f"| [{d.code}]({d.code}.md) | {d.name} | {d.severity.value} | {d.fixable} | "
        f"{_table_cell(d.summary)} |"
        for d in docs.values()
    ]
    return (
        "# Rules\n\n"
        f"<!-- Generated by `python {GENERATOR}`; do not edit by hand. -->\n"
        "<!-- l2lint-disable-file -->\n\n"
        "| code | name | severity | fix | summary |\n|---|---|---|---|---|\n"
        + "\n".join(rows)
        + "\n"
    )


def pages(rule_set: RuleSet) -> dict[str, str]:
    """File name (relative to `docs/rules/`) -> Markdown text, for every rule and the index."""
    docs = rule_docs(rule_set)
    result = {f"{code}.md": rule_page(doc) for code, doc in docs.items()}
    result["README.md"] = index_page(docs)
    return result
