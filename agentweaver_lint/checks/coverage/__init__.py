"""COV: test coverage of business logic, critical paths and changed lines, from reports."""

from __future__ import annotations

from agentweaver_lint.checks.coverage.gate import CoverageGate
from agentweaver_lint.checks.coverage.rules import (
    BusinessLogicCoverage,
    ChangedLinesCoverage,
    CriticalPathCoverage,
    NoCoverageEvidence,
    StaleCoverageEvidence,
)
from agentweaver_lint.checks.coverage.score import score
from agentweaver_lint.registry import Family

FAMILY = Family(
    prefix="COV",
    title="Test coverage",
    non_negotiable="test-coverage",
    rules=(
        BusinessLogicCoverage,
        CriticalPathCoverage,
        ChangedLinesCoverage,
        NoCoverageEvidence,
        StaleCoverageEvidence,
    ),
    checks=(CoverageGate(),),
    score=score,
)
