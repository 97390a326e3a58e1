"""The JavaScript/TypeScript side of the inventory: Express and NestJS handlers, judged."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agentweaver_lint.checks.validation.express import ExpressScan, express_handlers, scan_express
from agentweaver_lint.checks.validation.guard import Problems
from agentweaver_lint.checks.validation.jsflow import JsFlow
from agentweaver_lint.checks.validation.jsindex import JsIndex
from agentweaver_lint.checks.validation.model import Handler
from agentweaver_lint.checks.validation.nest import NestScan, nest_handlers, scan_nest

if TYPE_CHECKING:
    from agentweaver_lint.checks.base import RepoContext
    from agentweaver_lint.workspace import SourceFile

LANGUAGE_TITLES = {"javascript": "JavaScript", "typescript": "TypeScript", "tsx": "TSX"}
NEST_WORDS = ("@nestjs", "class-validator")
ROUTE_WORDS = ("express", "Router")


EXPRESS_MODULE = ("'express'", '"express"', "`express`")


def imports_express(text: str) -> bool:
    """``require('express')``/``from "express"`` (not the word in "expression")."""
    return any(token in text for token in EXPRESS_MODULE)


def _wants(text: str) -> tuple[bool, bool]:
    """(NestJS candidate, Express candidate) from a cheap look at the text."""
    nest = any(word in text for word in NEST_WORDS)
    express = any(word in text for word in ROUTE_WORDS) or (
        "req" in text and any(verb in text for verb in (".get(", ".post(", ".put(", ".route("))
    )
    return nest, express


def js_handlers(
    ctx: RepoContext,
    candidates: list[SourceFile],
    every_file: list[SourceFile],
    problems: Problems,
) -> tuple[list[Handler], set[str]]:
    """Express and NestJS handlers in ``candidates``, resolving imports across the repo."""
    wanted = []
    detected: set[str] = set()
    for file in candidates:
        nest, express = _wants(file.text)
        if nest or express:
            wanted.append((file, nest, imports_express(file.text)))
    if not wanted:
        return [], detected
    index = JsIndex(every_file)
    flow = JsFlow(index)
    express_scan = ExpressScan()
    nest_scan = NestScan(index=index)
    express_used = any(uses_express for _, _, uses_express in wanted)
    strong: set[str] = set()
    for file, nest, uses_express in wanted:
        if not nest and not express_used:
            continue  # nothing would scan it: a bundle that mentions a Router, say
        module = problems.run(file.path, index.load, file.path)
        if module is None:
            continue
        if nest:
            problems.run(file.path, scan_nest, module, nest_scan)
            if "@nestjs" in file.text:
                detected.add("nestjs")
                strong.add(file.path)
        elif express_used:
            problems.run(file.path, scan_express, flow, module, express_scan)
            if uses_express:
                detected.add("express")
            if uses_express or "Router" in file.text:
                strong.add(file.path)
    handlers = nest_handlers(flow, nest_scan, problems)
    handlers += express_handlers(flow, express_scan, problems)
    strong |= {handler.path for handler in handlers}
    # tree-sitter does not insert semicolons the way engines do, so a file we only skimmed
    # may "fail" to parse while being valid; report the files that matter to the inventory.
    for path, line, column, language in index.parse_errors:
        if path in strong:
            title = LANGUAGE_TITLES.get(language, language)
            ctx.parse_error(path, line, column, title, "tree-sitter found a syntax error")
    return handlers, detected
