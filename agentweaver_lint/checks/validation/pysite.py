"""Turn a discovered Python handler (a site) into an inventory entry with judged reads."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from agentweaver_lint.checks.validation.model import Handler, InputRead, PathParam
from agentweaver_lint.checks.validation.pyflow import Judgement, PyFlow, make_read
from agentweaver_lint.checks.validation.pyindex import FuncDef, PyModule
from agentweaver_lint.checks.validation.pyvocab import DJANGO_ATTRS, FLASK_ATTRS
from agentweaver_lint.pyast import parents_of

STARLETTE_CALLS = frozenset({"json", "form", "body", "stream"})
STARLETTE_ATTRS = frozenset({"query_params"})
_SOURCE_LIMIT = 80


@dataclass
class PySite:
    """A handler found in Python code, before its reads are judged."""

    framework: str
    module: PyModule
    func: FuncDef
    method: str
    route: str
    qualname: str
    cls: ast.ClassDef | None = None
    validated_by: str | None = None
    """A reason every read is validated (decorator, hook, base class), if any."""
    extra_funcs: list[FuncDef] = field(default_factory=list)
    """Other methods whose reads belong to this handler (``get_queryset`` of a viewset)."""
    path_converters: dict[str, bool] = field(default_factory=dict)
    """Path parameter name → typed by a converter or constraint."""
    unresolved: list[str] = field(default_factory=list)


def request_names(module: PyModule) -> set[str]:
    """Local names bound to ``flask.request``."""
    return {local for local, target in module.imports.items() if target == "flask.request"}


def _restx_objects(module: PyModule) -> set[str]:
    """Names of flask-restx/restplus ``Api``/``Namespace`` objects (their ``.payload`` is raw)."""
    if not module.imports_from("flask_restx", "flask_restplus"):
        return set()
    names = {"api", "ns"}
    for name, value in module.assigns.items():
        if isinstance(value, ast.Call) and isinstance(value.func, (ast.Name, ast.Attribute)):
            called = value.func.id if isinstance(value.func, ast.Name) else value.func.attr
            if called in ("Api", "Namespace"):
                names.add(name)
    return names


def _source(node: ast.AST) -> str:
    text = ast.unparse(node)
    return text if len(text) <= _SOURCE_LIMIT else text[: _SOURCE_LIMIT - 1] + "…"


def _first_param(func: FuncDef, is_method: bool) -> str | None:
    params = [*func.args.posonlyargs, *func.args.args]
    index = 1 if is_method else 0
    return params[index].arg if len(params) > index else None


def _read_node(node: ast.Attribute, parents: Mapping[ast.AST, ast.AST]) -> ast.AST:
    parent = parents.get(node)
    if isinstance(parent, ast.Call) and parent.func is node:
        return parent
    return node


def display_node(node: ast.AST, parents: Mapping[ast.AST, ast.AST]) -> ast.AST:
    """``request.args.get('q')`` rather than ``request.args`` for the message."""
    parent = parents.get(node)
    if isinstance(parent, ast.Attribute) and parent.attr in ("get", "getlist", "to_dict"):
        call = parents.get(parent)
        if isinstance(call, ast.Call) and call.func is parent:
            return call
    if isinstance(parent, ast.Subscript) and parent.value is node:
        return parent
    return node


def _is_name_attr(node: ast.expr, attr: str, owner: str) -> bool:
    """Is ``node`` exactly ``owner.attr`` (``flask.request``, ``self.request``)?"""
    return (
        isinstance(node, ast.Attribute)
        and node.attr == attr
        and isinstance(node.value, ast.Name)
        and node.value.id == owner
    )


def _loaded_attributes(func: FuncDef) -> Iterator[ast.Attribute]:
    """Attribute reads in ``func``; stores (``request.x = …``) are not input."""
    for node in ast.walk(func):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            yield node


def _flask_reads(
    module: PyModule, func: FuncDef, parents: Mapping[ast.AST, ast.AST]
) -> list[ast.AST]:
    """``request.args``/``request.json``… and flask-restx ``api.payload``."""
    flask_names = request_names(module)
    restx_names = _restx_objects(module)
    reads: list[ast.AST] = []
    for node in _loaded_attributes(func):
        base = node.value
        is_req = (isinstance(base, ast.Name) and base.id in flask_names) or _is_name_attr(
            base, "request", "flask"
        )
        if is_req and node.attr in FLASK_ATTRS:
            reads.append(_read_node(node, parents))
        elif node.attr == "payload" and isinstance(base, ast.Name) and base.id in restx_names:
            reads.append(node)
    return reads


def _django_request_param(site: PySite, func: FuncDef, handler: bool) -> str | None:
    """The parameter holding the request, if the handler's first one is named like it."""
    if not handler:
        return None
    param = _first_param(func, site.cls is not None)
    if param is not None and "request" not in param and param not in ("req", "r"):
        return None
    return param


def _django_reads(func: FuncDef, req_param: str | None) -> list[ast.AST]:
    """``request.GET``/``request.data``… through the request parameter or ``self.request``."""
    reads: list[ast.AST] = []
    for node in _loaded_attributes(func):
        base = node.value
        is_req = (isinstance(base, ast.Name) and base.id == req_param) or _is_name_attr(
            base, "request", "self"
        )
        if is_req and node.attr in DJANGO_ATTRS:
            reads.append(node)
    return reads


def find_reads(site: PySite, func: FuncDef, handler: bool = True) -> list[ast.AST]:
    """Raw reads of request input in ``func`` (not yet judged).

    ``handler`` is False for helper methods of a view class, whose parameters are not the
    request (only ``self.request`` is).
    """
    parents = parents_of(func)
    reads: list[ast.AST] = []
    if site.framework == "flask":
        reads = _flask_reads(site.module, func, parents)
    elif site.framework in ("django", "drf"):
        reads = _django_reads(func, _django_request_param(site, func, handler))
    return [read for read in reads if not _presence_check(read, parents)]


def _presence_check(read: ast.AST, parents: Mapping[ast.AST, ast.AST]) -> bool:
    """``'file' in request.files``, ``if not request.json:``: the handler asks whether input
    is there; it does not use it."""
    parent = parents.get(read)
    if isinstance(parent, ast.Compare) and any(c is read for c in parent.comparators):
        return all(isinstance(op, (ast.In, ast.NotIn)) for op in parent.ops)
    if isinstance(parent, ast.UnaryOp) and isinstance(parent.op, ast.Not):
        return True
    node = read
    if isinstance(parent, ast.BoolOp):
        node, parent = parent, parents.get(parent)
    return isinstance(parent, (ast.If, ast.While, ast.IfExp)) and parent.test is node


def starlette_reads(func: FuncDef, request_params: set[str]) -> list[ast.AST]:
    parents = parents_of(func)
    reads: list[ast.AST] = []
    for node in ast.walk(func):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id not in request_params:
                continue
            parent = parents.get(node)
            if (
                node.attr in STARLETTE_CALLS
                and isinstance(parent, ast.Call)
                and parent.func is node
            ):
                reads.append(parent)
            elif node.attr in STARLETTE_ATTRS:
                reads.append(node)
    return reads


def judge_reads(
    flow: PyFlow, site: PySite, func: FuncDef, reads: list[ast.AST]
) -> tuple[list[InputRead], list[str]]:
    parents = parents_of(func)
    lines = site.module.lines
    out: list[InputRead] = []
    unresolved: list[str] = []
    for read in sorted(reads, key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0))):
        if site.validated_by:
            verdict = Judgement(True, site.validated_by)
        else:
            verdict = flow.judge(site.module, func, read, parents)
        unresolved.extend(verdict.unresolved)
        shown = _source(display_node(read, parents))
        out.append(make_read(site.module.path, shown, read, verdict, lines))
    return out, unresolved


def build_handler(
    flow: PyFlow, site: PySite, reads: list[InputRead], unresolved: list[str]
) -> Handler:
    handler = Handler(
        framework=site.framework,
        method=site.method,
        route=site.route,
        qualname=site.qualname,
        path=site.module.path,
        line=site.cls.lineno
        if site.cls is not None and site.qualname == site.cls.name
        else (site.func.lineno),
        inputs=reads,
        unresolved=sorted(set(site.unresolved + unresolved)),
    )
    handler.path_params = path_params(site)
    if site.framework != "fastapi":
        for param in handler.path_params:
            how = "path converter" if param.typed else "path parameter (string)"
            handler.inputs.append(
                InputRead(
                    f"path parameter {param.name}",
                    site.module.path,
                    param.line,
                    param.column,
                    param.end_column,
                    True,
                    how,
                )
            )
        if site.validated_by and site.validated_by.startswith("decorator") and not handler.inputs:
            line = site.func.lineno
            handler.inputs.append(
                InputRead(site.validated_by, site.module.path, line, 1, 1, True, site.validated_by)
            )
    return handler


def path_params(site: PySite) -> list[PathParam]:
    """Untyped string path parameters and whether the handler uses them as lookup keys."""
    out: list[PathParam] = []
    params = {
        a.arg: a
        for a in [*site.func.args.posonlyargs, *site.func.args.args, *site.func.args.kwonlyargs]
    }
    for name, typed in site.path_converters.items():
        arg = params.get(name)
        if arg is None:
            continue
        used = _used_as_key(site.func, name)
        col = arg.col_offset + 1
        out.append(PathParam(name, typed, arg.lineno, col, col + len(name), used))
    return out


def _used_as_key(func: FuncDef, name: str) -> bool:
    for node in ast.walk(func):
        if isinstance(node, ast.Call):
            args = [*node.args, *(kw.value for kw in node.keywords)]
            if any(isinstance(a, ast.Name) and a.id == name for a in args):
                return True
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.slice, ast.Name)
            and node.slice.id == name
        ):
            return True
        if isinstance(node, ast.Compare) and any(
            isinstance(c, ast.Name) and c.id == name for c in node.comparators
        ):
            return True
    return False


_FLASK_PARAM = re.compile(r"<(?:([a-zA-Z_]+)(?:\([^)]*\))?:)?([a-zA-Z_][a-zA-Z0-9_]*)>")
_BRACE_PARAM = re.compile(r"{([a-zA-Z_][a-zA-Z0-9_]*)(?::([a-zA-Z_]+))?}")
_REGEX_GROUP = re.compile(r"\(\?P<([a-zA-Z_][a-zA-Z0-9_]*)>")


def route_converters(route: str, style: str) -> dict[str, bool]:
    """Path parameters of a route pattern (not code: a URL template) → typed?"""
    found: dict[str, bool] = {}
    if style == "brace":
        for match in _BRACE_PARAM.finditer(route):
            found[match.group(1)] = bool(match.group(2))
        return found
    for match in _FLASK_PARAM.finditer(route):
        converter = match.group(1)
        found[match.group(2)] = bool(converter) and converter not in ("string", "str")
    for match in _REGEX_GROUP.finditer(route):
        found[match.group(1)] = True
    return found
