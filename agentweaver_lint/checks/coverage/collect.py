"""Gather every report, map its files onto the workspace and merge them per file.

The same file may come from several reports. Reports of one format are merged (parallel
``.coverage.*`` files, sharded LCOV); across formats the richest wins, in this order:
coverage.py data, coverage.py JSON, Istanbul JSON, Go profile, LCOV, Cobertura. coverage.py
data-file entries are then analysed on the workspace text.
"""

from __future__ import annotations

import fnmatch
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from agentweaver_lint.checks.coverage.discover import Discovery, discover
from agentweaver_lint.checks.coverage.model import (
    CoverageReport,
    FileCoverage,
    PyRaw,
    merge_lines,
)
from agentweaver_lint.checks.coverage.pathmap import PathMapper, go_modules, is_third_party
from agentweaver_lint.checks.coverage.rcfile import CoverageConfig, read_coverage_config
from agentweaver_lint.workspace import Workspace

FORMAT_RANK = {
    "coverage.py data": 0,
    "coverage.py json": 1,
    "istanbul": 2,
    "go": 3,
    "lcov": 4,
    "cobertura": 5,
}


@dataclass
class Collected:
    """Everything the gate knows about coverage in this repository."""

    reports: list[CoverageReport]
    files: dict[str, FileCoverage] = field(default_factory=dict)
    """Workspace path → merged coverage."""
    covers: dict[str, list[str]] = field(default_factory=dict)
    """Report path → workspace paths it has data for."""
    unmapped: dict[str, list[str]] = field(default_factory=dict)
    """Report path → paths it names that match no workspace file."""
    third_party: int = 0
    omitted: int = 0
    unanalysable: list[tuple[str, str]] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    missing_configured: list[str] = field(default_factory=list)
    traced: list[str] = field(default_factory=list)
    raw_entries: dict[tuple[str, str], FileCoverage] = field(default_factory=dict)
    """(report path, workspace path) → that report's own entry (before merging)."""
    config: CoverageConfig = field(default_factory=CoverageConfig)

    @property
    def unmapped_count(self) -> int:
        return len({p for paths in self.unmapped.values() for p in paths})


def _config_for(root: Path, reports: list[CoverageReport]) -> tuple[CoverageConfig, str]:
    folders: list[Path] = []
    for report in reports:
        if report.format.startswith("coverage.py") and Path(report.base) not in folders:
            folders.append(Path(report.base))
    if root not in folders:
        folders.append(root)
    config = read_coverage_config(folders)
    folder = Path(config.source).parent if config.source != "defaults" else root
    try:
        rel = folder.resolve().relative_to(root).as_posix()
    except ValueError:
        rel = ""
    return config, "" if rel == "." else rel


def _aliases(config: CoverageConfig, folder: str) -> list[tuple[str, list[str]]]:
    out: list[tuple[str, list[str]]] = []
    for canonical, others in config.paths:
        target = canonical if canonical.startswith("/") else posixpath.join(folder, canonical)
        out.append((target, [canonical, *others]))
    return out


def _omitted(config: CoverageConfig, raw: str, mapped: str) -> bool:
    return any(
        fnmatch.fnmatch(raw, pattern) or fnmatch.fnmatch(mapped, pattern.removeprefix("./"))
        for pattern in config.omit
    )


def collect(workspace: Workspace, configured: list[str]) -> Collected:
    root = workspace.root
    discovery, missing = discover(root, configured)
    result = Collected(
        reports=discovery.reports,
        problems=discovery.problems,
        missing_configured=missing,
        traced=discovery.traced,
    )
    result.config, folder = _config_for(root, discovery.reports)
    go_mods = [(f.path, f.text) for f in workspace.files if posixpath.basename(f.path) == "go.mod"]
    mapper = PathMapper(
        root.as_posix(),
        [f.path for f in workspace.files],
        _aliases(result.config, folder),
        go_modules(go_mods),
    )
    candidates = _map_all(discovery, mapper, result)
    for path, entries in sorted(candidates.items()):
        best = min(FORMAT_RANK.get(r.format, 9) for r, _ in entries)
        chosen = [entry for report, entry in entries if FORMAT_RANK.get(report.format, 9) == best]
        merged = _merge(path, chosen)
        if merged.raw is not None:
            analysed = _analyse(workspace, path, merged, result)
            if analysed is None:
                continue
            merged = analysed
        result.files[path] = merged
    return result


def _map_all(
    discovery: Discovery, mapper: PathMapper, result: Collected
) -> dict[str, list[tuple[CoverageReport, FileCoverage]]]:
    candidates: dict[str, list[tuple[CoverageReport, FileCoverage]]] = {}
    for report in discovery.reports:
        bases = [*report.sources, *_ancestors(report.base, mapper.root)]
        covered: set[str] = set()
        for entry in report.files:
            if is_third_party(entry.path):
                result.third_party += 1
                continue
            mapped = mapper.map(entry.path, bases)
            if mapped is None:
                result.unmapped.setdefault(report.path, []).append(entry.path)
                continue
            if report.format == "coverage.py data" and _omitted(result.config, entry.path, mapped):
                result.omitted += 1
                continue
            covered.add(mapped)
            result.raw_entries[(report.path, mapped)] = entry
            candidates.setdefault(mapped, []).append((report, entry))
        result.covers[report.path] = sorted(covered)
    return candidates


def _ancestors(folder: str, root: str) -> list[str]:
    """``folder`` and its parents, up to (not including) the root."""
    out: list[str] = []
    current = folder.rstrip("/")
    root = root.rstrip("/")
    while current.startswith(root + "/"):
        out.append(current)
        current = posixpath.dirname(current)
    return out


def _merge(path: str, entries: list[FileCoverage]) -> FileCoverage:
    first = entries[0]
    merged = FileCoverage(
        path=path,
        unit=first.unit,
        branches_total=first.branches_total,
        branches_covered=first.branches_covered,
        missing_branches=dict(first.missing_branches),
        functions=list(first.functions),
    )
    raws = [e.raw for e in entries if e.raw is not None]
    if raws:
        arcs_sets = [r.arcs for r in raws if r.arcs is not None]
        arcs = set().union(*arcs_sets) if arcs_sets else None
        merged.raw = PyRaw(lines=set().union(*(r.lines for r in raws)), arcs=arcs)
        return merged
    for entry in entries:
        merge_lines(merged.lines, entry.lines)
        for key, (statements, hits) in entry.statements.items():
            previous = merged.statements.get(key, (statements, 0))
            merged.statements[key] = (statements, previous[1] + hits)
    return merged


def _analyse(
    workspace: Workspace, path: str, entry: FileCoverage, result: Collected
) -> FileCoverage | None:
    from agentweaver_lint.checks.coverage.read_coveragepy import NotPythonSource, analyze

    source = workspace.get(path)
    if source is None or source.language != "python":
        result.unanalysable.append((path, "not a Python source file"))
        return None
    try:
        return analyze(entry, source.text, result.config)
    except NotPythonSource as exc:
        result.unanalysable.append((path, f"does not parse as Python: {exc}"))
        return None
