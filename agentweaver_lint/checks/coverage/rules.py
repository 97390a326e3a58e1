"""COV rule metadata and documentation (the checks live in :mod:`.gate`)."""

from __future__ import annotations

from agentweaver_lint.model import Severity
from agentweaver_lint.registry import Rule

NN = "test-coverage"


class BusinessLogicCoverage(Rule):
    """Business-logic code is covered below the promised percentage.

    ## What it does
    Sums the coverage of every measured business-logic file (the
    `coverage.business_logic_paths` globs, minus tests and migrations; when they match no
    measured file, all non-test source) from per-line and per-branch data, and reports when
    the result is below `coverage.business_logic`. The message names the worst files and
    their uncovered lines. Percentages use each tool's own unit: coverage.py's statements
    plus branches, Go's statements, lines for Istanbul, LCOV and Cobertura.

    ## Why it matters
    The agent promises ≥80% coverage of business logic. A single global `fail_under`
    lets well-tested glue code hide an untested billing service.

    ## Example
    ```text
    services/billing.py   10 statements, 4 run  -> 40%
    services/orders.py    10 statements, 8 run  -> 80%
    business logic: 60% < 80%
    ```

    ## Use instead
    ```text
    Add tests for services/billing.py lines 12-18 and 30 until the group reaches 80%.
    ```

    ## Options
    Settings `coverage.business_logic` (default 80) and `coverage.business_logic_paths`.
    """

    code = "COV001"
    diff_scope = "always"
    name = "business-logic-coverage"
    family = "COV"
    non_negotiable = NN
    severity = Severity.ERROR
    summary = "Business-logic coverage is below its threshold."


class CriticalPathCoverage(Rule):
    """A critical-path file (auth, security, permissions, payments, billing) is not fully covered.

    ## What it does
    For every measured file matching `coverage.critical_paths_paths` (tests excluded) whose
    coverage is below `coverage.critical_paths`, reports each function with uncovered lines
    or partial branches at its `def` (Python functions come from the file's AST, others
    from the report's function data), and module-level code at its first uncovered line.

    ## Why it matters
    The agent promises 100% coverage of critical paths: an untested branch in an
    authorisation check is where incidents come from.

    ## Example
    ```python
    def can_refund(user, order):
        if user.is_admin:
            return True
        return order.owner_id == user.id   # never run by any test
    ```

    ## Use instead
    ```python
    def test_owner_can_refund(): ...
    def test_stranger_cannot_refund(): ...
    ```

    ## Options
    Settings `coverage.critical_paths` (default 100) and `coverage.critical_paths_paths`.
    """

    code = "COV002"
    diff_scope = "file"
    name = "critical-path-coverage"
    family = "COV"
    non_negotiable = NN
    severity = Severity.ERROR
    summary = "A critical-path file or function is covered below its threshold."


class ChangedLinesCoverage(Rule):
    """The lines a change adds or modifies are covered below the threshold.

    ## What it does
    With `--diff BASE`, counts the added or changed lines that are executable in a
    coverage report and how many of them ran, over all measured files, and reports when
    the percentage is below `coverage.changed_lines`. Fewer than
    `coverage.min_changed_lines` executable changed lines are not judged (the scorecard
    says so).

    ## Why it matters
    A repository can sit above its overall threshold while every new change lands
    untested; gating the diff keeps new code honest.

    ## Example
    ```text
    +def apply_discount(order):      changed, run
    +    if order.total > 100:        changed, run
    +        return order.total * .9  changed, never run
    ```

    ## Use instead
    ```text
    Add a test that takes the discount branch.
    ```

    ## Options
    Settings `coverage.changed_lines` (default: the business-logic threshold) and
    `coverage.min_changed_lines` (default 5).
    """

    code = "COV003"
    diff_scope = "always"
    name = "changed-lines-coverage"
    family = "COV"
    non_negotiable = NN
    severity = Severity.ERROR
    summary = "Coverage of the changed lines is below its threshold."


class NoCoverageEvidence(Rule):
    """No coverage report was found, so the coverage promise cannot be checked.

    ## What it does
    Reports when no coverage report (coverage.py data or JSON, Cobertura XML, LCOV,
    Istanbul JSON, Go coverprofile) is found in the usual places or in
    `coverage.reports`, or when none of the reports found covers a file of the
    repository. The message gives the command that produces a report for the detected
    stack. A warning by default; an error under `--require-evidence` or `CI`.

    ## Why it matters
    The gate reads reports; it never runs tests. Without a report the test-coverage
    verdict is "no evidence", never "pass".

    ## Example
    ```text
    $ agentweaver-lint          # no .coverage, coverage.xml, lcov.info … anywhere
    ```

    ## Use instead
    ```text
    $ coverage run --branch -m pytest && coverage xml && agentweaver-lint
    ```

    ## Options
    Settings `coverage.reports` (report paths or globs) and `require_evidence`.
    """

    code = "COV004"
    diff_scope = "always"
    name = "no-coverage-evidence"
    family = "COV"
    non_negotiable = NN
    severity = Severity.WARNING
    summary = "No coverage report was found for this repository."


class StaleCoverageEvidence(Rule):
    """A coverage report is older than source files it covers.

    ## What it does
    Compares each report's modification time with the files it has data for and reports
    the report when any of them changed after it was written, or when the report names
    lines past the end of a file (it describes an older version of that file).

    ## Why it matters
    A stale report describes code that no longer exists: its percentages may hide lines
    added since the tests last ran.

    ## Example
    ```text
    coverage.xml   written 09:00
    services/billing.py   edited 09:30
    ```

    ## Use instead
    ```text
    Rerun the tests with coverage before the gate (in CI, in the same job).
    ```

    ## Options
    None.
    """

    code = "COV005"
    diff_scope = "always"
    name = "stale-evidence"
    family = "COV"
    non_negotiable = NN
    severity = Severity.WARNING
    summary = "A coverage report is older than the sources it covers."
