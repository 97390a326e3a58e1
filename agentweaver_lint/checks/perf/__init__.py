"""PRF: the performance budgets of the agent file hold in real load-test results."""

from __future__ import annotations

from agentweaver_lint.checks.perf.check import BudgetCheck
from agentweaver_lint.checks.perf.rules import RULES
from agentweaver_lint.checks.perf.score import score
from agentweaver_lint.registry import Family

FAMILY = Family(
    prefix="PRF",
    title="Performance budgets",
    non_negotiable="api-performance",
    rules=RULES,
    checks=(BudgetCheck(),),
    score=score,
)
