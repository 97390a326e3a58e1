"""Find load-test results (listed in ``perf.results`` or discovered by content) and read them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from agentweaver_lint import safejson
from agentweaver_lint.checks.perf.formats_js import is_artillery, is_k6, parse_artillery, parse_k6
from agentweaver_lint.checks.perf.formats_py import (
    is_locust_csv,
    is_locust_json,
    is_pytest_benchmark,
    parse_locust_csv,
    parse_locust_json,
    parse_pytest_benchmark,
)
from agentweaver_lint.checks.perf.measure import Measurement
from agentweaver_lint.checks.stack.positions import json_positions
from agentweaver_lint.settings import Settings
from agentweaver_lint.workspace import Workspace, decode

MARKERS = (
    '"http_req_duration"',  # k6
    '"aggregate"',  # Artillery
    '"machine_info"',  # pytest-benchmark
    '"num_requests"',  # Locust JSON
)
NOT_RESULTS = frozenset(
    {
        "package.json",
        "tsconfig.json",
        "composer.json",
        "jsconfig.json",
        "angular.json",
        "package-lock.json",
        "npm-shrinkwrap.json",
        ".eslintrc.json",
        "manifest.json",
    }
)
MAX_LISTED_SIZE = 16 * 1024 * 1024


@dataclass
class Results:
    files: list[str] = field(default_factory=list)
    tools: dict[str, str] = field(default_factory=dict)
    measurements: list[Measurement] = field(default_factory=list)
    errors: list[tuple[str, int, int, str, str]] = field(default_factory=list)
    """(path, line, column, language, message) of result files that do not parse."""
    missing: list[str] = field(default_factory=list)
    """Entries of ``perf.results`` that matched no file."""
    listed: bool = False


def _candidates(workspace: Workspace) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for source in workspace.files:
        name = PurePosixPath(source.path).name.lower()
        if name.endswith("_stats.csv"):
            out.append((source.path, source.text))
        elif (
            source.language == "json" and name not in NOT_RESULTS and "lockfile" not in source.roles
        ):
            text = source.text
            if any(marker in text for marker in MARKERS):
                out.append((source.path, text))
    return out


def _listed(workspace: Workspace, entries: list[str], results: Results) -> list[tuple[str, str]]:
    """Listed paths or globs; a listed file git ignores is still read (it was named)."""
    out: dict[str, str] = {}
    root = workspace.root.resolve()
    for entry in entries:
        matched = workspace.matching([entry])
        direct = workspace.get(entry.removeprefix("./"))
        if direct is not None and direct not in matched:
            matched.append(direct)
        for source in matched:
            out[source.path] = source.text
        if matched:
            continue
        found = _read_outside_index(root, entry)
        if not found:
            results.missing.append(entry)
        out.update(found)
    return sorted(out.items())


def _read_outside_index(root: Path, entry: str) -> dict[str, str]:
    """Files git ignores (a listed path, or a glob's matches) read directly, inside the root."""
    try:
        globbed = any(ch in entry for ch in "*?[")
        candidates = sorted(root.glob(entry)) if globbed else [root / entry]
    except (NotImplementedError, ValueError, OSError):  # an absolute or invalid pattern
        return {}
    out: dict[str, str] = {}
    for candidate in candidates:
        target = candidate.resolve()
        try:
            rel = target.relative_to(root).as_posix()
        except ValueError:
            continue
        if not target.is_file() or target.stat().st_size > MAX_LISTED_SIZE:
            continue
        try:
            out[rel] = decode(target.read_bytes())
        # agentweaver: ignore[ERR003] -- an unreadable result candidate is skipped; PRF004 says if none remain
        except OSError:
            continue
    return out


def collect(workspace: Workspace, settings: Settings) -> Results:
    results = Results()
    entries = [str(e) for e in settings.get("perf.results") or []]
    results.listed = bool(entries)
    files = _listed(workspace, entries, results) if entries else _candidates(workspace)
    for path, text in files:
        found = _read(path, text, results)
        if found is None:
            continue
        tool, measurements = found
        results.files.append(path)
        results.tools[path] = tool
        results.measurements.extend(measurements)
    return results


def _read(path: str, text: str, results: Results) -> tuple[str, list[Measurement]] | None:
    if path.lower().endswith(".csv"):
        if is_locust_csv(text):
            return "locust", parse_locust_csv(path, text)
        return None
    try:
        doc: Any = safejson.loads(text)
    except ValueError as exc:
        message = str(exc).split(":")[0]
        if message == "Extra data" and not results.listed:
            return None  # a JSON-lines stream (k6 --out json), not a summary
        line, column = getattr(exc, "lineno", 1), getattr(exc, "colno", 1)
        results.errors.append((path, line, column, "JSON", message))
        return None
    positions = json_positions(text, max_depth=4)
    if is_k6(doc):
        return "k6", parse_k6(path, doc, positions)
    if is_artillery(doc):
        return "artillery", parse_artillery(path, doc, positions)
    if is_pytest_benchmark(doc):
        return "pytest-benchmark", parse_pytest_benchmark(path, doc, positions)
    if is_locust_json(doc):
        return "locust", parse_locust_json(path, doc, positions)
    return None
