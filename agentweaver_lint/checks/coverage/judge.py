"""COV001 (business logic), COV002 (critical paths) and COV003 (changed lines)."""

from __future__ import annotations

from agentweaver_lint.checks.base import RepoContext
from agentweaver_lint.checks.coverage.collect import Collected
from agentweaver_lint.checks.coverage.functions import Located, locate_missing, python_functions
from agentweaver_lint.checks.coverage.groups import (
    Group,
    business_logic,
    critical_paths,
    describe_file,
    worst_files,
)
from agentweaver_lint.checks.coverage.model import (
    FileCoverage,
    FunctionSpan,
    describe_missing,
    percent,
)


def _fmt(value: float) -> str:
    return f"{value:g}"


def _below(value: float, threshold: float) -> str:
    """``79.96`` against 80 reads ``79.96%``, never a confusing ``80.0%``."""
    text = f"{value:.1f}"
    return f"{value:.2f}%" if float(text) >= threshold else f"{text}%"


def judge_business_logic(ctx: RepoContext, collected: Collected) -> Group:
    settings = ctx.settings
    group = business_logic(
        ctx.workspace, collected.files, list(settings.get("coverage.business_logic_paths"))
    )
    ctx.count("bl_covered", group.covered)
    ctx.count("bl_total", group.total)
    ctx.count("bl_files", len(group.files))
    if group.fallback:
        ctx.count("bl_fallback")
        ctx.notice(
            "coverage",
            "coverage: the business-logic globs match no measured file; "
            "all measured non-test source counts as business logic",
        )
    threshold = settings.threshold("coverage.business_logic")
    if not group.files or group.percent >= threshold.value:
        return group
    worst = worst_files(group)
    scope = (
        "all non-test source (no file matches the business-logic globs)"
        if group.fallback
        else f"{len(group.files)} files measured"
    )
    message = (
        f"Business-logic coverage is {_below(group.percent, threshold.value)}, "
        f"below {_fmt(threshold.value)}% "
        f"({scope}); worst: " + "; ".join(describe_file(p, e) for p, e in worst)
    )
    ctx.report(
        "COV001",
        "",
        1,
        1,
        message,
        fingerprint_key="business-logic",
        extra={
            "group": "business-logic",
            "percent": round(group.percent, 2),
            "threshold": threshold.value,
            "threshold_source": threshold.source,
            "fallback": group.fallback,
            "worst_files": [_file_extra(p, e) for p, e in worst_files(group, 10)],
        },
    )
    return group


def _file_extra(path: str, entry: FileCoverage) -> dict[str, object]:
    return {
        "path": path,
        "percent": round(entry.percent(), 2),
        "missing_lines": entry.missed_lines[:200],
        "partial_branch_lines": entry.partial_lines[:200],
    }


def judge_critical_paths(ctx: RepoContext, collected: Collected) -> Group:
    settings = ctx.settings
    group = critical_paths(
        ctx.workspace, collected.files, list(settings.get("coverage.critical_paths_paths"))
    )
    ctx.count("cp_covered", group.covered)
    ctx.count("cp_total", group.total)
    ctx.count("cp_files", len(group.files))
    threshold = settings.threshold("coverage.critical_paths")
    for path, entry in sorted(group.files.items()):
        if entry.total_units and entry.percent() < threshold.value:
            _report_critical_file(ctx, path, entry, threshold.value)
    return group


def _spans(ctx: RepoContext, path: str, entry: FileCoverage) -> list[tuple[FunctionSpan, int]]:
    source = ctx.workspace.get(path)
    if source is not None and source.language == "python":
        tree = source.python_tree
        if tree is not None:
            return list(python_functions(tree))
    return [(span, 1) for span in entry.functions]


def _report_critical_file(
    ctx: RepoContext, path: str, entry: FileCoverage, threshold: float
) -> None:
    spans = _spans(ctx, path, entry)
    located = locate_missing(entry, spans)
    head = (
        f"Critical path {path} is {_below(entry.percent(), threshold)} covered, "
        f"below {_fmt(threshold)}%"
    )
    if not located:  # Go statements can be missed on lines counted as hit by another block
        first = min(entry.missed_lines, default=1)
        ctx.report(
            "COV002",
            path,
            first,
            1,
            head,
            fingerprint_key="<file>",
            extra={"percent": round(entry.percent(), 2), "threshold": threshold},
        )
        return
    for item in located:
        ctx.report(
            "COV002",
            path,
            item.line,
            item.column,
            f"{head}: {_where(item)}: {_lines(item)}",
            fingerprint_key=item.name or "<module>",
            extra={
                "function": item.name or None,
                "missing_lines": item.missed[:200],
                "partial_branch_lines": item.partial[:200],
                "file_percent": round(entry.percent(), 2),
                "threshold": threshold,
            },
        )


def _where(item: Located) -> str:
    return f"function {item.name}()" if item.name else "module-level code"


def _lines(item: Located) -> str:
    parts = [describe_missing(item.missed) + " not run"] if item.missed else []
    if item.partial:
        parts.append("partial branches at " + describe_missing(item.partial))
    return "; ".join(parts)


def judge_changed_lines(ctx: RepoContext, collected: Collected) -> None:
    changed = ctx.workspace.changed_lines
    if changed is None:
        return
    settings = ctx.settings
    ctx.count("diff_mode")
    covered = total = 0
    uncovered: dict[str, list[int]] = {}
    for path, lines in sorted(changed.items()):
        entry = collected.files.get(path)
        if entry is None:
            continue
        executable = sorted(line for line in lines if line in entry.lines)
        hit = [line for line in executable if entry.lines[line] > 0]
        total += len(executable)
        covered += len(hit)
        if len(hit) < len(executable):
            uncovered[path] = [line for line in executable if entry.lines[line] <= 0]
    ctx.count("changed_covered", covered)
    ctx.count("changed_total", total)
    minimum = int(settings.get("coverage.min_changed_lines"))
    if total < minimum:
        ctx.count("changed_not_judged")
        return
    threshold = settings.threshold("coverage.changed_lines")
    pct = percent(covered, total)
    if pct >= threshold.value:
        return
    detail = "; ".join(
        f"{p} ({describe_missing(lines)})" for p, lines in list(uncovered.items())[:5]
    )
    ctx.report(
        "COV003",
        "",
        1,
        1,
        f"Changed lines are {_below(pct, threshold.value)} covered "
        f"({covered} of {total} executable lines), "
        f"below {_fmt(threshold.value)}%; uncovered: {detail}",
        fingerprint_key="changed-lines",
        extra={
            "percent": round(pct, 2),
            "covered": covered,
            "total": total,
            "threshold": threshold.value,
            "threshold_source": threshold.source,
            "uncovered": {p: lines[:200] for p, lines in uncovered.items()},
        },
    )
