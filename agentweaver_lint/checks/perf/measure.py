"""One measured endpoint (or benchmark, or a whole run) of one load-test result file."""

from __future__ import annotations

import fnmatch
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

API = "api"
DB_SIMPLE = "db-simple"
DB_COMPLEX = "db-complex"


@dataclass
class Measurement:
    """Latencies in milliseconds; ``None`` where the result does not carry the number."""

    path: str
    tool: str
    endpoint: str
    line: int = 1
    column: int = 1
    kind: str = API
    aggregate: bool = False
    percentiles: dict[str, float] = field(default_factory=dict)
    """``p95``, ``p99`` in ms (only those the data carries)."""
    requests: float | None = None
    failures: float | None = None
    error_rate_pct: float | None = None
    memory_mb: float | None = None

    @property
    def label(self) -> str:
        return self.endpoint or "all requests"

    def error_rate(self) -> float | None:
        if self.error_rate_pct is not None:
            return self.error_rate_pct
        if self.requests and self.failures is not None:
            return 100.0 * self.failures / self.requests
        return None


def benchmark_kind(name: str) -> str:
    """pytest-benchmark names matching ``*query*``/``*db*`` are DB queries (complex if so named)."""
    lower = name.lower()
    if fnmatch.fnmatchcase(lower, "*query*") or fnmatch.fnmatchcase(lower, "*db*"):
        return DB_COMPLEX if "complex" in lower else DB_SIMPLE
    return API


def nearest_rank(samples: Sequence[float], percent: float) -> float:
    """The nearest-rank percentile of ``samples`` (non-empty)."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(percent / 100.0 * len(ordered)))
    return ordered[rank - 1]


def histogram_percentile(histogram: Mapping[str, Any], total: float, percent: float) -> float:
    """Locust's percentile over its rounded response-time histogram (``{"12": 3, …}``)."""
    wanted = int(total * percent / 100.0)
    processed = 0.0
    buckets = [(number(k), number(v) or 0.0) for k, v in histogram.items()]
    for value, count in sorted(((k, v) for k, v in buckets if k is not None), reverse=True):
        processed += count
        if total - processed <= wanted:
            return value
    return 0.0


def number(value: object) -> float | None:
    """A finite float from JSON/CSV data, else None (``"N/A"``, null, NaN)."""
    if isinstance(value, bool):
        return None
    try:
        result = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return result if math.isfinite(result) else None


def mapping(value: object) -> Mapping[str, Any]:
    """``value`` if it is a JSON object, else an empty one."""
    return value if isinstance(value, Mapping) else {}
