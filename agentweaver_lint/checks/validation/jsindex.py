"""A repo-wide index of JavaScript/TypeScript modules: imports, exports, declarations.

Modules are parsed on demand, so a controller imported by a route file is parsed only
when a route names it.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from agentweaver_lint.checks.validation.jsparse import first_error, parse, string_value, text

if TYPE_CHECKING:
    from tree_sitter import Node

    from agentweaver_lint.workspace import SourceFile

PLAIN_DIRS = ("src/", "app/", "lib/", "server/")
ALIAS_PREFIXES = ("@/", "~/", "#/", "@src/", "@app/", *PLAIN_DIRS)
REEXPORT = "\0reexport:"
EXTENSIONS = (".ts", ".js", ".mjs", ".cjs", ".tsx", ".jsx", ".mts", ".cts")


@dataclass
class Import:
    source: str
    """The resolved repo path, or the bare specifier of a package."""
    name: str
    """``*`` (the whole module), ``default``, or an exported name."""


@dataclass
class JsModule:
    path: str
    language: str
    root: Any
    lines: list[str]
    imports: dict[str, Import] = field(default_factory=dict)
    declarations: dict[str, Any] = field(default_factory=dict)
    """Top-level name → the node it is bound to (function, class, or a value expression)."""
    exports: dict[str, Any] = field(default_factory=dict)
    """Exported name (``default`` for ``module.exports =``/``export default``) → node."""
    star_exports: list[str] = field(default_factory=list)
    """Paths re-exported wholesale (``export * from './x'``)."""

    def position(self, node: Node) -> tuple[int, int, int]:
        """(line, column, end column) of ``node``, 1-based code points."""
        from agentweaver_lint.checks.validation.jsparse import code_point_column

        row, byte_col = node.start_point
        line_text = self.lines[row] if row < len(self.lines) else ""
        column = code_point_column(line_text, byte_col)
        end_row, end_byte = node.end_point
        end = code_point_column(line_text, end_byte) if end_row == row else column
        return row + 1, column, end


def _require_source(node: Node | None) -> str | None:
    """``'./x'`` of ``require('./x')`` (also ``require('./x').y`` → via caller)."""
    if node is None or node.type != "call_expression":
        return None
    func = node.child_by_field_name("function")
    if func is None or text(func) != "require":
        return None
    args = node.child_by_field_name("arguments")
    first = args.named_children[0] if args is not None and args.named_children else None
    return string_value(first)


class JsIndex:
    """All JS/TS files of the workspace by path, parsed on demand."""

    def __init__(self, files: list[SourceFile]) -> None:
        self._files = {
            f.path: f for f in files if f.language in ("javascript", "typescript", "tsx")
        }
        self._modules: dict[str, JsModule | None] = {}
        self.parse_errors: list[tuple[str, int, int, str]] = []
        self._suffixes: dict[str, str] | None = None

    def paths(self) -> list[str]:
        return sorted(self._files)

    def file(self, path: str) -> SourceFile | None:
        return self._files.get(path)

    def load(self, path: str) -> JsModule | None:
        if path in self._modules:
            return self._modules[path]
        file = self._files.get(path)
        module = None
        if file is not None and file.language is not None:
            tree = parse(file.language, file.text.encode("utf-8"))
            module = JsModule(path, file.language, tree.root_node, file.lines)
            if tree.root_node.has_error:
                error = first_error(tree.root_node)
                line, column, _ = module.position(error) if error is not None else (1, 1, 1)
                self.parse_errors.append((path, line, column, file.language))
            _collect(self, module)
        self._modules[path] = module
        return module

    def resolve_path(self, importer: str, spec: str) -> str:
        """The repo path ``spec`` names from ``importer``, or ``spec`` itself (a package)."""
        if not spec.startswith("."):
            return self._alias(spec) or spec
        base = posixpath.normpath(posixpath.join(posixpath.dirname(importer), spec))
        return self._probe(base) or spec

    def _alias(self, spec: str) -> str | None:
        """``@/services/user``, ``~/lib/x``, ``src/routes``: tsconfig-style path aliases,
        matched by path suffix (tsconfig itself is not read)."""
        prefix = next((p for p in ALIAS_PREFIXES if spec.startswith(p)), None)
        if prefix is None:
            return None
        rest = spec if prefix in PLAIN_DIRS else spec[len(prefix) :]
        if self._suffixes is None:
            self._suffixes = {}
            for path in sorted(self._files, key=len):
                stem = path.rsplit(".", 1)[0]
                stem = stem[: -len("/index")] if stem.endswith("/index") else stem
                parts = stem.split("/")
                for i in range(len(parts)):
                    self._suffixes.setdefault("/".join(parts[i:]), path)
        return self._suffixes.get(rest.rstrip("/"))

    def _probe(self, base: str) -> str | None:
        stem = base
        for ext in EXTENSIONS:
            if base.endswith(ext):
                stem = base[: -len(ext)]
        candidates = [base] + [stem + ext for ext in EXTENSIONS]
        candidates += [f"{base}/index{ext}" for ext in EXTENSIONS]
        for candidate in candidates:
            if candidate in self._files:
                return candidate
        return None


def _collect(index: JsIndex, module: JsModule) -> None:
    for stmt in module.root.named_children:
        _collect_stmt(index, module, stmt)


def _collect_stmt(index: JsIndex, module: JsModule, stmt: Node) -> None:
    kind = stmt.type
    if kind == "import_statement":
        _collect_import(index, module, stmt)
    elif kind == "export_statement":
        _collect_export(index, module, stmt)
    elif kind in ("lexical_declaration", "variable_declaration"):
        _collect_declarators(index, module, stmt, exported=False)
    elif kind in (
        "function_declaration",
        "class_declaration",
        "generator_function_declaration",
        "abstract_class_declaration",
        "interface_declaration",
        "type_alias_declaration",
    ):
        name = stmt.child_by_field_name("name")
        if name is not None:
            module.declarations[text(name)] = stmt
    elif kind == "expression_statement" and stmt.named_children:
        _collect_assignment(module, stmt.named_children[0])


def _collect_import(index: JsIndex, module: JsModule, stmt: Node) -> None:
    spec = string_value(stmt.child_by_field_name("source")) or ""
    source = index.resolve_path(module.path, spec)
    for clause in stmt.named_children:
        if clause.type != "import_clause":
            continue
        for part in clause.named_children:
            if part.type == "identifier":
                module.imports[text(part)] = Import(source, "default")
            elif part.type == "namespace_import":
                for ident in part.named_children:
                    module.imports[text(ident)] = Import(source, "*")
            elif part.type == "named_imports":
                for spec_node in part.named_children:
                    name = text(spec_node.child_by_field_name("name"))
                    alias = spec_node.child_by_field_name("alias")
                    module.imports[text(alias) if alias is not None else name] = Import(
                        source, name
                    )


def _collect_declarators(index: JsIndex, module: JsModule, stmt: Node, exported: bool) -> None:
    for decl in stmt.named_children:
        if decl.type != "variable_declarator":
            continue
        name = decl.child_by_field_name("name")
        value = decl.child_by_field_name("value")
        if name is None:
            continue
        source = _require_source(value)
        if source is None and value is not None and value.type == "member_expression":
            inner = _require_source(value.child_by_field_name("object"))
            if inner is not None and name.type == "identifier":
                resolved = index.resolve_path(module.path, inner)
                prop = text(value.child_by_field_name("property"))
                module.imports[text(name)] = Import(resolved, prop)
                continue
        if source is not None:
            resolved = index.resolve_path(module.path, source)
            if name.type == "identifier":
                module.imports[text(name)] = Import(resolved, "*")
            elif name.type == "object_pattern":
                for item in name.named_children:
                    if item.type == "shorthand_property_identifier_pattern":
                        module.imports[text(item)] = Import(resolved, text(item))
                    elif item.type == "pair_pattern":
                        key = text(item.child_by_field_name("key"))
                        module.imports[text(item.child_by_field_name("value"))] = Import(
                            resolved, key
                        )
            continue
        if name.type == "identifier" and value is not None:
            module.declarations[text(name)] = value
            if exported:
                module.exports[text(name)] = value


def _collect_export(index: JsIndex, module: JsModule, stmt: Node) -> None:
    declaration = stmt.child_by_field_name("declaration")
    value = stmt.child_by_field_name("value")
    if declaration is not None:
        if declaration.type in ("lexical_declaration", "variable_declaration"):
            _collect_declarators(index, module, declaration, exported=True)
            return
        name = declaration.child_by_field_name("name")
        if name is not None:
            module.declarations[text(name)] = declaration
            module.exports[text(name)] = declaration
        if any(c.type == "default" for c in stmt.children):
            module.exports["default"] = declaration
        return
    if value is not None:
        module.exports["default"] = value
        return
    source = string_value(stmt.child_by_field_name("source"))
    resolved = index.resolve_path(module.path, source) if source is not None else None
    if resolved is not None and not any(c.type == "export_clause" for c in stmt.named_children):
        module.star_exports.append(resolved)  # export * from './x'
        return
    for clause in stmt.named_children:
        if clause.type == "export_clause":
            for spec in clause.named_children:
                exported = text(spec.child_by_field_name("name"))
                alias = spec.child_by_field_name("alias")
                public = text(alias) if alias is not None else exported
                if resolved is not None:
                    # export { a as b } from './x': a re-export, resolved through an import.
                    module.imports.setdefault(f"{REEXPORT}{public}", Import(resolved, exported))
                    module.exports[public] = spec
                else:
                    module.exports[public] = spec.child_by_field_name("name")


def _collect_assignment(module: JsModule, expr: Node) -> None:
    if expr.type != "assignment_expression":
        return
    left = expr.child_by_field_name("left")
    right = expr.child_by_field_name("right")
    if left is None or right is None:
        return
    target = text(left)
    if target == "module.exports":
        module.exports["default"] = right
        if right.type == "object":
            for prop in right.named_children:
                if prop.type == "shorthand_property_identifier":
                    module.exports.setdefault(text(prop), prop)
                elif prop.type in ("pair", "method_definition"):
                    key = prop.child_by_field_name("key") or prop.child_by_field_name("name")
                    value = prop.child_by_field_name("value") if prop.type == "pair" else prop
                    if key is not None and value is not None:
                        module.exports.setdefault(text(key), value)
    elif target.startswith(("module.exports.", "exports.")):
        module.exports[target.rsplit(".", 1)[1]] = right
