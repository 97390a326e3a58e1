"""The Python side of the inventory: FastAPI, Flask, Django and DRF handlers, judged."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from agentweaver_lint.checks.validation.guard import Problems
from agentweaver_lint.checks.validation.model import Handler
from agentweaver_lint.checks.validation.pydjango import (
    DjangoScan,
    scan_urls,
    scan_views,
    views_possible,
)
from agentweaver_lint.checks.validation.pyfastapi import fastapi_reads
from agentweaver_lint.checks.validation.pyflow import Judgement, PyFlow, make_read
from agentweaver_lint.checks.validation.pyindex import FuncDef, PyIndex, PyModule, dotted_name
from agentweaver_lint.checks.validation.pymodfacts import FactIndex, ModuleFacts, Unknown
from agentweaver_lint.checks.validation.pyroutes import RouteScan, scan_module, scan_view_classes
from agentweaver_lint.checks.validation.pysite import PySite, build_handler, find_reads, judge_reads
from agentweaver_lint.parts import Parts, part_key

if TYPE_CHECKING:
    from agentweaver_lint.workspace import SourceFile

KEYWORDS = ("fastapi", "flask", "django", "rest_framework")
FRAMEWORK_PACKAGES = {
    "fastapi": ("fastapi",),
    "flask": ("flask", "flask_restful", "flask_restx", "flask_smorest", "apiflask"),
    "django": ("django",),
    "drf": ("rest_framework",),
}


def detect(text: str) -> set[str]:
    """Frameworks a Python file mentions (a cheap prefilter on its text)."""
    return {word for word in KEYWORDS if word in text}


def python_handlers(
    files: list[SourceFile],
    sources: list[SourceFile],
    problems: Problems,
    facts: Mapping[str, Mapping[str, Any]] | None = None,
    parts: Parts | None = None,
) -> tuple[list[Handler], set[str]]:
    """Handlers in ``files`` (candidates), resolving names across ``sources`` (all Python).

    With the workers' ``facts``, a Django module they show to hold no view is not parsed.
    With ``parts``, a handler whose judgement read only unchanged modules is not judged again.
    """
    index = PyIndex(sources)
    flow = PyFlow(index)
    routes = RouteScan()
    django = DjangoScan()
    names = FactIndex(sources, facts) if facts else None
    loaded, detected = _load_candidates(index, files, names)
    for module, words in loaded:
        if words & {"fastapi", "flask"}:
            problems.run(module.path, scan_module, index, flow, module, routes)
        if words & {"django", "rest_framework"}:
            problems.run(module.path, scan_urls, index, module, django)
    scanned: set[str] = set()
    for module, words in loaded:
        if "flask" in words:
            problems.run(module.path, scan_view_classes, index, flow, module, routes)
        if words & {"django", "rest_framework"}:
            scanned.add(module.path)
            problems.run(module.path, scan_views, index, flow, module, django)
    for path, module in sorted(django.routed_modules.items()):
        if path not in scanned:  # views whose module imports only the project's own bases
            problems.run(path, scan_views, index, flow, module, django)
    _own_prefixes(index, routes)
    routes.apply_prefixes()
    for site in routes.sites:
        if site.framework == "flask" and not site.validated_by:
            key = routes.site_objects.get(id(site), "")
            site.validated_by = routes.validating_hooks.get(key) or (
                routes.app_hooks[0] if routes.app_hooks else None
            )
    handlers: list[Handler] = []
    seen: set[tuple[int, str]] = set()
    sites = [*routes.sites, *django.sites]
    known = Known(
        {id(site.func) for site in sites}, {_place(site.module, site.func) for site in sites}
    )
    for site in sites:
        if (id(site.func), site.method) in seen:
            continue
        seen.add((id(site.func), site.method))
        judged = problems.run(site.module.path, _judge_part, flow, site, known, parts)
        if judged is not None:
            handlers.append(judged)
    return handlers, detected


@dataclass(frozen=True)
class Known:
    """Every handler found, by node (this run) and by place (to check a cached judgement)."""

    ids: set[int]
    places: set[tuple[str, int, int]]


def _place(module: PyModule, func: FuncDef) -> tuple[str, int, int]:
    return (module.path, func.lineno, func.col_offset)


def _site_key(site: PySite) -> str:
    """Everything discovery gave the site; what its module and others hold is checked by
    the digests of the modules its judgement read."""
    return part_key(
        "python-handler 1",
        site.framework,
        site.module.path,
        site.qualname,
        site.method,
        site.route,
        [site.func.name, site.func.lineno, site.func.col_offset, site.func.end_lineno],
        [site.cls.name, site.cls.lineno] if site.cls is not None else None,
        site.validated_by,
        [[f.name, f.lineno, f.col_offset] for f in site.extra_funcs],
        sorted(site.path_converters.items()),
        site.unresolved,
    )


def _judge_part(flow: PyFlow, site: PySite, known: Known, parts: Parts | None) -> Handler:
    """The site's handler, judged, or from ``parts`` when nothing it read has changed and
    the functions it called are still (or still not) handlers themselves."""
    key = _site_key(site) if parts is not None else ""
    cached = parts.get(key) if parts is not None else None
    if isinstance(cached, dict) and isinstance(cached.get("members"), list):
        handler = Handler.from_cache(cached.get("handler"))
        still = all(
            isinstance(m, list) and len(m) == 4 and ((m[0], m[1], m[2]) in known.places) == m[3]
            for m in cached["members"]
        )
        if handler is not None and still:
            return handler
    flow.forget()
    read = flow.index.read = {site.module.path}
    members: list[list[Any]] = []
    try:
        handler = _judge(flow, site, known.ids, members)
    finally:
        flow.index.read = None
    if parts is not None:
        parts.put(key, read, {"handler": handler.to_cache(), "members": members})
    return handler


def _load_candidates(
    index: PyIndex, files: list[SourceFile], names: FactIndex | None
) -> tuple[list[tuple[PyModule, set[str]]], set[str]]:
    """Parse the files that mention a framework; note which frameworks they import."""
    detected: set[str] = set()
    loaded: list[tuple[PyModule, set[str]]] = []
    for file in files:
        words = detect(file.text)
        if not words:
            continue
        known = _without_views(names, file, words) if names is not None else None
        if known is not None:
            module: PyModule | ModuleFacts | None = known
        else:
            module = index.load(file)
            if module is not None:
                loaded.append((module, words))
        if module is None:
            continue
        for framework, packages in FRAMEWORK_PACKAGES.items():
            if module.imports_from(*packages):
                detected.add(framework)
    return loaded, detected


def _without_views(names: FactIndex, file: SourceFile, words: set[str]) -> ModuleFacts | None:
    """The module's names if its facts show it holds nothing to scan (no parse needed)."""
    if words & {"fastapi", "flask"}:
        return None
    try:
        module = names.names(file)
        if module is None or views_possible(names, module, file.text):
            return None
    # agentweaver: ignore[ERR003] -- facts ran out ("parse to know"): the module is parsed
    except Unknown:
        return None
    return module


def _judge(flow: PyFlow, site: PySite, handler_ids: set[int], members: list[list[Any]]) -> Handler:
    if site.framework == "fastapi":
        reads, unresolved = fastapi_reads(flow, site)
        return build_handler(flow, site, reads, unresolved)
    reads, unresolved = judge_reads(flow, site, site.func, find_reads(site, site.func))
    for helper in site.extra_funcs:
        more, missing = judge_reads(flow, site, helper, find_reads(site, helper, handler=False))
        reads.extend(more)
        unresolved.extend(missing)
    for helper_site, call in _helpers(flow, site, handler_ids, members):
        helper = helper_site.func
        more, missing = judge_reads(flow, helper_site, helper, find_reads(helper_site, helper))
        at = make_read(site.module.path, "", call, Judgement(False, ""), site.module.lines)
        for read in more:
            # Reported where the handler calls the helper, so the finding stays in the handler.
            read.source = f"{ast.unparse(call.func)}() → {read.source} ({read.path}:{read.line})"
            read.path, read.line, read.column, read.end_column = (
                at.path,
                at.line,
                at.column,
                at.end_column,
            )
        reads.extend(more)
        unresolved.extend(missing)
    return build_handler(flow, site, reads, unresolved)


def _helpers(
    flow: PyFlow, site: PySite, handler_ids: set[int], members: list[list[Any]]
) -> list[tuple[PySite, ast.Call]]:
    """Module-level functions the handler calls that read the request themselves
    (``data = get_payload()``): their reads belong to the handler. ``members`` gets each
    function asked about and whether it is a handler."""
    out: list[tuple[PySite, ast.Call]] = []
    seen: set[int] = set()
    for node in ast.walk(site.func):
        if not isinstance(node, ast.Call) or not isinstance(node.func, (ast.Name, ast.Attribute)):
            continue
        dotted = dotted_name(node.func)
        if not dotted or dotted.startswith("self."):
            continue
        found = flow.index.resolve(site.module, dotted)
        if (
            found is None
            or found.kind != "function"
            or not isinstance(found.node, (ast.FunctionDef, ast.AsyncFunctionDef))
        ):
            continue
        is_handler = id(found.node) in handler_ids
        members.append([*_place(found.module, found.node), is_handler])
        if is_handler or id(found.node) in seen:
            continue
        seen.add(id(found.node))
        helper = PySite(
            site.framework,
            found.module,
            found.node,
            site.method,
            site.route,
            found.name,
            None,
            site.validated_by,
        )
        out.append((helper, node))
    return out


def _own_prefixes(index: PyIndex, routes: RouteScan) -> None:
    """``APIRouter(prefix=…)``/``Blueprint(url_prefix=…)`` for objects never mounted."""
    for site in routes.sites:
        key = routes.site_objects.get(id(site), "")
        if not key or key in routes.prefixes:
            continue
        path, _, name = key.rpartition(":")
        module = next((m for m in index.loaded() if m.path == path), None)
        value = module.assigns.get(name) if module is not None else None
        if isinstance(value, ast.Call):
            for kw in value.keywords:
                if kw.arg in ("prefix", "url_prefix") and isinstance(kw.value, ast.Constant):
                    routes.prefixes[key] = str(kw.value.value)
