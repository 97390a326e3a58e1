"""ERR005: Express 4 async route handlers whose rejections nothing catches."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from agentweaver_lint.checks.errors.jscatch import FUNCTION_TYPES
from agentweaver_lint.checks.errors.jsparse import text, walk

ROUTE_METHODS = frozenset(
    {"get", "post", "put", "patch", "delete", "del", "all", "use", "options", "head", "route"}
)


def imports_express(root: Any) -> bool:
    """``import … from 'express'`` or ``require('express')`` anywhere in the file."""
    for node in walk(root):
        if node.type == "string" and text(node).strip("'\"`") == "express":
            parent = node.parent
            if parent is not None and parent.type == "import_statement":
                return True
            call = parent.parent if parent is not None else None
            if call is not None and call.type == "call_expression":
                func = call.child_by_field_name("function")
                if func is not None and text(func) == "require":
                    return True
    return False


def _guarded(node: Any, function: Any) -> bool:
    """An ``await x.catch(…)``, or an ``await`` inside the body of a ``try`` that has a catch."""
    awaited = node.named_children[0] if node.named_children else None
    if awaited is not None and awaited.type == "call_expression":
        func = awaited.child_by_field_name("function")
        prop = func.child_by_field_name("property") if func is not None else None
        if prop is not None and text(prop) == "catch":
            return True
    child, parent = node, node.parent
    while parent is not None and parent != function:
        if (
            parent.type == "try_statement"
            and parent.child_by_field_name("handler") is not None
            and parent.child_by_field_name("body") == child
        ):
            return True
        child, parent = parent, parent.parent
    return False


def first_unguarded_await(function: Any) -> Any | None:
    """The first ``await`` in ``function`` outside any try/catch or ``.catch()`` chain."""
    body = function.child_by_field_name("body")
    if body is None:
        return None
    for node in walk(body, skip=FUNCTION_TYPES):
        if node.type == "await_expression" and not _guarded(node, function):
            return node
    return None


def async_route_handlers(root: Any) -> Iterator[Any]:
    """Async function literals passed straight to ``app.get(…)``, ``router.post(…)``…"""
    for node in walk(root):
        if node.type != "call_expression":
            continue
        func = node.child_by_field_name("function")
        if func is None or func.type != "member_expression":
            continue
        prop = func.child_by_field_name("property")
        if prop is None or text(prop) not in ROUTE_METHODS:
            continue
        args = node.child_by_field_name("arguments")
        for arg in args.named_children if args is not None else []:
            if arg.type in ("arrow_function", "function_expression", "function") and any(
                c.type == "async" for c in arg.children
            ):
                yield arg
