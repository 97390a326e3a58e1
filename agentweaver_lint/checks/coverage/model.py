"""The coverage data every reader produces, and the arithmetic on it.

A report becomes a list of :class:`FileCoverage` (per-line hits, branch counts, function
spans) under the path the report used. Percentages are always computed here from those
per-line (and per-branch or per-statement) counts, never taken from a report's totals, in
the unit each tool's headline uses: coverage.py counts statements plus branches, Go counts
statements, Istanbul, LCOV and Cobertura count lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

UNIT_LINES = "lines"
UNIT_PY = "statements+branches"
UNIT_GO = "statements"


@dataclass
class FunctionSpan:
    """A function: its name and inclusive line span (``end`` 0 when the report has none)."""

    name: str
    start: int
    end: int = 0


@dataclass
class PyRaw:
    """What a coverage.py data file holds for one file: executed lines and arcs (if any)."""

    lines: set[int]
    arcs: set[tuple[int, int]] | None


@dataclass
class FileCoverage:
    """Coverage of one file as one report saw it (``path`` as the report spelled it)."""

    path: str
    lines: dict[int, int] = field(default_factory=dict)
    """Executable line → hit count."""
    unit: str = UNIT_LINES
    branches_total: int = 0
    branches_covered: int = 0
    missing_branches: dict[int, list[int]] = field(default_factory=dict)
    """Branch line → destinations never taken (coverage.py arcs; -N means an exit)."""
    statements: dict[tuple[int, int, int, int], tuple[int, int]] = field(default_factory=dict)
    """Go blocks: (start line, start col, end line, end col) → (statements, hits)."""
    functions: list[FunctionSpan] = field(default_factory=list)
    raw: PyRaw | None = None
    """Set for coverage.py data-file entries: the analysis needs the source text."""

    @property
    def covered_units(self) -> int:
        if self.unit == UNIT_GO:
            return sum(n for n, hits in self.statements.values() if hits > 0)
        hit = sum(1 for count in self.lines.values() if count > 0)
        return hit + (self.branches_covered if self.unit == UNIT_PY else 0)

    @property
    def total_units(self) -> int:
        if self.unit == UNIT_GO:
            return sum(n for n, _hits in self.statements.values())
        return len(self.lines) + (self.branches_total if self.unit == UNIT_PY else 0)

    @property
    def missed_lines(self) -> list[int]:
        return sorted(line for line, count in self.lines.items() if count <= 0)

    @property
    def partial_lines(self) -> list[int]:
        return sorted(line for line in self.missing_branches if self.lines.get(line, 0) > 0)

    def percent(self) -> float:
        return percent(self.covered_units, self.total_units)


@dataclass
class CoverageReport:
    """One report file, read."""

    path: str
    """Root-relative POSIX path of the report (absolute if outside the root)."""
    format: str
    mtime: float
    files: list[FileCoverage] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    """Cobertura ``<sources>``: folders the file names are relative to."""
    base: str = ""
    """Folder (absolute) the report's relative paths are relative to by default."""


def percent(covered: int, total: int) -> float:
    """``covered / total`` as a percentage; 100 when there is nothing to cover."""
    return 100.0 if total <= 0 else 100.0 * covered / total


def merge_lines(into: dict[int, int], other: dict[int, int]) -> None:
    """Union of executable lines, hits summed (the same file in several reports)."""
    for line, hits in other.items():
        into[line] = into.get(line, 0) + max(0, hits)


def line_ranges(lines: Iterable[int]) -> str:
    """``[12, 13, 14, 18, 30]`` → ``"12-14, 18, 30"``."""
    ordered = sorted(set(lines))
    parts: list[str] = []
    start = prev = None
    for line in ordered:
        if prev is not None and line == prev + 1:
            prev = line
            continue
        if start is not None:
            parts.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = line
    if start is not None:
        parts.append(str(start) if start == prev else f"{start}-{prev}")
    return ", ".join(parts)


def describe_missing(lines: Iterable[int], limit: int = 8) -> str:
    """``"lines 12-18, 30"`` (at most ``limit`` ranges, then ``…``)."""
    ranges = line_ranges(lines).split(", ")
    if ranges == [""]:
        return ""
    shown = ", ".join(ranges[:limit]) + (", …" if len(ranges) > limit else "")
    word = "line" if len(ranges) == 1 and "-" not in ranges[0] else "lines"
    return f"{word} {shown}"
