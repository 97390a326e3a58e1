"""SARIF 2.1.0 for code scanning: rule catalogue with help, relative URIs, fingerprints."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from agentweaver_lint.model import Finding, Report, Severity
from agentweaver_lint.registry import Rule
from agentweaver_lint.reporters import RenderOptions
from agentweaver_lint.rulesdoc import rule_markdown

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://pypi.org/project/agentweaver-lint/"


def _rule(rule: type[Rule]) -> dict[str, Any]:
    sections = rule.doc_sections()
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": sections.get("What it does", rule.summary)},
        "help": {
            "text": sections.get("Why it matters", rule.summary),
            "markdown": rule_markdown(rule),
        },
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "tags": [t for t in (rule.family, rule.non_negotiable) if t],
            "non_negotiable": rule.non_negotiable,
        },
    }


def _result(finding: Finding, index: dict[str, int], report: Report) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "partialFingerprints": {"agentweaverFingerprint/v1": finding.fingerprint},
        "properties": {"non_negotiable": finding.non_negotiable, "extra": finding.extra_dict()},
    }
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    if finding.path:
        region: dict[str, Any] = {
            "startLine": finding.line,
            "startColumn": finding.column,
            "endLine": finding.end_line,
            "endColumn": max(
                finding.end_column,
                finding.column if finding.end_line > finding.line else finding.column + 1,
            ),
        }
        snippet = report.snippets.get((finding.path, finding.line))
        if snippet is not None:
            region["snippet"] = {"text": snippet}
        result["locations"] = [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(finding.path), "uriBaseId": "%SRCROOT%"},
                    "region": region,
                }
            }
        ]
    if finding.suppressed:
        kind = "inSource" if finding.suppressed == "inline" else "external"
        suppression: dict[str, Any] = {"kind": kind}
        reason = finding.extra_dict().get("justification")
        if reason:
            suppression["justification"] = str(reason)
        result["suppressions"] = [suppression]
    if finding.fix:
        result["properties"]["fix"] = finding.fix
    return result


def _uri(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/")


def render(report: Report, rules: Mapping[str, type[Rule]], options: RenderOptions) -> str:
    used = sorted({f.code for f in report.findings} | set(rules))
    catalogue = [_rule(rules[code]) for code in used if code in rules]
    index = {entry["id"]: i for i, entry in enumerate(catalogue)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "agentweaver-lint",
                "version": options.tool_version,
                "informationUri": INFO_URI,
                "rules": catalogue,
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index, report) for f in report.findings],
        "invocations": [
            {
                "executionSuccessful": not report.summary.tool_error,
                "toolExecutionNotifications": [
                    {"level": "note", "message": {"text": f"{n.topic}: {n.message}"}}
                    for n in report.notices
                ],
            }
        ],
        "properties": {
            "scorecard": [
                {"id": e.id, "verdict": e.verdict.value, "figures": e.figures}
                for e in report.scorecard
            ]
        },
    }
    doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
