"""A repo-wide index of Python modules: imports, top-level definitions, resolution.

Modules are parsed lazily (the shared tree of :class:`SourceFile`), so resolving a helper
in an imported module parses only that module.
"""

from __future__ import annotations

import ast
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

if TYPE_CHECKING:
    from agentweaver_lint.workspace import SourceFile

FuncDef = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass
class PyModule:
    """One parsed module and its top-level names."""

    path: str
    name: str
    tree: ast.Module
    is_package: bool = False
    lines: list[str] = field(default_factory=list)
    imports: dict[str, str] = field(default_factory=dict)
    """Local name → dotted target (``pkg.mod`` or ``pkg.mod.attr``)."""
    functions: dict[str, FuncDef] = field(default_factory=dict)
    classes: dict[str, ast.ClassDef] = field(default_factory=dict)
    assigns: dict[str, ast.expr] = field(default_factory=dict)
    star_imports: list[str] = field(default_factory=list)
    """Modules imported with ``from x import *`` (searched last)."""

    def imports_from(self, *packages: str) -> bool:
        return any(
            target == pkg or target.startswith(pkg + ".")
            for target in self.imports.values()
            for pkg in packages
        )


def module_name(path: str) -> tuple[str, bool]:
    parts = path[: -len(".py")].split("/") if path.endswith(".py") else path.split("/")
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join(parts), is_package


def _absolute(module: PyModule, level: int, target: str | None) -> str:
    if level == 0:
        return target or ""
    base = module.name.split(".")
    keep = len(base) - level + (1 if module.is_package else 0)
    parts = base[: max(0, keep)]
    if target:
        parts.append(target)
    return ".".join(parts)


def collect_names(module: PyModule) -> None:
    """Fill the module's imports and top-level definitions from its tree."""
    for node in module.tree.body:
        _collect_stmt(module, node)


def _collect_stmt(module: PyModule, node: ast.stmt) -> None:
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname:
                module.imports[alias.asname] = alias.name
            else:
                top = alias.name.split(".")[0]
                module.imports[top] = top
    elif isinstance(node, ast.ImportFrom):
        base = _absolute(module, node.level, node.module)
        for alias in node.names:
            if alias.name == "*":
                module.star_imports.append(base)
            else:
                module.imports[alias.asname or alias.name] = f"{base}.{alias.name}".lstrip(".")
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        module.functions[node.name] = node
    elif isinstance(node, ast.ClassDef):
        module.classes[node.name] = node
    elif isinstance(node, ast.Assign) and len(node.targets) == 1:
        if isinstance(node.targets[0], ast.Name):
            module.assigns[node.targets[0].id] = node.value
    elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
        module.assigns[node.target.id] = node.value
    elif isinstance(node, (ast.If, ast.Try)):
        for child in node.body:
            _collect_stmt(module, child)


def module_maps(
    files: list[SourceFile],
) -> tuple[dict[str, SourceFile], dict[str, list[str]]]:
    """Module name → file, and every dotted suffix of a name → the names ending so."""
    by_name: dict[str, SourceFile] = {}
    by_suffix: dict[str, list[str]] = {}
    for file in files:
        name, _ = module_name(file.path)
        by_name[name] = file
        parts = name.split(".")
        for i in range(len(parts)):
            by_suffix.setdefault(".".join(parts[i:]), []).append(name)
    return by_name, by_suffix


class Names(Protocol):
    """A module as name resolution sees it: its top-level names (parsed, or from facts)."""

    @property
    def path(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def imports(self) -> Mapping[str, str]: ...
    @property
    def star_imports(self) -> Sequence[str]: ...
    @property
    def functions(self) -> Mapping[str, Any]: ...
    @property
    def classes(self) -> Mapping[str, Any]: ...
    @property
    def assigns(self) -> Container[str]: ...


M = TypeVar("M", bound=Names)


@dataclass
class Resolved(Generic[M]):
    """What a name resolved to: a function, a class, an assigned value or a module."""

    module: M
    kind: str  # "function" | "class" | "value" | "module"
    name: str
    node: ast.AST | None = None


class Resolver(Generic[M]):
    """Name resolution across the repository's modules, whatever a module is made of: a parsed
    tree (:class:`PyIndex`) or the workers' facts (``FactIndex``). Both answer alike."""

    def __init__(self, files: list[SourceFile]) -> None:
        self._files, self._by_suffix = module_maps(files)
        self._bases_memo: dict[Any, tuple[Any, frozenset[str]]] = {}
        self.read: set[str] | None = None
        """When a set, the path of every module looked at is added to it (answers from
        memory add the modules they were worked out from)."""

    def names(self, file: SourceFile) -> M | None:
        """The module of ``file``; None if it does not parse."""
        raise NotImplementedError

    def _node(self, module: M, kind: str, name: str) -> ast.AST | None:
        """The definition's node, where the module has nodes."""
        return None

    def _method(self, found: Resolved[M], name: str) -> Resolved[M] | None:
        """The method ``name`` of the class ``found``."""
        raise NotImplementedError

    def _base_names(self, found: Resolved[M]) -> list[str]:
        """The dotted names of the bases of the class ``found``."""
        raise NotImplementedError

    def module(self, dotted: str) -> M | None:
        """The module named ``dotted`` (exact, else a unique-ish suffix match)."""
        name = dotted if dotted in self._files else None
        if name is None:
            candidates = sorted(self._by_suffix.get(dotted, []), key=len)
            name = candidates[0] if candidates else None
        if name is None:
            return None
        return self.names(self._files[name])

    def resolve(self, module: M, dotted: str, depth: int = 0) -> Resolved[M] | None:
        """Resolve ``a.b.c`` as seen from ``module`` to its definition in the repository."""
        if depth > 6 or not dotted:
            return None
        head, _, rest = dotted.partition(".")
        found = self._local(module, head, depth)
        for part in [p for p in rest.split(".") if p]:
            if found is None:
                return None
            found = self._member(found, part, depth)
        return found

    def _found(self, module: M, kind: str, name: str) -> Resolved[M]:
        return Resolved(module, kind, name, self._node(module, kind, name))

    def _local(self, module: M, name: str, depth: int) -> Resolved[M] | None:
        if depth > 8:
            return None
        if name in module.functions:
            return self._found(module, "function", name)
        if name in module.classes:
            return self._found(module, "class", name)
        if name in module.assigns:
            return self._found(module, "value", name)
        target = module.imports.get(name)
        if target is None:
            for star in module.star_imports:
                owner = self.module(star)
                if owner is not None and owner is not module:
                    found = self._local(owner, name, depth + 1)
                    if found is not None:
                        return found
            return None
        sub = self.module(target)
        if sub is not None:
            return Resolved(sub, "module", sub.name)
        parent, _, attr = target.rpartition(".")
        owner = self.module(parent) if parent else None
        if owner is None or owner is module:
            return None
        return self._local(owner, attr, depth + 1)

    def _member(self, found: Resolved[M], name: str, depth: int) -> Resolved[M] | None:
        if found.kind == "module":
            sub = self.module(f"{found.module.name}.{name}")
            if sub is not None:
                return Resolved(sub, "module", sub.name)
            return self._local(found.module, name, depth + 1)
        if found.kind == "class":
            return self._method(found, name)
        return None

    def remembered(
        self, memo: dict[Any, tuple[Any, frozenset[str]]], key: Any, compute: Any
    ) -> Any:
        """``compute()``, once per ``key`` of ``memo``. The modules it looked at are kept with
        the answer and added to :attr:`read` whenever the answer is given, so what a recorded
        judgement depends on does not depend on whether the answer was already known."""
        entry = memo.get(key)
        if entry is not None:
            if self.read is not None:
                self.read |= entry[1]
            return entry[0]
        outer = self.read
        inner: set[str] = set()
        self.read = inner
        try:
            value = compute()
        finally:
            self.read = outer
            if outer is not None:
                outer |= inner
        memo[key] = (value, frozenset(inner))
        return value

    def _bases(self, module: M, bases: list[str], depth: int) -> list[str]:
        """Dotted names of every base in the ancestry of a class with ``bases``."""
        key = (id(module), tuple(bases), depth)
        names = self.remembered(
            self._bases_memo, key, lambda: self._ancestor_names(module, bases, depth)
        )
        return list(names)

    def _ancestor_names(self, module: M, bases: list[str], depth: int) -> list[str]:
        names: list[str] = []
        if depth > 8:
            return names
        for dotted in bases:
            if not dotted:
                continue
            names.append(dotted)
            target = module.imports.get(dotted.split(".")[0])
            if target:
                names.append(target + dotted[len(dotted.split(".")[0]) :])
            found = self.resolve(module, dotted)
            if found and found.kind == "class":
                names.extend(self._bases(found.module, self._base_names(found), depth + 1))
        return names


class PyIndex(Resolver[PyModule]):
    """All Python source files of the workspace, parsed on demand."""

    def __init__(self, files: list[SourceFile]) -> None:
        super().__init__(files)
        self._modules: dict[str, PyModule | None] = {}
        self._ancestry_memo: dict[Any, tuple[Any, frozenset[str]]] = {}

    def load(self, file: SourceFile) -> PyModule | None:
        if self.read is not None:
            self.read.add(file.path)
        name, is_package = module_name(file.path)
        if name in self._modules:
            return self._modules[name]
        tree = file.python_tree
        module = None
        if tree is not None:
            module = PyModule(file.path, name, tree, is_package, file.lines)
            collect_names(module)
        self._modules[name] = module
        return module

    def names(self, file: SourceFile) -> PyModule | None:
        return self.load(file)

    def loaded(self) -> list[PyModule]:
        return [m for m in self._modules.values() if m is not None]

    def _node(self, module: PyModule, kind: str, name: str) -> ast.AST | None:
        if kind == "function":
            return module.functions.get(name)
        if kind == "class":
            return module.classes.get(name)
        return module.assigns.get(name) if kind == "value" else None

    def _method(self, found: Resolved[PyModule], name: str) -> Resolved[PyModule] | None:
        if isinstance(found.node, ast.ClassDef):
            for stmt in found.node.body:
                if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == name:
                    return Resolved(found.module, "function", name, stmt)
        return None

    def _base_names(self, found: Resolved[PyModule]) -> list[str]:
        node = found.node
        return [dotted_name(b) for b in node.bases] if isinstance(node, ast.ClassDef) else []

    def class_bases(self, module: PyModule, cls: ast.ClassDef) -> list[str]:
        """Dotted names of every base in the class's ancestry (repo classes followed)."""
        return self._bases(module, [dotted_name(b) for b in cls.bases], 0)

    def ancestry(
        self, module: PyModule, cls: ast.ClassDef, depth: int = 0
    ) -> list[tuple[PyModule, ast.ClassDef]]:
        """The repo classes this class derives from (itself excluded), nearest first."""
        found = self.remembered(
            self._ancestry_memo, (id(cls), depth), lambda: self._ancestry(module, cls, depth)
        )
        return list(found)

    def _ancestry(
        self, module: PyModule, cls: ast.ClassDef, depth: int
    ) -> list[tuple[PyModule, ast.ClassDef]]:
        out: list[tuple[PyModule, ast.ClassDef]] = []
        if depth > 8:
            return out
        for base in cls.bases:
            dotted = dotted_name(base)
            found = self.resolve(module, dotted) if dotted else None
            if found and found.kind == "class" and isinstance(found.node, ast.ClassDef):
                out.append((found.module, found.node))
                out.extend(self.ancestry(found.module, found.node, depth + 1))
        return out


def dotted_name(node: ast.AST) -> str:
    """``a.b.c`` for a Name/Attribute chain (subscripts and calls unwrapped), else ``""``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = dotted_name(node.value)
        return f"{inner}.{node.attr}" if inner else ""
    if isinstance(node, ast.Subscript):
        return dotted_name(node.value)
    return ""


def last_name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call):
        return last_name(node.func)
    return ""
