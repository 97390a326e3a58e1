"""The test-coverage scorecard row: group percentages, files measured, thresholds."""

from __future__ import annotations

from collections.abc import Mapping

from agentweaver_lint.checks.base import Evidence, FamilyScore, ScoreContext
from agentweaver_lint.checks.coverage.model import percent
from agentweaver_lint.model import Threshold
from agentweaver_lint.settings import Settings


def _pct(counters: Mapping[str, float], prefix: str) -> float:
    covered = int(counters.get(f"{prefix}_covered", 0))
    return round(percent(covered, int(counters.get(f"{prefix}_total", 0))), 2)


def score(ctx: ScoreContext) -> FamilyScore:
    settings = ctx.settings
    if not settings.get("coverage.enabled"):
        return FamilyScore(
            evidence=Evidence.NOT_APPLICABLE,
            summary="coverage is disabled (coverage.enabled is false)",
        )
    c = ctx.counters
    if c.get("no_source", 0):
        return FamilyScore(
            evidence=Evidence.NOT_APPLICABLE, summary="no source code to cover in this repository"
        )
    figures = {
        "files_measured": float(c.get("files_measured", 0)),
        "files_unmapped": float(c.get("files_unmapped", 0)),
    }
    thresholds = {
        "business_logic_pct": settings.threshold("coverage.business_logic"),
        "critical_paths_pct": settings.threshold("coverage.critical_paths"),
    }
    if not figures["files_measured"]:
        reports = int(c.get("reports", 0))
        summary = (
            "no coverage report found"
            if not reports
            else f"{reports} report(s) found, none with data for this repository's files"
        )
        return FamilyScore(Evidence.ABSENT, figures, thresholds, summary)
    parts = _groups(c, figures)
    parts.extend(_changed(c, figures, thresholds, settings))
    parts.extend(_files(c, figures))
    return FamilyScore(Evidence.PRESENT, figures, thresholds, "; ".join(parts))


def _groups(c: Mapping[str, float], figures: dict[str, float]) -> list[str]:
    figures["overall_pct"] = _pct(c, "all")
    figures["business_logic_pct"] = _pct(c, "bl")
    parts = [f"business logic {figures['business_logic_pct']:.1f}%"]
    if c.get("cp_files", 0):
        figures["critical_paths_pct"] = _pct(c, "cp")
        parts.append(f"critical paths {figures['critical_paths_pct']:.1f}%")
    else:
        parts.append("no critical-path file measured")
    return parts


def _changed(
    c: Mapping[str, float],
    figures: dict[str, float],
    thresholds: dict[str, Threshold],
    settings: Settings,
) -> list[str]:
    if not c.get("diff_mode", 0):
        return []
    thresholds["changed_lines_pct"] = settings.threshold("coverage.changed_lines")
    figures["changed_lines_pct"] = _pct(c, "changed")
    if c.get("changed_not_judged", 0):
        total = int(c.get("changed_total", 0))
        minimum = settings.get("coverage.min_changed_lines")
        return [f"changed lines not judged ({total} executable, fewer than {minimum})"]
    return [f"changed lines {figures['changed_lines_pct']:.1f}%"]


def _files(c: Mapping[str, float], figures: dict[str, float]) -> list[str]:
    formats = sorted(key.split(":", 1)[1] for key in c if key.startswith("format:"))
    parts = [
        f"{int(figures['files_measured'])} files measured from {', '.join(formats) or 'reports'}"
    ]
    if figures["files_unmapped"]:
        parts.append(f"{int(figures['files_unmapped'])} unmapped")
    figures["files_unmeasured"] = float(c.get("files_unmeasured", 0))
    if figures["files_unmeasured"]:
        parts.append(
            f"{int(figures['files_unmeasured'])} business-logic/critical files without data"
        )
    if c.get("bl_fallback", 0):
        parts.append("business-logic globs matched nothing: all non-test source used")
    return parts
