"""The PRF repo check: read every result once, judge the budgets, report breaches."""

from __future__ import annotations

from agentweaver_lint.checks.base import RepoCheck, RepoContext
from agentweaver_lint.checks.perf.budgets import Breach, judge
from agentweaver_lint.checks.perf.results import collect
from agentweaver_lint.model import Severity

BUDGET_NAMES = {"p95": "p95", "p99": "p99", "error rate": "error-rate", "memory": "memory"}


class BudgetCheck(RepoCheck):
    """PRF001–PRF005 over the load-test and benchmark results of the repository."""

    codes = ("PRF001", "PRF002", "PRF003", "PRF004", "PRF005")
    cacheable = False  # results are read from the disk, often git-ignored

    def run(self, ctx: RepoContext) -> None:
        results = collect(ctx.workspace, ctx.settings)
        for path, line, column, language, message in results.errors:
            ctx.parse_error(path, line, column, language, message)
        for entry in results.missing:
            ctx.notice("perf", f"perf.results entry {entry!r} matched no file")
        ctx.count("results", len(results.files))
        ctx.count("measurements", len(results.measurements))
        if not results.files:
            self._no_evidence(ctx, results.missing)
            return
        for breach in judge(results.measurements, ctx.settings).breaches:
            self._report(ctx, breach)

    def _no_evidence(self, ctx: RepoContext, missing: list[str]) -> None:
        listed = f" (perf.results lists {', '.join(missing)}, not found)" if missing else ""
        severity = Severity.ERROR if ctx.settings.require_evidence else Severity.WARNING
        ctx.report(
            "PRF004",
            "",
            1,
            1,
            "no load-test or benchmark results found (k6, Locust, pytest-benchmark, Artillery)"
            f"{listed}; the performance budgets are unproven",
            fingerprint_key="no-load-test-evidence",
            severity=severity,
        )

    def _report(self, ctx: RepoContext, breach: Breach) -> None:
        item = breach.measurement
        unit = " ms" if breach.unit == "ms" else breach.unit if breach.unit == "%" else " MB"
        ctx.report(
            breach.code,
            item.path,
            item.line,
            item.column,
            f"{item.label}: {breach.what} {breach.value:g}{unit} is over the "
            f"{breach.budget.value:g}{unit} budget ({breach.budget.source}) [{item.tool}]",
            fingerprint_key=f"{item.tool}:{item.endpoint}:{BUDGET_NAMES[breach.what]}",
            extra={
                "tool": item.tool,
                "endpoint": item.label,
                "measured": breach.value,
                "budget": breach.budget.value,
                "budget_source": breach.budget.source,
                "kind": item.kind,
            },
        )
