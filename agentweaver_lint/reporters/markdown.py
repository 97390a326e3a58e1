"""Markdown for a CI job summary or a PR comment: scorecard table, then findings."""

from __future__ import annotations

from collections.abc import Mapping

from agentweaver_lint.model import Report
from agentweaver_lint.registry import Rule
from agentweaver_lint.reporters import RenderOptions
from agentweaver_lint.reporters.common import VERDICT_MARK, figures_line, most_severe_first, outcome

MAX_ROWS = 200


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(report: Report, rules: Mapping[str, type[Rule]], options: RenderOptions) -> str:
    out = [
        "## agentweaver-lint",
        "",
        "| Non-negotiable | Verdict | Figures |",
        "| --- | --- | --- |",
    ]
    for entry in report.scorecard:
        verdict = f"{VERDICT_MARK[entry.verdict.value]} {entry.verdict.value}"
        details = figures_line(entry) + (f" — {entry.summary}" if entry.summary else "")
        out.append(f"| {_cell(entry.title)} (`{entry.id}`) | {verdict} | {_cell(details)} |")
    active = most_severe_first(report.active())
    out += ["", f"**{_cell(outcome(report))}**", ""]
    if active:
        out += ["| Severity | Code | Location | Message |", "| --- | --- | --- | --- |"]
        for finding in active[:MAX_ROWS]:
            where = (
                f"`{finding.path}:{finding.line}:{finding.column}`"
                if finding.path
                else "repository"
            )
            out.append(
                f"| {finding.severity.label} | {finding.code} {finding.name} | {where} | {_cell(finding.message)} |"
            )
        if len(active) > MAX_ROWS:
            out.append(f"\n…and {len(active) - MAX_ROWS} more; see the SARIF or JSON report.")
    return "\n".join(out) + "\n"
