"""ERR: errors are caught deliberately and logged with context (Python AST + ruff, JS/TS)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agentweaver_lint.checks.base import Evidence, FamilyScore, ScoreContext
from agentweaver_lint.checks.errors.jscheck import JsErrorHandlingCheck
from agentweaver_lint.checks.errors.pycheck import PythonErrorHandlingCheck
from agentweaver_lint.checks.errors.pyfacts import PythonErrorSummaries
from agentweaver_lint.checks.errors.ruff_runner import register_scope
from agentweaver_lint.checks.errors.rules import (
    ERR_CODES,
    BareExcept,
    BroadExceptNotLogged,
    LoggedWithoutContext,
    SwallowedException,
    UnhandledAsyncRoute,
)
from agentweaver_lint.checks.errors.scope import in_scope
from agentweaver_lint.registry import Family

if TYPE_CHECKING:
    from agentweaver_lint.settings import Settings
    from agentweaver_lint.workspace import SourceFile


def _ruff_scope(file: SourceFile, settings: Settings) -> bool:
    return any(settings.is_enabled(c) and in_scope(file, settings, c) for c in ERR_CODES)


register_scope("ERR", ERR_CODES, _ruff_scope)


def score(ctx: ScoreContext) -> FamilyScore:
    clauses = int(ctx.counters.get("except_clauses", 0) + ctx.counters.get("catch_clauses", 0))
    flagged = sum(1 for f in ctx.findings if f.code in ERR_CODES and f.suppressed is None)
    if clauses == 0:
        return FamilyScore(
            evidence=Evidence.NOT_APPLICABLE if not flagged else Evidence.PRESENT,
            figures={"clauses": 0, "findings": flagged},
            summary="no except/catch clauses in application code",
        )
    handled = max(0, clauses - flagged)
    return FamilyScore(
        evidence=Evidence.PRESENT,
        figures={
            "clauses": clauses,
            "findings": flagged,
            "handled_pct": round(100.0 * handled / clauses, 1),
        },
        summary=f"{handled} of {clauses} except/catch clauses re-raise or log with context",
    )


FAMILY = Family(
    prefix="ERR",
    title="Error handling",
    non_negotiable="error-handling",
    rules=(
        BareExcept,
        BroadExceptNotLogged,
        SwallowedException,
        LoggedWithoutContext,
        UnhandledAsyncRoute,
    ),
    checks=(PythonErrorSummaries(), PythonErrorHandlingCheck(), JsErrorHandlingCheck()),
    score=score,
)
