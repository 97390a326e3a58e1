"""The coverage gate: one repo check reading every report, then judging groups and diffs.

It reads reports; it never runs tests. Notices say what could not be read or mapped, so no
file is dropped silently.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from agentweaver_lint.checks.base import RepoCheck, RepoContext
from agentweaver_lint.model import Severity

if TYPE_CHECKING:
    from agentweaver_lint.checks.coverage.collect import Collected

STALE_TOLERANCE_S = 1.0
LIST_LIMIT = 20


class CoverageGate(RepoCheck):
    """Reads the coverage reports and reports COV001-COV005."""

    codes: ClassVar[tuple[str, ...]] = ("COV001", "COV002", "COV003", "COV004", "COV005")
    cacheable: ClassVar[bool] = False  # reports are read from the disk, usually git-ignored

    def run(self, ctx: RepoContext) -> None:
        # Imported here: the readers are not needed by runs without repo checks (the hook).
        from agentweaver_lint.checks.coverage.collect import collect
        from agentweaver_lint.checks.coverage.judge import (
            judge_business_logic,
            judge_changed_lines,
            judge_critical_paths,
        )
        from agentweaver_lint.checks.coverage.unmeasured import report_unmeasured

        if not ctx.settings.get("coverage.enabled"):
            ctx.count("disabled")
            return
        if not any(
            "source" in f.roles and not f.roles & {"test", "migration"} for f in ctx.workspace.files
        ):
            ctx.count("no_source")  # nothing to cover: not applicable
            return
        collected = collect(ctx.workspace, list(ctx.settings.get("coverage.reports")))
        _notices(ctx, collected)
        ctx.count("reports", len(collected.reports))
        ctx.count("files_measured", len(collected.files))
        ctx.count("files_unmapped", collected.unmapped_count)
        for report in collected.reports:
            ctx.count(f"format:{report.format}")
        if not collected.files:
            _no_evidence(ctx, collected)
            return
        ctx.count("all_covered", sum(e.covered_units for e in collected.files.values()))
        ctx.count("all_total", sum(e.total_units for e in collected.files.values()))
        _stale(ctx, collected)
        judge_business_logic(ctx, collected)
        judge_critical_paths(ctx, collected)
        judge_changed_lines(ctx, collected)
        report_unmeasured(ctx, collected)


def _listing(paths: list[str]) -> str:
    shown = ", ".join(paths[:LIST_LIMIT])
    return shown + (f" and {len(paths) - LIST_LIMIT} more" if len(paths) > LIST_LIMIT else "")


def _notices(ctx: RepoContext, collected: Collected) -> None:
    for path, problem in collected.problems:
        ctx.notice("coverage", f"coverage: {path} could not be read: {problem}", path)
    for entry in collected.missing_configured:
        ctx.notice("coverage", f"coverage: configured report {entry} does not exist")
    for report, paths in sorted(collected.unmapped.items()):
        ctx.notice(
            "coverage",
            f"coverage: {len(paths)} file(s) in {report} match no file of "
            f"this repository (add [paths] or check the checkout): "
            f"{_listing(sorted(set(paths)))}",
            report,
        )
    for path, why in collected.unanalysable:
        ctx.notice("coverage", f"coverage: {path} not measured: {why}", path)
    if collected.traced:
        ctx.notice(
            "coverage",
            f"coverage: {len(collected.traced)} file(s) measured by a "
            f"coverage.py plugin are not analysed: {_listing(sorted(collected.traced))}",
        )
    if collected.third_party:
        ctx.notice(
            "coverage",
            f"coverage: {collected.third_party} third-party file(s) in the "
            "reports (site-packages, node_modules…) are not counted",
        )
    if collected.omitted:
        ctx.notice(
            "coverage",
            f"coverage: {collected.omitted} file(s) omitted by the coverage.py "
            "configuration's omit patterns",
        )
    for problem in collected.config.problems:
        ctx.notice("coverage", f"coverage: configuration not read: {problem}")


def _no_evidence(ctx: RepoContext, collected: Collected) -> None:
    from agentweaver_lint.checks.coverage.stack import coverage_commands

    commands = coverage_commands(ctx.workspace)
    command = " ; ".join(commands)
    if collected.reports:
        why = (
            f"{len(collected.reports)} coverage report(s) found, but none has data for a "
            f"file of this repository ({collected.unmapped_count} unmapped)"
        )
    elif collected.problems:
        why = f"{len(collected.problems)} coverage report(s) found, none readable"
    else:
        why = "No coverage report found"
    severity = Severity.ERROR if ctx.settings.require_evidence else None
    ctx.report(
        "COV004",
        "",
        1,
        1,
        f"{why}; produce one with: {command}",
        fingerprint_key="no-coverage-evidence",
        fix=command,
        severity=severity,
        extra={"commands": commands, "reports": [r.path for r in collected.reports]},
    )


def _stale(ctx: RepoContext, collected: Collected) -> None:
    """COV005: a report older than a file it covers, or naming lines past a file's end."""
    from agentweaver_lint.checks.coverage.discover import newest_mtime

    for report in collected.reports:
        covered = collected.covers.get(report.path, [])
        newer: list[tuple[float, str]] = []
        past_end: list[str] = []
        for path in covered:
            source = ctx.workspace.get(path)
            if source is None:
                continue
            mtime = newest_mtime([source.abspath])
            if mtime > report.mtime + STALE_TOLERANCE_S:
                newer.append((mtime, path))
            elif _past_end(collected, report.path, path, len(source.text.splitlines())):
                past_end.append(path)
        if newer or past_end:
            _report_stale(ctx, report.path, len(covered), newer, past_end)


def _past_end(collected: Collected, report: str, path: str, length: int) -> bool:
    entry = collected.raw_entries.get((report, path))
    if entry is None:
        return False
    lines = set(entry.lines) | (entry.raw.lines if entry.raw is not None else set())
    return max(lines, default=0) > length


def _report_stale(
    ctx: RepoContext, report: str, covered: int, newer: list[tuple[float, str]], past_end: list[str]
) -> None:
    reasons: list[str] = []
    if newer:
        newer.sort(reverse=True)
        reasons.append(
            f"older than {len(newer)} of the {covered} source files it covers "
            f"(newest: {newer[0][1]})"
        )
    if past_end:
        reasons.append(f"names lines past the end of {_listing(sorted(past_end))}")
    ctx.report(
        "COV005",
        report,
        1,
        1,
        f"{report} is stale: {' and '.join(reasons)}; rerun the tests to refresh it",
        fingerprint_key=f"stale:{report}",
        extra={"newer_sources": sorted(p for _m, p in newer)[:50], "past_end": past_end[:50]},
    )
