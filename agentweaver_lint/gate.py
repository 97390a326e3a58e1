"""One run of the gate: settings → workspace → checks → filters → report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from agentweaver_lint.engine import run_checks
from agentweaver_lint.model import Finding, Notice, Report, RunSummary
from agentweaver_lint.redact import redact
from agentweaver_lint.registry import Registry, get_registry
from agentweaver_lint.scorecard import build_scorecard
from agentweaver_lint.settings import Settings
from agentweaver_lint.workspace import Workspace, WorkspaceOptions, build_workspace

SNIPPET_MAX = 300


@dataclass
class GateRun:
    report: Report
    workspace: Workspace


def workspace_options(settings: Settings) -> WorkspaceOptions:
    return WorkspaceOptions(
        exclude=tuple(settings.get("exclude")),
        extend_exclude=tuple(settings.get("extend_exclude")),
        max_file_size=int(settings.get("max_file_size")),
        test_patterns=tuple(settings.get("tests")),
        migration_patterns=tuple(settings.get("migrations")),
    )


def apply_per_file_ignores(findings: list[Finding], settings: Settings) -> list[Finding]:
    if not settings.per_file_ignores:
        return findings
    return [f for f in findings if f.code not in settings.ignored_in(f.path)]


def snippets_for(findings: Sequence[Finding], workspace: Workspace) -> dict[tuple[str, int], str]:
    """The source line of each finding, with sensitive spans redacted (secrets never leave)."""
    out: dict[tuple[str, int], str] = {}
    masks: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for finding in findings:
        extra = finding.extra_dict()
        if extra.get("sensitive"):
            end = finding.end_column if finding.end_line == finding.line else 10**9
            masks.setdefault((finding.path, finding.line), []).append((finding.column, end))
    for finding in findings:
        key = (finding.path, finding.line)
        if key in out or not finding.path:
            continue
        source = workspace.get(finding.path)
        if source is None:
            continue
        lines = source.lines
        if not 0 < finding.line <= len(lines):
            continue
        text = lines[finding.line - 1]
        for start, end in sorted(masks.get(key, []), reverse=True):
            secret = text[start - 1 : end - 1] if end < 10**9 else text[start - 1 :]
            if secret:
                text = text[: start - 1] + redact(secret) + text[start - 1 + len(secret) :]
        out[key] = text[:SNIPPET_MAX]
    return out


def run_gate(
    root: Path,
    settings: Settings,
    *,
    paths: Sequence[str] | None = None,
    registry: Registry | None = None,
    jobs: int | None = None,
) -> GateRun:
    registry = registry or get_registry()
    workspace = build_workspace(root, workspace_options(settings), paths)
    result = run_checks(workspace, settings, registry, jobs)
    findings = apply_per_file_ignores(result.findings, settings)
    findings.sort()
    notices: list[Notice] = list(settings.notices)
    notices.extend(result.notices)
    for reason, count in sorted(workspace.skipped.items()):
        notices.append(Notice("skipped", f"{count} file(s) skipped: {reason}"))
    scorecard = build_scorecard(registry, settings, workspace, findings, result.counters)
    skipped = dict(workspace.skipped)
    for reason, count in result.skipped.items():
        skipped[reason] = skipped.get(reason, 0) + count
    summary = RunSummary(
        root=str(root),
        files_listed=len(workspace.files),
        files_checked=result.files_checked,
        files_skipped=skipped,
        fail_on=settings.fail_on,
        tool_error=result.tool_error,
    )
    findings = disambiguate(findings)
    report = Report(
        scorecard=scorecard,
        findings=findings,
        notices=sorted(set(notices)),
        summary=summary,
        snippets=snippets_for(findings, workspace),
    )
    return GateRun(report, workspace)


def disambiguate(findings: list[Finding]) -> list[Finding]:
    """Make fingerprints unique: the n-th repeat of one (in file order) gets ``:n``."""
    seen: dict[str, int] = {}
    out: list[Finding] = []
    for finding in findings:
        count = seen.get(finding.fingerprint, 0)
        seen[finding.fingerprint] = count + 1
        out.append(
            finding
            if count == 0
            else finding.with_changes(fingerprint=f"{finding.fingerprint}:{count + 1}")
        )
    return out
