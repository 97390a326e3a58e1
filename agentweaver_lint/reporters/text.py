"""Human output: the scorecard, then findings with their source line, then the outcome."""

from __future__ import annotations

from collections.abc import Mapping

from agentweaver_lint.model import Report, Severity
from agentweaver_lint.registry import Rule
from agentweaver_lint.reporters import RenderOptions
from agentweaver_lint.reporters.common import VERDICT_MARK, figures_line, outcome

_COLORS = {
    "pass": "32",
    "fail": "31",
    "no-evidence": "33",
    "not-applicable": "2",
    Severity.ERROR: "31",
    Severity.WARNING: "33",
    Severity.INFO: "36",
}


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def render(report: Report, rules: Mapping[str, type[Rule]], options: RenderOptions) -> str:
    color = options.color
    out: list[str] = ["Scorecard"]
    width = max((len(e.id) for e in report.scorecard), default=10)
    for entry in report.scorecard:
        verdict = entry.verdict.value
        mark = _paint(f"{VERDICT_MARK[verdict]} {verdict:<14}", _COLORS[verdict], color)
        details = figures_line(entry)
        note = f" — {entry.summary}" if entry.summary else ""
        out.append(f"  {mark} {entry.id:<{width}}  {details}{note}".rstrip())
    shown = [f for f in report.findings if f.suppressed is None or options.show_suppressed]
    if shown:
        out.append("")
        out.append("Findings")
    for finding in shown:
        where = f"{finding.path or '.'}:{finding.line}:{finding.column}"
        sev = _paint(finding.severity.label, _COLORS[finding.severity], color)
        tag = f" (suppressed: {finding.suppressed})" if finding.suppressed else ""
        out.append(f"{where}: {finding.code} [{sev}] {finding.message}{tag}")
        snippet = report.snippets.get((finding.path, finding.line))
        if snippet is not None:
            gutter = f"{finding.line:>5} | "
            out.append(gutter + snippet.expandtabs(4).rstrip())
            caret_at = min(max(finding.column - 1, 0), len(snippet))
            prefix = snippet[:caret_at].expandtabs(4)
            out.append(" " * (len(gutter) - 2) + "| " + " " * len(prefix) + "^")
        if finding.fix:
            out.append(f"      = help: {finding.fix}")
    notices = [n for n in report.notices if n.topic != "skipped" or n.path is None]
    if notices:
        out.append("")
        out.append("Notices")
        out.extend(f"  {n.topic}: {n.message}" for n in notices)
    out.append("")
    summary = report.summary
    out.append(
        f"{summary.files_checked} file(s) checked of {summary.files_listed} listed. {outcome(report)}"
    )
    return "\n".join(out) + "\n"
