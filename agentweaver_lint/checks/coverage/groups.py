"""Business-logic and critical-path groups, aggregated from per-file unit counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from agentweaver_lint.checks.coverage.model import FileCoverage, describe_missing, percent
from agentweaver_lint.globs import globset
from agentweaver_lint.workspace import Workspace


@dataclass
class Group:
    """A set of measured files and their summed units (statements, branches or lines)."""

    name: str
    files: dict[str, FileCoverage] = field(default_factory=dict)
    fallback: bool = False
    """Business logic only: the globs matched no measured file, all non-test source is used."""

    @property
    def covered(self) -> int:
        return sum(entry.covered_units for entry in self.files.values())

    @property
    def total(self) -> int:
        return sum(entry.total_units for entry in self.files.values())

    @property
    def percent(self) -> float:
        return percent(self.covered, self.total)


def _roles(workspace: Workspace, path: str) -> frozenset[str]:
    source = workspace.get(path)
    return source.roles if source is not None else frozenset()


def business_logic(
    workspace: Workspace, files: dict[str, FileCoverage], patterns: list[str]
) -> Group:
    spec = globset(tuple(patterns))
    eligible = {
        path: entry
        for path, entry in files.items()
        if not _roles(workspace, path) & {"test", "migration"}
    }
    group = Group("business logic", {p: e for p, e in eligible.items() if spec.matches(p)})
    if not group.files:
        group.files, group.fallback = eligible, True
    return group


def critical_paths(
    workspace: Workspace, files: dict[str, FileCoverage], patterns: list[str]
) -> Group:
    spec = globset(tuple(patterns))
    chosen = {
        path: entry
        for path, entry in files.items()
        if spec.matches(path) and "test" not in _roles(workspace, path)
    }
    return Group("critical paths", chosen)


def describe_file(path: str, entry: FileCoverage) -> str:
    """``services/billing.py 40.0% (lines 12-18, 30)``."""
    parts = [describe_missing(entry.missed_lines)]
    if entry.partial_lines:
        parts.append("partial branches at " + describe_missing(entry.partial_lines))
    detail = "; ".join(p for p in parts if p)
    return f"{path} {entry.percent():.1f}%" + (f" ({detail})" if detail else "")


def worst_files(group: Group, limit: int = 3) -> list[tuple[str, FileCoverage]]:
    """The files pulling the group down: below 100%, lowest first (ties: most units missed)."""
    below = [
        (path, entry)
        for path, entry in group.files.items()
        if entry.covered_units < entry.total_units
    ]
    below.sort(
        key=lambda item: (
            item[1].percent(),
            -(item[1].total_units - item[1].covered_units),
            item[0],
        )
    )
    return below[:limit]
