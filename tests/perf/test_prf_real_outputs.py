"""Real outputs produced on this machine: pytest-benchmark and a short headless Locust run.

Bounded: the benchmark runs a few rounds; Locust runs 2 users for 2 seconds against a
ThreadingHTTPServer bound to 127.0.0.1 (no network beyond loopback).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from agentweaver_lint.config import load_settings
from agentweaver_lint.gate import run_gate
from agentweaver_lint.model import Report, Verdict
from agentweaver_lint.settings import Setting

pytestmark = pytest.mark.loadtest

BENCHMARKS = """import time


def test_query_users(benchmark):
    benchmark(time.sleep, 0.06)


def test_render_page(benchmark):
    benchmark.extra_info["peak_memory_mb"] = 42.0
    benchmark(sum, range(100))
"""
LOCUSTFILE = """from locust import HttpUser, constant, task


class Visitor(HttpUser):
    wait_time = constant(0.05)

    @task
    def home(self):
        self.client.get("/")

    @task
    def missing(self):
        self.client.get("/missing")
"""


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status = 200 if self.path == "/" else 404
        body = b"ok" if status == 200 else b"not found"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def local_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _gate(root: Path, **flags: Setting) -> Report:
    settings = load_settings(root, flags={"select": Setting(["PRF"], "test"), **flags})
    return run_gate(root, settings, jobs=1).report


@pytest.mark.skipif(
    importlib.util.find_spec("pytest_benchmark") is None, reason="no pytest-benchmark"
)
def test_real_pytest_benchmark_json(tmp_path: Path) -> None:
    (tmp_path / "test_bench.py").write_text(BENCHMARKS, "utf-8")
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "test_bench.py",
        "--benchmark-json=perf/bench.json",
        "--benchmark-save-data",
        "--benchmark-min-rounds=3",
        "--benchmark-max-time=0.001",
        "--benchmark-warmup=off",
    ]
    (tmp_path / "perf").mkdir()
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:]
    (tmp_path / "test_bench.py").unlink()
    report = _gate(tmp_path)
    found = [(f.code, f.path, f.extra_dict()["endpoint"]) for f in report.findings]
    assert ("PRF001", "perf/bench.json", "test_query_users") in found
    row = next(r for r in report.scorecard if r.id == "api-performance")
    assert row.verdict is Verdict.FAIL
    assert row.figures["worst_db_p95_ms"] >= 60
    assert row.figures["memory_mb"] == 42.0
    assert "error rate (no result carries it)" in row.summary


@pytest.mark.skipif(importlib.util.find_spec("locust") is None, reason="no locust")
def test_real_locust_csv_and_json(tmp_path: Path, local_server: str) -> None:
    (tmp_path / "locustfile.py").write_text(LOCUSTFILE, "utf-8")
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        "locustfile.py",
        "--headless",
        "-u",
        "2",
        "-r",
        "2",
        "-t",
        "2s",
        "--host",
        local_server,
        "--csv",
        "load/run",
        "--json-file",
        "load/run",
        "--only-summary",
        "--skip-log",
        "--exit-code-on-error",
        "0",
    ]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=90)
    assert done.returncode == 0, done.stderr[-2000:]
    (tmp_path / "locustfile.py").unlink()
    assert (tmp_path / "load/run_stats.csv").is_file() and (tmp_path / "load/run.json").is_file()
    report = _gate(
        tmp_path,
        **{
            "perf.api_p95_ms": Setting(10000.0, "test"),
            "perf.api_p99_ms": Setting(10000.0, "test"),
        },
    )
    found = sorted((f.code, f.path, f.extra_dict()["endpoint"]) for f in report.findings)
    assert found == [
        ("PRF003", "load/run.json", "GET /missing"),
        ("PRF003", "load/run_stats.csv", "GET /missing"),
    ]
    row = next(r for r in report.scorecard if r.id == "api-performance")
    assert row.verdict is Verdict.FAIL
    assert row.figures["results"] == 2 and "worst_p95_ms" in row.figures
    assert row.figures["worst_error_rate_pct"] == 100.0
