"""What a call inside an ``except`` block does: log (with or without context), print, report to
an error tracker, terminate, or forward the exception object. Names only; nothing is imported."""

from __future__ import annotations

import ast
import enum

LOG_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log", "msg"}
)
LOGGER_NAMES = frozenset(
    {
        "log",
        "_log",
        "logging",
        "structlog",
        "logger",
        "_logger",
        "loguru",
        "getlogger",
        "get_logger",
        "logbook",
        "syslog",
    }
)
TRACKER_FUNCTIONS = frozenset(
    {
        "capture_exception",
        "captureexception",
        "report_exc_info",
        "notice_error",
        "capture_event",
        "capture_message",
        "report_exception",
        "notify_exception",
    }
)
TRACKER_MODULES = frozenset(
    {"sentry_sdk", "rollbar", "bugsnag", "honeybadger", "airbrake", "raven"}
)
PRINT_CALLS = frozenset({"print", "pprint", "print_exc", "print_exception", "print_tb"})
ECHO_MODULES = frozenset({"click", "typer"})
LOW_LEVELS = frozenset({"debug", "info"})
"""A constant message at these levels marks an expected condition, not a lost error."""
STREAM_NAMES = frozenset({"stderr", "stdout"})
TERMINATING = frozenset({"exit", "_exit", "quit", "abort", "abort_with_status"})
CONTEXT_KEYWORDS = frozenset({"exc_info", "stack_info", "extra"})
BINDING_METHODS = frozenset({"opt", "bind", "new", "with_context", "contextualize"})


class CallKind(enum.Enum):
    LOG_CONTEXT = "log-with-context"
    LOG_CONSTANT = "log-constant"
    LOG_CONSTANT_LOW = "log-constant-info"
    PRINT = "print"
    TERMINATE = "terminate"
    OTHER = "other"


def last_name(node: ast.expr) -> str:
    """``a.b.c`` → ``c``; ``f(x).g`` → ``g``; ``get_logger()`` → ``get_logger``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call):
        return last_name(node.func)
    if isinstance(node, ast.Subscript):
        return last_name(node.value)
    return ""


def dotted_root(node: ast.expr) -> str:
    """The leftmost name of ``a.b.c(...)`` (``a``)."""
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else ""


def _logger_name(name: str) -> bool:
    lowered = name.lower()
    return lowered in LOGGER_NAMES or lowered.endswith(("logger", "_log"))


def is_logger(receiver: ast.expr) -> bool:
    """``logger``, ``self.log``, ``logging``, ``get_logger()``, ``logger.opt(exception=e)``…"""
    node: ast.expr | None = receiver
    while node is not None:
        if _logger_name(last_name(node)):
            return True
        if isinstance(node, ast.Call):
            node = node.func.value if isinstance(node.func, ast.Attribute) else None
        elif isinstance(node, ast.Attribute):
            node = node.value
        else:
            node = None
    return False


def is_constant(node: ast.expr) -> bool:
    """A value fixed in the source: a literal, or an f-string without placeholders."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.JoinedStr):
        return all(isinstance(part, ast.Constant) for part in node.values)
    return False


def _bound_context(call: ast.Call) -> bool:
    """``logger.bind(order=id).error(…)``, ``logger.opt(exception=e).error(…)`` carry context."""
    node = call.func.value if isinstance(call.func, ast.Attribute) else None
    while isinstance(node, (ast.Call, ast.Attribute)):
        if isinstance(node, ast.Call):
            if last_name(node.func) in BINDING_METHODS and (
                any(not is_constant(a) for a in node.args)
                or any(not is_constant(k.value) for k in node.keywords)
            ):
                return True
            node = node.func
        else:
            node = node.value
    return False


def _log_has_context(call: ast.Call, method: str) -> bool:
    if method == "exception" or _bound_context(call):
        return True
    for keyword in call.keywords:
        value = keyword.value
        if keyword.arg in CONTEXT_KEYWORDS:
            if not (isinstance(value, ast.Constant) and value.value in (False, None)):
                return True
        elif keyword.arg != "stacklevel" and not is_constant(value):
            return True
    args = call.args[1:] if method == "log" else call.args
    return any(not is_constant(arg) for arg in args)


def is_log_call(call: ast.Call) -> str | None:
    """The logging method name if ``call`` is ``<logger>.<level>(…)`` or ``warnings.warn``."""
    func = call.func
    if isinstance(func, ast.Attribute):
        if func.attr in LOG_METHODS and is_logger(func.value):
            return func.attr
        if func.attr == "warn" and last_name(func.value) == "warnings":
            return "warning"
    return None


def is_tracker_call(call: ast.Call) -> bool:
    name = last_name(call.func)
    if name.lower() in TRACKER_FUNCTIONS:
        return True
    return isinstance(call.func, ast.Attribute) and dotted_root(call.func) in TRACKER_MODULES


def is_print_call(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in PRINT_CALLS
    if isinstance(func, ast.Attribute):
        if func.attr in PRINT_CALLS and last_name(func.value) in ("traceback", "pprint"):
            return True
        if func.attr in ("echo", "secho") and last_name(func.value) in ECHO_MODULES:
            return True
        return func.attr == "write" and last_name(func.value) in STREAM_NAMES
    return False


def is_terminating(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in TERMINATING
    if isinstance(func, ast.Attribute):
        return func.attr in TERMINATING and last_name(func.value) in (
            "sys",
            "os",
            "self",
            "context",
            "flask",
        )
    return False


def classify_call(call: ast.Call) -> CallKind:
    """How one call inside an ``except`` block treats the error."""
    method = is_log_call(call)
    if method is not None:
        if _log_has_context(call, method):
            return CallKind.LOG_CONTEXT
        return CallKind.LOG_CONSTANT_LOW if method in LOW_LEVELS else CallKind.LOG_CONSTANT
    if is_tracker_call(call):
        return CallKind.LOG_CONTEXT
    if is_print_call(call):
        return CallKind.PRINT
    if is_terminating(call):
        return CallKind.TERMINATE
    return CallKind.OTHER


def logs_directly(call: ast.Call) -> bool:
    """Whether a call would make its enclosing function a project logging helper."""
    return is_log_call(call) is not None or is_tracker_call(call)
