"""Imports of a source file: Python from the shared AST, JavaScript/TypeScript via tree-sitter."""

from __future__ import annotations

import ast
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from agentweaver_lint.checks.stack.catalogue import JS, MIGRATIONS, PY, TECHS, Tech
from agentweaver_lint.pyast import statements

JS_LANGUAGES = ("javascript", "typescript", "tsx")


@dataclass(frozen=True)
class Import:
    """One imported module (Python dotted name or npm specifier) at its place."""

    module: str
    line: int
    column: int
    end_column: int


def python_imports(tree: ast.Module) -> Iterator[Import]:
    """Absolute imports; ``from a import b`` yields ``a.b`` (submodules matter for Django)."""
    for node in statements(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(alias.name, node.lineno, node.col_offset + 1, _end(node))
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield Import(node.module, node.lineno, node.col_offset + 1, _end(node))
            for alias in node.names:
                if alias.name != "*":
                    yield Import(
                        f"{node.module}.{alias.name}", node.lineno, node.col_offset + 1, _end(node)
                    )


def _end(node: ast.stmt) -> int:
    if node.end_lineno == node.lineno and node.end_col_offset is not None:
        return node.end_col_offset + 1
    return node.col_offset + 1


@lru_cache(maxsize=4)
def _parser(language: str) -> Any:
    from tree_sitter import Language, Parser

    if language == "javascript":
        import tree_sitter_javascript as javascript

        return Parser(Language(javascript.language()))
    import tree_sitter_typescript as typescript

    grammar = typescript.language_tsx() if language == "tsx" else typescript.language_typescript()
    return Parser(Language(grammar))


@dataclass
class JsParse:
    imports: list[Import]
    error: tuple[int, int] | None
    """Line and column (code points) of the first syntax error, if any."""


def js_imports(text: str, language: str) -> JsParse:
    """``import … from 'x'``, ``export … from 'x'``, ``require('x')`` and ``import('x')``."""
    data = text.encode("utf-8", "surrogatepass")
    tree = _parser(language).parse(data)
    lines = data.split(b"\n")

    def position(point: Any) -> tuple[int, int]:
        row, byte = point
        prefix = lines[row][:byte] if row < len(lines) else b""
        return row + 1, len(prefix.decode("utf-8", "replace")) + 1

    found: list[Import] = []
    error: tuple[int, int] | None = None
    # Every import names one of these words, and an error is only where ``has_error`` says:
    # a subtree with neither is not entered (most of a bundle). The order is unchanged.
    marks = sorted(m.start() for m in _IMPORT_WORDS.finditer(data))
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if error is None and (node.type == "ERROR" or node.is_missing):
            error = position(node.start_point)
        source = _import_source(node)
        if source is not None:
            line, column = position(node.start_point)
            end_line, end_column = position(node.end_point)
            found.append(Import(source, line, column, end_column if end_line == line else column))
        stack.extend(
            child
            for child in reversed(node.children)
            if (error is None and child.has_error) or _marked(marks, child)
        )
    if error is None and tree.root_node.has_error:
        error = (1, 1)
    return JsParse(sorted(found, key=lambda i: (i.line, i.column)), error)


_IMPORT_WORDS = re.compile(rb"import|export|require")


def _marked(marks: list[int], node: Any) -> bool:
    """Whether one of the words starts inside the node."""
    index = bisect_left(marks, node.start_byte)
    return index < len(marks) and marks[index] < node.end_byte


def _string_value(node: Any) -> str | None:
    if node is None or node.type != "string":
        return None
    return "".join(
        child.text.decode("utf-8", "replace")
        for child in node.children
        if child.type == "string_fragment"
    )


def _import_source(node: Any) -> str | None:
    if node.type in ("import_statement", "export_statement"):
        return _string_value(node.child_by_field_name("source"))
    if node.type == "call_expression":
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        if function is None or arguments is None:
            return None
        if function.type == "import" or (
            function.type == "identifier" and function.text == b"require"
        ):
            named = [c for c in arguments.children if c.is_named]
            return _string_value(named[0]) if named else None
    return None


def npm_package(specifier: str) -> str | None:
    """``@nestjs/common/decorators`` → ``@nestjs/common``; relative and ``node:`` → None."""
    if not specifier or specifier.startswith((".", "/", "node:", "#", "~")):
        return None
    parts = specifier.split("/")
    if specifier.startswith("@"):
        return "/".join(parts[:2]).lower() if len(parts) >= 2 else None
    return parts[0].lower()


def techs_for(module: str, ecosystem: str, *, migration_file: bool) -> tuple[Tech, ...]:
    """The technologies an imported module belongs to (a project imports the same modules
    from many files: each is looked up once)."""
    return _techs_for(module, ecosystem, migration_file)


@lru_cache(maxsize=8192)
def _techs_for(module: str, ecosystem: str, migration_file: bool) -> tuple[Tech, ...]:
    out: list[Tech] = []
    for tech in TECHS:
        if tech.ecosystem != ecosystem:
            continue
        if ecosystem == JS and tech.category == MIGRATIONS and not migration_file:
            continue
        if ecosystem == PY:
            hit = any(module == m or module.startswith(m + ".") for m in tech.modules)
        else:
            hit = module in tech.modules
        if hit:
            out.append(tech)
    return tuple(out)
