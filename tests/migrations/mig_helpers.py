"""Shared helpers of the MIG tests: run the gate on a copy of a fixture tree."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from agentweaver_lint.config import load_settings
from agentweaver_lint.gate import run_gate
from agentweaver_lint.model import Report
from agentweaver_lint.settings import Setting

FIXTURES = Path(__file__).parent.parent / "fixtures" / "migrations"


def run_mig(root: Path, **flags: Any) -> Report:
    """Run the MIG family (and AWL) over ``root`` in-process, one job."""
    values = {"select": Setting(["MIG"], "test")}
    values.update({key: Setting(value, "test") for key, value in flags.items()})
    settings = load_settings(root, flags=values)
    return run_gate(root, settings, jobs=1).report


def copy_fixture(name: str, target: Path) -> Path:
    destination = target / name
    shutil.copytree(FIXTURES / name, destination)
    return destination


def located(report: Report) -> list[tuple[str, str, int, int]]:
    return sorted((f.path, f.code, f.line, f.column) for f in report.findings)
