"""PRF rule metadata: the performance budgets of the agent file, against real results."""

from __future__ import annotations

from agentweaver_lint.model import Severity
from agentweaver_lint.registry import Rule

NN = "api-performance"


class P95OverBudget(Rule):
    """A measured p95 latency is over its budget.

    ## What it does
    Reads load-test and benchmark results and reports each endpoint (Locust request
    name, k6 `name`/`url` submetric, Artillery metrics-by-endpoint entry, pytest-benchmark
    test) whose p95 exceeds the budget: `perf.api_p95_ms` for API traffic; for
    pytest-benchmark tests named `*query*` or `*db*`, `perf.db_simple_ms` (or
    `perf.db_complex_ms` when the name says `complex`). A file's overall row is judged
    only when it has no endpoint rows. Reported at the row's line in the result file.
    Results are k6 `--summary-export` or `handleSummary` JSON, Locust `*_stats.csv` and
    `--json`/`--json-file` output, pytest-benchmark `--benchmark-json` and `.benchmarks/`
    files, and Artillery JSON reports, found by content or listed in `perf.results`.

    ## Why it matters
    The agent promised `API Response Time: <200ms (p95)`; a result file over budget is
    the evidence that the promise does not hold.

    ## Example
    ```text
    Type,Name,Request Count,Failure Count,…,95%,…,99%,…
    GET,/users,1200,0,…,340,…,410,…
    ```

    ## Use instead
    ```text
    GET,/users,1200,0,…,120,…,180,…
    ```

    ## Options
    None. Budgets come from `### Performance Budgets` of the agent file
    (`perf.api_p95_ms`, `perf.db_simple_ms`, `perf.db_complex_ms`).
    """

    code = "PRF001"
    name = "p95-over-budget"
    family = "PRF"
    non_negotiable = NN
    severity = Severity.ERROR
    summary = "A measured p95 latency is over the performance budget."


class P99OverBudget(Rule):
    """A measured p99 latency is over `perf.api_p99_ms`.

    ## What it does
    Like PRF001, for the p99 of API traffic. A result without a p99 (k6 reports only
    `p(90)` and `p(95)` unless `summaryTrendStats` asks for `p(99)`; pytest-benchmark
    without `--benchmark-save-data`) is no evidence for this budget, never a pass.

    ## Why it matters
    The tail is what users notice: `<500ms (p99)` is a separate promise from the p95.

    ## Example
    ```json
    {"metrics": {"http_req_duration": {"p(95)": 180, "p(99)": 720}}}
    ```

    ## Use instead
    ```json
    {"metrics": {"http_req_duration": {"p(95)": 180, "p(99)": 420}}}
    ```

    ## Options
    None. The budget is `perf.api_p99_ms`.
    """

    code = "PRF002"
    name = "p99-over-budget"
    family = "PRF"
    non_negotiable = NN
    severity = Severity.ERROR
    summary = "A measured p99 latency is over the performance budget."


class ErrorRateOverBudget(Rule):
    """The share of failed requests is over `perf.error_rate_pct`.

    ## What it does
    Computes the error rate per endpoint where the format has endpoints: Locust failures
    over requests, k6 `http_req_failed` (and its `name`/`url` submetrics), Artillery
    `errors.*` plus 5xx responses over requests. Reported at the row's line.

    ## Why it matters
    Fast errors are not a fast API: `Error Rate: <0.1%` is part of the budget.

    ## Example
    ```text
    GET,/orders,1000,12,…
    ```

    ## Use instead
    ```text
    GET,/orders,1000,0,…
    ```

    ## Options
    None. The budget is `perf.error_rate_pct`.
    """

    code = "PRF003"
    name = "error-rate-over-budget"
    family = "PRF"
    non_negotiable = NN
    severity = Severity.ERROR
    summary = "The measured error rate is over the performance budget."


class NoLoadTestEvidence(Rule):
    """No load-test or benchmark result was found, so the budgets are unproven.

    ## What it does
    Reports once, for the repository, when neither `perf.results` nor discovery found a
    k6, Locust, pytest-benchmark or Artillery result. Severity is warning, or error when
    `require_evidence` is set; the scorecard row shows no-evidence either way.

    ## Why it matters
    A performance budget without a measurement is a promise, not evidence.

    ## Example
    ```text
    (a repository with no load-test results)
    ```

    ## Use instead
    ```toml
    [tool.agentweaver-lint]
    perf = {results = ["loadtest/summary.json"]}
    ```

    ## Options
    None. Set `require_evidence = true` to make missing evidence fail the gate.
    """

    code = "PRF004"
    name = "no-load-test-evidence"
    family = "PRF"
    non_negotiable = NN
    severity = Severity.WARNING
    summary = "No load-test or benchmark results were found for the performance budgets."


class MemoryOverBudget(Rule):
    """A result reports memory use over `perf.memory_mb`.

    ## What it does
    When a result carries memory (pytest-benchmark `extra_info` keys `memory_mb`,
    `peak_memory_mb`, `max_rss_mb` or `rss_mb`), compares it with the per-process budget.
    Results without memory leave the budget "not measured".

    ## Why it matters
    `Memory Usage: <512MB per process` decides how many workers fit on a host.

    ## Example
    ```json
    {"benchmarks": [{"name": "test_import_batch", "extra_info": {"peak_memory_mb": 900}}]}
    ```

    ## Use instead
    ```json
    {"benchmarks": [{"name": "test_import_batch", "extra_info": {"peak_memory_mb": 300}}]}
    ```

    ## Options
    None. The budget is `perf.memory_mb`.
    """

    code = "PRF005"
    name = "memory-over-budget"
    family = "PRF"
    non_negotiable = NN
    severity = Severity.ERROR
    summary = "A result reports memory use over the per-process budget."


RULES = (P95OverBudget, P99OverBudget, ErrorRateOverBudget, NoLoadTestEvidence, MemoryOverBudget)
