"""A module's top-level names as file facts, and the question they answer without parsing:
can this Django module hold a view?

The workers leave each module's imports, top-level functions (decorators, first parameter) and
classes (bases, methods) as a fact. Name resolution over those facts follows
:class:`~agentweaver_lint.checks.validation.pyindex.PyIndex` step for step, so a module the
facts clear — no class deriving from a view, no function a view, no URL call — is one the
inventory would scan and find nothing in; it is not parsed. When facts are missing (a cold
run: the workers are still at work) or a name leads to a module without facts, the module is
parsed as before.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from agentweaver_lint.checks.base import FileCheck, FileContext
from agentweaver_lint.checks.validation.pyindex import (
    PyModule,
    collect_names,
    dotted_name,
    last_name,
    module_maps,
    module_name,
)

if TYPE_CHECKING:
    from agentweaver_lint.settings import Settings
    from agentweaver_lint.workspace import SourceFile

FACT = "VAL.module"
SKIP_ROLES = frozenset({"test", "migration"})


class Unknown(Exception):
    """The facts cannot answer; the module must be parsed."""


def module_fact(module: PyModule) -> dict[str, Any]:
    functions = {}
    for name, func in module.functions.items():
        params = [*func.args.posonlyargs, *func.args.args]
        functions[name] = [
            [last_name(d) for d in func.decorator_list],
            params[0].arg if params else "",
        ]
    classes = {}
    for name, cls in module.classes.items():
        methods = [
            s.name for s in cls.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))
        ]
        classes[name] = [[dotted_name(b) for b in cls.bases], methods]
    return {
        "imports": dict(module.imports),
        "star_imports": list(module.star_imports),
        "functions": functions,
        "classes": classes,
        "assigns": sorted(module.assigns),
    }


class ModuleNames(FileCheck):
    """Leave a Python module's top-level names for the VAL repository check."""

    codes: ClassVar[tuple[str, ...]] = ("VAL001", "VAL002")
    facts_only: ClassVar[bool] = True

    def wants(self, file: SourceFile, settings: Settings) -> bool:
        return (
            file.language == "python" and file.path.endswith(".py") and not file.roles & SKIP_ROLES
        )

    def run(self, ctx: FileContext) -> None:
        tree = ctx.file.python_tree
        if tree is None:
            ctx.fact(FACT, {"error": True})
            return
        name, is_package = module_name(ctx.file.path)
        module = PyModule(ctx.file.path, name, tree, is_package)
        collect_names(module)
        ctx.fact(FACT, module_fact(module))


@dataclass
class Names:
    """One module as its facts tell it."""

    path: str
    name: str
    is_package: bool
    imports: dict[str, str] = field(default_factory=dict)
    star_imports: list[str] = field(default_factory=list)
    functions: dict[str, list[Any]] = field(default_factory=dict)
    classes: dict[str, list[Any]] = field(default_factory=dict)
    assigns: frozenset[str] = frozenset()

    def imports_from(self, *packages: str) -> bool:
        return any(
            target == pkg or target.startswith(pkg + ".")
            for target in self.imports.values()
            for pkg in packages
        )


@dataclass(frozen=True)
class Found:
    names: Names
    kind: str  # "function" | "class" | "value" | "module"
    name: str


class FactIndex:
    """:class:`PyIndex`'s resolution over facts; :class:`Unknown` where they run out."""

    def __init__(self, files: list[SourceFile], facts: Mapping[str, Mapping[str, Any]]) -> None:
        self._files, self._by_suffix = module_maps(files)
        self._facts = facts
        self._names: dict[str, Names | None] = {}

    def names(self, file: SourceFile) -> Names | None:
        """The module's names; None if it does not parse; Unknown without a fact."""
        name, is_package = module_name(file.path)
        if name not in self._names:
            fact = self._facts.get(file.path, {}).get(FACT)
            if fact is None:
                raise Unknown(file.path)
            self._names[name] = (
                None
                if fact.get("error")
                else Names(
                    file.path,
                    name,
                    is_package,
                    dict(fact["imports"]),
                    list(fact["star_imports"]),
                    dict(fact["functions"]),
                    dict(fact["classes"]),
                    frozenset(fact["assigns"]),
                )
            )
        return self._names[name]

    def module(self, dotted: str) -> Names | None:
        name = dotted if dotted in self._files else None
        if name is None:
            candidates = sorted(self._by_suffix.get(dotted, []), key=len)
            name = candidates[0] if candidates else None
        if name is None:
            return None
        return self.names(self._files[name])

    def resolve(self, names: Names, dotted: str, depth: int = 0) -> Found | None:
        if depth > 6 or not dotted:
            return None
        head, _, rest = dotted.partition(".")
        found = self._local(names, head, depth)
        for part in [p for p in rest.split(".") if p]:
            if found is None:
                return None
            found = self._member(found, part, depth)
        return found

    def _local(self, names: Names, name: str, depth: int) -> Found | None:
        if depth > 8:
            return None
        if name in names.functions:
            return Found(names, "function", name)
        if name in names.classes:
            return Found(names, "class", name)
        if name in names.assigns:
            return Found(names, "value", name)
        target = names.imports.get(name)
        if target is None:
            for star in names.star_imports:
                owner = self.module(star)
                if owner is not None and owner is not names:
                    found = self._local(owner, name, depth + 1)
                    if found is not None:
                        return found
            return None
        sub = self.module(target)
        if sub is not None:
            return Found(sub, "module", sub.name)
        parent, _, attr = target.rpartition(".")
        owner = self.module(parent) if parent else None
        if owner is None or owner is names:
            return None
        return self._local(owner, attr, depth + 1)

    def _member(self, found: Found, name: str, depth: int) -> Found | None:
        if found.kind == "module":
            sub = self.module(f"{found.names.name}.{name}")
            if sub is not None:
                return Found(sub, "module", sub.name)
            return self._local(found.names, name, depth + 1)
        if found.kind == "class" and name in found.names.classes[found.name][1]:
            return Found(found.names, "function", name)
        return None

    def class_bases(self, names: Names, cls: str, depth: int = 0) -> list[str]:
        out: list[str] = []
        if depth > 8:
            return out
        for dotted in names.classes[cls][0]:
            if not dotted:
                continue
            out.append(dotted)
            target = names.imports.get(dotted.split(".")[0])
            if target:
                out.append(target + dotted[len(dotted.split(".")[0]) :])
            found = self.resolve(names, dotted)
            if found and found.kind == "class":
                out.extend(self.class_bases(found.names, found.name, depth + 1))
        return out
