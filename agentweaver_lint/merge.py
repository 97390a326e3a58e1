"""``agentweaver-lint merge``: join JSON reports (shards of one run) into one report.

Findings are united (a finding present in several reports counts once); each scorecard
row fails if any report's findings fail it, otherwise the best evidence wins (pass over
no-evidence over not-applicable); additive figures are summed, percentages are taken from
the report that ran the repository checks (shard 1).
"""

from __future__ import annotations

import json
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


def merge_reports(paths: list[Path]) -> Report:
    docs = [_load(p) for p in paths]
    findings: dict[tuple[str, str, int, int, str], Finding] = {}
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
        part = doc["summary"]
        summary.files_listed = max(summary.files_listed, part["files_listed"])
        summary.files_checked += part["files_checked"]
        for reason, count in part["files_skipped"].items():
            summary.files_skipped[reason] = summary.files_skipped.get(reason, 0) + count
        summary.baselined += part["baselined"]
        summary.baseline_stale = max(summary.baseline_stale, part["baseline_stale"])
        summary.tool_error |= part["tool_error"]
    ordered = sorted(findings.values())
    return Report(
        scorecard=_merge_scorecard(docs, ordered, fail_on),
        findings=ordered,
        notices=sorted(notices),
        summary=summary,
        snippets=snippets,
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
        summary = ""
        for part in parts:
            for name, value in part["figures"].items():
                if _is_ratio(name):
                    figures.setdefault(name, value)
                else:
                    figures[name] = figures.get(name, 0) + value
            for name, t in part["thresholds"].items():
                thresholds.setdefault(name, Threshold(t["value"], t["source"]))
            summary = summary or part["summary"]
        figures["findings"] = float(len(active))
        rows.append(ScoreEntry(nn_id, title, verdict, figures, thresholds, summary))
    return rows
