"""The VAL repo check: inventory every handler, judge its reads, report the raw ones."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from agentweaver_lint.checks.base import RepoCheck, RepoContext
from agentweaver_lint.checks.validation.guard import Problems
from agentweaver_lint.checks.validation.model import ALTERNATIVES, FRAMEWORK_TITLES, Handler

if TYPE_CHECKING:
    from agentweaver_lint.settings import Settings
    from agentweaver_lint.workspace import SourceFile

SKIP_ROLES = frozenset({"test", "migration"})
JS_LANGUAGES = frozenset({"javascript", "typescript", "tsx"})


class HandlerValidationCheck(RepoCheck):
    """Builds the repo-wide handler inventory and reports VAL001/VAL002."""

    codes: ClassVar[tuple[str, ...]] = ("VAL001", "VAL002")
    heavy: ClassVar[bool] = True

    def reads(self, file: SourceFile, settings: Settings) -> bool:
        if file.language == "python":
            return not file.roles & SKIP_ROLES
        return file.language in JS_LANGUAGES

    def run(self, ctx: RepoContext) -> None:
        from agentweaver_lint.checks.validation.jshandlers import js_handlers
        from agentweaver_lint.checks.validation.pyhandlers import python_handlers

        files = [f for f in ctx.workspace.files if not (f.roles & SKIP_ROLES)]
        python = [f for f in files if f.language == "python"]
        scripts = [f for f in files if f.language in JS_LANGUAGES]
        problems = Problems()
        handlers: list[Handler] = []
        detected: set[str] = set()
        # Each language on its own: an analysis failure in one leaves the other's inventory.
        found = problems.run(
            "Python handlers", python_handlers, python, python, problems, ctx.facts, ctx.parts
        )
        if found is not None:
            handlers += found[0]
            detected |= found[1]
        found = problems.run(
            "JavaScript handlers", js_handlers, ctx, scripts, ctx.workspace.files, problems
        )
        if found is not None:
            handlers += found[0]
            detected |= found[1]
        for message in problems.messages:
            where = message.split(": skipped by VAL", 1)[0]
            ctx.notice("validation", message, where if "." in where else None)
        for framework in sorted(detected):
            ctx.count(f"detected_{framework}", 1)
        targets = {f.path for f in ctx.workspace.targets}
        validation = str(ctx.settings.get("stack.validation") or "")
        untyped = ctx.settings.is_enabled("VAL002")
        for handler in _merge(handlers):
            ctx.count("handlers", 1)
            ctx.count(f"handlers_{handler.framework}", 1)
            if handler.inputs:
                ctx.count("handlers_reading_input", 1)
            if handler.raw_inputs:
                ctx.count("handlers_unvalidated", 1)
            if handler.path not in targets and not any(r.path in targets for r in handler.inputs):
                continue
            if handler.raw_inputs:
                _report_raw(ctx, handler, validation)
            if untyped:
                _report_untyped(ctx, handler)


def _merge(handlers: list[Handler]) -> list[Handler]:
    """One entry per handler function: a function routed twice (PUT and PATCH, two
    decorators) is one handler, judged by its least-validated route."""
    groups: dict[tuple[str, int, str], list[Handler]] = {}
    for handler in handlers:
        handler.settle_siblings()
        groups.setdefault((handler.path, handler.line, handler.qualname), []).append(handler)
    merged: list[Handler] = []
    for group in groups.values():
        chosen = max(group, key=lambda h: (len(h.raw_inputs), len(h.inputs)))
        methods: list[str] = []
        for handler in group:
            for method in handler.method.split(","):
                if method not in methods:
                    methods.append(method)
        chosen.method = ",".join(methods)
        merged.append(chosen)
    return sorted(merged, key=Handler.key)


def _where(handler: Handler) -> str:
    route = f"{handler.method} {handler.route}".strip() if handler.route else handler.method
    return f"{FRAMEWORK_TITLES[handler.framework]} handler {handler.qualname} ({route})"


def _report_raw(ctx: RepoContext, handler: Handler, validation: str) -> None:
    first, *others = handler.raw_inputs
    shown = first.how and first.how != "read raw" and not first.how.startswith("could not resolve")
    reason = f" ({first.how})" if shown else ""
    message = (
        f"{_where(handler)} reads {first.source} without validation{reason}; "
        f"use {ALTERNATIVES[handler.framework]}"
    )
    if validation:
        message += f" (declared validation library: {validation})"
    if handler.unresolved:
        names = ", ".join(handler.unresolved[:3])
        message += f"; could not resolve {names}; treated as unvalidated"
    extra = {
        "handler": handler.as_json(),
        "other_raw_reads": [read.as_json() for read in others],
        "unresolved": list(handler.unresolved),
    }
    ctx.report(
        "VAL001",
        first.path,
        first.line,
        first.column,
        message,
        end_column=first.end_column,
        fingerprint_key=f"{handler.framework}:{handler.qualname}:{handler.method}:{first.source}",
        extra=extra,
    )


def _report_untyped(ctx: RepoContext, handler: Handler) -> None:
    for param in handler.path_params:
        if param.typed or not param.used_as_key:
            continue
        message = (
            f"{_where(handler)}: path parameter {param.name!r} is an untyped string used as a "
            "lookup key; add a converter or constraint"
        )
        ctx.report(
            "VAL002",
            handler.path,
            param.line,
            param.column,
            message,
            end_column=param.end_column,
            fingerprint_key=f"{handler.framework}:{handler.qualname}:{param.name}",
            extra={"handler": handler.as_json(), "parameter": param.name},
        )
