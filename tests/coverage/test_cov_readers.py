"""Checked-in Istanbul, LCOV, Cobertura and Go samples: per-file and total percentages.

Expected figures are those the tools print for the same data: istanbul's ``lines.pct``
(statements counted on their start line), LCOV LH/LF, Cobertura ``line-rate`` and
``go tool cover -func``'s total (statements, repeated blocks merged).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cov_helpers import copy_fixture, gate, row

from agentweaver_lint.checks.coverage.collect import collect
from agentweaver_lint.checks.coverage.model import line_ranges, percent
from agentweaver_lint.checks.coverage.pathmap import PathMapper, go_modules
from agentweaver_lint.checks.coverage.read_cobertura import CoberturaError, read_cobertura
from agentweaver_lint.checks.coverage.read_goprofile import read_goprofile
from agentweaver_lint.checks.coverage.read_lcov import read_lcov
from agentweaver_lint.config import load_settings
from agentweaver_lint.gate import workspace_options
from agentweaver_lint.workspace import build_workspace

pytestmark = pytest.mark.filterwarnings("ignore:GitWildMatchPattern:DeprecationWarning")


def measured(root: Path) -> dict[str, float]:
    workspace = build_workspace(root, workspace_options(load_settings(root)))
    collected = collect(workspace, [])
    return {path: round(entry.percent(), 2) for path, entry in collected.files.items()}


def test_istanbul_lines_pct_with_foreign_absolute_paths(tmp_path: Path) -> None:
    root = copy_fixture("istanbul", tmp_path)
    # billing.ts: 6 statements on 5 lines (two on line 5), 3 lines hit -> istanbul 60%.
    assert measured(root) == {"src/billing.ts": 60.0, "src/cart.ts": 100.0}
    entry = row(gate(root).scorecard)
    assert entry.figures["files_measured"] == 2
    assert entry.figures["business_logic_pct"] == pytest.approx(100 * 5 / 7, abs=0.01)


def test_istanbul_critical_file_names_function(tmp_path: Path) -> None:
    root = copy_fixture("istanbul", tmp_path)
    report = gate(root)
    cov002 = [(f.path, f.line, f.column) for f in report.findings if f.code == "COV002"]
    assert cov002 == [("src/billing.ts", 1, 1), ("src/billing.ts", 9, 1)]
    messages = [f.message for f in report.findings if f.code == "COV002"]
    assert "function charge(): line 3 not run" in messages[0]
    assert "function refund(): line 10 not run" in messages[1]


def test_lcov_records_merged_and_unmapped_listed(tmp_path: Path) -> None:
    root = copy_fixture("lcov", tmp_path)
    # orders.js: 9 DA lines; only line 3 is 0 in both records -> LH/LF 8/9.
    assert measured(root) == {"src/orders.js": round(100 * 8 / 9, 2)}
    report = gate(root)
    entry = row(report.scorecard)
    assert entry.figures["files_unmapped"] == 1
    assert any("generated.js" in n.message for n in report.notices)


def test_lcov_single_record_is_lh_over_lf() -> None:
    text = "SF:a.js\nDA:1,1\nDA:2,0\nDA:3,5\nLF:3\nLH:2\nend_of_record\n"
    [entry] = read_lcov(text)
    assert (entry.covered_units, entry.total_units) == (2, 3)


def test_cobertura_sources_and_line_rate(tmp_path: Path) -> None:
    root = copy_fixture("cobertura", tmp_path)
    assert measured(root) == {
        "src/pkg/__init__.py": 100.0,
        "src/pkg/mod.py": 75.0,
        "web/src/auth.js": round(100 * 4 / 6, 2),
    }


def test_cobertura_classes_of_one_file_merge() -> None:
    xml = b"""<coverage><packages><package><classes>
      <class filename="A.java"><lines>
        <line number="3" hits="0"/><line number="4" hits="2"/>
      </lines></class>
      <class filename="A.java"><lines>
        <line number="3" hits="1"/><line number="9" hits="0"/>
      </lines></class>
    </classes></package></packages></coverage>"""
    files, sources = read_cobertura(xml)
    assert sources == []
    assert [(f.path, f.lines) for f in files] == [("A.java", {3: 1, 4: 2, 9: 0})]


def test_cobertura_rejects_entities() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY a "aaaa">]><coverage>&a;</coverage>'
    with pytest.raises(CoberturaError):
        read_cobertura(bomb)


def test_go_profile_merges_repeated_blocks(tmp_path: Path) -> None:
    root = copy_fixture("go", tmp_path)
    # Blocks after merging (set mode ORs): 1+1+2 of 5 statements covered -> 80%.
    assert measured(root) == {"internal/pay/pay.go": 80.0}


def test_go_count_mode_adds() -> None:
    text = "mode: count\nm/a.go:1.1,2.2 3 0\nm/a.go:1.1,2.2 3 2\nm/a.go:4.1,5.2 1 0\n"
    [entry] = read_goprofile(text)
    assert entry.statements[(1, 1, 2, 2)] == (3, 2)
    assert (entry.covered_units, entry.total_units) == (3, 4)


def test_path_mapping() -> None:
    files = ["src/app/models.py", "backend/src/app/models.py", "web/src/auth.js", "pay/pay.go"]
    mapper = PathMapper(
        "/repo",
        files,
        aliases=[("backend/src/", ["/builds/*/src/"])],
        go_modules=go_modules([("pay/go.mod", "module github.com/acme/pay\n")]),
    )
    assert mapper.map("/repo/web/src/auth.js") == "web/src/auth.js"
    assert mapper.map("/builds/job-7/src/app/models.py") == "backend/src/app/models.py"
    assert mapper.map("github.com/acme/pay/pay.go") == "pay/pay.go"
    assert mapper.map("C:\\ci\\web\\src\\auth.js") == "web/src/auth.js"
    assert mapper.map("auth.js", bases=["/home/runner/work/web/web/src"]) == "web/src/auth.js"
    assert mapper.map("/elsewhere/app/models.py") is None  # two files share that suffix
    assert mapper.map("/elsewhere/nothing.py") is None


def test_line_ranges() -> None:
    assert line_ranges([30, 12, 13, 14, 15, 16, 17, 18]) == "12-18, 30"
    assert percent(0, 0) == 100.0


def test_relative_lcov_paths_in_a_monorepo_hang_from_the_reports_project(tmp_path: Path) -> None:
    for package in ("packages/api", "packages/web", ""):
        (tmp_path / package / "src").mkdir(parents=True, exist_ok=True)
        (tmp_path / package / "src" / "index.ts").write_text("export const a = 1;\n")
    (tmp_path / "packages/web/coverage").mkdir()
    (tmp_path / "packages/web/coverage/lcov.info").write_text(
        "SF:src/index.ts\nDA:1,0\nend_of_record\n"
    )
    assert measured(tmp_path) == {"packages/web/src/index.ts": 0.0}
