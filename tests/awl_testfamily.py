"""A test-only rule family (prefix TST): never part of the product.

TST001 flags lines containing ``FIXME-GATE``; TST002 is a repo check that reports once per
run when a ``GATE-FAIL`` file exists; TST900 crashes on files named ``crash.txt``.
"""

from __future__ import annotations

from agentweaver_lint.checks.base import (
    Evidence,
    FamilyScore,
    FileCheck,
    FileContext,
    RepoCheck,
    RepoContext,
    ScoreContext,
)
from agentweaver_lint.model import Severity
from agentweaver_lint.registry import Family, Option, Rule

_DOC = """
## What it does
Test rule.

## Why it matters
Tests need a rule.

## Example
```text
FIXME-GATE
```

## Use instead
```text
done
```

## Options
None.
"""


class Marker(Rule):
    code = "TST001"
    name = "test-marker"
    family = "TST"
    non_negotiable = "maintainability"
    severity = Severity.ERROR
    summary = "A test marker line."
    options = (Option("marker", str, "FIXME-GATE", "Text to flag."),)
    __doc__ = "Flags a marker." + _DOC


class RepoMarker(Rule):
    code = "TST002"
    name = "test-repo-marker"
    family = "TST"
    non_negotiable = "maintainability"
    severity = Severity.WARNING
    summary = "A repo-level test finding."
    __doc__ = "Flags a repo." + _DOC


class Crash(Rule):
    code = "TST900"
    name = "test-crash"
    family = "TST"
    non_negotiable = "maintainability"
    severity = Severity.ERROR
    summary = "Crashes on purpose."
    __doc__ = "Crashes." + _DOC


class MarkerCheck(FileCheck):
    codes = ("TST001",)

    def run(self, ctx: FileContext) -> None:
        marker = ctx.settings.option("TST001", "marker")
        if ctx.file.language == "python":
            ctx.file.python_tree  # noqa: B018 - ask for the shared parse, as families do
        for number, line in enumerate(ctx.file.lines, start=1):
            column = line.find(marker)
            if column >= 0:
                ctx.report(
                    "TST001",
                    number,
                    column + 1,
                    f"marker {marker!r} found",
                    end_column=column + 1 + len(marker),
                    fingerprint_key=line.strip(),
                )
                ctx.count("markers")
            if line.startswith("WEIGHT="):  # a float counter whose sum depends on the order
                ctx.count("weight", float(line.split("=", 1)[1]))
        ctx.count("files")


class RepoMarkerCheck(RepoCheck):
    codes = ("TST002",)

    def run(self, ctx: RepoContext) -> None:
        if ctx.workspace.get("GATE-FAIL") is not None:
            ctx.report("TST002", "GATE-FAIL", 1, 1, "repository marker present")


class CrashCheck(FileCheck):
    codes = ("TST900",)

    def wants(self, file: object, settings: object) -> bool:
        return getattr(file, "path", "").endswith("crash.txt")

    def run(self, ctx: FileContext) -> None:
        raise RuntimeError("boom")


def score(ctx: ScoreContext) -> FamilyScore:
    if not ctx.counters.get("files"):
        return FamilyScore(evidence=Evidence.ABSENT, summary="nothing scanned")
    return FamilyScore(figures={"markers": ctx.counters.get("markers", 0)}, summary="scanned")


FAMILY = Family(
    prefix="TST",
    title="Test family",
    non_negotiable="maintainability",
    rules=(Marker, RepoMarker, Crash),
    checks=(MarkerCheck(), RepoMarkerCheck(), CrashCheck()),
    score=score,
    module="awl_testfamily",
)
