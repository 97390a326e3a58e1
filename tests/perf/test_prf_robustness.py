"""Odd but valid JSON/CSV never crashes the PRF readers (findings are values, not exceptions)."""

from __future__ import annotations

import json

import pytest

from agentweaver_lint.checks.perf.results import Results, _read

ODD = [
    {"metrics": {"http_req_duration": [1, 2]}},
    {"metrics": {"http_req_duration": {"values": "x", "p(95)": "fast"}, "http_req_failed": None}},
    {"metrics": {"http_req_duration{name:}": {"p(95)": 1e309}}},
    {"aggregate": {"counters": {"http.requests": "many"}, "summaries": {"http.response_time": 3}}},
    {"aggregate": {"latency": {"p95": None}, "codes": [], "errors": "none"}},
    {"aggregate": {"summaries": {"plugins.metrics-by-endpoint.response_time./x": {"p95": True}}}},
    {"machine_info": 1, "benchmarks": [None, {"stats": []}, {"name": 5, "stats": {"data": "x"}}]},
    {"machine_info": {}, "benchmarks": [{"name": "db", "stats": {"data": [None, "a", 1]}}]},
    [{"name": "/", "num_requests": "x", "response_times": []}],
    [{"name": None, "num_requests": 10, "response_times": {"abc": 3, "5": "x"}}],
]


@pytest.mark.parametrize("doc", ODD)
def test_odd_documents_do_not_crash(doc: object) -> None:
    results = Results()
    found = _read("r.json", json.dumps(doc), results)
    if found is not None:
        _tool, measurements = found
        for item in measurements:
            assert all(isinstance(v, float) for v in item.percentiles.values())
            item.error_rate()


def test_odd_locust_csv_does_not_crash() -> None:
    text = "Type,Name,Request Count,Failure Count,95%,99%\nGET,/a,0,0,N/A,N/A\n,Aggregated,,x,,\n"
    found = _read("x_stats.csv", text, Results())
    assert found is not None
    rows = found[1]
    assert [r.percentiles for r in rows] == [{}, {}]
    assert [r.error_rate() for r in rows] == [None, None]
