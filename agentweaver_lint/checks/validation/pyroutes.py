"""FastAPI and Flask: route decorators, ``add_url_rule``/``add_api_route``, class views, hooks."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from agentweaver_lint.checks.validation.pyflow import PyFlow
from agentweaver_lint.checks.validation.pyindex import (
    FuncDef,
    PyIndex,
    PyModule,
    dotted_name,
    last_name,
)
from agentweaver_lint.checks.validation.pysite import PySite, route_converters

HTTP_METHODS = ("get", "post", "put", "patch", "delete", "head", "options", "trace")
FASTAPI_DECORATORS = frozenset({*HTTP_METHODS, "api_route", "websocket"})
FLASK_DECORATORS = frozenset({*HTTP_METHODS, "route"})
FASTAPI_FACTORIES = frozenset({"FastAPI", "APIRouter"})
FLASK_FACTORIES = frozenset({"Flask", "Blueprint", "APIBlueprint", "APIFlask", "Quart"})
FLASK_VIEW_BASES = ("MethodView", "View", "Resource")
VIEW_METHODS = ("get", "post", "put", "patch", "delete")
HOOKS = frozenset({"before_request", "before_app_request"})
FLASK_PACKAGES = (
    "flask",
    "flask_restful",
    "flask_restx",
    "flask_restplus",
    "flask_smorest",
    "apiflask",
)


@dataclass
class RouteScan:
    """Per-run state: sites found, route objects whose hooks validate, class registrations."""

    sites: list[PySite] = field(default_factory=list)
    validating_hooks: dict[str, str] = field(default_factory=dict)
    """Route-object key → why (a before_request hook that validates)."""
    app_hooks: list[str] = field(default_factory=list)
    """Why, for hooks registered on the Flask application itself (they cover every route)."""
    class_routes: dict[int, tuple[str, str]] = field(default_factory=dict)
    """id(ClassDef) → (route, route-object key)."""
    site_objects: dict[int, str] = field(default_factory=dict)
    """id(site) → route-object key (for hooks and prefixes)."""
    prefixes: dict[str, str] = field(default_factory=dict)
    """Route-object key → URL prefix (``APIRouter(prefix=)``, ``include_router(prefix=)``)."""

    def apply_prefixes(self) -> None:
        for site in self.sites:
            prefix = self.prefixes.get(self.site_objects.get(id(site), ""), "")
            if prefix and not site.route.startswith(prefix):
                site.route = prefix.rstrip("/") + "/" + site.route.lstrip("/")


def object_kind(index: PyIndex, module: PyModule, name: str) -> tuple[str | None, str]:
    """(framework, key) of a route object like ``app``/``router``/``bp``."""
    found = index.resolve(module, name)
    if found is not None and found.kind == "value" and isinstance(found.node, ast.Call):
        factory = last_name(found.node.func)
        key = f"{found.module.path}:{found.name}"
        if factory in FASTAPI_FACTORIES:
            return "fastapi", key
        if factory in FLASK_FACTORIES:
            return "flask", key
        return None, key
    key = f"{module.path}:{name}"
    if module.imports_from("fastapi"):
        return "fastapi", key
    if module.imports_from("flask", "flask_smorest", "apiflask"):
        return "flask", key
    return None, key


def _string(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return ast.unparse(node)
    return None


def _methods_kw(call: ast.Call, default: str) -> str:
    for kw in call.keywords:
        if kw.arg == "methods" and isinstance(kw.value, (ast.List, ast.Tuple, ast.Set)):
            names = [e.value for e in kw.value.elts if isinstance(e, ast.Constant)]
            return ",".join(str(n).upper() for n in names) or default
    return default


def _route_arg(call: ast.Call) -> str:
    if call.args:
        return _string(call.args[0]) or ast.unparse(call.args[0])
    for kw in call.keywords:
        if kw.arg in ("path", "rule"):
            return _string(kw.value) or ""
    return ""


def scan_module(index: PyIndex, flow: PyFlow, module: PyModule, scan: RouteScan) -> None:
    """Find FastAPI/Flask handlers and hooks in one module."""
    for node in ast.walk(module.tree):
        # Routes may be declared inside an application factory (``create_app``).
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.decorator_list:
            _scan_function(index, flow, module, node, scan)
        elif isinstance(node, ast.ClassDef) and node in module.tree.body:
            _scan_class_route(index, module, node, scan)
    for call in ast.walk(module.tree):
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute):
            _scan_call(index, flow, module, call, scan)


def _scan_function(
    index: PyIndex, flow: PyFlow, module: PyModule, func: FuncDef, scan: RouteScan
) -> None:
    for decorator in func.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if not isinstance(target, ast.Attribute):
            continue
        owner = dotted_name(target.value)
        if not owner:
            continue
        if target.attr in HOOKS and not isinstance(decorator, ast.Call):
            kind, key = object_kind(index, module, owner)
            if kind == "flask" and flow.validates_request(module, func):
                _hook(
                    index, module, owner, key, f"before_request hook {func.name}() validates", scan
                )
            continue
        if not isinstance(decorator, ast.Call):
            continue
        kind, key = object_kind(index, module, owner)
        if kind == "fastapi" and target.attr in FASTAPI_DECORATORS:
            method = _fastapi_method(target.attr, decorator)
            _add(scan, key, make_site("fastapi", module, func, method, _route_arg(decorator), flow))
        elif kind == "flask" and target.attr in FLASK_DECORATORS:
            default = "GET" if target.attr == "route" else target.attr.upper()
            method = _methods_kw(decorator, default) if target.attr == "route" else default
            _add(scan, key, make_site("flask", module, func, method, _route_arg(decorator), flow))


def _hook(
    index: PyIndex, module: PyModule, owner: str, key: str, why: str, scan: RouteScan
) -> None:
    found = index.resolve(module, owner)
    if (
        found is not None
        and isinstance(found.node, ast.Call)
        and last_name(found.node.func) in ("Flask", "APIFlask", "Quart")
    ):
        scan.app_hooks.append(why)
    scan.validating_hooks[key] = why


def _scan_class_route(index: PyIndex, module: PyModule, cls: ast.ClassDef, scan: RouteScan) -> None:
    """``@blp.route("/pets")`` (smorest) and ``@ns.route("/todos")`` (restx) on a class."""
    for decorator in cls.decorator_list:
        if not isinstance(decorator, ast.Call) or not isinstance(decorator.func, ast.Attribute):
            continue
        if decorator.func.attr == "route":
            owner = dotted_name(decorator.func.value)
            _, key = object_kind(index, module, owner) if owner else (None, "")
            scan.class_routes[id(cls)] = (_route_arg(decorator), key)
            return


def _fastapi_method(attr: str, decorator: ast.Call) -> str:
    if attr == "api_route":
        return _methods_kw(decorator, "GET")
    return "WEBSOCKET" if attr == "websocket" else attr.upper()


def _add(scan: RouteScan, key: str, site: PySite) -> None:
    if any(s.func is site.func and s.method == site.method for s in scan.sites):
        return
    scan.sites.append(site)
    scan.site_objects[id(site)] = key


def make_site(
    framework: str,
    module: PyModule,
    func: FuncDef,
    method: str,
    route: str,
    flow: PyFlow,
    cls: ast.ClassDef | None = None,
) -> PySite:
    qualname = f"{cls.name}.{func.name}" if cls is not None else func.name
    site = PySite(framework, module, func, method, route, qualname, cls)
    style = "brace" if framework == "fastapi" else "angle"
    site.path_converters = route_converters(route, style)
    for decorator in func.decorator_list:
        why = flow.decorator_validates(module, decorator)
        if why:
            site.validated_by = why
            break
    return site


def _scan_call(
    index: PyIndex, flow: PyFlow, module: PyModule, call: ast.Call, scan: RouteScan
) -> None:
    assert isinstance(call.func, ast.Attribute)
    attr = call.func.attr
    owner = dotted_name(call.func.value)
    if not owner:
        return
    if attr in HOOKS and call.args:
        kind, key = object_kind(index, module, owner)
        found = index.resolve(module, dotted_name(call.args[0]))
        if (
            kind == "flask"
            and found
            and isinstance(found.node, (ast.FunctionDef, ast.AsyncFunctionDef))
        ) and flow.validates_request(found.module, found.node):
            why = f"before_request hook {found.name}() validates"
            _hook(index, module, owner, key, why, scan)
        return
    if attr in ("include_router", "register_blueprint") and call.args:
        _mount_prefix(index, module, call, scan)
        return
    if attr not in ("add_url_rule", "add_api_route", "add_resource", "add_api_websocket_route"):
        return
    kind, key = object_kind(index, module, owner)
    view: ast.AST | None = None
    keyword = "view_func" if attr == "add_url_rule" else "endpoint"
    for kw in call.keywords:
        if kw.arg == keyword:
            view = kw.value
    route = _route_arg(call)
    if attr == "add_resource" and call.args:
        view = call.args[0]
        route = (_string(call.args[1]) if len(call.args) > 1 else "") or ""
        kind = "flask"
    elif view is None:
        position = 2 if attr == "add_url_rule" else 1
        view = call.args[position] if len(call.args) > position else None
    if view is None or kind is None:
        return
    _register_view(index, flow, module, view, kind, route, call, key, scan)


def _prefix_kw(call: ast.Call) -> str:
    for kw in call.keywords:
        if kw.arg in ("prefix", "url_prefix"):
            return _string(kw.value) or ""
    return ""


def _mount_prefix(index: PyIndex, module: PyModule, call: ast.Call, scan: RouteScan) -> None:
    child = dotted_name(call.args[0])
    if not child:
        return
    _, key = object_kind(index, module, child)
    found = index.resolve(module, child)
    own = _prefix_kw(found.node) if found and isinstance(found.node, ast.Call) else ""
    mount = _prefix_kw(call)
    if mount or own:
        scan.prefixes[key] = mount.rstrip("/") + own


def _register_view(
    index: PyIndex,
    flow: PyFlow,
    module: PyModule,
    view: ast.AST,
    kind: str,
    route: str,
    call: ast.Call,
    key: str,
    scan: RouteScan,
) -> None:
    if isinstance(view, ast.Call) and last_name(view.func) == "as_view":
        view = view.func.value if isinstance(view.func, ast.Attribute) else view
    found = index.resolve(module, dotted_name(view))
    if found is None:
        return
    if found.kind == "function" and isinstance(found.node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        method = _methods_kw(call, "GET")
        _add(scan, key, make_site(kind, found.module, found.node, method, route, flow))
    elif found.kind == "class" and isinstance(found.node, ast.ClassDef):
        scan.class_routes[id(found.node)] = (route, key)


def scan_view_classes(index: PyIndex, flow: PyFlow, module: PyModule, scan: RouteScan) -> None:
    """Flask MethodView/View and flask-restful/restx Resource classes (registered or not)."""
    for cls in module.classes.values():
        bases = index.class_bases(module, cls)
        if not any(b.split(".")[-1] in FLASK_VIEW_BASES for b in bases):
            continue
        if not any(
            b.startswith(("flask", "flask_restful", "flask_restx", "flask_smorest")) for b in bases
        ) and not module.imports_from(*FLASK_PACKAGES):
            continue
        route, key = scan.class_routes.get(id(cls), ("", f"{module.path}:{cls.name}"))
        methods = [
            stmt
            for stmt in cls.body
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))
            and stmt.name in VIEW_METHODS
        ]
        plain_view = not any(b.split(".")[-1] in ("MethodView", "Resource") for b in bases)
        if not methods and plain_view:
            # flask.views.View: dispatch_request() itself is the handler.
            methods = [
                stmt
                for stmt in cls.body
                if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))
                and stmt.name == "dispatch_request"
            ]
        for stmt in methods:
            verb = "ANY" if stmt.name == "dispatch_request" else stmt.name.upper()
            site = make_site("flask", module, stmt, verb, route, flow, cls)
            if stmt.name != "dispatch_request":
                site.validated_by = site.validated_by or base_validates(index, flow, module, cls)
            _add(scan, key, site)


DISPATCH_HOOKS = frozenset(
    {"dispatch", "dispatch_request", "initial", "initialize_request", "setup", "validate_request"}
)


def base_validates(index: PyIndex, flow: PyFlow, module: PyModule, cls: ast.ClassDef) -> str | None:
    """Why a class or a repo base/mixin validates every request in a dispatch hook, if it does."""
    for owner_module, owner in [(module, cls), *index.ancestry(module, cls)]:
        for stmt in owner.body:
            if (
                isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))
                and (stmt.name in DISPATCH_HOOKS)
                and flow.validates_request(owner_module, stmt)
            ):
                return f"base class {owner.name}.{stmt.name}() validates"
        for deco in owner.decorator_list:
            why = flow.decorator_validates(owner_module, deco)
            if why:
                return f"class {why}"
    return None
