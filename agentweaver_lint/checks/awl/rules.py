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


class MalformedSuppression(Rule):
    """A suppression comment that names no codes or cannot be read.

    ## What it does
    Reports `agentweaver:` directives that are bare (no codes), malformed, or name an
    unknown rule. Such a comment silences nothing.

    ## Why it matters
    A suppression that fails open (bandit's bare `# nosec`) hides every present and future
    problem on the line; one that silently fails closed misleads the reader. Both are bugs.

    ## Example
    ```python
    password = load()  # agentweaver: ignore
    ```

    ## Use instead
    ```python
    password = load()  # agentweaver: ignore[SEC004] -- loaded from the vault at runtime
    ```

    ## Options
    None.
    """

    code = "AWL002"
    name = "malformed-suppression"
    family = "AWL"
    non_negotiable = None
    severity = Severity.ERROR
    summary = "A suppression comment is bare, malformed or names an unknown rule."


class UnusedSuppression(Rule):
    """A suppression comment that silenced no finding.

    ## What it does
    Reports an `agentweaver: ignore[...]` directive when none of the codes it names had a
    finding on the lines it covers (or, for `ignore-file`, in the file). Only directives whose
    rules ran are judged.

    ## Why it matters
    Stale suppressions pile up and later hide a real problem on that line.

    ## Example
    ```python
    x = 1  # agentweaver: ignore[SEC004] -- there is no secret here any more
    ```

    ## Use instead
    ```python
    x = 1
    ```

    ## Options
    None.
    """

    code = "AWL003"
    name = "unused-suppression"
    family = "AWL"
    non_negotiable = None
    severity = Severity.WARNING
    summary = "A suppression comment silenced nothing."
