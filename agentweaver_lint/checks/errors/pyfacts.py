"""Module summaries as file facts: made in the workers beside the other file checks (one
parse per file), cached with the file's results, and read back by the ERR repo check."""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING, Any, ClassVar

from agentweaver_lint.checks.base import FileCheck, FileContext
from agentweaver_lint.checks.errors.pyhandlers import (
    HandlerSummary,
    ModuleSummary,
    summarise_module,
)
from agentweaver_lint.checks.errors.scope import file_noqa_codes, in_scope, noqa_codes

if TYPE_CHECKING:
    from agentweaver_lint.settings import Settings
    from agentweaver_lint.workspace import SourceFile

FACT = "ERR.summary"
PY_CODES = ("ERR001", "ERR002", "ERR003", "ERR004")
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


def may_log(file: SourceFile) -> bool:
    """Cheap test before parsing a file only for the helper index (not judged in this run)."""
    lowered = file.text.lower()
    return any(hint in lowered for hint in HELPER_HINTS)


def judged(file: SourceFile, settings: Settings) -> bool:
    """Whether an ERR rule judges this file's ``except`` clauses (when it is a target)."""
    return any(settings.is_enabled(c) and in_scope(file, settings, c) for c in PY_CODES)


def summarised(file: SourceFile) -> bool:
    """Python modules ERR reads at all: judged ones, and source files that may hold helpers."""
    return file.language == "python" and file.path.endswith(".py") and "source" in file.roles


def helper_home(file: SourceFile) -> bool:
    """Whether a module not judged in this run may still define logging helpers the judged
    code calls: not a test or a migration, which application code never imports."""
    return not file.roles & {"test", "migration"}


def summarise_file(file: SourceFile) -> ModuleSummary | None:
    """The summary of a parsed module (with its ``# noqa`` codes), or None if it does not parse."""
    tree = file.python_tree
    if tree is None:
        return None
    lines = file.lines
    summary = summarise_module(file.path, tree, lines)
    summary.file_noqa = file_noqa_codes(lines)
    for handler in summary.handlers:
        text = lines[handler.line - 1] if handler.line <= len(lines) else ""
        summary.noqa[handler.line] = noqa_codes(text)
    return summary


def to_fact(summary: ModuleSummary) -> dict[str, Any]:
    handlers = []
    for handler in summary.handlers:
        row = {f.name: getattr(handler, f.name) for f in fields(HandlerSummary)}
        row["types"] = list(handler.types)
        row["called"] = sorted(handler.called)
        handlers.append(row)
    return {
        "handlers": handlers,
        "logging_functions": sorted(summary.logging_functions),
        "calls_by_function": {k: sorted(v) for k, v in sorted(summary.calls_by_function.items())},
        "noqa": [[line, sorted(codes)] for line, codes in sorted(summary.noqa.items())],
        "file_noqa": sorted(summary.file_noqa),
    }


def from_fact(path: str, data: dict[str, Any]) -> ModuleSummary:
    handlers = []
    for row in data["handlers"]:
        values = dict(row)
        values["types"] = tuple(values["types"])
        values["called"] = frozenset(values["called"])
        handlers.append(HandlerSummary(**values))
    return ModuleSummary(
        path=path,
        handlers=handlers,
        logging_functions=set(data["logging_functions"]),
        calls_by_function={k: set(v) for k, v in data["calls_by_function"].items()},
        noqa={int(line): frozenset(codes) for line, codes in data["noqa"]},
        file_noqa=frozenset(data["file_noqa"]),
    )


class PythonErrorSummaries(FileCheck):
    """Summarise one module's ``except`` clauses and logging functions for the ERR repo check
    (reports nothing itself; a module that does not parse is the engine's AWL001)."""

    codes: ClassVar[tuple[str, ...]] = PY_CODES
    facts_only: ClassVar[bool] = True

    def wants(self, file: SourceFile, settings: Settings) -> bool:
        return summarised(file)

    def run(self, ctx: FileContext) -> None:
        file = ctx.file
        if not judged(file, ctx.settings) and not (helper_home(file) and may_log(file)):
            ctx.fact(FACT, {"skipped": True})
            return
        summary = summarise_file(file)
        ctx.fact(FACT, {"error": True} if summary is None else to_fact(summary))
