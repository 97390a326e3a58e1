"""VAL: every API handler validates its input (FastAPI, Flask, Django, DRF, Express, NestJS)."""

from __future__ import annotations

from agentweaver_lint.checks.validation.check import HandlerValidationCheck
from agentweaver_lint.checks.validation.pymodfacts import ModuleNames
from agentweaver_lint.checks.validation.rules import UntypedPathParameter, UnvalidatedInput
from agentweaver_lint.checks.validation.score import score
from agentweaver_lint.registry import Family

FAMILY = Family(
    prefix="VAL",
    title="Input validation",
    non_negotiable="input-validation",
    rules=(UnvalidatedInput, UntypedPathParameter),
    checks=(ModuleNames(), HandlerValidationCheck()),
    score=score,
)
