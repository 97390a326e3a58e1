"""k6 (``--summary-export`` and ``handleSummary`` JSON) and Artillery JSON reports."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from agentweaver_lint.checks.perf.measure import Measurement, mapping, number
from agentweaver_lint.checks.stack.positions import JsonPath

_SUBMETRIC = re.compile(r"^([A-Za-z0-9_]+)\{(.*)\}$")
ENDPOINT_TAGS = ("name", "url", "endpoint")
Positions = dict[JsonPath, tuple[int, int]]


def is_k6(doc: Any) -> bool:
    metrics = doc.get("metrics") if isinstance(doc, Mapping) else None
    return isinstance(metrics, Mapping) and any(
        str(k).split("{")[0] in ("http_req_duration", "http_reqs", "iterations") for k in metrics
    )


def _k6_endpoint(tags: str) -> str | None:
    for part in tags.split(","):
        key, _, value = part.partition(":")
        if key.strip() in ENDPOINT_TAGS:
            return value.strip()
    return None


def parse_k6(path: str, doc: Mapping[str, Any], positions: Positions) -> list[Measurement]:
    """The ``http_req_duration`` trend and ``http_req_failed`` rate, overall and per tag."""
    metrics = doc["metrics"]
    rows: dict[str, Measurement] = {}
    for key, metric in metrics.items():
        match = _SUBMETRIC.match(str(key))
        base, endpoint = (match.group(1), _k6_endpoint(match.group(2))) if match else (key, "")
        if endpoint is None or base not in ("http_req_duration", "http_req_failed"):
            continue
        if not isinstance(metric, Mapping):
            continue
        values = mapping(metric.get("values")) or metric
        line, column = positions.get(("metrics", key), (1, 1))
        row = rows.setdefault(
            endpoint,
            Measurement(path, "k6", endpoint, line, column, aggregate=not endpoint),
        )
        if base == "http_req_duration":
            row.line, row.column = line, column
            for name, label in (("p(95)", "p95"), ("p(99)", "p99")):
                value = number(values.get(name))
                if value is not None:
                    row.percentiles[label] = value
        else:
            rate = number(values.get("rate", values.get("value")))
            passes, fails = number(values.get("passes")), number(values.get("fails"))
            if rate is not None:
                row.error_rate_pct = 100.0 * rate
            if passes is not None and fails is not None:
                row.requests, row.failures = passes + fails, passes
    return [rows[k] for k in sorted(rows)]


def is_artillery(doc: Any) -> bool:
    aggregate = doc.get("aggregate") if isinstance(doc, Mapping) else None
    return isinstance(aggregate, Mapping) and (
        "summaries" in aggregate or "latency" in aggregate or "counters" in aggregate
    )


_BY_ENDPOINT = "plugins.metrics-by-endpoint."


def _errors(counters: Mapping[str, Any], prefix: str, codes: str) -> float:
    """Transport errors (``errors.*``) plus 5xx responses (``codes``: the code counter prefix)."""
    total = 0.0
    for name, value in counters.items():
        if not name.startswith(prefix):
            continue
        rest = name[len(prefix) :]
        if rest.startswith("errors.") or rest.startswith(codes + "5"):
            total += number(value) or 0.0
    return total


def parse_artillery(path: str, doc: Mapping[str, Any], positions: Positions) -> list[Measurement]:
    aggregate = doc["aggregate"]
    out: list[Measurement] = []
    if "latency" in aggregate and isinstance(aggregate["latency"], Mapping):  # Artillery 1.x
        line, column = positions.get(("aggregate", "latency"), (1, 1))
        row = Measurement(path, "artillery", "", line, column, aggregate=True)
        _percentiles(row, aggregate["latency"])
        codes = mapping(aggregate.get("codes"))
        errors = mapping(aggregate.get("errors"))
        failed = sum(number(v) or 0 for k, v in codes.items() if str(k).startswith("5"))
        failed += sum(number(v) or 0 for v in errors.values())
        row.requests = number(aggregate.get("requestsCompleted"))
        if row.requests is not None:
            row.requests += sum(number(v) or 0 for v in errors.values())
            row.failures = failed
        return [row]
    summaries = mapping(aggregate.get("summaries"))
    counters = mapping(aggregate.get("counters"))
    line, column = positions.get(("aggregate", "summaries", "http.response_time"), (1, 1))
    row = Measurement(path, "artillery", "", line, column, aggregate=True)
    if isinstance(summaries.get("http.response_time"), Mapping):
        _percentiles(row, summaries["http.response_time"])
    requests = number(counters.get("http.requests"))
    if requests:
        row.requests, row.failures = requests, _errors(counters, "", "http.codes.")
    out.append(row)
    prefix = _BY_ENDPOINT + "response_time."
    for key in sorted(summaries):
        if not key.startswith(prefix) or not isinstance(summaries[key], Mapping):
            continue
        endpoint = key[len(prefix) :]
        line, column = positions.get(("aggregate", "summaries", key), (1, 1))
        item = Measurement(path, "artillery", endpoint, line, column)
        _percentiles(item, summaries[key])
        own = _BY_ENDPOINT + endpoint + "."
        answered = sum(number(v) or 0 for k, v in counters.items() if k.startswith(own + "codes."))
        failed = _errors(counters, own, "codes.")
        transport = sum(
            number(v) or 0 for k, v in counters.items() if k.startswith(own + "errors.")
        )
        if answered or transport:
            item.requests, item.failures = answered + transport, failed
        out.append(item)
    return out


def _percentiles(row: Measurement, values: Mapping[str, Any]) -> None:
    for label in ("p95", "p99"):
        value = number(values.get(label))
        if value is not None:
            row.percentiles[label] = value
