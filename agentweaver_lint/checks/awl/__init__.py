"""AWL: findings about the gate's own work (parse errors, crashed rules, suppressions)."""

from __future__ import annotations

from agentweaver_lint.checks.awl.directives import DirectiveCheck
from agentweaver_lint.checks.awl.rules import (
    MalformedSuppression,
    ParseError,
    RuleCrashed,
    UnusedSuppression,
)
from agentweaver_lint.registry import Family

FAMILY = Family(
    prefix="AWL",
    title="The gate itself",
    non_negotiable=None,
    rules=(ParseError, MalformedSuppression, UnusedSuppression, RuleCrashed),
    checks=(DirectiveCheck(),),
)
