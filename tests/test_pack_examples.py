"""Every example in every shipped pack is a test."""

from __future__ import annotations

import pytest

from l2lint.engine import Linter
from l2lint.packs import RuleSet, builtin_pack_paths, load_pack, read_pack_data, validate_pack_data
from l2lint.packtests import check_example, run_pack_examples


def _cases():
    for path in builtin_pack_paths():
        pack = load_pack(path)
        for result in run_pack_examples(pack):
            yield pytest.param(pack, result.rule, result.example, id=f"{path.stem}-{result.label}")


@pytest.mark.parametrize(("pack", "rule", "example"), list(_cases()))
def test_pack_example(pack, rule, example):
    assert check_example(Linter(RuleSet([pack])), rule, example) is None


@pytest.mark.parametrize("path", builtin_pack_paths(), ids=lambda p: p.name)
def test_shipped_pack_validates_against_schema(path):
    validate_pack_data(str(path), read_pack_data(path))


def test_every_rule_has_rationale_and_both_kinds_of_example():
    for path in builtin_pack_paths():
        for rule in load_pack(path).rules:
            assert rule.rationale, rule.code
            assert any(not e.valid for e in rule.examples), rule.code
            assert any(e.valid for e in rule.examples), rule.code
            if rule.fixable == "safe":
                assert any(e.fixed for e in rule.examples if not e.valid), rule.code
