"""The JSON report (``schemas/report.schema.json``); ``merge`` reads exactly this."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from agentweaver_lint.model import Report
from agentweaver_lint.registry import Rule
from agentweaver_lint.reporters import RenderOptions

SCHEMA_VERSION = "1.0"


def report_dict(report: Report, version: str) -> dict[str, Any]:
    summary = report.summary
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "agentweaver-lint", "version": version},
        "scorecard": [
            {
                "id": entry.id,
                "title": entry.title,
                "verdict": entry.verdict.value,
                "figures": entry.figures,
                "thresholds": {
                    name: {"value": t.value, "source": t.source}
                    for name, t in entry.thresholds.items()
                },
                "summary": entry.summary,
            }
            for entry in report.scorecard
        ],
        "findings": [f.to_dict() for f in report.findings],
        "counters": report.counters,
        "snippets": [
            {"path": path, "line": line, "text": text}
            for (path, line), text in sorted(report.snippets.items())
        ],
        "notices": [
            {"topic": n.topic, "message": n.message, "path": n.path} for n in report.notices
        ],
        "summary": {
            "files_listed": summary.files_listed,
            "files_checked": summary.files_checked,
            "files_skipped": dict(sorted(summary.files_skipped.items())),
            "fail_on": summary.fail_on.label,
            "baselined": summary.baselined,
            "baseline_stale": summary.baseline_stale,
            "tool_error": summary.tool_error,
            "enabled": list(summary.enabled),
        },
    }


def render(report: Report, rules: Mapping[str, type[Rule]], options: RenderOptions) -> str:
    return (
        json.dumps(
            report_dict(report, options.tool_version), indent=2, sort_keys=True, ensure_ascii=False
        )
        + "\n"
    )
