"""Each result format read per its documented schema, then judged against the budgets."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from agentweaver_lint.checks.perf.formats_js import parse_artillery, parse_k6
from agentweaver_lint.checks.perf.formats_py import (
    parse_locust_csv,
    parse_locust_json,
    parse_pytest_benchmark,
)
from agentweaver_lint.checks.perf.measure import DB_COMPLEX, DB_SIMPLE, histogram_percentile
from agentweaver_lint.checks.stack.positions import json_positions
from agentweaver_lint.config import load_settings
from agentweaver_lint.gate import run_gate
from agentweaver_lint.model import Report, ScoreEntry, Severity, Verdict
from agentweaver_lint.settings import Setting

FIXTURES = Path(__file__).parent.parent / "fixtures" / "perf"
AGENT = """---
name: backend-dev
---
## Quality Standards

### Performance Budgets
- API Response Time: <150ms (p95), <400ms (p99)
- Database Query Time: <50ms for simple queries, <200ms for complex
- Memory Usage: <512MB per process under normal load
- Error Rate: <0.1% for production APIs
"""


def _json(rel: str) -> tuple[str, object, dict[tuple[str | int, ...], tuple[int, int]]]:
    text = (FIXTURES / rel).read_text("utf-8")
    return rel, json.loads(text), json_positions(text, max_depth=4)


def _gate(root: Path, flags: dict[str, Setting] | None = None) -> Report:
    settings = load_settings(root, flags={"select": Setting(["PRF"], "test"), **(flags or {})})
    return run_gate(root, settings, jobs=1).report


def _row(report: Report) -> ScoreEntry:
    return next(row for row in report.scorecard if row.id == "api-performance")


def _copy(root: Path, *rels: str) -> None:
    for rel in rels:
        target = root / "results" / Path(rel).name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURES / rel, target)


def test_k6_summary_export_has_no_p99() -> None:
    path, doc, positions = _json("k6/summary-export.json")
    (row,) = parse_k6(path, doc, positions)  # type: ignore[arg-type]
    assert (row.aggregate, row.line, row.percentiles) == (True, 15, {"p95": 248.3})
    assert row.error_rate() == pytest.approx(0.3333, abs=1e-3)
    assert (row.requests, row.failures) == (1200, 4)


def test_k6_handle_summary_endpoints_from_name_tags() -> None:
    path, doc, positions = _json("k6/handle-summary.json")
    rows = parse_k6(path, doc, positions)  # type: ignore[arg-type]
    assert [(r.label, r.line, r.percentiles.get("p99")) for r in rows] == [
        ("all requests", 6, 455.0),
        ("GET /api/users", 7, 260.4),
        ("POST /api/orders", 8, 640.2),
    ]
    assert rows[2].error_rate() == pytest.approx(0.1)
    assert rows[1].error_rate() is None


def test_artillery_v2_by_endpoint_and_v1() -> None:
    path, doc, positions = _json("artillery/report.json")
    rows = parse_artillery(path, doc, positions)  # type: ignore[arg-type]
    assert [(r.label, r.percentiles["p95"], r.line) for r in rows] == [
        ("all requests", 257.3, 28),
        ("/cart", 180.5, 30),
        ("/checkout", 383.8, 31),
        ("/products", 99.1, 29),
    ]
    assert rows[0].error_rate() == pytest.approx(100 * 10 / 1800)
    assert rows[1].error_rate() == pytest.approx(100 * 10 / 600)
    assert rows[3].error_rate() == 0
    path, doc, positions = _json("artillery/legacy.json")
    (legacy,) = parse_artillery(path, doc, positions)  # type: ignore[arg-type]
    assert legacy.percentiles == {"p95": 150.4, "p99": 520.7}
    assert legacy.error_rate() == pytest.approx(100 * 15 / 990)


def test_locust_csv_and_json_real_outputs() -> None:
    text = (FIXTURES / "locust/run_stats.csv").read_text("utf-8")
    rows = parse_locust_csv("run_stats.csv", text)
    assert [(r.label, r.line, r.aggregate) for r in rows] == [
        ("GET /", 2, False),
        ("GET /missing", 3, False),
        ("all requests", 4, True),
    ]
    assert rows[1].error_rate() == 100.0 and rows[0].error_rate() == 0.0
    assert set(rows[0].percentiles) == {"p95", "p99"}
    path, doc, positions = _json("locust/run.json")
    entries = parse_locust_json(path, doc, positions)  # type: ignore[arg-type]
    assert [(e.label, e.line) for e in entries] == [("GET /", 3), ("GET /missing", 33)]
    assert entries[1].error_rate() == 100.0


def test_locust_histogram_percentile_matches_locust() -> None:
    histogram = {"10": 90, "200": 9, "900": 1}
    assert histogram_percentile(histogram, 100, 95) == 200
    assert histogram_percentile(histogram, 100, 99) == 900  # the slowest 1% starts at 900
    assert histogram_percentile(histogram, 100, 50) == 10


def test_pytest_benchmark_kinds_units_and_memory() -> None:
    path, doc, positions = _json("pytest-benchmark/0001_saved.json")
    rows = parse_pytest_benchmark(path, doc, positions)  # type: ignore[arg-type]
    assert [(r.label, r.kind, r.line) for r in rows] == [
        ("test_query_user_by_id", DB_SIMPLE, 7),
        ("test_complex_report_query", DB_COMPLEX, 17),
        ("test_render_invoice", "api", 27),
    ]
    assert rows[0].percentiles == {"p95": pytest.approx(71.0), "p99": pytest.approx(71.0)}
    assert rows[1].memory_mb == 180.5
    assert rows[2].percentiles == {}  # no --benchmark-save-data: no percentiles


def test_gate_over_every_format_with_agent_budgets(tmp_path: Path) -> None:
    (tmp_path / ".claude/agents").mkdir(parents=True)
    (tmp_path / ".claude/agents/backend-dev.md").write_text(AGENT, "utf-8")
    _copy(
        tmp_path,
        "k6/handle-summary.json",
        "artillery/report.json",
        "pytest-benchmark/0001_saved.json",
        "locust/run_stats.csv",
    )
    report = _gate(tmp_path)
    found = sorted((f.path, f.code, f.line, f.extra_dict()["endpoint"]) for f in report.findings)
    assert found == [
        ("results/0001_saved.json", "PRF001", 7, "test_query_user_by_id"),
        ("results/handle-summary.json", "PRF001", 8, "POST /api/orders"),
        ("results/handle-summary.json", "PRF002", 8, "POST /api/orders"),
        ("results/report.json", "PRF001", 30, "/cart"),
        ("results/report.json", "PRF001", 31, "/checkout"),
        ("results/report.json", "PRF002", 30, "/cart"),
        ("results/report.json", "PRF002", 31, "/checkout"),
        ("results/report.json", "PRF003", 30, "/cart"),
        ("results/run_stats.csv", "PRF003", 3, "GET /missing"),
    ]
    first = next(f for f in report.findings if f.path.endswith("0001_saved.json"))
    assert "71 ms is over the 50 ms budget (.claude/agents/backend-dev.md:" in first.message
    row = _row(report)
    assert row.verdict is Verdict.FAIL
    assert row.figures["worst_p95_ms"] == 383.8 and row.figures["worst_p99_ms"] == 820.7
    assert "worst API p95 383.8 ms at /checkout" in row.summary
    assert row.thresholds["api_p95_ms"].value == 150
    assert row.thresholds["api_p95_ms"].source.startswith(".claude/agents/backend-dev.md:")
    assert row.figures["memory_mb"] == 180.5


def test_missing_percentile_is_no_evidence_never_a_pass(tmp_path: Path) -> None:
    _copy(tmp_path, "k6/summary-export.json")
    report = _gate(
        tmp_path,
        {"perf.api_p95_ms": Setting(300.0, "test"), "perf.error_rate_pct": Setting(1.0, "test")},
    )
    assert report.findings == []
    row = _row(report)
    assert row.verdict is Verdict.NO_EVIDENCE
    assert "no evidence for API p99 (no result carries it)" in row.summary
    assert "memory not measured" in row.summary
    assert row.figures["worst_p95_ms"] == 248.3 and "worst_p99_ms" not in row.figures


def test_all_budgets_evidenced_and_met_is_a_pass(tmp_path: Path) -> None:
    _copy(tmp_path, "locust/run_stats.csv")
    report = _gate(tmp_path, {"perf.error_rate_pct": Setting(100.0, "test")})
    row = _row(report)
    assert (row.verdict, report.findings) == (Verdict.PASS, [])
    assert "worst API p95" in row.summary and "at GET /" in row.summary


@pytest.mark.parametrize(
    ("require", "severity"), [(False, Severity.WARNING), (True, Severity.ERROR)]
)
def test_no_results_is_prf004(tmp_path: Path, require: bool, severity: Severity) -> None:
    (tmp_path / "app.py").write_text("x = 1\n", "utf-8")
    (tmp_path / "package.json").write_text('{"name": "x"}', "utf-8")
    report = _gate(tmp_path, {"require_evidence": Setting(require, "test")})
    assert [(f.code, f.path, f.severity) for f in report.findings] == [("PRF004", "", severity)]
    row = _row(report)
    assert row.verdict is (Verdict.FAIL if require else Verdict.NO_EVIDENCE)


def test_listed_result_outside_git_index_and_bad_json(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("out/\n", "utf-8")
    (tmp_path / "out").mkdir()
    shutil.copy(FIXTURES / "locust/run_stats.csv", tmp_path / "out/run_stats.csv")
    (tmp_path / "bad.json").write_text('{"metrics": {"http_req_duration": ', "utf-8")
    flags = {"perf.results": Setting(["out/*_stats.csv", "bad.json", "/abs/*.json"], "test")}
    report = _gate(tmp_path, flags)
    codes = sorted((f.code, f.path) for f in report.findings)
    assert codes == [("AWL001", "bad.json"), ("PRF003", "out/run_stats.csv")]
