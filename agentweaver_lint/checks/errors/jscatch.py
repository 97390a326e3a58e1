"""What a JavaScript/TypeScript ``catch`` block or ``.catch(handler)`` does with the error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from agentweaver_lint.checks.errors.jsparse import text, walk

LOGGER_NAMES = frozenset(
    {"console", "logger", "log", "winston", "pino", "bunyan", "signale", "_logger"}
)
LOG_METHODS = frozenset(
    {
        "error",
        "warn",
        "warning",
        "info",
        "debug",
        "log",
        "trace",
        "fatal",
        "exception",
        "verbose",
        "critical",
    }
)
TRACKER_FUNCTIONS = frozenset(
    {"captureexception", "capturemessage", "noticeerror", "notifyexception"}
)
TRACKER_ROOTS = frozenset({"sentry", "bugsnag", "rollbar", "honeybadger", "airbrake", "newrelic"})
FORWARDERS = frozenset({"next", "done", "cb", "callback", "reject", "fail", "resolve"})
CONSTANT_TYPES = frozenset({"string", "number", "true", "false", "null", "undefined", "regex"})
FUNCTION_TYPES = frozenset(
    {
        "function_declaration",
        "function_expression",
        "arrow_function",
        "method_definition",
        "generator_function_declaration",
        "function",
    }
)
REPORTER_WORDS = ("fail", "report", "notify", "alert", "reject", "capture", "track")
REPORTER_PREFIXES = ("log",)  # logError(err.message), logFailure(`…${err}`)
RESPONSE_METHODS = frozenset(
    {"send", "json", "jsonp", "render", "write", "end", "status", "sendStatus"}
)
"""Sending the error to the client (``res.status(500).send(err)``) is not forwarding it."""
SILENT_TYPES = frozenset({"empty_statement", "comment", "continue_statement", "break_statement"})


@dataclass
class CatchSummary:
    rethrows: bool = False
    logs_context: bool = False
    logs_constant: bool = False
    forwards: bool = False
    empty: bool = False
    silent: bool = False


def is_constant(node: Any) -> bool:
    if node.type in CONSTANT_TYPES:
        return True
    if node.type == "template_string":
        return not any(c.type == "template_substitution" for c in node.children)
    if node.type == "identifier":
        return text(node) == "undefined"
    return False


def _last_name(node: Any) -> str:
    """``a.b.c`` → ``c``; ``getLogger()`` → ``getLogger``; ``this`` → ``this``."""
    if node is None:
        return ""
    if node.type == "member_expression":
        prop = node.child_by_field_name("property")
        return text(prop) if prop is not None else ""
    if node.type == "call_expression":
        return _last_name(node.child_by_field_name("function"))
    return text(node) if node.type in ("identifier", "this") else ""


def _callee_parts(call: Any) -> tuple[str, str, str]:
    """``(root, receiver, name)`` of ``root.….receiver.name(…)`` (``("", "", f)`` for ``f()``)."""
    func = call.child_by_field_name("function")
    if func is None:
        return "", "", ""
    if func.type == "identifier":
        return "", "", text(func)
    if func.type == "member_expression":
        return _root(func), _last_name(func.child_by_field_name("object")), _last_name(func)
    return "", "", ""


def _root(node: Any) -> str:
    while node is not None and node.type in ("member_expression", "call_expression"):
        node = node.child_by_field_name(
            "object" if node.type == "member_expression" else "function"
        )
    return text(node) if node is not None else ""


def _arguments(call: Any) -> list[Any]:
    args = call.child_by_field_name("arguments")
    return [a for a in args.named_children if a.type != "comment"] if args is not None else []


def _mentions(node: Any, name: str | None) -> bool:
    if not name:
        return False
    return any(
        n.type in ("identifier", "shorthand_property_identifier") and text(n) == name
        for n in walk(node)
    )


def classify_call(call: Any, error: str | None, summary: CatchSummary) -> None:
    root, receiver, name = _callee_parts(call)
    args = _arguments(call)
    lowered = receiver.lower()
    if name in LOG_METHODS and (lowered in LOGGER_NAMES or lowered.endswith("logger")):
        if any(not is_constant(a) for a in args):
            summary.logs_context = True
        else:
            summary.logs_constant = True
        return
    if name.lower() in TRACKER_FUNCTIONS or root.lower() in TRACKER_ROOTS:
        summary.logs_context = True
        return
    if (name in FORWARDERS and args) or (
        name not in RESPONSE_METHODS
        and any(a.type == "identifier" and text(a) == error for a in args)
    ):
        summary.forwards = True
    elif (
        name.lower().startswith(REPORTER_PREFIXES) or any(w in name.lower() for w in REPORTER_WORDS)
    ) and any(_mentions(a, error) for a in args):
        summary.forwards = True  # reportFailure(err.message), notifyOps(`…${err}`)


def summarise_body(body: Any, error: str | None) -> CatchSummary:
    """Summary of a catch body (a ``statement_block``) or an arrow's expression body."""
    summary = CatchSummary()
    statements = [c for c in body.named_children] if body.type == "statement_block" else [body]
    summary.empty = body.type == "statement_block" and all(s.type == "comment" for s in statements)
    summary.silent = all(_is_silent(s) for s in statements)
    if body.type == "identifier" and error is not None and text(body) == error:
        summary.forwards = True  # .catch(err => err): the rejection becomes a value
    for node in walk(body):
        if node.type == "throw_statement":
            summary.rethrows = True
        elif node.type == "call_expression":
            classify_call(node, error, summary)
        elif node.type == "return_statement" and any(
            c.type == "identifier" and text(c) == error for c in node.named_children
        ):
            summary.forwards = True
    return summary


def _is_silent(statement: Any) -> bool:
    if statement.type in SILENT_TYPES:
        return True
    if statement.type == "return_statement":
        values = [c for c in statement.named_children if c.type != "comment"]
        return not values or all(_is_default(v) for v in values)
    if statement.type == "expression_statement":
        values = statement.named_children
        return bool(values) and all(_is_default(v) for v in values)
    return _is_default(statement)


def _is_default(node: Any) -> bool:
    if is_constant(node):
        return True
    if node.type in ("array", "object"):
        return not node.named_children
    return False


def verdict(summary: CatchSummary) -> str | None:
    """``ERR00N`` for a catch, or None when it rethrows, logs with context or forwards."""
    if summary.rethrows or summary.logs_context:
        return None
    if summary.empty:
        return "ERR003"
    if summary.logs_constant:
        return "ERR004"
    if summary.forwards:
        return None
    if summary.silent:
        return "ERR003"
    return "ERR002"
