"""Django and Django REST framework: views referenced from urls.py, class-based views,
``@api_view`` functions, viewsets and their ``@action`` methods."""

from __future__ import annotations

import ast
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

from agentweaver_lint.checks.validation.pyflow import PyFlow
from agentweaver_lint.checks.validation.pyindex import (
    FuncDef,
    PyIndex,
    PyModule,
    dotted_name,
    last_name,
)
from agentweaver_lint.checks.validation.pymodfacts import FactIndex, ModuleFacts
from agentweaver_lint.checks.validation.pyroutes import base_validates, make_site
from agentweaver_lint.checks.validation.pysite import PySite, route_converters

URL_FUNCS = frozenset({"path", "re_path", "url"})
_URL_CALL = re.compile(r"(?:re_path|path|url|register)\s*\(")


def _url_calls(text: str) -> Iterator[int]:
    """Offsets of what every call scan_urls records has: the call's last name as a whole
    word, then its parenthesis (``\\b(?:re_path|…)\\s*\\(``; a leading ``\\b`` makes the
    regex five times slower, so the word boundary is checked here)."""
    for match in _URL_CALL.finditer(text):
        start = match.start()
        if start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_"):
            yield start


def has_url_call(text: str) -> bool:
    return next(_url_calls(text), None) is not None


def _url_call_nodes(module: PyModule) -> Iterator[ast.AST]:
    """``ast.walk(module.tree)``'s nodes, in its order, of the top-level statements whose
    lines hold a URL call's text (all of them if ``\\r`` could shift the line count)."""
    text = "\n".join(module.lines)
    lines: set[int] = set()
    line, last = 1, 0
    for start in _url_calls(text):
        line += text.count("\n", last, start)
        last = start
        lines.add(line)
    if not lines:
        return
    every = "\r" in text  # a lone carriage return ends a line for the parser, not for us
    statements: deque[ast.AST] = deque(
        stmt
        for stmt in module.tree.body
        if every or not lines.isdisjoint(range(_first_line(stmt), _last_line(stmt) + 1))
    )
    while statements:  # breadth first, as ast.walk
        node = statements.popleft()
        statements.extend(ast.iter_child_nodes(node))
        yield node


def _first_line(stmt: ast.stmt) -> int:
    decorators: list[ast.expr] = getattr(stmt, "decorator_list", None) or []
    return min([stmt.lineno, *(d.lineno for d in decorators)])


def _last_line(stmt: ast.stmt) -> int:
    return stmt.end_lineno or stmt.lineno


DJANGO_METHODS = ("get", "post", "put", "patch", "delete")
DRF_ACTIONS = ("list", "create", "retrieve", "update", "partial_update", "destroy")
DRF_MARKERS = ("APIView", "ViewSet", "GenericAPIView", "ViewSetMixin", "rest_framework")
GENERIC_WORDS = ("Model", "List", "Retrieve", "Create", "Update", "Destroy", "Generic")
DJANGO_VIEW_BASES = frozenset(
    {
        "View",
        "TemplateView",
        "FormView",
        "CreateView",
        "UpdateView",
        "DeleteView",
        "ListView",
        "DetailView",
        "RedirectView",
        "ProcessFormView",
        "BaseFormView",
        "ArchiveIndexView",
    }
)
VIEW_FILE_NAMES = ("views", "api", "viewsets", "endpoints", "handlers")


@dataclass
class DjangoScan:
    routes: dict[int, str] = field(default_factory=dict)
    """id(FunctionDef or ClassDef) → route pattern from urls.py or a router."""
    routed_modules: dict[str, PyModule] = field(default_factory=dict)
    """Modules holding routed views (scanned even if they never name Django)."""
    sites: list[PySite] = field(default_factory=list)
    covered: dict[int, set[int]] = field(default_factory=dict)
    """id(ClassDef) → ids of the methods its sites already own as extra functions."""


def scan_urls(index: PyIndex, module: PyModule, scan: DjangoScan) -> None:
    """Record the route of every view that ``path()``/``re_path()``/``router.register`` names."""
    # Only statements whose text has a call of those names: a cheap test before the walk.
    for node in _url_call_nodes(module):
        if not isinstance(node, ast.Call):
            continue
        name = last_name(node.func)
        if name in URL_FUNCS and len(node.args) >= 2:
            route = node.args[0]
            view = node.args[1]
        elif name == "register" and isinstance(node.func, ast.Attribute) and len(node.args) >= 2:
            route, view = node.args[0], node.args[1]
        else:
            continue
        pattern = (
            route.value if isinstance(route, ast.Constant) and isinstance(route.value, str) else ""
        )
        view = _unwrap_view(view)
        dotted = dotted_name(view)
        found = index.resolve(module, dotted) if dotted else None
        if found is not None and found.node is not None and found.kind in ("function", "class"):
            scan.routes.setdefault(id(found.node), pattern)
            scan.routed_modules.setdefault(found.module.path, found.module)


def _unwrap_view(view: ast.expr) -> ast.expr:
    """``csrf_exempt(views.hook)``, ``login_required(Cls.as_view())`` → the view itself."""
    for _ in range(4):
        if not isinstance(view, ast.Call):
            break
        if last_name(view.func) == "as_view" and isinstance(view.func, ast.Attribute):
            return view.func.value
        if not view.args:
            break
        view = view.args[0]
    return view


def _is_view_module(module: PyModule) -> bool:
    return is_view_module_name(module.name)


def is_view_module_name(name: str) -> bool:
    last = name.split(".")[-1]
    parent = name.split(".")[-2] if "." in name else ""
    return last.startswith(VIEW_FILE_NAMES) or parent in VIEW_FILE_NAMES


def views_possible(index: FactIndex, names: ModuleFacts, text: str) -> bool:
    """Whether :func:`scan_urls` or :func:`scan_views` could find anything in this module,
    decided on facts (their tests, step for step); Unknown where facts run out."""
    if has_url_call(text):
        return True
    view_module = is_view_module_name(names.name)
    for name, (decorators, first) in names.functions.items():
        if "api_view" in decorators:
            return True
        if view_module and first == "request" and not name.startswith("_"):
            return True
    for cls in names.classes:
        bases = index.class_bases(names, cls)
        short = {b.split(".")[-1] for b in bases}
        joined = "\n".join(bases)  # one test per marker, not one per base and marker
        if any(marker in joined for marker in DRF_MARKERS):
            return True
        if short & DJANGO_VIEW_BASES and ("django" in joined or names.imports_from("django")):
            return True
    return False


def _decorator_names(func: FuncDef | ast.ClassDef) -> list[str]:
    return [last_name(d) for d in func.decorator_list]


def _api_view_methods(func: FuncDef) -> str:
    for deco in func.decorator_list:
        if isinstance(deco, ast.Call) and last_name(deco.func) == "api_view" and deco.args:
            arg = deco.args[0]
            if isinstance(arg, (ast.List, ast.Tuple)):
                return ",".join(str(e.value) for e in arg.elts if isinstance(e, ast.Constant))
    return "GET"


def _http_methods(func: FuncDef) -> str:
    for deco in func.decorator_list:
        name = last_name(deco)
        if name in ("require_POST", "require_GET", "require_safe"):
            return {"require_POST": "POST", "require_GET": "GET", "require_safe": "GET"}[name]
        if isinstance(deco, ast.Call) and name == "require_http_methods" and deco.args:
            arg = deco.args[0]
            if isinstance(arg, (ast.List, ast.Tuple)):
                return ",".join(str(e.value) for e in arg.elts if isinstance(e, ast.Constant))
    return "ANY"


def scan_views(index: PyIndex, flow: PyFlow, module: PyModule, scan: DjangoScan) -> None:
    """Function views and class-based views/viewsets of one module."""
    # Unreferenced functions of a views module count as views only when urls.py names none
    # of them (then the URLconf could not be resolved); otherwise they are helpers.
    routed = any(id(func) in scan.routes for func in module.functions.values())
    for func in module.functions.values():
        route = scan.routes.get(id(func))
        decorators = _decorator_names(func)
        params = [*func.args.posonlyargs, *func.args.args]
        if "api_view" in decorators:
            site = make_site("drf", module, func, _api_view_methods(func), route or "", flow)
        elif route is not None or (
            not routed
            and _is_view_module(module)
            and params
            and params[0].arg == "request"
            and not func.name.startswith("_")
        ):
            site = make_site("django", module, func, _http_methods(func), route or "", flow)
        else:
            continue
        scan.sites.append(site)
    for cls in module.classes.values():
        _scan_class(index, flow, module, cls, scan)


def _view_framework(
    index: PyIndex, module: PyModule, cls: ast.ClassDef
) -> tuple[str | None, set[str]]:
    """``drf``, ``django`` or None (not a view), with the short names of the class's bases."""
    bases = index.class_bases(module, cls)
    short = {b.split(".")[-1] for b in bases}
    joined = "\n".join(bases)  # one test per marker, not one per base and marker
    if any(marker in joined for marker in DRF_MARKERS):
        return "drf", short
    # A base named like a Django view is only Django's when Django is in sight.
    if short & DJANGO_VIEW_BASES and ("django" in joined or module.imports_from("django")):
        return "django", short
    return None, short


def _split_methods(cls: ast.ClassDef, methods: list[str]) -> tuple[list[FuncDef], list[FuncDef]]:
    """The class's handlers (verbs, actions, ``@action``) and its non-dunder helpers."""
    handlers: list[FuncDef] = []
    helpers: list[FuncDef] = []
    for stmt in cls.body:
        if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if stmt.name in methods or "action" in _decorator_names(stmt):
            handlers.append(stmt)
        elif not stmt.name.startswith("__"):
            helpers.append(stmt)
    return handlers, helpers


def _handler_site(
    framework: str,
    module: PyModule,
    func: FuncDef,
    route: str,
    flow: PyFlow,
    cls: ast.ClassDef,
    why: str | None,
    helpers: list[FuncDef],
) -> PySite:
    """One handler method, owning the reads of the helpers it calls on ``self``."""
    verb = _action_method(func) or (func.name.upper() if func.name in DJANGO_METHODS else func.name)
    site = make_site(framework, module, func, verb, route, flow, cls)
    site.validated_by = site.validated_by or why
    called = _self_attributes(func)
    site.extra_funcs = [h for h in helpers if h.name in called]
    return site


def _class_site(
    framework: str,
    module: PyModule,
    cls: ast.ClassDef,
    route: str,
    why: str | None,
    uncovered: list[FuncDef],
) -> PySite:
    """The class's actions are inherited (a generic view, a viewset): one entry for the
    class, owning the reads of its helper methods (get_queryset, perform_create…)."""
    funcs = uncovered or [_stub(cls)]
    site = PySite(framework, module, funcs[0], "ANY", route, cls.name, cls, why)
    site.extra_funcs = funcs[1:]
    site.path_converters = route_converters(route, "angle")
    return site


def _scan_class(
    index: PyIndex, flow: PyFlow, module: PyModule, cls: ast.ClassDef, scan: DjangoScan
) -> None:
    framework, short = _view_framework(index, module, cls)
    if framework is None:
        return
    route = scan.routes.get(id(cls), "")
    why = base_validates(index, flow, module, cls)
    methods = list(DJANGO_METHODS) + (list(DRF_ACTIONS) if framework == "drf" else [])
    handlers, helpers = _split_methods(cls, methods)
    sites = [_handler_site(framework, module, f, route, flow, cls, why, helpers) for f in handlers]
    scan.sites.extend(sites)
    covered = scan.covered.setdefault(id(cls), set())
    covered.update(id(h) for site in sites for h in site.extra_funcs)
    generic = any(word in name for name in short for word in GENERIC_WORDS)
    uncovered = [h for h in helpers if id(h) not in covered]
    if handlers and not (generic and uncovered):
        return
    site = _class_site(framework, module, cls, route, why, uncovered)
    covered.update(id(h) for h in site.extra_funcs)
    scan.sites.append(site)


def _stub(cls: ast.ClassDef) -> ast.FunctionDef:
    """A body-less stand-in so a viewset without methods still appears in the inventory."""
    func = ast.FunctionDef(
        name=cls.name,
        args=ast.arguments([], [], None, [], [], None, []),
        body=[ast.Pass()],
        decorator_list=[],
        returns=None,
    )
    func.lineno, func.col_offset = cls.lineno, cls.col_offset
    func.end_lineno, func.end_col_offset = cls.lineno, cls.col_offset
    return func


def _action_method(func: FuncDef) -> str:
    for deco in func.decorator_list:
        if isinstance(deco, ast.Call) and last_name(deco.func) == "action":
            for kw in deco.keywords:
                if kw.arg == "methods" and isinstance(kw.value, (ast.List, ast.Tuple)):
                    return ",".join(
                        str(e.value).upper() for e in kw.value.elts if isinstance(e, ast.Constant)
                    )
            return "GET"
    return ""


def _self_attributes(func: FuncDef) -> set[str]:
    """Every ``self.<name>`` the function mentions."""
    return {
        node.attr
        for node in ast.walk(func)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
    }
