"""The api-performance scorecard row: worst latencies, where, and which budgets lacked data."""

from __future__ import annotations

from agentweaver_lint.checks.base import Evidence, FamilyScore, ScoreContext
from agentweaver_lint.checks.perf.budgets import Judgement, judge, required_budgets, thresholds
from agentweaver_lint.checks.perf.measure import API, Measurement
from agentweaver_lint.checks.perf.results import collect

LABELS = {
    "api_p95_ms": "API p95",
    "api_p99_ms": "API p99",
    "error_rate_pct": "error rate",
    "db_simple_ms": "simple DB query p95",
    "db_complex_ms": "complex DB query p95",
}


def _worst(items: list[Measurement], what: str) -> tuple[float, Measurement] | None:
    values = [(m.percentiles[what], m) for m in items if what in m.percentiles]
    return (
        max(values, key=lambda pair: (pair[0], not pair[1].aggregate, pair[1].path, pair[1].label))
        if values
        else None
    )


def _worst_error(items: list[Measurement]) -> tuple[float, Measurement] | None:
    values = [(rate, m) for m in items if (rate := m.error_rate()) is not None]
    return (
        max(values, key=lambda pair: (pair[0], not pair[1].aggregate, pair[1].path, pair[1].label))
        if values
        else None
    )


def _gaps(judgement: Judgement, needed: list[str]) -> list[str]:
    gaps = []
    for budget in needed:
        if not judgement.judged.get(budget):
            gaps.append(f"{LABELS[budget]} (no result carries it)")
        elif judgement.lacking.get(budget):
            gaps.append(f"{LABELS[budget]} missing for {judgement.lacking[budget]} rows")
    return gaps


def score(ctx: ScoreContext) -> FamilyScore:
    settings = ctx.settings
    limits = thresholds(settings)
    results = collect(ctx.workspace, settings)
    figures: dict[str, float] = {
        "results": float(len(results.files)),
        "measurements": float(len(results.measurements)),
    }
    if not results.files:
        return FamilyScore(
            Evidence.ABSENT, figures, limits, "no load-test results found; memory not measured"
        )
    items = results.measurements
    judgement = judge(items, settings)
    api = [m for m in items if m.kind == API]
    parts = [
        f"{len(results.files)} result files ({', '.join(sorted(set(results.tools.values())))})"
    ]
    for what in ("p95", "p99"):
        worst = _worst(api, what)
        if worst is not None:
            figures[f"worst_{what}_ms"] = worst[0]
            parts.append(f"worst API {what} {worst[0]:g} ms at {worst[1].label} ({worst[1].path})")
    db = _worst([m for m in items if m.kind != API], "p95")
    if db is not None:
        figures["worst_db_p95_ms"] = db[0]
        parts.append(f"worst DB p95 {db[0]:g} ms at {db[1].label}")
    error = _worst_error(api)
    if error is not None:
        figures["worst_error_rate_pct"] = error[0]
        parts.append(f"worst error rate {error[0]:.3g}% at {error[1].label}")
    memory = [m.memory_mb for m in items if m.memory_mb is not None]
    if memory:
        figures["memory_mb"] = max(memory)
        parts.append(f"peak memory {max(memory):g} MB")
    else:
        parts.append("memory not measured")
    gaps = _gaps(judgement, required_budgets(items))
    if gaps:
        parts.append("no evidence for " + "; ".join(gaps))
    evidence = Evidence.ABSENT if any("no result" in g for g in gaps) else Evidence.PRESENT
    return FamilyScore(evidence, figures, limits, "; ".join(parts))
