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
    Resolved,
    Resolver,
    collect_names,
    dotted_name,
    last_name,
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
class ModuleFacts:
    """One module as its facts tell it."""

    path: str
    name: str
    is_package: bool
    imports: dict[str, str] = field(default_factory=dict)
    star_imports: list[str] = field(default_factory=list)
    functions: dict[str, list[Any]] = field(default_factory=dict)
    """Name → [decorator last names, first parameter]."""
    classes: dict[str, list[Any]] = field(default_factory=dict)
    """Name → [base dotted names, method names]."""
    assigns: frozenset[str] = frozenset()

    def imports_from(self, *packages: str) -> bool:
        return any(
            target == pkg or target.startswith(pkg + ".")
            for target in self.imports.values()
            for pkg in packages
        )


class FactIndex(Resolver[ModuleFacts]):
    """:class:`PyIndex`'s resolution over facts; :class:`Unknown` where they run out."""

    def __init__(self, files: list[SourceFile], facts: Mapping[str, Mapping[str, Any]]) -> None:
        super().__init__(files)
        self._facts = facts
        self._names: dict[str, ModuleFacts | None] = {}

    def names(self, file: SourceFile) -> ModuleFacts | None:
        """The module's names; None if it does not parse; Unknown without a fact."""
        name, is_package = module_name(file.path)
        if name not in self._names:
            fact = self._facts.get(file.path, {}).get(FACT)
            if fact is None:
                raise Unknown(file.path)
            self._names[name] = (
                None
                if fact.get("error")
                else ModuleFacts(
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

    def _method(self, found: Resolved[ModuleFacts], name: str) -> Resolved[ModuleFacts] | None:
        methods = found.module.classes[found.name][1]
        return Resolved(found.module, "function", name) if name in methods else None

    def _base_names(self, found: Resolved[ModuleFacts]) -> list[str]:
        return list(found.module.classes[found.name][0])

    def class_bases(self, module: ModuleFacts, cls: str) -> list[str]:
        """Dotted names of every base in the ancestry of the class ``cls``."""
        return self._bases(module, list(module.classes[cls][0]), 0)
