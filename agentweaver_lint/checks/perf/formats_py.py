"""Locust (``--csv`` ``*_stats.csv`` and ``--json``/``--json-file``) and pytest-benchmark JSON."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from agentweaver_lint.checks.perf.measure import (
    Measurement,
    benchmark_kind,
    histogram_percentile,
    mapping,
    nearest_rank,
    number,
)
from agentweaver_lint.checks.stack.positions import JsonPath

LOCUST_COLUMNS = ("Type", "Name", "Request Count", "Failure Count")
MEMORY_KEYS = ("memory_mb", "peak_memory_mb", "max_rss_mb", "rss_mb")
Positions = dict[JsonPath, tuple[int, int]]


def is_locust_csv(text: str) -> bool:
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    return all(column in header for column in LOCUST_COLUMNS)


def parse_locust_csv(path: str, text: str) -> list[Measurement]:
    """One row per request name, plus the ``Aggregated`` row."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    out: list[Measurement] = []
    for row in reader:
        name = (row.get("Name") or "").strip()
        method = (row.get("Type") or "").strip()
        aggregate = name == "Aggregated" and not method
        endpoint = "" if aggregate else f"{method} {name}".strip()
        item = Measurement(path, "locust", endpoint, reader.line_num, 1, aggregate=aggregate)
        for column, label in (("95%", "p95"), ("99%", "p99")):
            value = number(row.get(column))
            if value is not None:
                item.percentiles[label] = value
        item.requests = number(row.get("Request Count"))
        item.failures = number(row.get("Failure Count"))
        out.append(item)
    return out


def is_locust_json(doc: Any) -> bool:
    return (
        isinstance(doc, list)
        and bool(doc)
        and all(isinstance(e, Mapping) and "num_requests" in e and "name" in e for e in doc)
    )


def parse_locust_json(path: str, doc: list[Any], positions: Positions) -> list[Measurement]:
    """Per-request stats; percentiles from the rounded response-time histogram, as Locust does."""
    out: list[Measurement] = []
    for index, entry in enumerate(doc):
        endpoint = f"{entry.get('method') or ''} {entry.get('name') or ''}".strip()
        line, column = positions.get((index, "name"), positions.get((index,), (1, 1)))
        item = Measurement(path, "locust", endpoint, line, column)
        total = number(entry.get("num_requests")) or 0.0
        histogram = entry.get("response_times")
        if total and isinstance(histogram, Mapping) and histogram:
            for percent, label in ((95, "p95"), (99, "p99")):
                item.percentiles[label] = histogram_percentile(histogram, total, percent)
        item.requests = total
        item.failures = number(entry.get("num_failures"))
        out.append(item)
    return out


def is_pytest_benchmark(doc: Any) -> bool:
    return (
        isinstance(doc, Mapping)
        and isinstance(doc.get("benchmarks"), list)
        and ("machine_info" in doc or "commit_info" in doc)
    )


def parse_pytest_benchmark(
    path: str, doc: Mapping[str, Any], positions: Positions
) -> list[Measurement]:
    """Benchmarks (seconds → ms); percentiles only from ``stats.data`` (--benchmark-save-data)."""
    out: list[Measurement] = []
    for index, bench in enumerate(doc["benchmarks"]):
        if not isinstance(bench, Mapping):
            continue
        name = str(bench.get("name") or bench.get("fullname") or f"benchmark {index + 1}")
        line, column = positions.get(("benchmarks", index, "name"), (1, 1))
        item = Measurement(path, "pytest-benchmark", name, line, column, kind=benchmark_kind(name))
        stats = mapping(bench.get("stats"))
        data = stats.get("data")
        samples = (
            [v for v in (number(x) for x in data) if v is not None]
            if isinstance(data, list)
            else []
        )
        if samples:
            for percent, label in ((95, "p95"), (99, "p99")):
                item.percentiles[label] = 1000.0 * nearest_rank(samples, percent)
        extra = mapping(bench.get("extra_info"))
        for key in MEMORY_KEYS:
            memory = number(extra.get(key))
            if memory is not None:
                item.memory_mb = memory
                break
        out.append(item)
    return out
