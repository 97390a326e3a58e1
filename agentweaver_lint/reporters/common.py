"""Helpers shared by reporters (counts, ordering, figure formatting)."""

from __future__ import annotations

from collections import Counter

from agentweaver_lint.model import Finding, Report, ScoreEntry, Severity

VERDICT_MARK = {"pass": "✔", "fail": "✘", "no-evidence": "?", "not-applicable": "–"}


def most_severe_first(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-int(f.severity), f.path, f.line, f.column, f.code))


def severity_counts(findings: list[Finding]) -> Counter[str]:
    return Counter(f.severity.label for f in findings)


def format_figure(name: str, value: float) -> str:
    text = f"{value:.1f}" if value != int(value) else f"{int(value)}"
    return f"{name.replace('_', ' ')} {text}{'%' if name.endswith('pct') else ''}"


def figures_line(entry: ScoreEntry) -> str:
    parts = [format_figure(k, v) for k, v in sorted(entry.figures.items())]
    for name, threshold in sorted(entry.thresholds.items()):
        parts.append(f"{name.replace('_', ' ')} threshold {threshold.value:g} ({threshold.source})")
    return "; ".join(parts)


def outcome(report: Report) -> str:
    """A one-line outcome matching the exit code."""
    active = report.active()
    failing = report.failing()
    counts = severity_counts(active)
    total = ", ".join(
        f"{counts[s.label]} {s.label}" for s in sorted(Severity, reverse=True) if counts[s.label]
    )
    suppressed = len(report.findings) - len(active)
    tail = f"; {suppressed} suppressed" if suppressed else ""
    if report.summary.baselined:
        tail += f" ({report.summary.baselined} by the baseline)"
    if report.summary.tool_error:
        verdict = "tool error (exit 2)"
    elif failing:
        verdict = f"gate failed: {len(failing)} finding(s) at or above {report.summary.fail_on.label} (exit 1)"
    else:
        verdict = "gate passed (exit 0)"
    return f"{len(active)} finding(s){': ' + total if total else ''}{tail}. {verdict}"
