"""Express: routes on apps and routers (``.get/.post/…``, ``.route()``), handlers defined in
other modules, and validator middleware on the route, the router or the app."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from agentweaver_lint.checks.validation.guard import Problems
from agentweaver_lint.checks.validation.jsflow import JsFlow, request_param
from agentweaver_lint.checks.validation.jsindex import JsModule
from agentweaver_lint.checks.validation.jsmiddleware import (
    middleware_validates,
    unresolved_middleware,
)
from agentweaver_lint.checks.validation.jsparse import (
    FUNCTION_TYPES,
    call_args,
    callee_name,
    string_value,
    text,
    walk,
)
from agentweaver_lint.checks.validation.jsvocab import CONVERTERS, UNRESOLVED, says_valid
from agentweaver_lint.checks.validation.model import Handler, InputRead, PathParam

if TYPE_CHECKING:
    from tree_sitter import Node

ROUTE_METHODS = frozenset({"get", "post", "put", "patch", "delete", "all", "options", "head"})
FACTORIES = frozenset({"express", "Router"})
GUESSED = "?"
ROUTE_NAMES = ("app", "router", "api", "routes", "route", "server", "r")


@dataclass
class Route:
    module: JsModule
    owner: str
    """Key of the app/router the route is registered on (``path:name``)."""
    method: str
    path: str
    middleware: list[Node]
    handler: Node
    call: Node
    local_path: str = ""
    """The path as written on the router (``path`` gets the mount prefixes)."""


@dataclass
class ExpressScan:
    routes: list[Route] = field(default_factory=list)
    validated_scopes: dict[str, str] = field(default_factory=dict)
    """Router/app key → why every route under it is validated."""
    mounts: dict[str, set[str]] = field(default_factory=dict)
    """Child router key → parent keys it is mounted on."""
    apps: set[str] = field(default_factory=set)
    prefixes: dict[str, str] = field(default_factory=dict)
    """Child router key → the path it is mounted at."""

    def full_path(self, key: str, path: str, depth: int = 0) -> str:
        prefix = self.prefixes.get(key, "")
        parents = sorted(self.mounts.get(key, ()))
        if depth < 8 and parents:
            prefix = self.full_path(parents[0], prefix, depth + 1) if prefix else prefix
        if not prefix:
            return path
        return prefix.rstrip("/") + ("/" + path.lstrip("/") if path.strip("/") else "")


def _factory(node: Node | None) -> str | None:
    """``express``/``Router`` if ``node`` creates an app or router."""
    if node is None:
        return None
    if node.type == "new_expression":
        node = node.child_by_field_name("constructor")
        return "Router" if node is not None and text(node).endswith("Router") else None
    if node.type != "call_expression":
        return None
    func = node.child_by_field_name("function")
    name = text(func)
    if name == "express" or name.endswith(("express.default", "express()")):
        return "express"
    if name.endswith("Router") or name.endswith(".Router"):
        return "Router"
    return None


def owner_key(flow: JsFlow, module: JsModule, node: Node | None) -> str | None:
    """Key of the app/router an expression denotes, following imports; None if not one."""
    if node is None:
        return None
    if node.type != "identifier":
        return None
    name = text(node)
    ref = flow.resolve_name(module, name)
    if ref is not None and ref[1] is not None and _factory(ref[1]) is not None:
        decl = ref[1].parent
        origin = (
            text(decl.child_by_field_name("name"))
            if decl is not None and decl.type == "variable_declarator"
            else name
        )
        return f"{ref[0].path}:{origin}"
    if ref is not None and ref[1] is None:
        default = ref[0].exports.get("default")
        if default is not None and default.type == "identifier":
            inner = flow.resolve_name(ref[0], text(default))
            if inner is not None and inner[1] is not None and _factory(inner[1]):
                return f"{ref[0].path}:{text(default)}"
    lowered = name.lower()
    if lowered in ROUTE_NAMES or lowered.endswith(("router", "routes", "app")):
        # Named like an app or router but not created here (a parameter, a global): a guess,
        # marked so a route whose handler is not a function is dropped (``api.post(url, data)``).
        return f"{GUESSED}{module.path}:{name}"
    return None


def scan_express(flow: JsFlow, module: JsModule, scan: ExpressScan) -> None:
    for node in walk(module.root):
        if (
            node.type == "variable_declarator"
            and _factory(node.child_by_field_name("value")) == "express"
        ):
            scan.apps.add(f"{module.path}:{text(node.child_by_field_name('name'))}")
        if node.type != "call_expression":
            continue
        func = node.child_by_field_name("function")
        if func is None or func.type != "member_expression":
            continue
        prop = text(func.child_by_field_name("property"))
        target = func.child_by_field_name("object")
        if prop == "use":
            _scan_use(flow, module, node, target, scan)
        elif prop in ROUTE_METHODS:
            _scan_route(flow, module, node, prop, target, scan)


def _scan_route(
    flow: JsFlow, module: JsModule, call: Node, method: str, target: Node | None, scan: ExpressScan
) -> None:
    args = call_args(call)
    path = ""
    owner: str | None
    while (
        target is not None
        and target.type == "call_expression"
        and callee_name(target) in (ROUTE_METHODS)
    ):
        inner_func = target.child_by_field_name("function")
        target = inner_func.child_by_field_name("object") if inner_func is not None else None
    if target is not None and target.type == "call_expression" and callee_name(target) == "route":
        inner = target.child_by_field_name("function")
        owner = owner_key(flow, module, inner.child_by_field_name("object") if inner else None)
        route_args = call_args(target)
        path = string_value(route_args[0]) or "" if route_args else ""
    else:
        owner = owner_key(flow, module, target)
        if len(args) < 2:
            return
        path_value = string_value(args[0])
        if path_value is None and args[0].type not in ("regex", "array"):
            return
        path = path_value if path_value is not None else text(args[0])
        args = args[1:]
    if owner is None or not args:
        return
    items: list[Node] = []
    for arg in args:
        items.extend(arg.named_children if arg.type == "array" else [arg])
    if not items:
        return
    scan.routes.append(Route(module, owner, method.upper(), path, items[:-1], items[-1], call))


def _scan_use(
    flow: JsFlow, module: JsModule, call: Node, target: Node | None, scan: ExpressScan
) -> None:
    owner = owner_key(flow, module, target)
    if owner is None:
        return
    why: str | None = None
    children: list[str] = []
    mount = ""
    for arg in call_args(call):
        value = string_value(arg)
        if value is not None:
            mount = value
            continue
        child = _mounted_router(flow, module, arg)
        if child is not None and child != owner:
            scan.mounts.setdefault(child, set()).add(owner)
            if mount:
                scan.prefixes.setdefault(child, mount)
            children.append(child)
            continue
        why = why or middleware_validates(flow, module, arg)
    if why is None:
        return
    # app.use("/x", validate, router) covers that router; app.use(validate) the whole app.
    for child in children or [owner]:
        scan.validated_scopes.setdefault(child, why)


def _mounted_router(flow: JsFlow, module: JsModule, arg: Node) -> str | None:
    if arg.type == "identifier" and not says_valid(text(arg)):
        return owner_key(flow, module, arg)
    if arg.type == "call_expression" and text(arg.child_by_field_name("function")) == "require":
        args = call_args(arg)
        source = string_value(args[0]) if args else None
        if source is not None:
            path = flow.index.resolve_path(module.path, source)
            target_module = flow.index.load(path)
            default = target_module.exports.get("default") if target_module else None
            if default is not None and default.type == "identifier":
                return f"{path}:{text(default)}"
    return None


def scope_validates(scan: ExpressScan, key: str, seen: set[str] | None = None) -> str | None:
    seen = seen or set()
    if key in seen:
        return None
    seen.add(key)
    if key in scan.validated_scopes:
        return f"{scan.validated_scopes[key]} on {key.split(':')[-1]}"
    for parent in sorted(scan.mounts.get(key, ())):
        why = scope_validates(scan, parent, seen)
        if why:
            return why
    return None


def express_handlers(flow: JsFlow, scan: ExpressScan, problems: Problems) -> list[Handler]:
    handlers: list[Handler] = []
    for route in scan.routes:
        route.local_path = route.path
        route.path = scan.full_path(route.owner, route.path)
        handler = problems.run(route.module.path, _handler, flow, scan, route)
        if handler is not None:
            handlers.append(handler)
    return handlers


def _handler(flow: JsFlow, scan: ExpressScan, route: Route) -> Handler | None:
    module = route.module
    node = route.handler
    ref = flow.function_of(
        (module, node)
        if node.type in FUNCTION_TYPES or node.type == "call_expression"
        else flow.resolve(module, node)
    )
    why: str | None = None
    for item in route.middleware:
        why = why or middleware_validates(flow, module, item)
    why = why or scope_validates(scan, route.owner)
    if ref is None or ref[1] is None:
        if route.owner.startswith(GUESSED):
            return None
        # The handler is defined outside the repository: listed, with nothing judged.
        line, _, _ = module.position(route.call)
        missing = [text(node)] if node.type in ("identifier", "member_expression") else []
        label = text(node)[:60] or "<handler>"
        return Handler(
            "express", route.method, route.path, label, module.path, line, unresolved=missing
        )
    fmodule, func = ref[0], ref[1]
    request = request_param(func)
    inputs = (
        flow.input_reads(fmodule, func, request, why)
        if request
        else flow.pattern_reads(fmodule, func, why)
    )
    if request and not inputs:
        inputs = _delegated_reads(flow, fmodule, func, request, why)
    unresolved = [] if why else unresolved_middleware(flow, module, route.middleware)
    unresolved += [r.how[len(UNRESOLVED) :] for r in inputs if r.how.startswith(UNRESOLVED)]
    line, _, _ = fmodule.position(func)
    handler = Handler(
        "express",
        route.method,
        route.path,
        _qualname(route),
        fmodule.path,
        line,
        inputs,
        unresolved=unresolved,
    )
    handler.path_params = _path_params(fmodule, func, request, route.path)
    return handler


def _qualname(route: Route) -> str:
    """``users.create`` for a named handler, ``router.post('/')`` for an inline one."""
    if route.handler.type in ("identifier", "member_expression"):
        return text(route.handler)[:60]
    owner_name = route.owner.rsplit(":", 1)[-1].lstrip(GUESSED)
    return f"{owner_name}.{route.method.lower()}('{route.local_path}')"


def _delegated_reads(
    flow: JsFlow, module: JsModule, func: Node, request: str, why: str | None
) -> list[InputRead]:
    """``(req, res) => controller.create(req, res)``: the reads happen in the callee."""
    for node in walk(func):
        if node.type != "call_expression":
            continue
        args = call_args(node)
        positions = [i for i, a in enumerate(args) if a.type == "identifier" and text(a) == request]
        if not positions:
            continue
        target = flow.function_of(flow.resolve(module, node.child_by_field_name("function")))
        if target is None or target[1] is None or target[1] is func:
            continue
        inner = request_param(target[1], positions[0])
        if not inner:
            continue
        reads = flow.input_reads(target[0], target[1], inner, why)
        line, column, end = module.position(node)
        for read in reads:
            # Reported at the call in the route's handler, where the delegation happens.
            read.source = f"{text(node.child_by_field_name('function'))}() → {read.source}"
            read.path, read.line, read.column, read.end_column = module.path, line, column, end
        return reads
    return []


def _path_params(module: JsModule, func: Node, request: str, path: str) -> list[PathParam]:
    out: list[PathParam] = []
    for segment in path.split("/"):
        if not segment.startswith(":"):
            continue
        name = segment[1:].split("(")[0].rstrip("?")
        typed = "(" in segment
        for node in walk(func):
            if node.type == "member_expression" and text(node) == f"{request}.params.{name}":
                used = node.parent is not None and node.parent.type == "arguments"
                call = node.parent.parent if used and node.parent is not None else None
                converted = call is not None and callee_name(call) in CONVERTERS
                line, column, end = module.position(node)
                out.append(PathParam(name, typed or converted, line, column, end, used))
                break
    return out
