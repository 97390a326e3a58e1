"""Find coverage reports and read each with the reader its content calls for.

Configured reports (``coverage.reports``, globs allowed) replace discovery. Otherwise the
usual output locations of pytest-cov/coverage.py, jest/nyc/vitest/c8 and Go are probed in
the root and in folders up to two levels down (monorepos); reports are usually ignored by
git, so this looks at the disk, not at the workspace listing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from agentweaver_lint.checks.coverage.model import CoverageReport

REPORT_NAMES: tuple[str, ...] = (
    ".coverage",
    "coverage.xml",
    "cobertura.xml",
    "cobertura-coverage.xml",
    "coverage/cobertura-coverage.xml",
    "coverage.json",
    "coverage-final.json",
    "coverage/coverage-final.json",
    "lcov.info",
    "coverage.lcov",
    "coverage/lcov.info",
    "cover.out",
    "coverage.out",
    "cover.profile",
    "coverage.cov",
    "profile.cov",
    "c.out",
)
SKIP_DIRS = frozenset(
    {
        ".git",
        "node_modules",
        ".venv",
        "venv",
        "vendor",
        "__pycache__",
        ".tox",
        "site-packages",
        "dist",
        "build",
        "htmlcov",
        "third_party",
    }
)
MAX_REPORT_BYTES = 256 * 1024 * 1024


@dataclass
class Discovery:
    reports: list[CoverageReport] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    """(report path, what went wrong) for files that could not be read."""
    traced: list[str] = field(default_factory=list)


def _folders(root: Path, depth: int = 2) -> Iterator[Path]:
    yield root
    if depth == 0:
        return
    try:
        children = sorted(p for p in root.iterdir() if p.is_dir() and not p.is_symlink())
    # agentweaver: ignore[ERR003] -- an unreadable report candidate is skipped; discovery goes on
    except OSError:
        return
    for child in children:
        if child.name in SKIP_DIRS or child.name.startswith("."):
            continue
        yield from _folders(child, depth - 1)


def discover_paths(root: Path, configured: list[str]) -> tuple[list[Path], list[str]]:
    """Report files to read, and configured entries that matched nothing.

    Configured entries (root-relative or absolute, globs allowed) may name files outside
    the repository (a CI artifact folder); discovered ones must lie inside it.
    """
    if configured:
        found: list[Path] = []
        missing: list[str] = []
        for entry in configured:
            matches = [m for m in _expand(root, entry) if m.is_file()]
            if not matches:
                missing.append(entry)
            found.extend(matches)
        return sorted({p.resolve() for p in found}), missing
    discovered: list[Path] = []
    for folder in _folders(root):
        for name in REPORT_NAMES:
            if (folder / name).is_file():
                discovered.append(folder / name)
        try:
            discovered.extend(sorted(p for p in folder.glob(".coverage.*") if p.is_file()))
        # agentweaver: ignore[ERR003] -- an unreadable report candidate is skipped; discovery goes on
        except OSError:
            continue
    return sorted({p.resolve() for p in discovered if _inside(root, p)}), []


def _expand(root: Path, entry: str) -> list[Path]:
    import glob

    pattern = entry if Path(entry).is_absolute() else str(root / entry)
    if any(c in entry for c in "*?["):
        return sorted(Path(p) for p in glob.glob(pattern, recursive=True))
    return [Path(pattern)]


def _inside(root: Path, path: Path) -> bool:
    """Reports are read only inside the repository (a symlink may point anywhere)."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def relative(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def sniff(path: Path, head: bytes) -> str | None:
    """The format of a report from its first bytes (names lie; content does not)."""
    stripped = head.lstrip()
    if head.startswith(b"SQLite format 3"):
        return "coverage.py data"
    if stripped.startswith(b"<"):
        return "cobertura"
    if stripped.startswith(b"{"):
        return "json"
    if stripped.startswith(b"mode:"):
        return "go"
    text = stripped[:4096]
    if b"SF:" in text or text.startswith((b"TN:", b"SF:")):
        return "lcov"
    return None


def read_report(root: Path, path: Path, discovery: Discovery) -> None:
    """Read one report into ``discovery`` (or record why it could not be read)."""
    rel = relative(root, path)
    try:
        info = path.stat()
        if info.st_size > MAX_REPORT_BYTES:
            discovery.problems.append((rel, f"{info.st_size} bytes, too large to read"))
            return
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        discovery.problems.append((rel, f"unreadable: {exc.strerror or exc}"))
        return
    kind = sniff(path, head)
    report = CoverageReport(
        path=rel, format=kind or "", mtime=info.st_mtime, base=path.parent.as_posix()
    )
    try:
        _read_by_kind(kind, path, report, discovery)
    except _ReadError as exc:
        discovery.problems.append((rel, str(exc)))
        return
    discovery.reports.append(report)


class _ReadError(Exception):
    pass


def _read_by_kind(
    kind: str | None, path: Path, report: CoverageReport, discovery: Discovery
) -> None:
    from agentweaver_lint.checks.coverage import (
        read_cobertura,
        read_coveragepy,
        read_covjson,
        read_goprofile,
        read_istanbul,
        read_lcov,
    )

    try:
        if kind == "coverage.py data":
            report.files, traced = read_coveragepy.read_coverage_data(path)
            discovery.traced.extend(traced)
        elif kind == "cobertura":
            report.files, report.sources = read_cobertura.read_cobertura(path.read_bytes())
        elif kind == "go":
            report.files = read_goprofile.read_goprofile(path.read_text("utf-8", "replace"))
        elif kind == "lcov":
            report.files = read_lcov.read_lcov(path.read_text("utf-8", "replace"))
        elif kind == "json":
            doc = json.loads(path.read_bytes())
            if read_covjson.is_coverage_json(doc):
                report.format = "coverage.py json"
                report.files = read_covjson.read_coverage_json(doc)
            elif read_istanbul.is_istanbul(doc) or doc == {}:
                report.format = "istanbul"
                report.files = read_istanbul.read_istanbul(doc)
            else:
                raise _ReadError("JSON that is neither coverage.py's nor Istanbul's")
        else:
            raise _ReadError("not a coverage report format this gate reads")
    except (
        read_coveragepy.CoverageDataError,
        read_cobertura.CoberturaError,
        read_goprofile.GoProfileError,
        read_lcov.LcovError,
    ) as exc:
        raise _ReadError(f"{kind}: {exc}") from exc
    except (ValueError, RecursionError, OSError) as exc:
        raise _ReadError(f"{kind}: {type(exc).__name__}: {str(exc)[:160]}") from exc


def discover(root: Path, configured: list[str]) -> tuple[Discovery, list[str]]:
    discovery = Discovery()
    paths, missing = discover_paths(root, configured)
    for path in paths:
        read_report(root, path, discovery)
    return discovery, missing


def newest_mtime(paths: list[str]) -> float:
    newest = 0.0
    for path in paths:
        try:
            newest = max(newest, os.stat(path).st_mtime)
        # agentweaver: ignore[ERR003] -- an unreadable report candidate is skipped; discovery goes on
        except OSError:
            continue
    return newest
