"""GitHub Actions workflow commands (annotations), most severe first."""

from __future__ import annotations

from collections.abc import Mapping

from agentweaver_lint.model import Report, Severity
from agentweaver_lint.registry import Rule
from agentweaver_lint.reporters import RenderOptions
from agentweaver_lint.reporters.common import most_severe_first, outcome

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, rules: Mapping[str, type[Rule]], options: RenderOptions) -> str:
    lines: list[str] = []
    for finding in most_severe_first(report.active()):
        props = []
        if finding.path:
            props.append(f"file={_prop(finding.path)}")
            props.append(f"line={finding.line}")
            props.append(f"endLine={finding.end_line}")
            props.append(f"col={finding.column}")
            if finding.end_line == finding.line:
                props.append(f"endColumn={finding.end_column}")
        props.append(f"title={_prop(f'{finding.code} {finding.name}')}")
        lines.append(f"::{COMMANDS[finding.severity]} {','.join(props)}::{_data(finding.message)}")
    lines.append(f"::notice title=agentweaver-lint::{_data(outcome(report))}")
    return "\n".join(lines) + "\n"
