"""Summaries of a Python module's ``except`` clauses and of its functions that log.

A summary holds only names and flags, so the whole repository's summaries fit in memory and
project logging helpers can be resolved across files after every module was read once.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field

from agentweaver_lint.checks.errors.pycalls import CallKind, classify_call, last_name, logs_directly
from agentweaver_lint.checks.errors.pyvocab import (
    BROAD,
    CONTROL_FLOW,
    CONTROL_FLOW_SUFFIXES,
    CONTROL_WORDS,
    CONVERSIONS,
    HELPER_NAME_HINTS,
    QUALIFIED_CONTROL,
    QUEUE_SIGNALS,
    REPORTER_PREFIXES,
    REPORTER_WORDS,
)


@dataclass
class HandlerSummary:
    """One ``except`` clause: where it is and what its body does with the error."""

    line: int
    col_offset: int
    end_line: int
    end_col_offset: int
    header: str
    kind: str  # "bare" | "broad" | "control" | "narrow"
    types: tuple[str, ...]
    function: str
    reraises: bool = False
    logs_context: bool = False
    logs_constant: bool = False
    logs_constant_low: bool = False
    """Only a constant debug/info message: fine for a narrow handler, no context for a broad one."""
    prints: bool = False
    forwards: bool = False
    silent: bool = False
    """Body only drops the error: pass, ``...``, continue, break, ``return``/``return None``."""
    silent_default: bool = False
    """Body only drops the error or sets/returns a constant default."""
    called: frozenset[str] = frozenset()
    column: int = 0
    """1-based code-point column of the ``except`` keyword."""
    end_column: int = 0


@dataclass
class ModuleSummary:
    """The handlers of one module and the functions it defines that log (or call others)."""

    path: str
    handlers: list[HandlerSummary] = field(default_factory=list)
    logging_functions: set[str] = field(default_factory=set)
    calls_by_function: dict[str, set[str]] = field(default_factory=dict)
    noqa: dict[int, frozenset[str]] = field(default_factory=dict)
    """Codes named by ``# noqa`` on each ``except`` line (filled for judged modules)."""
    file_noqa: frozenset[str] = frozenset()
    """Codes exempted for the whole module by ``# ruff: noqa``."""


def _type_name(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute) and ast.unparse(node) in QUALIFIED_CONTROL:
        return "ValueError"  # a parse error: treated like ValueError
    return last_name(node)


def _type_names(node: ast.expr | None) -> tuple[str, ...]:
    if node is None:
        return ()
    elements = node.elts if isinstance(node, ast.Tuple) else [node]
    return tuple(_type_name(e) for e in elements)


def handler_kind(types: tuple[str, ...]) -> str:
    if not types:
        return "bare"
    if any(t in BROAD for t in types):
        return "broad"
    if all(
        t in CONTROL_FLOW
        or t.endswith(CONTROL_FLOW_SUFFIXES)
        or t.lower() in QUEUE_SIGNALS
        or any(word in t for word in CONTROL_WORDS)
        for t in types
    ):
        return "control"
    return "narrow"


_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def walk_local(nodes: list[ast.stmt]) -> Iterator[ast.AST]:
    """Every node under ``nodes`` that runs in this frame (not inside nested defs or lambdas),
    in no particular order (callers gather sets and flags). The fields are read here rather
    than through ``ast.iter_child_nodes``: two generators per node cost half the time."""
    stack: list[ast.AST] = list(nodes)
    node_type = ast.AST
    while stack:
        node = stack.pop()
        yield node
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                stack.extend(
                    v for v in value if isinstance(v, node_type) and not isinstance(v, _NESTED)
                )
            elif isinstance(value, node_type) and not isinstance(value, _NESTED):
                stack.append(value)


def _is_drop(stmt: ast.stmt, allow_default: bool) -> bool:
    if isinstance(stmt, (ast.Pass, ast.Continue, ast.Break)):
        return True
    if isinstance(stmt, ast.Return):
        value = stmt.value
        if value is None or (isinstance(value, ast.Constant) and value.value is None):
            return True
        return allow_default and _is_default(value)
    if isinstance(stmt, ast.Expr):
        value = stmt.value
        if isinstance(value, ast.Constant):
            return True
        return allow_default and isinstance(value, (ast.Name, ast.Attribute))
    if allow_default and isinstance(stmt, (ast.Assign, ast.AnnAssign)):
        return stmt.value is not None and _is_default(stmt.value)
    return False


def _is_default(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return not node.elts
    if isinstance(node, ast.Dict):
        return not node.keys
    return False


def _mentions(node: ast.AST, name: str | None) -> bool:
    return name is not None and isinstance(node, ast.Name) and node.id == name


def _carries(node: ast.AST, name: str | None) -> bool:
    """The exception object itself inside a value (``{"exception": e}``, ``(None, e)``)."""
    if name is None:
        return False
    stack: list[ast.AST] = [node]
    while stack:
        current = stack.pop()
        if _mentions(current, name):
            return True
        if isinstance(current, (ast.Attribute, ast.JoinedStr, ast.Lambda)):
            continue
        if isinstance(current, ast.Call) and last_name(current.func) in CONVERSIONS:
            continue
        stack.extend(ast.iter_child_nodes(current))
    return False


def _helper_candidate(callee: str, arguments: list[ast.expr], name: str | None) -> bool:
    """Whether a call may be a project logging helper: named like one, or given the error.

    Keeps ``obj.save()`` from counting as logging because some ``save`` in the repo logs.
    """
    lowered = callee.lower()
    if any(hint in lowered for hint in HELPER_NAME_HINTS):
        return True
    return name is not None and any(_mentions(n, name) for arg in arguments for n in ast.walk(arg))


def _reports(callee: str, arguments: list[ast.expr], name: str | None) -> bool:
    """``resp.failure(f"… {e}")``, ``notify_ops(str(e))``: the error reported to a system."""
    lowered = callee.lower()
    named = lowered.startswith(REPORTER_PREFIXES) or any(w in lowered for w in REPORTER_WORDS)
    if not named or name is None:
        return False
    return any(_mentions(n, name) for arg in arguments for n in ast.walk(arg))


def summarise_handler(handler: ast.ExceptHandler, header: str, function: str) -> HandlerSummary:
    types = _type_names(handler.type)
    summary = HandlerSummary(
        line=handler.lineno,
        col_offset=handler.col_offset,
        end_line=handler.end_lineno or handler.lineno,
        end_col_offset=handler.end_col_offset or 0,
        header=header,
        kind=handler_kind(types),
        types=types,
        function=function,
    )
    called: set[str] = set()
    name = handler.name
    for node in walk_local(handler.body):
        if isinstance(node, ast.Raise):
            summary.reraises = True
        elif isinstance(node, ast.Call):
            kind = classify_call(node)
            if kind is CallKind.LOG_CONTEXT:
                summary.logs_context = True
            elif kind is CallKind.LOG_CONSTANT:
                summary.logs_constant = True
            elif kind is CallKind.LOG_CONSTANT_LOW:
                summary.logs_constant_low = True
            elif kind is CallKind.PRINT:
                summary.prints = True
            elif kind is CallKind.TERMINATE:
                summary.reraises = True
            else:
                callee = last_name(node.func)
                arguments = [*node.args, *(k.value for k in node.keywords)]
                if _helper_candidate(callee, arguments, name):
                    called.add(callee)
                if callee not in CONVERSIONS and any(_carries(arg, name) for arg in arguments):
                    summary.forwards = True
                summary.forwards |= _reports(callee, arguments, name)
        elif isinstance(node, (ast.Return, ast.Yield, ast.Assign)) and node.value is not None:
            summary.forwards |= _carries(node.value, name)
    summary.called = frozenset(called)
    summary.silent = all(_is_drop(s, allow_default=False) for s in handler.body)
    summary.silent_default = all(_is_drop(s, allow_default=True) for s in handler.body)
    return summary


class _Collector:
    """Visits statements only: a function, a class or an ``except`` clause never sits inside
    an expression, so the expressions (most of a module's nodes) are not entered here."""

    def __init__(self, summary: ModuleSummary, lines: list[str]) -> None:
        self.summary = summary
        self.lines = lines
        self.stack: list[str] = []

    def body(self, nodes: list[ast.stmt]) -> None:
        for node in nodes:
            self.statement(node)

    def statement(self, node: ast.stmt) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self._function(node)
        elif isinstance(node, ast.ClassDef):
            self.stack.append(node.name)
            self.body(node.body)
            self.stack.pop()
        elif isinstance(node, ast.Match):
            for case in node.cases:
                self.body(case.body)
        else:  # if, for, while, with, try and try/except* (bodies in the order ast visits)
            self.body(getattr(node, "body", None) or [])
            for handler in getattr(node, "handlers", None) or []:
                self._handler(handler)
            self.body(getattr(node, "orelse", None) or [])
            self.body(getattr(node, "finalbody", None) or [])

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        calls: set[str] = set()
        for inner in walk_local(node.body):
            if isinstance(inner, ast.Call):
                if logs_directly(inner):
                    self.summary.logging_functions.add(node.name)
                calls.add(last_name(inner.func))
        self.summary.calls_by_function.setdefault(node.name, set()).update(calls)
        self.stack.append(node.name)
        self.body(node.body)
        self.stack.pop()

    def _handler(self, node: ast.ExceptHandler) -> None:
        function = ".".join(self.stack) or "<module>"
        handler = summarise_handler(node, _header(node), function)
        handler.column = cp_column(self.lines, node.lineno, node.col_offset)
        handler.end_column = cp_column(self.lines, handler.end_line, handler.end_col_offset)
        self.summary.handlers.append(handler)
        self.body(node.body)


def cp_column(lines: list[str], lineno: int, col_offset: int) -> int:
    """1-based code-point column of an AST UTF-8 byte offset."""
    text = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    return len(text.encode("utf-8")[:col_offset].decode("utf-8", "replace")) + 1


def _header(node: ast.ExceptHandler) -> str:
    text = "except " + ast.unparse(node.type) if node.type is not None else "except"
    return f"{text} as {node.name}" if node.name else text


def summarise_module(path: str, tree: ast.Module, lines: list[str]) -> ModuleSummary:
    summary = ModuleSummary(path)
    _Collector(summary, lines).body(tree.body)
    return summary


def resolve_logging_helpers(modules: list[ModuleSummary], max_rounds: int = 8) -> frozenset[str]:
    """Names of project functions that log, directly or through other project helpers."""
    helpers: set[str] = set()
    calls: dict[str, set[str]] = {}
    for module in modules:
        helpers |= module.logging_functions
        for name, called in module.calls_by_function.items():
            calls.setdefault(name, set()).update(called)
    for _ in range(max_rounds):
        added = {name for name, called in calls.items() if name not in helpers and called & helpers}
        if not added:
            break
        helpers |= added
    return frozenset(helpers)
