"""Is an Express middleware a validator? celebrate, express-validator chains, a function of
the repository that validates, or (when it cannot be resolved) a name worth reporting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agentweaver_lint.checks.validation.jsflow import JsFlow
from agentweaver_lint.checks.validation.jsindex import JsModule
from agentweaver_lint.checks.validation.jsparse import FUNCTION_TYPES, callee_name, text
from agentweaver_lint.checks.validation.jsvocab import validates_request

if TYPE_CHECKING:
    from tree_sitter import Node

EXPRESS_VALIDATORS = frozenset(
    {
        "celebrate",
        "checkSchema",
        "body",
        "query",
        "param",
        "check",
        "oneOf",
        "checkExact",
        "header",
        "cookie",
        "validator",
        "checkBody",
        "checkQuery",
        "checkParams",
    }
)


def middleware_validates(flow: JsFlow, module: JsModule, node: Node) -> str | None:
    """Why a middleware expression validates the request (celebrate, express-validator, a
    validating function in the repository), or None."""
    if node.type == "array":
        for item in node.named_children:
            why = middleware_validates(flow, module, item)
            if why:
                return why
        return None
    if node.type == "call_expression":
        name = callee_name(node)
        root = node
        while root.type == "call_expression":
            func = root.child_by_field_name("function")
            if func is None or func.type != "member_expression":
                break
            root = func.child_by_field_name("object") or root
            if root.type != "call_expression":
                break
        root_name = callee_name(root) if root.type == "call_expression" else name
        if name in EXPRESS_VALIDATORS or root_name in EXPRESS_VALIDATORS or validates_request(name):
            return f"middleware {name or root_name}()"
        if "schema" in name.lower() or validates_request(root_name):
            return f"middleware {name}()"
        ref = flow.resolve(module, node.child_by_field_name("function"))
        found = flow.function_of(ref)
        if found is not None and flow.checks_request(found):
            return f"middleware {name}() validates"
        returned = _returned_array(found)
        if found is not None and returned is not None:
            return middleware_validates(flow, found[0], returned)
        return None
    if node.type in ("identifier", "member_expression"):
        name = text(node).split(".")[-1]
        if validates_request(name):
            return f"middleware {name}"
        ref = flow.resolve(module, node)
        if ref is not None and ref[1] is not None and ref[1].type == "array":
            return middleware_validates(flow, ref[0], ref[1])
        found = flow.function_of(ref)
        if found is not None and flow.checks_request(found):
            return f"middleware {text(node)} validates"
    if node.type in FUNCTION_TYPES and flow.checks_request((module, node)):
        return "inline middleware validates"
    return None


def _returned_array(ref: tuple[JsModule, Node | None] | None) -> Node | None:
    """``() => [body('x').isEmail(), …]``: the array of chains a rules factory returns."""
    if ref is None or ref[1] is None:
        return None
    body = ref[1].child_by_field_name("body")
    if body is not None and body.type == "array":
        return body
    for child in body.named_children if body is not None else []:
        if child.type == "return_statement" and child.named_children:
            value = child.named_children[0]
            if value.type == "array":
                return value
    return None


NOT_VALIDATORS = (
    "auth",
    "passport",
    "jwt",
    "login",
    "session",
    "cors",
    "limit",
    "upload",
    "multer",
    "cache",
    "log",
    "csrf",
    "admin",
    "role",
    "permission",
    "guard",
)


def unresolved_middleware(flow: JsFlow, module: JsModule, middleware: list[Node]) -> list[str]:
    """Middleware whose definition is outside the repository (it might validate)."""
    names: list[str] = []
    for item in middleware:
        target = item.child_by_field_name("function") if item.type == "call_expression" else item
        if target is None or target.type not in ("identifier", "member_expression"):
            continue
        label = text(target)
        if any(word in label.lower() for word in NOT_VALIDATORS) or label.startswith("express."):
            continue
        if flow.function_of(flow.resolve(module, target)) is None and (
            flow.resolve(module, target) is None or item.type == "call_expression"
        ):
            names.append(label)
    return names
