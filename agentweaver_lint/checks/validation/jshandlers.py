"""The JavaScript/TypeScript side of the inventory: Express and NestJS handlers, judged."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agentweaver_lint.checks.validation.express import ExpressScan, express_handlers, scan_express
from agentweaver_lint.checks.validation.jsflow import JsFlow
from agentweaver_lint.checks.validation.jsindex import JsIndex
from agentweaver_lint.checks.validation.model import Handler
from agentweaver_lint.checks.validation.nest import NestScan, nest_handlers, scan_nest

if TYPE_CHECKING:
    from agentweaver_lint.checks.base import RepoContext
    from agentweaver_lint.workspace import SourceFile

LANGUAGE_TITLES = {"javascript": "JavaScript", "typescript": "TypeScript", "tsx": "TSX"}


def js_handlers(
    ctx: RepoContext, candidates: list[SourceFile], every_file: list[SourceFile]
) -> tuple[list[Handler], set[str]]:
    """Express and NestJS handlers in ``candidates``, resolving imports across the repo."""
    wanted = []
    detected: set[str] = set()
    for file in candidates:
        body = file.text
        nest = "@nestjs" in body or "class-validator" in body
        express = "express" in body or "Router" in body or ".get(" in body or ".post(" in body
        if nest or express:
            wanted.append((file, nest, "express" in body))
    if not wanted:
        return [], detected
    index = JsIndex(every_file)
    flow = JsFlow(index)
    express_scan = ExpressScan()
    nest_scan = NestScan()
    express_used = any(uses_express for _, _, uses_express in wanted)
    for file, nest, uses_express in wanted:
        module = index.load(file.path)
        if module is None:
            continue
        if nest:
            scan_nest(module, nest_scan)
            if "@nestjs" in file.text:
                detected.add("nestjs")
        elif express_used:
            scan_express(flow, module, express_scan)
            if uses_express:
                detected.add("express")
    handlers = nest_handlers(flow, nest_scan) + express_handlers(flow, express_scan)
    for path, line, column, language in index.parse_errors:
        ctx.parse_error(
            path,
            line,
            column,
            LANGUAGE_TITLES.get(language, language),
            "tree-sitter found a syntax error",
        )
    return handlers, detected
