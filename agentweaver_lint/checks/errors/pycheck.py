"""ERR001-ERR004 for Python: every ``except`` clause judged on the shared AST, with project
logging helpers resolved across the repository and ruff's findings merged into ours."""

from __future__ import annotations

from typing import ClassVar

from agentweaver_lint.checks.base import RepoCheck, RepoContext
from agentweaver_lint.checks.complexity.check import ComplexityCheck
from agentweaver_lint.checks.errors.pyhandlers import (
    HandlerSummary,
    ModuleSummary,
    resolve_logging_helpers,
    summarise_module,
)
from agentweaver_lint.checks.errors.ruff_runner import (
    ERR_RUFF_CODES,
    RuffDiagnostic,
    ruff_crashed,
    ruff_for,
)
from agentweaver_lint.checks.errors.scope import ALL_CODES, file_noqa_codes, in_scope, noqa_codes
from agentweaver_lint.workspace import SourceFile

HELPER_HINTS = (
    "log",
    "sentry",
    "capture",
    "rollbar",
    "bugsnag",
    "honeybadger",
    "airbrake",
    "notice",
)
"""Words one of which a module must contain to define a logging helper."""
PY_CODES = ("ERR001", "ERR002", "ERR003", "ERR004")
MESSAGES = {
    "ERR001": "bare `except:` does not re-raise; catch the specific exception",
    "ERR002": "broad `{types}` neither re-raises, logs nor forwards the error",
    "ERR003": "`{types}` swallows the error (no log, no re-raise)",
    "ERR004": "error logged without context (constant message only); log the exception",
    "print": "error printed instead of logged; use a logger with the exception",
}


def judge(handler: HandlerSummary, helpers: frozenset[str]) -> tuple[str, str] | None:
    """The one finding (code, message key) for a handler, or None when it is handled."""
    if handler.reraises:
        return None
    if handler.kind == "bare":
        return "ERR001", "ERR001"
    if handler.logs_context or handler.called & helpers:
        return None
    if handler.kind == "control":
        return None
    if handler.kind == "broad":
        logged = handler.logs_constant or handler.logs_constant_low
        if handler.silent_default and not logged and not handler.prints:
            return "ERR003", "ERR003"
        if logged or handler.prints:
            return "ERR004", "ERR004" if logged else "print"
        return None if handler.forwards else ("ERR002", "ERR002")
    if handler.logs_constant_low:
        return None
    if handler.silent:
        return "ERR003", "ERR003"
    if handler.logs_constant or handler.prints:
        return "ERR004", "ERR004" if handler.logs_constant else "print"
    return None


def _contains(handler: HandlerSummary, diagnostic: RuffDiagnostic) -> bool:
    start = (handler.line, handler.column)
    end = (handler.end_line, handler.end_column)
    return (
        start <= (diagnostic.line, diagnostic.column) < end
        or (diagnostic.line, diagnostic.column) == start
    )


def map_ruff(
    handlers: list[HandlerSummary], diagnostics: list[RuffDiagnostic]
) -> dict[int, set[str]]:
    """ruff's ERR-mapped codes per handler index (the innermost clause holding the position)."""
    mapped: dict[int, set[str]] = {}
    for diagnostic in diagnostics:
        if diagnostic.code not in ERR_RUFF_CODES:
            continue
        holders = [i for i, h in enumerate(handlers) if _contains(h, diagnostic)]
        if holders:
            inner = max(holders, key=lambda i: (handlers[i].line, handlers[i].column))
            mapped.setdefault(inner, set()).add(diagnostic.code)
    return mapped


def _primary_ruff_code(code: str, ruff_codes: list[str]) -> dict[str, str]:
    """``ruff_code``: the merged ruff code that means our code (else the first one)."""
    if not ruff_codes:
        return {}
    meaning = [r for r in ruff_codes if ERR_RUFF_CODES.get(r) == code]
    return {"ruff_code": (meaning or ruff_codes)[0]}


def _may_log(file: SourceFile) -> bool:
    """Cheap test before parsing a file only for the helper index (not judged in this run)."""
    lowered = file.text.lower()
    return any(hint in lowered for hint in HELPER_HINTS)


class PythonErrorHandlingCheck(RepoCheck):
    """Summarise every Python module once, resolve logging helpers, then judge each clause."""

    codes: ClassVar[tuple[str, ...]] = PY_CODES

    def run(self, ctx: RepoContext) -> None:
        enabled = [c for c in PY_CODES if ctx.settings.is_enabled(c)]
        targets = {f.path for f in ctx.workspace.targets}
        summaries: list[ModuleSummary] = []
        judged: list[ModuleSummary] = []
        for file in ctx.workspace.files:
            if file.language != "python" or not file.path.endswith(".py"):
                continue
            wanted = file.path in targets and any(in_scope(file, ctx.settings, c) for c in enabled)
            if not wanted and ("source" not in file.roles or not _may_log(file)):
                continue
            summary = self._summarise(ctx, file, wanted)
            if summary is not None:
                summaries.append(summary)
                if wanted:
                    judged.append(summary)
        helpers = resolve_logging_helpers(summaries)
        ruff = ruff_for(ctx.workspace, ctx.settings)
        for path in ruff_crashed(ctx.workspace, ctx.settings):
            ctx.parse_error(
                path, 1, 1, "Python", "ruff crashed on this file; its ruff-backed rules did not run"
            )
        for summary in judged:
            self._judge_module(ctx, summary, helpers, ruff.get(summary.path, []))

    def _summarise(self, ctx: RepoContext, file: SourceFile, wanted: bool) -> ModuleSummary | None:
        tree = file.python_tree
        if tree is None:
            error = file.python_error
            # The engine reports AWL001 itself when the CPX file check asked for this tree.
            if wanted and not ComplexityCheck().wants(file, ctx.settings):
                line = getattr(error, "lineno", None) or 1
                column = getattr(error, "offset", None) or 1
                detail = getattr(error, "msg", None) or type(error).__name__
                ctx.parse_error(file.path, line, column, "Python", str(detail))
            file.release()
            return None
        summary = summarise_module(file.path, tree, file.lines)
        if wanted:
            lines = file.lines
            summary.file_noqa = file_noqa_codes(lines)
            for handler in summary.handlers:
                text = lines[handler.line - 1] if handler.line <= len(lines) else ""
                summary.noqa[handler.line] = noqa_codes(text)
        file.release()
        return summary

    def _judge_module(
        self,
        ctx: RepoContext,
        summary: ModuleSummary,
        helpers: frozenset[str],
        diagnostics: list[RuffDiagnostic],
    ) -> None:
        file = ctx.workspace.get(summary.path)
        if file is None:
            return
        mapped = map_ruff(summary.handlers, diagnostics)
        ctx.count("except_clauses", len(summary.handlers))
        for index, handler in enumerate(summary.handlers):
            verdict = judge(handler, helpers)
            ruff_codes = sorted(mapped.get(index, ()))
            if verdict is None:
                if ruff_codes:
                    ctx.count("ruff_overruled", len(ruff_codes))
                continue
            code, key = verdict
            if not ctx.settings.is_enabled(code) or not in_scope(file, ctx.settings, code):
                continue
            noqa = summary.noqa.get(handler.line, frozenset()) | summary.file_noqa
            aliases = {code} | {r for r, ours in ERR_RUFF_CODES.items() if ours == code}
            if ALL_CODES in noqa or noqa & aliases:
                continue
            ctx.report(
                code,
                summary.path,
                handler.line,
                handler.column,
                MESSAGES[key].format(types=handler.header.split(" as ")[0]),
                end_column=handler.column + len("except"),
                fingerprint_key=f"{handler.function}:{handler.header}",
                extra={
                    "language": "python",
                    "kind": handler.kind,
                    "function": handler.function,
                    "ruff_codes": ruff_codes,
                    **_primary_ruff_code(code, ruff_codes),
                },
            )
