"""Walks over a Python AST that visit only what a check needs.

``ast.walk`` visits every expression node; most checks look for statements (imports,
definitions, ``try``), which are about a tenth of a module's nodes.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

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
