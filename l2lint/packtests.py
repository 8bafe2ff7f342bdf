"""Running every example of a pack as a test: `l2lint test-rules` and the test suite."""

from __future__ import annotations

from dataclasses import dataclass

from l2lint.engine import Linter
from l2lint.fix import fix_document
from l2lint.packs import Example, Pack, Rule, RuleSet
from l2lint.sources.plaintext import read_text


@dataclass(frozen=True)
class ExampleResult:
    """The outcome of one pack example: `number` counts the rule's valid examples, or
    its invalid ones, from 1 (each kind apart); `problem` is None when it passed."""

    rule: Rule
    example: Example
    number: int
    problem: str | None  # None when the example passed

    @property
    def label(self) -> str:
        """E.g. "B201 invalid example 2": how reports name the example."""
        kind = "valid" if self.example.valid else "invalid"
        return f"{self.rule.code} {kind} example {self.number}"


def check_example(linter: Linter, rule: Rule, example: Example) -> str | None:
    """What is wrong with one example, or None."""
    doc = read_text("<example>", example.text)
    code, text = rule.code, repr(example.text)
    findings = [f for f in linter.lint_document(doc) if f.code == rule.code]
    if example.valid:
        if findings:
            spans = ", ".join(repr(f.found) for f in findings)
            return f"expected no {code} finding in {text}, got {len(findings)} ({spans})"
        return None
    if not findings:
        return f"expected a {code} finding in {text}, got none"
    if example.count is not None and len(findings) != example.count:
        return f"expected {example.count} {code} findings in {text}, got {len(findings)}"
    if example.fixed is not None:
        fixed, _ = fix_document(doc, findings, unsafe=True)
        if fixed != example.fixed:
            return f"fix of {example.text!r} gave {fixed!r}, expected {example.fixed!r}"
    return None


def run_pack_examples(pack: Pack) -> list[ExampleResult]:
    """Each rule's examples, linted with the pack's own rules only."""
    linter = Linter(RuleSet([pack]))
    results: list[ExampleResult] = []
    for rule in pack.rules:
        counters = {True: 0, False: 0}
        for example in rule.examples:
            counters[example.valid] += 1
            problem = check_example(linter, rule, example)
            results.append(ExampleResult(rule, example, counters[example.valid], problem))
    return results
