"""Reports written by real jest 29 and c8 10 runs (paths rewritten to CI checkouts).

Each format alone must give the per-file and total ``lines.pct`` of the tool's own
``coverage-summary.json`` (istanbul floors to two decimals; we do not round).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cov_helpers import copy_fixture, gate, row

from agentweaver_lint.checks.coverage.collect import collect
from agentweaver_lint.config import load_settings
from agentweaver_lint.gate import workspace_options
from agentweaver_lint.workspace import build_workspace

pytestmark = pytest.mark.filterwarnings("ignore:GitWildMatchPattern:DeprecationWarning")
FORMATS = ["coverage/coverage-final.json", "coverage/lcov.info", "coverage/cobertura-coverage.xml"]


def expected(root: Path) -> tuple[dict[str, float], float]:
    summary = json.loads((root / "coverage" / "coverage-summary.json").read_text())
    files = {
        key.rsplit("/shop/", 1)[1]: body["lines"]["pct"]
        for key, body in summary.items()
        if key != "total"
    }
    return files, summary["total"]["lines"]["pct"]


@pytest.mark.parametrize("tool", ["jest", "c8"])
@pytest.mark.parametrize("report", FORMATS)
def test_lines_pct_equals_the_tools_summary(tmp_path: Path, tool: str, report: str) -> None:
    root = copy_fixture(tool, tmp_path)
    files, total = expected(root)
    workspace = build_workspace(root, workspace_options(load_settings(root)))
    collected = collect(workspace, [report])
    assert collected.unmapped == {}
    assert sorted(collected.files) == sorted(files)
    for path, pct in files.items():
        assert collected.files[path].percent() == pytest.approx(pct, abs=0.01)
    covered = sum(e.covered_units for e in collected.files.values())
    units = sum(e.total_units for e in collected.files.values())
    assert 100 * covered / units == pytest.approx(total, abs=0.01)


def test_jest_reports_discovered_together(tmp_path: Path) -> None:
    root = copy_fixture("jest", tmp_path)
    report = gate(root)
    entry = row(report.scorecard)
    assert "cobertura, istanbul, lcov" in entry.summary
    assert entry.figures["files_measured"] == 2
    assert entry.figures["business_logic_pct"] == pytest.approx(100 * 13 / 17, abs=0.01)
    functions = sorted(f.message.rsplit(": ", 2)[-2] for f in report.findings if f.code == "COV002")
    assert functions == ["function charge()", "function refund()"]
