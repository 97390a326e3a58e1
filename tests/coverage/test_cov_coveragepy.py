"""coverage.py data files generated here by the real tool; our figures must equal its own."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cov_helpers import gate, row

from agentweaver_lint.checks.coverage.collect import collect
from agentweaver_lint.checks.coverage.model import percent
from agentweaver_lint.config import load_settings
from agentweaver_lint.gate import workspace_options
from agentweaver_lint.workspace import build_workspace

# The spine's pathspec call warns on this branch (fixed on main); not this family's concern.
pytestmark = pytest.mark.filterwarnings("ignore:GitWildMatchPattern:DeprecationWarning")

BILLING = """\
def charge(amount, vip=False):
    if amount <= 0:
        raise ValueError("amount")
    if vip:
        return amount * 9 // 10
    total = amount
    for _ in range(3):
        if total > 1000:
            break
        total += 1
    return total


def refund(amount):  # pragma: no cover
    return -amount


def later():
    raise NotImplementedError


class Invoice:
    def __init__(self, lines):
        self.lines = lines

    def total(self):
        return sum(self.lines) if self.lines else 0

    def render(self):
        out = []
        for line in self.lines:
            out.append(str(line))
        return "\\n".join(out)
"""
AUTH = """\
def login(user, password):
    if not user:
        return None
    while True:
        if password == "x":
            return user
        return None
"""
MAIN = """\
import sys

from shop.auth import login
from shop.services.billing import Invoice, charge

charge(5)
Invoice([1]).total()
login("u", "x")
if len(sys.argv) > 1:
    charge(5, vip=True)
    login("", "")
"""
PYPROJECT = """\
[project]
name = "shop"

[tool.coverage.report]
exclude_also = ["raise NotImplementedError"]
"""


def make_project(root: Path) -> Path:
    files = {
        "shop/__init__.py": "",
        "shop/services/__init__.py": "",
        "shop/services/billing.py": BILLING,
        "shop/auth.py": AUTH,
        "main.py": MAIN,
        "pyproject.toml": PYPROJECT,
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def run_coverage(cwd: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_")}
    done = subprocess.run(
        [sys.executable, "-m", "coverage", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def coverage_json(cwd: Path, *extra: str) -> dict[str, Any]:
    run_coverage(cwd, "json", "-q", "-o", "tool.json", *extra)
    doc: dict[str, Any] = json.loads((cwd / "tool.json").read_text())
    (cwd / "tool.json").unlink()
    return doc


def ours(root: Path) -> dict[str, tuple[int, int]]:
    settings = load_settings(root)
    workspace = build_workspace(root, workspace_options(settings))
    collected = collect(workspace, [])
    return {p: (e.covered_units, e.total_units) for p, e in collected.files.items()}


def assert_same(root: Path, tool: dict[str, Any]) -> None:
    mine = ours(root)
    assert sorted(mine) == sorted(tool["files"])
    for path, body in tool["files"].items():
        covered, total = mine[path]
        assert percent(covered, total) == pytest.approx(body["summary"]["percent_covered"], abs=0.1)
    overall = percent(sum(c for c, _ in mine.values()), sum(t for _, t in mine.values()))
    assert overall == pytest.approx(tool["totals"]["percent_covered"], abs=0.1)


@pytest.mark.parametrize("branch", [True, False])
def test_percentages_equal_coverage_report(tmp_path: Path, branch: bool) -> None:
    root = make_project(tmp_path)
    run_coverage(root, "run", *(["--branch"] if branch else []), "main.py")
    tool = coverage_json(root)
    assert tool["meta"]["branch_coverage"] is branch
    assert_same(root, tool)
    billing = tool["files"]["shop/services/billing.py"]["summary"]["percent_covered"]
    entry = row(gate(root).scorecard)
    assert entry.figures["business_logic_pct"] == pytest.approx(billing, abs=0.1)
    assert entry.verdict.value == "fail"


def test_parallel_data_files_are_combined(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    run_coverage(root, "run", "-p", "--branch", "main.py")
    run_coverage(root, "run", "-p", "--branch", "main.py", "vip")
    assert len(list(root.glob(".coverage.*"))) == 2
    mine = ours(root)
    run_coverage(root, "combine", "--keep", "-q")
    tool = coverage_json(root)
    (root / ".coverage").unlink()
    for path, body in tool["files"].items():
        covered, total = mine[path]
        assert percent(covered, total) == pytest.approx(body["summary"]["percent_covered"], abs=0.1)


def test_data_file_from_another_checkout_maps_by_suffix(tmp_path: Path) -> None:
    ci = make_project(tmp_path / "ci" / "build-4711")
    run_coverage(ci, "run", "--branch", "main.py")
    tool = coverage_json(ci)
    repo = make_project(tmp_path / "repo")
    shutil.copy(ci / ".coverage", repo / ".coverage")
    shutil.rmtree(tmp_path / "ci")
    assert_same(repo, tool)
    assert row(gate(repo).scorecard).figures["files_unmapped"] == 0


def test_json_report_equals_data_file(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    run_coverage(root, "run", "--branch", "main.py")
    run_coverage(root, "json", "-q", "-o", "coverage.json")
    tool = json.loads((root / "coverage.json").read_text())
    (root / ".coverage").unlink()
    assert_same(root, tool)
    report = gate(root)
    auth = [f for f in report.findings if f.code == "COV002" and f.path == "shop/auth.py"]
    assert [(f.line, f.column) for f in auth] == [(1, 1)]
    assert "function login()" in auth[0].message


def test_xml_report_equals_line_rate(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    run_coverage(root, "run", "--branch", "main.py")
    run_coverage(root, "xml", "-q", "-o", "coverage.xml")
    (root / ".coverage").unlink()
    from defusedxml import ElementTree

    xml = ElementTree.parse(root / "coverage.xml").getroot()
    mine = ours(root)
    lines_covered = sum(c for c, _ in mine.values())
    lines_valid = sum(t for _, t in mine.values())
    assert (lines_covered, lines_valid) == (
        int(xml.get("lines-covered")),
        int(xml.get("lines-valid")),
    )
    assert percent(lines_covered, lines_valid) == pytest.approx(
        100 * float(xml.get("line-rate")), abs=0.1
    )


def test_plugin_named_in_coveragerc_is_never_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path)
    (root / "ci.rc").write_text("[run]\nbranch = True\n")
    run_coverage(root, "run", "--rcfile=ci.rc", "main.py")
    marker = tmp_path / "PLUGIN_IMPORTED"
    (root / "evil_plugin.py").write_text(
        f"open({str(marker)!r}, 'w').write('imported')\n"
        "def coverage_init(reg, options):\n    pass\n"
    )
    (root / ".coveragerc").write_text("[run]\nplugins = evil_plugin\nbranch = True\n")
    monkeypatch.syspath_prepend(str(root))
    monkeypatch.chdir(root)
    report = gate(root)
    assert not marker.exists()
    assert "evil_plugin" not in sys.modules
    assert row(report.scorecard).figures["files_measured"] == 5


def test_paths_aliases_from_coveragerc(tmp_path: Path) -> None:
    from coverage import CoverageData

    root = make_project(tmp_path)
    (root / "legacy" / "shop").mkdir(parents=True)
    shutil.copy(root / "shop" / "auth.py", root / "legacy" / "shop" / "auth.py")
    data = CoverageData(basename=str(root / ".coverage"))
    data.add_lines({"/builds/job-9/shop/auth.py": [1, 2, 4, 5, 6]})
    data.write()
    # By suffix alone "shop/auth.py" is ambiguous: it is listed as unmapped.
    report = gate(root)
    assert row(report.scorecard).figures["files_unmapped"] == 1
    (root / ".coveragerc").write_text("[paths]\nsource =\n    shop/\n    /builds/*/shop/\n")
    report = gate(root)
    entry = row(report.scorecard)
    assert (entry.figures["files_unmapped"], entry.figures["files_measured"]) == (0, 1)
    # auth.py has statements 1, 2, 3, 4, 5, 6, 7; line 3 and 7 never ran.
    assert entry.figures["critical_paths_pct"] == pytest.approx(100 * 5 / 7, abs=0.01)
