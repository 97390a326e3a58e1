"""JUnit XML: one testcase per scorecard id; a failing verdict lists its findings."""

from __future__ import annotations

from collections.abc import Mapping
from xml.sax.saxutils import escape, quoteattr

from agentweaver_lint.model import Report, Verdict
from agentweaver_lint.registry import Rule
from agentweaver_lint.reporters import RenderOptions
from agentweaver_lint.reporters.common import figures_line


def render(report: Report, rules: Mapping[str, type[Rule]], options: RenderOptions) -> str:
    cases: list[str] = []
    failures = skipped = 0
    for entry in report.scorecard:
        name = quoteattr(entry.id)
        body = ""
        if entry.verdict is Verdict.FAIL:
            failures += 1
            found = [f for f in report.failing() if f.non_negotiable == entry.id]
            text = "\n".join(f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}" for f in found)
            body = (
                f"<failure message={quoteattr(f'{len(found)} finding(s)')}>{escape(text)}</failure>"
            )
        elif entry.verdict in (Verdict.NO_EVIDENCE, Verdict.NOT_APPLICABLE):
            skipped += 1
            body = f"<skipped message={quoteattr(entry.verdict.value + ': ' + entry.summary)}/>"
        details = escape(figures_line(entry))
        system_out = f"<system-out>{details}</system-out>" if details else ""
        cases.append(
            f'  <testcase classname="agentweaver-lint" name={name}>{body}{system_out}</testcase>'
        )
    header = (
        f'<testsuite name="agentweaver-lint" tests="{len(cases)}" failures="{failures}" '
        f'errors="{1 if report.summary.tool_error else 0}" skipped="{skipped}">'
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + header
        + "\n"
        + "\n".join(cases)
        + "\n</testsuite>\n"
    )
