"""CPX rule metadata: complexity budgets measured by radon on the shared AST."""

from __future__ import annotations

from agentweaver_lint.model import Severity
from agentweaver_lint.registry import Option, Rule

RANKS = "ABCDEF"


class HighComplexity(Rule):
    """A function, method or class whose cyclomatic complexity reaches a rank (radon, like xenon).

    ## What it does
    Computes radon's cyclomatic complexity for every block radon's `cc` command lists
    (functions, methods, classes) in one walk of the AST the workspace already parsed (tests
    compare it with radon's visitors, quirks included), and reports each
    block ranked `warning_rank` or worse (default C: complexity 11 or more) at its `def`/`class`
    line and column — the same blocks and positions as `radon cc --min C`. Blocks at
    `error_rank` or worse (default E: 31 or more) are errors. extra holds the complexity,
    the rank, the block type and the module's maintainability index.

    ## Why it matters
    Branch-heavy functions are where bugs hide and where tests miss paths.

    ## Example
    ```python
    def price(order):  # 14 branches: rank C
        if order.vip: ...
        elif order.coupon: ...
    ```

    ## Use instead
    ```python
    def price(order):
        return base_price(order) - discount(order)
    ```

    ## Options
    `warning_rank` (C), `error_rank` (E): radon ranks A-F. `include_tests` (false).
    """

    code = "CPX001"
    name = "high-cyclomatic-complexity"
    family = "CPX"
    non_negotiable = "maintainability"
    severity = Severity.WARNING
    summary = "Function cyclomatic complexity at or above the configured radon rank."
    options = (
        Option("warning_rank", str, "C", "Lowest radon rank reported (A-F)."),
        Option("error_rank", str, "E", "Lowest radon rank reported as an error (A-F)."),
        Option("include_tests", bool, False, "Also measure test files."),
    )


class LowMaintainability(Rule):
    """A module whose maintainability index (radon's MI) is below a threshold.

    ## What it does
    Computes radon's maintainability index (Halstead volume, cyclomatic complexity, logical
    lines, comment share; `radon mi` with multi-line strings counted as comments) and reports
    modules below `min_mi` at line 1. The raw line counts use our linear re-implementation of
    radon's, so a 2,000-line data module takes milliseconds, not a minute: read from the AST's
    string literals where that is certain, tokenized where it is not. Tests check the numbers
    equal radon's. extra holds every figure of the module.

    ## Why it matters
    A module with a low index is long, dense and branchy at once: expensive to change safely.

    ## Example
    ```text
    app/services/billing.py  MI 7.9 (rank C)
    ```

    ## Use instead
    ```text
    Split the module by responsibility until its MI is 10 or more (rank A or B).
    ```

    ## Options
    `min_mi` (10.0: radon's rank C boundary), `include_tests` (false).
    """

    code = "CPX002"
    name = "low-maintainability-index"
    family = "CPX"
    non_negotiable = "maintainability"
    severity = Severity.WARNING
    summary = "Module maintainability index (radon MI) below the threshold."
    options = (
        Option("min_mi", float, 10.0, "Modules with a lower MI are reported."),
        Option("include_tests", bool, False, "Also measure test files."),
    )


CPX_CODES = ("CPX001", "CPX002")
