"""Metadata of the AWL rules; the engine emits them (they have no check of their own)."""

from __future__ import annotations

from agentweaver_lint.model import Severity
from agentweaver_lint.registry import Rule


class ParseError(Rule):
    """A file a family needed could not be parsed, so its rules could not judge it.

    ## What it does
    Reports a source file (Python, JavaScript, TypeScript, Ruby, SQL…) that the parser a
    rule needs rejected, at the line the parser names. The rest of the run goes on.

    ## Why it matters
    A file that cannot be parsed cannot be checked: a gate that skipped it silently would
    report "pass" for code it never read.

    ## Example
    ```python
    def handler(request:
        return request.json
    ```

    ## Use instead
    ```python
    def handler(request):
        return request.json
    ```

    ## Options
    None. Exclude generated or deliberately broken files with `extend_exclude`.
    """

    code = "AWL001"
    name = "parse-error"
    family = "AWL"
    non_negotiable = None
    severity = Severity.WARNING
    summary = "A file could not be parsed, so no rule could check it."


class RuleCrashed(Rule):
    """A rule raised an exception on a file; its findings for that file are missing.

    ## What it does
    Reports the rule, the file and the error when a check crashes. The other rules'
    findings still come out, and the run exits 2 (a tool error), never 0.

    ## Why it matters
    A crash must not look like a pass. Exit code 2 tells CI that the gate itself failed.

    ## Example
    ```text
    AWL004 app/models.py:1:1 rule SEC001 crashed: RecursionError: maximum recursion depth
    ```

    ## Use instead
    ```text
    Report the crash with the file that triggers it; exclude the file meanwhile.
    ```

    ## Options
    None.
    """

    code = "AWL004"
    name = "rule-crashed"
    family = "AWL"
    non_negotiable = None
    severity = Severity.ERROR
    summary = "A rule crashed on a file; the run is a tool error (exit 2)."
