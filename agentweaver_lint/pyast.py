"""Walks over a Python AST that visit only what a check needs, and parent links built lazily.

``ast.walk`` visits every expression node; most checks look for statements (imports,
definitions, ``try``), which are about a tenth of a module's nodes.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping

_BODIES = ("body", "handlers", "orelse", "finalbody", "cases")


def statements(tree: ast.AST) -> Iterator[ast.stmt]:
    """Every statement under ``tree`` in source order, at any depth (functions, classes,
    branches, ``try`` and ``match`` bodies). Expressions are not entered: a statement never
    sits inside an expression."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.stmt):
            yield node
        children: list[ast.AST] = []
        for name in _BODIES:
            value = getattr(node, name, None)
            if value:
                children.extend(value)
        stack.extend(reversed(children))


class Parents(Mapping[ast.AST, ast.AST]):
    """Child → parent for every node under a root, built on first lookup: most functions a
    handler inventory walks read no request data, and never need it."""

    def __init__(self, root: ast.AST) -> None:
        self._root = root
        self._map: dict[ast.AST, ast.AST] | None = None

    def _built(self) -> dict[ast.AST, ast.AST]:
        if self._map is None:
            self._map = {}
            for node in ast.walk(self._root):
                for child in ast.iter_child_nodes(node):
                    self._map[child] = node
        return self._map

    def __getitem__(self, node: ast.AST) -> ast.AST:
        return self._built()[node]

    def __iter__(self) -> Iterator[ast.AST]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._built())


def parents_of(root: ast.AST) -> Parents:
    return Parents(root)
