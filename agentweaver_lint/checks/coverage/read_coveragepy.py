"""coverage.py's data file (``.coverage``, parallel ``.coverage.*``), read with CoverageData.

Only :class:`coverage.CoverageData` touches the file: ``Coverage().load()`` would read the
repository's configuration and import the plugins it names. The data holds executed lines
(and arcs with ``branch = True``) but not which lines are statements, so each file is then
analysed the way ``coverage report`` does it, by coverage.py's own parser on the
workspace's text, with the exclusions of the repository's configuration read as data.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from agentweaver_lint.checks.coverage.model import UNIT_PY, FileCoverage, PyRaw
from agentweaver_lint.checks.coverage.rcfile import CoverageConfig


class CoverageDataError(Exception):
    """The data file could not be read."""


def read_coverage_data(path: Path) -> tuple[list[FileCoverage], list[str]]:
    """Measured files (with :attr:`FileCoverage.raw` set) and the files a plugin traced."""
    from coverage import CoverageData
    from coverage.exceptions import CoverageException

    data = CoverageData(basename=str(path), no_disk=False)
    try:
        data.read()
        measured = sorted(data.measured_files())
        has_arcs = data.has_arcs()
        files: list[FileCoverage] = []
        traced: list[str] = []
        for name in measured:
            if data.file_tracer(name):
                traced.append(name)  # a plugin's file (templates…): no Python to analyse
                continue
            arcs = set(data.arcs(name) or ()) if has_arcs else None
            raw = PyRaw(lines=set(data.lines(name) or ()), arcs=arcs)
            files.append(FileCoverage(path=name, unit=UNIT_PY, raw=raw))
    except (CoverageException, OSError, ValueError) as exc:
        raise CoverageDataError(f"{type(exc).__name__}: {str(exc)[:200]}") from exc
    except Exception as exc:  # sqlite3.DatabaseError and friends from a corrupt file
        raise CoverageDataError(f"{type(exc).__name__}: {str(exc)[:200]}") from exc
    return files, traced


class NotPythonSource(Exception):
    """The workspace file does not parse as Python."""


def analyze(entry: FileCoverage, text: str, config: CoverageConfig) -> FileCoverage:
    """Fill ``entry`` (from a data file) with statements and branches, as ``coverage report``."""
    raw = entry.raw
    assert raw is not None
    if not text.strip():
        return entry  # an empty module has no statements
    from coverage.exceptions import CoverageException
    from coverage.parser import PythonParser

    parser = PythonParser(text=text, exclude=config.exclude_regex or None)
    try:
        parser.parse_source()
    except (CoverageException, SyntaxError, ValueError, RecursionError) as exc:
        raise NotPythonSource(str(exc)[:200]) from exc
    statements: set[int] = set(parser.statements)
    executed = parser.translate_lines(raw.lines) & statements
    entry.lines = {line: int(line in executed) for line in statements}
    if raw.arcs is None:
        return entry
    _branches(entry, parser, raw.arcs, set(parser.excluded), config)
    return entry


def _branches(
    entry: FileCoverage,
    parser: object,
    arcs: set[tuple[int, int]],
    excluded: set[int],
    config: CoverageConfig,
) -> None:
    """coverage.py's branch arithmetic (coverage/results.py), on its parser's arcs."""
    from coverage.parser import PythonParser

    assert isinstance(parser, PythonParser)
    possible = parser.arcs()
    dests: dict[int, set[int]] = defaultdict(set)
    for start, end in possible:
        dests[start].add(end)
    single = {start: next(iter(ends)) for start, ends in dests.items() if len(ends) == 1}
    taken: set[tuple[int, int]] = set()
    for start, end in parser.translate_arcs(arcs):
        if start != end:
            taken.add((start, end))
        elif start in single:
            taken.add((start, single[start]))
    executed_arcs = parser.translate_arcs(taken)
    exit_counts = parser.exit_counts()
    no_branch = parser.lines_matching(config.no_branch_regex) if config.no_branch_regex else set()
    branch_lines = {line for line, count in exit_counts.items() if count > 1}
    missing: dict[int, list[int]] = defaultdict(list)
    for start, end in sorted(possible):
        if (start, end) in executed_arcs or start in no_branch or end in excluded:
            continue
        if start in branch_lines:
            missing[start].append(end)
    total = sum(count for count in exit_counts.values() if count > 1)
    entry.branches_total = total
    entry.branches_covered = total - sum(len(ends) for ends in missing.values())
    entry.missing_branches = dict(missing)
