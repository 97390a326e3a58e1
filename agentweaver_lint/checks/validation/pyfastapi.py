"""FastAPI parameters: typed and Pydantic-modelled parameters are validated; ``dict``/``Any``
or unannotated ones, and ``await request.json()``, are raw."""

from __future__ import annotations

import ast

from agentweaver_lint.checks.validation.model import InputRead
from agentweaver_lint.checks.validation.pyflow import Judgement, PyFlow, make_read
from agentweaver_lint.checks.validation.pyindex import dotted_name, last_name
from agentweaver_lint.checks.validation.pysite import PySite, judge_reads, starlette_reads

NOT_INPUTS = frozenset(
    {
        "Request",
        "WebSocket",
        "Response",
        "BackgroundTasks",
        "HTTPConnection",
        "SecurityScopes",
        "StreamingResponse",
    }
)
RAW_TYPES = frozenset({"dict", "Dict", "Any", "object", "Mapping", "MutableMapping", "Json"})
DEPENDENCY_CALLS = frozenset({"Depends", "Security"})
CONSTRAINTS = frozenset({"regex", "pattern", "min_length", "max_length", "ge", "gt", "le", "lt"})


def _unwrap(annotation: ast.expr) -> tuple[ast.expr, list[ast.expr]]:
    """``Annotated[T, meta…]`` → (T, meta); otherwise (annotation, [])."""
    if isinstance(annotation, ast.Subscript) and last_name(annotation.value) == "Annotated":
        inner = annotation.slice
        if isinstance(inner, ast.Tuple) and inner.elts:
            return inner.elts[0], list(inner.elts[1:])
    return annotation, []


def is_raw_type(annotation: ast.expr) -> bool:
    """``dict``, ``Dict[str, Any]``, ``Any``, ``Optional[dict]``, ``list[dict]``…"""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            annotation = ast.parse(annotation.value, mode="eval").body
        except SyntaxError:
            return False
    if isinstance(annotation, ast.BinOp):  # X | None
        return is_raw_type(annotation.left) or is_raw_type(annotation.right)
    name = (
        last_name(annotation)
        if not isinstance(annotation, ast.Subscript)
        else last_name(annotation.value)
    )
    if isinstance(annotation, ast.Subscript):
        args = (
            annotation.slice.elts if isinstance(annotation.slice, ast.Tuple) else [annotation.slice]
        )
        if name in ("dict", "Dict", "Mapping", "MutableMapping"):
            return len(args) < 2 or is_raw_type(args[-1])
        if name in ("Optional", "Union", "list", "List", "Sequence", "set", "Set"):
            return any(is_raw_type(arg) for arg in args)
        return False
    return name in RAW_TYPES


def _params(func: ast.FunctionDef | ast.AsyncFunctionDef) -> list[tuple[ast.arg, ast.expr | None]]:
    args = func.args
    positional = [*args.posonlyargs, *args.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
    defaults += list(args.defaults)
    pairs = list(zip(positional, defaults, strict=True))
    pairs += list(zip(args.kwonlyargs, args.kw_defaults, strict=True))
    return [(arg, default) for arg, default in pairs if arg.arg not in ("self", "cls")]


def fastapi_reads(flow: PyFlow, site: PySite) -> tuple[list[InputRead], list[str]]:
    """Judge every parameter and every ``request.json()``-style read of a FastAPI handler."""
    reads: list[InputRead] = []
    request_params: set[str] = set()
    lines = site.module.lines
    path = site.module.path
    for arg, default in _params(site.func):
        annotation, meta = _unwrap(arg.annotation) if arg.annotation is not None else (None, [])
        markers = [*meta, *([default] if default is not None else [])]
        marker_names = {last_name(m) for m in markers if isinstance(m, ast.Call)} | {
            last_name(m) for m in markers
        }
        if annotation is not None and last_name(annotation) in NOT_INPUTS:
            if last_name(annotation) in ("Request", "WebSocket", "HTTPConnection"):
                request_params.add(arg.arg)
            continue
        if marker_names & DEPENDENCY_CALLS or _dependency_alias(flow, site, annotation):
            continue  # a dependency, not request input (its own parameters are typed)
        if annotation is None:
            verdict = Judgement(False, "unannotated parameter")
        elif is_raw_type(annotation):
            verdict = Judgement(False, f"parameter typed {ast.unparse(annotation)}")
        else:
            verdict = Judgement(True, f"typed {ast.unparse(annotation)}")
        source = f"parameter {ast.unparse(arg)}"
        reads.append(make_read(path, source, arg, verdict, lines))
        if arg.arg in site.path_converters:
            site.path_converters[arg.arg] = _typed_path(annotation, markers)
    raw_calls = starlette_reads(site.func, request_params)
    judged, unresolved = judge_reads(flow, site, site.func, raw_calls)
    return reads + judged, unresolved


def _dependency_alias(flow: PyFlow, site: PySite, annotation: ast.expr | None) -> bool:
    """``SessionDep`` where ``SessionDep = Annotated[Session, Depends(get_db)]``."""
    dotted = dotted_name(annotation) if annotation is not None else ""
    found = flow.index.resolve(site.module, dotted) if dotted else None
    if found is None or found.kind != "value" or not isinstance(found.node, ast.expr):
        return False
    _, meta = _unwrap(found.node)
    return any(isinstance(m, ast.Call) and last_name(m.func) in DEPENDENCY_CALLS for m in meta)


def _typed_path(annotation: ast.expr | None, markers: list[ast.expr]) -> bool:
    for marker in markers:
        if isinstance(marker, ast.Call) and any(kw.arg in CONSTRAINTS for kw in marker.keywords):
            return True
    if annotation is None:
        return False
    name = dotted_name(annotation) or last_name(annotation)
    return name.split(".")[-1] not in ("str", "Any")
