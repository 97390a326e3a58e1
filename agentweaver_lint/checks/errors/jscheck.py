"""ERR002-ERR004 for JavaScript/TypeScript: ``catch`` clauses and ``.catch(handler)`` calls."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from agentweaver_lint.checks.base import FileCheck, FileContext
from agentweaver_lint.checks.errors.jscatch import CatchSummary, summarise_body, verdict
from agentweaver_lint.checks.errors.jsexpress import (
    async_route_handlers,
    first_unguarded_await,
    imports_express,
)
from agentweaver_lint.checks.errors.jsparse import (
    JS_LANGUAGES,
    generated_path,
    parse,
    position,
    text,
    walk,
)
from agentweaver_lint.checks.errors.scope import in_scope

if TYPE_CHECKING:
    from agentweaver_lint.settings import Settings
    from agentweaver_lint.workspace import SourceFile

JS_CODES = ("ERR002", "ERR003", "ERR004", "ERR005")
MESSAGES = {
    "ERR002": "`catch` neither rethrows, logs nor forwards the error",
    "ERR003": "`catch` swallows the error (empty or only returns a default)",
    "ERR004": "error logged without context (constant message only); log the error object",
}
PROMISE_MESSAGES = {
    "ERR002": "`.catch()` handler neither rethrows, logs nor forwards the error",
    "ERR003": "`.catch()` handler swallows the rejection",
    "ERR004": "`.catch()` handler logs a constant message only; log the error object",
}


def _parameter_name(node: Any) -> str | None:
    if node is None:
        return None
    if node.type == "identifier":
        return text(node)
    for child in walk(node):
        if child.type == "identifier":
            return text(child)
    return None


def _handler_summary(handler: Any) -> CatchSummary | None:
    """Summary of the function given to ``.catch()``; None when it is not a literal function."""
    if handler.type not in ("arrow_function", "function_expression", "function"):
        return None
    params = handler.child_by_field_name("parameters") or handler.child_by_field_name("parameter")
    body = handler.child_by_field_name("body")
    if body is None:
        return None
    return summarise_body(body, _parameter_name(params))


class JsErrorHandlingCheck(FileCheck):
    """Judge every ``catch`` clause and promise ``.catch()`` handler of one JS/TS file."""

    codes: ClassVar[tuple[str, ...]] = JS_CODES

    def wants(self, file: SourceFile, settings: Settings) -> bool:
        return (
            file.language in JS_LANGUAGES
            and not generated_path(file.path)
            and any(settings.is_enabled(c) and in_scope(file, settings, c) for c in JS_CODES)
        )

    def run(self, ctx: FileContext) -> None:
        root = parse(ctx)
        if root is None:
            return
        for node in walk(root):
            if node.type == "catch_clause":
                self._catch_clause(ctx, node)
            elif node.type == "call_expression":
                self._promise_catch(ctx, node)
        if ctx.settings.is_enabled("ERR005") and not ctx.settings.option("ERR005", "express5"):
            self._express_routes(ctx, root)

    def _express_routes(self, ctx: FileContext, root: Any) -> None:
        if not imports_express(root):
            return
        for handler in async_route_handlers(root):
            ctx.count("async_routes")
            awaited = first_unguarded_await(handler)
            if awaited is None:
                continue
            line, _column = position(ctx.file.lines, awaited.start_point)
            self._report(
                ctx,
                "ERR005",
                handler.children[0],
                f"async route handler: the `await` on line {line} is not caught; a rejection "
                "never reaches next() in Express 4 (wrap the handler or add try/catch)",
                f"async-route:{text(handler)}",
            )

    def _catch_clause(self, ctx: FileContext, node: Any) -> None:
        ctx.count("catch_clauses")
        body = node.child_by_field_name("body")
        if body is None:
            return
        error = _parameter_name(node.child_by_field_name("parameter"))
        code = verdict(summarise_body(body, error))
        if code is not None:
            self._report(ctx, code, node.children[0], MESSAGES[code], f"catch({error}){text(body)}")

    def _promise_catch(self, ctx: FileContext, node: Any) -> None:
        func = node.child_by_field_name("function")
        if func is None or func.type != "member_expression":
            return
        prop = func.child_by_field_name("property")
        if prop is None or text(prop) != "catch":
            return
        args = node.child_by_field_name("arguments")
        handlers = (
            [a for a in args.named_children if a.type != "comment"] if args is not None else []
        )
        if not handlers:
            return
        ctx.count("catch_clauses")
        handler = handlers[0]
        if handler.type in ("identifier", "member_expression"):
            code = "ERR003" if text(handler).lower().endswith("noop") else None
        else:
            summary = _handler_summary(handler)
            code = verdict(summary) if summary is not None else None
        if code is not None:
            self._report(ctx, code, prop, PROMISE_MESSAGES[code], f".catch({text(handler)})")

    def _report(self, ctx: FileContext, code: str, anchor: Any, message: str, key: str) -> None:
        if not ctx.settings.is_enabled(code) or not in_scope(ctx.file, ctx.settings, code):
            return
        line, column = position(ctx.file.lines, anchor.start_point)
        ctx.report(
            code,
            line,
            column,
            message,
            end_column=column + len(text(anchor)),
            fingerprint_key=" ".join(key.split())[:300],
            extra={"language": ctx.file.language or "javascript"},
        )
