"""GitLab Code Quality JSON (a list of issues with fingerprint, severity and location)."""

from __future__ import annotations

import json
from collections.abc import Mapping

from agentweaver_lint.model import Report, Severity
from agentweaver_lint.registry import Rule
from agentweaver_lint.reporters import RenderOptions

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render(report: Report, rules: Mapping[str, type[Rule]], options: RenderOptions) -> str:
    issues = [
        {
            "type": "issue",
            "check_name": finding.code,
            "description": f"{finding.code} {finding.message}",
            "categories": ["Security" if finding.code.startswith("SEC") else "Bug Risk"],
            "fingerprint": finding.fingerprint,
            "severity": SEVERITIES[finding.severity],
            "location": {
                "path": finding.path or ".",
                "lines": {"begin": finding.line, "end": finding.end_line},
            },
        }
        for finding in report.active()
    ]
    return json.dumps(issues, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
