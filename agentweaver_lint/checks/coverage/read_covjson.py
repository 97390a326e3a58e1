"""coverage.py's JSON report (``coverage json``): per-line, per-branch and per-function data."""

from __future__ import annotations

from typing import Any

from agentweaver_lint.checks.coverage.model import UNIT_PY, FileCoverage, FunctionSpan


def is_coverage_json(doc: Any) -> bool:
    return (
        isinstance(doc, dict)
        and isinstance(doc.get("files"), dict)
        and isinstance(doc.get("meta"), dict)
    )


def _ints(value: Any) -> list[int]:
    return [int(v) for v in value if isinstance(v, int)] if isinstance(value, list) else []


def _pairs(value: Any) -> list[tuple[int, int]]:
    if not isinstance(value, list):
        return []
    return [
        (int(p[0]), int(p[1]))
        for p in value
        if isinstance(p, list) and len(p) == 2 and all(isinstance(x, int) for x in p)
    ]


def read_coverage_json(doc: dict[str, Any]) -> list[FileCoverage]:
    """One :class:`FileCoverage` per file; statements = executed + missing lines."""
    files: list[FileCoverage] = []
    for name, body in sorted(doc["files"].items()):
        if not isinstance(body, dict):
            continue
        entry = FileCoverage(path=str(name), unit=UNIT_PY)
        for line in _ints(body.get("executed_lines")):
            entry.lines[line] = 1
        for line in _ints(body.get("missing_lines")):
            entry.lines.setdefault(line, 0)
        executed = _pairs(body.get("executed_branches"))
        missing = _pairs(body.get("missing_branches"))
        summary = body.get("summary") if isinstance(body.get("summary"), dict) else {}
        declared = summary.get("num_branches") if isinstance(summary, dict) else None
        total = len(executed) + len(missing)
        if isinstance(declared, int) and declared > total:
            total = declared  # "no branch" lines count as branches but list no arcs
        entry.branches_total = total
        entry.branches_covered = total - len(missing)
        for start, end in missing:
            entry.missing_branches.setdefault(start, []).append(end)
        entry.functions = _functions(body.get("functions"))
        files.append(entry)
    return files


def _functions(regions: Any) -> list[FunctionSpan]:
    spans: list[FunctionSpan] = []
    if not isinstance(regions, dict):
        return spans
    for name, region in regions.items():
        if not name or not isinstance(region, dict):
            continue  # "" is the module level
        lines = _ints(region.get("executed_lines")) + _ints(region.get("missing_lines"))
        start = region.get("start_line")
        if not isinstance(start, int):
            start = min(lines, default=0)
        if start <= 0:
            continue
        spans.append(
            FunctionSpan(name=str(name).split("@")[0], start=start, end=max(lines, default=start))
        )
    return spans
