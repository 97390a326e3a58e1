"""Every rule's YAML cases, discovered automatically, asserting exact code/line/column."""

from __future__ import annotations

from pathlib import Path

import pytest
from rule_cases import RuleCase, load_cases, write_case

from agentweaver_lint.config import load_settings
from agentweaver_lint.gate import GateOptions, run_gate
from agentweaver_lint.registry import get_registry
from agentweaver_lint.settings import Setting

CASES = load_cases()
# Rules the engine itself emits; their cases live in test_engine.py.
ENGINE_RULES = {"AWL001", "AWL004"}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_case(case: RuleCase, tmp_path: Path) -> None:
    registry = get_registry()
    assert case.rule in registry.rules, f"{case.source}: unknown rule {case.rule}"
    assert case.kind in ("fail", "pass")
    assert bool(case.expect) == (case.kind == "fail"), "fail cases expect findings, pass cases none"
    write_case(case, tmp_path)
    select = case.select or [registry.rules[case.rule].family]
    settings = load_settings(tmp_path, flags={"select": Setting(select, "test")})
    changed = (
        {path: frozenset(lines) for path, lines in case.changed_lines.items()}
        if case.changed_lines is not None
        else None
    )
    options = GateOptions(jobs=1, changed_lines=changed, use_baseline=False)
    report = run_gate(tmp_path, settings, options).report
    found = sorted(
        (f.path, f.code, f.line, f.column) for f in report.findings if f.code in case.codes
    )
    assert found == sorted(case.expect)


def test_every_rule_has_fail_and_pass_cases() -> None:
    kinds: dict[str, set[str]] = {}
    for case in CASES:
        kinds.setdefault(case.rule, set()).add(case.kind)
    missing = [
        code
        for code in get_registry().rules
        if code not in ENGINE_RULES and kinds.get(code) != {"fail", "pass"}
    ]
    assert missing == []
