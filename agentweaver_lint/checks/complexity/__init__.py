"""CPX: complexity budgets (radon cyclomatic complexity and maintainability index)."""

from __future__ import annotations

from agentweaver_lint.checks.base import Evidence, FamilyScore, ScoreContext
from agentweaver_lint.checks.complexity.check import ComplexityCheck
from agentweaver_lint.checks.complexity.rules import HighComplexity, LowMaintainability
from agentweaver_lint.model import Threshold
from agentweaver_lint.registry import Family


def score(ctx: ScoreContext) -> FamilyScore:
    modules = int(ctx.counters.get("modules", 0))
    if modules == 0:
        return FamilyScore(evidence=Evidence.NOT_APPLICABLE, summary="no Python modules measured")
    blocks = int(ctx.counters.get("blocks", 0))
    over = int(ctx.counters.get("blocks_over_rank", 0))
    figures = {
        "modules": modules,
        "blocks": blocks,
        "blocks_over_rank": over,
        "mean_complexity": round(ctx.counters.get("complexity_sum", 0) / blocks, 2)
        if blocks
        else 0.0,
        "mean_mi": round(ctx.counters.get("mi_sum", 0) / modules, 2),
        "modules_below_mi": int(ctx.counters.get("modules_below_mi", 0)),
    }
    configured = ctx.settings.rule_options.get("CPX002", {}).get("min_mi")
    min_mi = Threshold(
        float(ctx.settings.option("CPX002", "min_mi")),
        configured.source if configured is not None else "default",
    )
    return FamilyScore(
        evidence=Evidence.PRESENT,
        figures=figures,
        thresholds={"min_mi": min_mi},
        summary=f"{over} of {blocks} blocks over the complexity rank; mean MI {figures['mean_mi']}",
    )


FAMILY = Family(
    prefix="CPX",
    title="Complexity budgets",
    non_negotiable="maintainability",
    rules=(HighComplexity, LowMaintainability),
    checks=(ComplexityCheck(),),
    score=score,
)
