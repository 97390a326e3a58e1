"""The gate end to end: groups, critical paths, changed lines, evidence, applicability."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from cov_helpers import FIXTURES, codes, copy_fixture, gate, gate_with_diff, row

from agentweaver_lint.model import Severity

pytestmark = pytest.mark.filterwarnings("ignore:GitWildMatchPattern:DeprecationWarning")


def test_services_at_60_fail_while_overall_is_85(tmp_path: Path) -> None:
    root = copy_fixture("repo85", tmp_path)
    report = gate(root)
    entry = row(report.scorecard)
    assert entry.figures["overall_pct"] == 85.0
    assert entry.figures["business_logic_pct"] == 60.0
    assert entry.thresholds["business_logic_pct"].value == 80.0
    [cov001] = [f for f in report.findings if f.code == "COV001"]
    assert (cov001.path, cov001.line, cov001.column) == ("", 1, 1)
    assert cov001.severity is Severity.ERROR
    assert cov001.message == (
        "Business-logic coverage is 60.0%, below 80% (2 files measured); worst: "
        "app/services/billing.py 40.0% (lines 2-4, 8-10); "
        "app/services/orders.py 80.0% (lines 3, 11)"
    )
    assert entry.verdict.value == "fail"


def test_critical_path_findings_name_functions(tmp_path: Path) -> None:
    root = copy_fixture("repo85", tmp_path)
    report = gate(root)
    found = [(f.path, f.line, f.column, f.message) for f in report.findings if f.code == "COV002"]
    assert [item[:3] for item in found] == [
        ("app/services/billing.py", 1, 1),
        ("app/services/billing.py", 7, 1),
    ]
    assert found[0][3].endswith("function charge(): lines 2-4 not run")
    assert found[1][3].endswith("function refund(): lines 8-10 not run")
    assert row(report.scorecard).figures["critical_paths_pct"] == 40.0


def test_thresholds_come_from_settings(tmp_path: Path) -> None:
    root = copy_fixture("repo85", tmp_path)
    report = gate(root, coverage__business_logic=55.0, coverage__critical_paths=30.0)
    assert [f.code for f in report.findings] == []
    entry = row(report.scorecard)
    assert entry.thresholds["business_logic_pct"].source == "test"
    assert entry.verdict.value == "pass"


def test_changed_lines_below_threshold(tmp_path: Path) -> None:
    root = copy_fixture("repo85", tmp_path)
    changed = {
        "app/services/billing.py": frozenset({2, 3, 4, 5, 6}),
        "app/services/orders.py": frozenset({1, 2, 3}),
        "README.md": frozenset({1}),
    }
    findings, entry, _notices = gate_with_diff(root, changed)
    [cov003] = [f for f in findings if f.code == "COV003"]
    assert (cov003.path, cov003.line, cov003.column) == ("", 1, 1)
    assert cov003.message.startswith("Changed lines are 33.3% covered (2 of 6 executable lines)")
    assert "app/services/billing.py (lines 2-4)" in cov003.message
    assert entry.figures["changed_lines_pct"] == 33.33
    assert entry.thresholds["changed_lines_pct"].value == 80.0


def test_changed_lines_covered_pass(tmp_path: Path) -> None:
    root = copy_fixture("repo85", tmp_path)
    changed = {"app/api/routes.py": frozenset(range(3, 20))}
    findings, entry, _ = gate_with_diff(root, changed)
    assert [f for f in findings if f.code == "COV003"] == []
    assert entry.figures["changed_lines_pct"] == 100.0
    assert "changed lines 100.0%" in entry.summary


def test_too_few_changed_lines_are_not_judged(tmp_path: Path) -> None:
    root = copy_fixture("repo85", tmp_path)
    changed = {"app/services/billing.py": frozenset({2, 3, 4})}
    findings, entry, _ = gate_with_diff(root, changed)
    assert [f for f in findings if f.code == "COV003"] == []
    assert "changed lines not judged (3 executable, fewer than 5)" in entry.summary


def test_no_diff_no_changed_lines_figure(tmp_path: Path) -> None:
    root = copy_fixture("repo85", tmp_path)
    assert "changed_lines_pct" not in row(gate(root).scorecard).figures


@pytest.mark.parametrize(
    ("files", "command"),
    [
        ({"app/main.py": "x = 1\n"}, "coverage run --branch -m pytest && coverage xml"),
        (
            {"app/main.py": "x = 1\n", "requirements-dev.txt": "pytest-cov\n"},
            "pytest --cov --cov-branch --cov-report=xml",
        ),
        (
            {"package.json": '{"devDependencies": {"jest": "29"}}', "src/a.js": "x\n"},
            "npx jest --coverage",
        ),
        (
            {"package.json": '{"devDependencies": {"c8": "9"}}', "index.js": "x\n"},
            "npx c8 --reporter=json --reporter=lcov npm test",
        ),
        (
            {"go.mod": "module m\n", "main.go": "package main\n"},
            "go test -coverprofile=coverage.out ./...",
        ),
    ],
)
def test_no_report_is_no_evidence_with_command(
    tmp_path: Path, files: dict[str, str], command: str
) -> None:
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    report = gate(tmp_path)
    assert codes(report) == [("", "COV004", 1, 1)]
    [finding] = report.findings
    assert finding.severity is Severity.WARNING
    assert command in finding.message
    assert finding.fix == command
    entry = row(report.scorecard)
    assert entry.verdict.value == "no-evidence"
    assert entry.summary == "no coverage report found"


def test_no_report_with_require_evidence_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("x = 1\n")
    report = gate(tmp_path, require_evidence=True)
    [finding] = report.findings
    assert (finding.code, finding.severity) == ("COV004", Severity.ERROR)
    assert row(report.scorecard).verdict.value == "fail"


def test_unreadable_report_is_a_notice_and_no_evidence(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("x = 1\n")
    (tmp_path / "coverage.xml").write_text("<coverage><unclosed></coverage>")
    report = gate(tmp_path)
    assert codes(report) == [("", "COV004", 1, 1)]
    assert "none readable" in report.findings[0].message
    assert any("coverage.xml could not be read" in n.message for n in report.notices)


def test_stale_report(tmp_path: Path) -> None:
    root = copy_fixture("repo85", tmp_path)
    old = (root / "app" / "models.py").stat().st_mtime - 3600
    os.utime(root / "coverage.json", (old, old))
    report = gate(root)
    assert ("coverage.json", "COV005", 1, 1) in codes(report)
    [stale] = [f for f in report.findings if f.code == "COV005"]
    assert "older than 4 of the 4 source files" in stale.message


def test_report_naming_lines_past_the_end_is_stale(tmp_path: Path) -> None:
    root = copy_fixture("repo85", tmp_path)
    (root / "app" / "models.py").write_text('"""Models, rewritten."""\n')
    os.utime(root / "coverage.json")
    report = gate(root)
    [stale] = [f for f in report.findings if f.code == "COV005"]
    assert "past the end of app/models.py" in stale.message


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("pyproject.toml", "[tool.agentweaver-lint.coverage]\nenabled = false\n"),
        ("agentweaver.config.yml", "techStack:\n  testing:\n    coverage:\n      enabled: false\n"),
    ],
)
def test_disabled_coverage_is_not_applicable(tmp_path: Path, name: str, text: str) -> None:
    root = copy_fixture("repo85", tmp_path)
    (root / name).write_text(text)
    report = gate(root)
    assert report.findings == []
    assert row(report.scorecard).verdict.value == "not-applicable"


def test_business_logic_falls_back_to_all_source(tmp_path: Path) -> None:
    root = copy_fixture("lcov", tmp_path)
    report = gate(root, coverage__business_logic=95.0)
    entry = row(report.scorecard)
    assert entry.figures["business_logic_pct"] == round(100 * 8 / 9, 2)
    assert "business-logic globs matched nothing: all non-test source used" in entry.summary
    [cov001] = [f for f in report.findings if f.code == "COV001"]
    assert "all non-test source" in cov001.message


def test_python_and_typescript_reports_merge(tmp_path: Path) -> None:
    root = copy_fixture("repo85", tmp_path)
    shutil.copytree(FIXTURES / "istanbul", root / "web", copy_function=shutil.copy)
    report = gate(root)
    entry = row(report.scorecard)
    assert entry.figures["files_measured"] == 6
    assert "coverage.py json, istanbul" in entry.summary
    paths = {f.path for f in report.findings if f.code == "COV002"}
    assert paths == {"app/services/billing.py", "web/src/billing.ts"}


def test_configured_reports_replace_discovery(tmp_path: Path) -> None:
    root = copy_fixture("repo85", tmp_path)
    (root / "reports").mkdir()
    (root / "coverage.json").rename(root / "reports" / "py.json")
    assert codes(gate(root))[0][1] == "COV004"
    report = gate(root, coverage__reports=["reports/*.json", "missing.xml"])
    assert row(report.scorecard).figures["files_measured"] == 4
    assert any("missing.xml does not exist" in n.message for n in report.notices)


def test_unmeasured_critical_python_file(tmp_path: Path) -> None:
    root = copy_fixture("repo85", tmp_path)
    (root / "app" / "permissions.py").write_text('"""Never imported."""\n\nADMIN = "admin"\n')
    (root / "app" / "services" / "empty_auth.py").write_text("\n")
    report = gate(root)
    assert ("app/permissions.py", "COV002", 3, 1) in codes(report)
    assert not any(f.path.endswith("empty_auth.py") for f in report.findings)
    assert row(report.scorecard).figures["files_unmeasured"] == 2
    assert any("have no coverage data" in n.message for n in report.notices)


def test_report_symlinked_out_of_the_repository_is_not_read(tmp_path: Path) -> None:
    outside = copy_fixture("lcov", tmp_path / "elsewhere")
    root = tmp_path / "repo"
    (root / "src").mkdir(parents=True)
    shutil.copy(outside / "src" / "orders.js", root / "src" / "orders.js")
    (root / "lcov.info").symlink_to(outside / "lcov.info")
    assert codes(gate(root)) == [("", "COV004", 1, 1)]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        (".coverage", b"SQLite format 3\x00" + b"\x00" * 200),
        (".coverage.host.1.2", b"!coverage.py: This is a private format, don't read it directly!"),
        ("coverage.json", b"[1, 2, 3]"),
        ("coverage.json", b'{"meta": {}, "files": {"a.py": "nonsense"}}'),
        ("coverage/coverage-final.json", b'{"a.js": {"statementMap": {"0": 5}, "s": {"0": "x"}}}'),
        ("lcov.info", b"TN:\nDA:1,1\n"),
        ("cover.out", b"mode: set\nnot a block\nm/a.go:x.y,z 1 1\n"),
        ("coverage.xml", b"<?xml version='1.0'?><report/>"),
        ("coverage.xml", b"\xff\xfe<\x00c\x00"),
    ],
)
def test_malformed_reports_never_crash(tmp_path: Path, name: str, content: bytes) -> None:
    (tmp_path / "app.py").write_text("x = 1\n")
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_bytes(content)
    report = gate(tmp_path)
    assert [f.code for f in report.findings] == ["COV004"]
    assert not report.summary.tool_error


def test_repository_without_source_code_is_not_applicable(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# docs\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text("def test_x():\n    pass\n")
    report = gate(tmp_path)
    assert report.findings == []
    entry = row(report.scorecard)
    assert (entry.verdict.value, entry.summary) == (
        "not-applicable",
        "no source code to cover in this repository",
    )


def test_configured_report_outside_the_repository(tmp_path: Path) -> None:
    root = copy_fixture("repo85", tmp_path)
    artifacts = tmp_path / "artifacts"
    artifacts.mkdir()
    (root / "coverage.json").rename(artifacts / "coverage.json")
    report = gate(root, coverage__reports=[str(artifacts / "*.json")])
    assert row(report.scorecard).figures["business_logic_pct"] == 60.0
