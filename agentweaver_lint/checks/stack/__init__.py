"""STK: the declared tech stack and package constraints of agentweaver.config.yml hold."""

from __future__ import annotations

from agentweaver_lint.checks.stack.checks import DependencyCheck, ImportCheck
from agentweaver_lint.checks.stack.rules import RULES
from agentweaver_lint.checks.stack.score import score
from agentweaver_lint.registry import Family

FAMILY = Family(
    prefix="STK",
    title="Tech stack and package constraints",
    non_negotiable="tech-stack",
    rules=RULES,
    checks=(DependencyCheck(), ImportCheck()),
    score=score,
)
