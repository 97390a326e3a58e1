"""Reporters: pure functions from a :class:`Report` to text, one module per format."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from agentweaver_lint.model import Report
from agentweaver_lint.registry import Rule

FORMATS: dict[str, str] = {
    "text": "agentweaver_lint.reporters.text",
    "json": "agentweaver_lint.reporters.json_report",
    "sarif": "agentweaver_lint.reporters.sarif",
    "github": "agentweaver_lint.reporters.github",
    "markdown": "agentweaver_lint.reporters.markdown",
    "junit": "agentweaver_lint.reporters.junit",
    "gitlab": "agentweaver_lint.reporters.gitlab",
}


@dataclass(frozen=True)
class RenderOptions:
    color: bool = False
    tool_version: str = ""
    show_suppressed: bool = False


Renderer = Callable[[Report, Mapping[str, type[Rule]], RenderOptions], str]


def get_renderer(name: str) -> Renderer:
    module = importlib.import_module(FORMATS[name])
    render: Renderer = module.render
    return render
