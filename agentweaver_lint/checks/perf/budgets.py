"""Judge measurements against the performance budgets; tally which budgets had evidence."""

from __future__ import annotations

from dataclasses import dataclass, field

from agentweaver_lint.checks.perf.measure import API, DB_COMPLEX, DB_SIMPLE, Measurement
from agentweaver_lint.model import Threshold
from agentweaver_lint.settings import Settings

BUDGET_KEYS = {
    "api_p95_ms": "perf.api_p95_ms",
    "api_p99_ms": "perf.api_p99_ms",
    "db_simple_ms": "perf.db_simple_ms",
    "db_complex_ms": "perf.db_complex_ms",
    "memory_mb": "perf.memory_mb",
    "error_rate_pct": "perf.error_rate_pct",
}


@dataclass(frozen=True)
class Breach:
    code: str
    measurement: Measurement
    what: str
    """``p95``, ``p99``, ``error rate`` or ``memory``."""
    value: float
    budget: Threshold
    unit: str


@dataclass
class Judgement:
    breaches: list[Breach] = field(default_factory=list)
    judged: dict[str, int] = field(default_factory=dict)
    """Budget name → measurements that carried its number."""
    lacking: dict[str, int] = field(default_factory=dict)
    """Budget name → measurements of its kind that did not."""

    def tally(self, budget: str, has: bool) -> None:
        target = self.judged if has else self.lacking
        target[budget] = target.get(budget, 0) + 1


def thresholds(settings: Settings) -> dict[str, Threshold]:
    return {name: settings.threshold(key) for name, key in BUDGET_KEYS.items()}


def _latency_budget(kind: str, what: str) -> str | None:
    if kind == API:
        return "api_p95_ms" if what == "p95" else "api_p99_ms"
    if what == "p95":  # a query budget is judged on the p95 of the query's timings
        return "db_complex_ms" if kind == DB_COMPLEX else "db_simple_ms"
    return None


def judge(measurements: list[Measurement], settings: Settings) -> Judgement:
    """Findings go to endpoint rows; a file's overall row is judged only if it has none."""
    limits = thresholds(settings)
    result = Judgement()
    with_endpoints = {m.path for m in measurements if not m.aggregate}
    for item in measurements:
        findings_here = not (item.aggregate and item.path in with_endpoints)
        for what, code in (("p95", "PRF001"), ("p99", "PRF002")):
            budget = _latency_budget(item.kind, what)
            if budget is None:
                continue
            value = item.percentiles.get(what)
            result.tally(budget, value is not None)
            if value is not None and findings_here and value > limits[budget].value:
                result.breaches.append(Breach(code, item, what, value, limits[budget], "ms"))
        if item.kind == API and item.tool != "pytest-benchmark":
            rate = item.error_rate()
            result.tally("error_rate_pct", rate is not None)
            limit = limits["error_rate_pct"]
            if rate is not None and findings_here and rate > limit.value:
                result.breaches.append(Breach("PRF003", item, "error rate", rate, limit, "%"))
        if item.memory_mb is not None:
            result.tally("memory_mb", True)
            if item.memory_mb > limits["memory_mb"].value:
                result.breaches.append(
                    Breach("PRF005", item, "memory", item.memory_mb, limits["memory_mb"], "MB")
                )
    return result


def required_budgets(measurements: list[Measurement]) -> list[str]:
    """Budgets a verdict needs: the API ones always; a DB one when such queries were measured."""
    needed = ["api_p95_ms", "api_p99_ms", "error_rate_pct"]
    kinds = {m.kind for m in measurements}
    if DB_SIMPLE in kinds:
        needed.append("db_simple_ms")
    if DB_COMPLEX in kinds:
        needed.append("db_complex_ms")
    return needed
