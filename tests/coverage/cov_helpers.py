"""Helpers for the COV tests: copy a fixture, run the gate, read the scorecard row."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from agentweaver_lint.config import load_settings
from agentweaver_lint.engine import run_checks
from agentweaver_lint.gate import run_gate, workspace_options
from agentweaver_lint.model import Finding, Report, ScoreEntry
from agentweaver_lint.registry import get_registry
from agentweaver_lint.scorecard import build_scorecard
from agentweaver_lint.settings import Setting
from agentweaver_lint.workspace import build_workspace

FIXTURES = Path(__file__).parent.parent / "fixtures" / "coverage"


def copy_fixture(name: str, dest: Path) -> Path:
    """Copy ``tests/fixtures/coverage/<name>`` with fresh modification times."""
    target = dest / name
    shutil.copytree(FIXTURES / name, target, copy_function=shutil.copy)
    return target


def settings_for(root: Path, **flags: Any) -> Any:
    values = {"select": Setting(["COV"], "test")}
    values.update({key.replace("__", "."): Setting(value, "test") for key, value in flags.items()})
    return load_settings(root, flags=values)


def gate(root: Path, **flags: Any) -> Report:
    return run_gate(root, settings_for(root, **flags), jobs=1).report


def gate_with_diff(
    root: Path, changed: dict[str, frozenset[int]], **flags: Any
) -> tuple[list[Finding], ScoreEntry, list[str]]:
    """Run the COV checks on a workspace whose ``changed_lines`` is set (diff mode)."""
    settings = settings_for(root, **flags)
    workspace = build_workspace(root, workspace_options(settings))
    workspace.changed_lines = changed
    result = run_checks(workspace, settings, get_registry(), jobs=1)
    rows = build_scorecard(get_registry(), settings, workspace, result.findings, result.counters)
    return result.findings, row(rows), [n.message for n in result.notices]


def row(scorecard: list[ScoreEntry]) -> ScoreEntry:
    return next(entry for entry in scorecard if entry.id == "test-coverage")


def codes(report: Report) -> list[tuple[str, str, int, int]]:
    return sorted((f.path, f.code, f.line, f.column) for f in report.findings)
