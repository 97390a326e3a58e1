"""ERR001-ERR004 for Python: every ``except`` clause judged on the shared AST, with project
logging helpers resolved across the repository and ruff's findings merged into ours."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from agentweaver_lint.checks.base import RepoCheck, RepoContext
from agentweaver_lint.checks.complexity.check import ComplexityCheck
from agentweaver_lint.checks.errors.pyfacts import (
    FACT,
    PY_CODES,
    from_fact,
    helper_home,
    judged,
    may_log,
    summarise_file,
    summarised,
)
from agentweaver_lint.checks.errors.pyhandlers import (
    HandlerSummary,
    ModuleSummary,
    resolve_logging_helpers,
)
from agentweaver_lint.checks.errors.ruff_runner import (
    ERR_RUFF_CODES,
    RuffDiagnostic,
    ruff_crashed,
    ruff_for,
)
from agentweaver_lint.checks.errors.scope import ALL_CODES, in_scope
from agentweaver_lint.workspace import SourceFile, Workspace

if TYPE_CHECKING:
    from agentweaver_lint.settings import Settings

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


class PythonErrorHandlingCheck(RepoCheck):
    """Resolve logging helpers over every module's summary, then judge each clause.

    The summaries are the facts :class:`PythonErrorSummaries` left in the workers; a module
    with none (not a target of this run's file checks) is summarised here.
    """

    codes: ClassVar[tuple[str, ...]] = PY_CODES
    uses_facts: ClassVar[bool] = True

    def reads(self, file: SourceFile, settings: Settings) -> bool:
        # Tests and migrations are summarised only when an ERR rule judges them.
        return summarised(file) and (helper_home(file) or judged(file, settings))

    def prepare(self, workspace: Workspace, settings: Settings) -> None:
        ruff_for(workspace, settings)

    def run(self, ctx: RepoContext) -> None:
        targets = {f.path for f in ctx.workspace.targets}
        summaries: list[ModuleSummary] = []
        judged_modules: list[ModuleSummary] = []
        for file in ctx.workspace.files:
            if not summarised(file):
                continue
            wanted = file.path in targets and judged(file, ctx.settings)
            summary = self._summary(ctx, file, wanted)
            if summary is not None:
                summaries.append(summary)
                if wanted:
                    judged_modules.append(summary)
        helpers = resolve_logging_helpers(summaries)
        ruff = ruff_for(ctx.workspace, ctx.settings)
        for path in ruff_crashed(ctx.workspace, ctx.settings):
            ctx.parse_error(
                path, 1, 1, "Python", "ruff crashed on this file; its ruff-backed rules did not run"
            )
        for summary in judged_modules:
            self._judge_module(ctx, summary, helpers, ruff.get(summary.path, []))

    def _summary(self, ctx: RepoContext, file: SourceFile, wanted: bool) -> ModuleSummary | None:
        fact = ctx.fact(file.path, FACT)
        if fact is not None:  # the file check's: a parse failure is already its AWL001
            if fact.get("skipped") or fact.get("error"):
                return None
            return from_fact(file.path, fact)
        if not wanted and not (helper_home(file) and may_log(file)):
            return None
        summary = summarise_file(file)
        if summary is None and wanted and not ComplexityCheck().wants(file, ctx.settings):
            # The engine reports AWL001 itself when a file check asked for this tree.
            error = file.python_error
            line = getattr(error, "lineno", None) or 1
            column = getattr(error, "offset", None) or 1
            detail = getattr(error, "msg", None) or type(error).__name__
            ctx.parse_error(file.path, line, column, "Python", str(detail))
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
