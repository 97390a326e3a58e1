"""One verdict per non-negotiable, derived from findings and each family's evidence."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from agentweaver_lint.checks.base import Evidence, FamilyScore, ScoreContext
from agentweaver_lint.model import NON_NEGOTIABLES, Finding, ScoreEntry, Verdict
from agentweaver_lint.registry import Registry
from agentweaver_lint.settings import Settings
from agentweaver_lint.workspace import Workspace


def build_scorecard(
    registry: Registry,
    settings: Settings,
    workspace: Workspace,
    findings: list[Finding],
    counters: Mapping[str, Counter[str]],
) -> list[ScoreEntry]:
    """Rows in the fixed order of :data:`NON_NEGOTIABLES`.

    A row fails only when an unsuppressed finding at or above ``fail_on`` serves it, so
    every "fail" has a finding behind it and the exit code follows findings alone.
    """
    rows: list[ScoreEntry] = []
    fail_on = settings.fail_on
    for nn_id, title in NON_NEGOTIABLES.items():
        families = [f for f in registry.families.values() if f.non_negotiable == nn_id]
        row_findings = [f for f in findings if f.non_negotiable == nn_id]
        active = [f for f in row_findings if f.suppressed is None]
        failing = [f for f in active if f.severity >= fail_on]
        score = FamilyScore(evidence=Evidence.ABSENT, summary="no rule family checks this yet")
        selected = [
            fam for fam in families if any(settings.is_enabled(rule.code) for rule in fam.rules)
        ]
        if families and not selected:
            score = FamilyScore(evidence=Evidence.NOT_APPLICABLE, summary="rules not selected")
        for family in selected:
            if family.score is None:
                score = FamilyScore(evidence=Evidence.PRESENT)
                continue
            ctx = ScoreContext(
                findings=active,
                counters=dict(counters.get(family.prefix, Counter())),
                settings=settings,
                workspace=workspace,
            )
            score = family.score(ctx)
        if failing:
            verdict = Verdict.FAIL
        elif score.evidence is Evidence.NOT_APPLICABLE:
            verdict = Verdict.NOT_APPLICABLE
        elif score.evidence is Evidence.ABSENT:
            verdict = Verdict.NO_EVIDENCE
        else:
            verdict = Verdict.PASS
        figures = dict(score.figures)
        figures.setdefault("findings", float(len(active)))
        rows.append(
            ScoreEntry(
                id=nn_id,
                title=title,
                verdict=verdict,
                figures=figures,
                thresholds=dict(score.thresholds),
                summary=score.summary,
            )
        )
    return rows
