"""``agentweaver-lint merge``: join JSON reports (shards of one run) into one report.

Findings are united (a finding present in several reports counts once); each scorecard
row fails if any report's findings fail it, otherwise the best evidence wins (pass over
no-evidence over not-applicable); additive figures are summed, percentages are taken from
the report that measured the most for that row (the shard that ran its repository check).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from agentweaver_lint.model import (
    NON_NEGOTIABLES,
    Finding,
    Notice,
    Report,
    RunSummary,
    ScoreEntry,
    Severity,
    Threshold,
    Verdict,
)
from agentweaver_lint.reporters.json_report import SCHEMA_VERSION

_RANK = {Verdict.PASS: 2, Verdict.NO_EVIDENCE: 1, Verdict.NOT_APPLICABLE: 0}


class MergeError(Exception):
    """A file is not a JSON report of a compatible version."""


def _load(path: Path) -> dict[str, Any]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MergeError(f"{path}: not a JSON report: {exc}") from None
    if not isinstance(doc, dict) or doc.get("schema_version") != SCHEMA_VERSION:
        raise MergeError(f"{path}: not an agentweaver-lint JSON report (schema {SCHEMA_VERSION})")
    return doc


def _is_ratio(name: str) -> bool:
    return name.endswith(("_pct", "_share", "_ratio", "percent")) or name.startswith(
        ("worst_", "max_")
    )


def _weight(part: dict[str, Any]) -> float:
    return float(sum(v for k, v in part["figures"].items() if not _is_ratio(k) and k != "findings"))


def merge_reports(paths: list[Path], root: Path | None = None) -> Report:
    """Join the reports; with ``root`` (the checkout the shards ran on), score again.

    Rescoring sums every family's raw counters and runs the families' own score functions,
    so percentages and means equal an unsharded run's; without a usable root, figures are
    combined heuristically (counts add up, ratios come from the shard that measured most).
    """
    report = _merge(paths)
    if root is not None:
        _rescore(report, root)
    return report


def _rescore(report: Report, root: Path) -> None:
    from agentweaver_lint.config import ConfigError, load_settings
    from agentweaver_lint.gate import workspace_options
    from agentweaver_lint.registry import get_registry
    from agentweaver_lint.scorecard import build_scorecard
    from agentweaver_lint.settings import Setting
    from agentweaver_lint.workspace import build_workspace

    try:
        settings = load_settings(root)
    except ConfigError as exc:
        message = f"scorecard figures combined per shard, not rescored: {exc}"
        report.notices = sorted({*report.notices, Notice("merge", message)})
        return
    settings.values["fail_on"] = Setting(report.summary.fail_on.label, "merged reports")
    if report.summary.enabled:
        settings.enabled = frozenset(report.summary.enabled)  # the shards' selection (flags)
    workspace = build_workspace(root, workspace_options(settings))
    counters = {family: Counter(values) for family, values in report.counters.items()}
    report.scorecard = build_scorecard(
        get_registry(), settings, workspace, report.findings, counters
    )


def _merge(paths: list[Path]) -> Report:
    docs = [_load(p) for p in paths]
    findings: dict[tuple[str, str, int, int, str], Finding] = {}
    counters: dict[str, Counter[str]] = {}
    snippets: dict[tuple[str, int], str] = {}
    notices: set[Notice] = set()
    fail_on = Severity.parse(docs[0]["summary"]["fail_on"])
    summary = RunSummary(root="", fail_on=fail_on)
    for doc in docs:
        for raw in doc["findings"]:
            finding = Finding.from_dict(raw)
            findings.setdefault(
                (finding.fingerprint, finding.path, finding.line, finding.column, finding.code),
                finding,
            )
        for item in doc["snippets"]:
            snippets[(item["path"], item["line"])] = item["text"]
        notices.update(Notice(n["topic"], n["message"], n["path"]) for n in doc["notices"])
        for family, values in doc.get("counters", {}).items():
            counters.setdefault(family, Counter()).update(values)
        part = doc["summary"]
        summary.files_listed = max(summary.files_listed, part["files_listed"])
        summary.files_checked += part["files_checked"]
        for reason, count in part["files_skipped"].items():
            summary.files_skipped[reason] = summary.files_skipped.get(reason, 0) + count
        summary.baselined += part["baselined"]
        summary.baseline_stale = max(summary.baseline_stale, part["baseline_stale"])
        summary.tool_error |= part["tool_error"]
        summary.enabled = tuple(sorted(set(summary.enabled) | set(part.get("enabled", ()))))
    ordered = sorted(findings.values())
    return Report(
        scorecard=_merge_scorecard(docs, ordered, fail_on),
        findings=ordered,
        notices=sorted(notices),
        summary=summary,
        snippets=snippets,
        counters={k: dict(v) for k, v in sorted(counters.items())},
    )


def _merge_scorecard(
    docs: list[dict[str, Any]], findings: list[Finding], fail_on: Severity
) -> list[ScoreEntry]:
    rows: list[ScoreEntry] = []
    for nn_id, title in NON_NEGOTIABLES.items():
        parts = [row for doc in docs for row in doc["scorecard"] if row["id"] == nn_id]
        active = [f for f in findings if f.non_negotiable == nn_id and f.suppressed is None]
        verdicts = [Verdict(p["verdict"]) for p in parts]
        if any(f.severity >= fail_on for f in active):
            verdict = Verdict.FAIL
        else:
            verdict = max(
                (v for v in verdicts if v is not Verdict.FAIL),
                key=_RANK.__getitem__,
                default=Verdict.NO_EVIDENCE,
            )
            if Verdict.FAIL in verdicts:  # a shard failed on findings it no longer has: impossible
                verdict = Verdict.PASS
        figures: dict[str, float] = {}
        thresholds: dict[str, Threshold] = {}
        # Ratios and the summary come from the report that measured the most (the shard that
        # ran this row's repository check); counts add up.
        primary = max(parts, key=_weight, default=None)
        summary = primary["summary"] if primary else ""
        for part in parts:
            for name, value in part["figures"].items():
                if not _is_ratio(name):
                    figures[name] = figures.get(name, 0) + value
            for name, t in part["thresholds"].items():
                thresholds.setdefault(name, Threshold(t["value"], t["source"]))
        if primary is not None:
            figures.update({k: v for k, v in primary["figures"].items() if _is_ratio(k)})
        figures["findings"] = float(len(active))
        rows.append(ScoreEntry(nn_id, title, verdict, figures, thresholds, summary))
    return rows
