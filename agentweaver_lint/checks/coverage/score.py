"""The test-coverage scorecard row: group percentages, files measured, thresholds."""

from __future__ import annotations

from agentweaver_lint.checks.base import Evidence, FamilyScore, ScoreContext
from agentweaver_lint.checks.coverage.model import percent


def score(ctx: ScoreContext) -> FamilyScore:
    settings = ctx.settings
    if not settings.get("coverage.enabled"):
        return FamilyScore(
            evidence=Evidence.NOT_APPLICABLE,
            summary="coverage is disabled (coverage.enabled is false)",
        )
    c = ctx.counters
    figures = {
        "files_measured": float(c.get("files_measured", 0)),
        "files_unmapped": float(c.get("files_unmapped", 0)),
    }
    thresholds = {
        "business_logic_pct": settings.threshold("coverage.business_logic"),
        "critical_paths_pct": settings.threshold("coverage.critical_paths"),
    }
    formats = sorted(k.split(":", 1)[1] for k in c if k.startswith("format:"))
    if not figures["files_measured"]:
        reports = int(c.get("reports", 0))
        summary = (
            "no coverage report found"
            if not reports
            else f"{reports} report(s) found, none with data for this repository's files"
        )
        return FamilyScore(
            evidence=Evidence.ABSENT, figures=figures, thresholds=thresholds, summary=summary
        )
    parts: list[str] = []
    figures["overall_pct"] = round(
        percent(int(c.get("all_covered", 0)), int(c.get("all_total", 0))), 2
    )
    figures["business_logic_pct"] = round(
        percent(int(c.get("bl_covered", 0)), int(c.get("bl_total", 0))), 2
    )
    parts.append(f"business logic {figures['business_logic_pct']:.1f}%")
    if c.get("cp_files", 0):
        figures["critical_paths_pct"] = round(
            percent(int(c.get("cp_covered", 0)), int(c.get("cp_total", 0))), 2
        )
        parts.append(f"critical paths {figures['critical_paths_pct']:.1f}%")
    else:
        parts.append("no critical-path file measured")
    if c.get("diff_mode", 0):
        thresholds["changed_lines_pct"] = settings.threshold("coverage.changed_lines")
        total = int(c.get("changed_total", 0))
        figures["changed_lines_pct"] = round(percent(int(c.get("changed_covered", 0)), total), 2)
        if c.get("changed_not_judged", 0):
            minimum = settings.get("coverage.min_changed_lines")
            parts.append(f"changed lines not judged ({total} executable, fewer than {minimum})")
        else:
            parts.append(f"changed lines {figures['changed_lines_pct']:.1f}%")
    parts.append(
        f"{int(figures['files_measured'])} files measured from {', '.join(formats) or 'reports'}"
    )
    if figures["files_unmapped"]:
        parts.append(f"{int(figures['files_unmapped'])} unmapped")
    figures["files_unmeasured"] = float(c.get("files_unmeasured", 0))
    if figures["files_unmeasured"]:
        parts.append(
            f"{int(figures['files_unmeasured'])} business-logic/critical files without data"
        )
    if c.get("bl_fallback", 0):
        parts.append("business-logic globs matched nothing: all non-test source used")
    return FamilyScore(
        evidence=Evidence.PRESENT, figures=figures, thresholds=thresholds, summary="; ".join(parts)
    )
