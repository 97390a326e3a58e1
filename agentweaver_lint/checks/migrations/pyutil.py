"""Small helpers over the shared Python AST (never importing the module)."""

from __future__ import annotations

import ast

_LOG_ROOTS = {"print", "logger", "log", "logging", "warnings", "LOGGER", "LOG", "_logger"}


def dotted(node: ast.AST) -> str:
    """``op.create_table`` for an attribute chain, ``""`` for anything else."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    if isinstance(node, ast.Call):
        inner = dotted(node.func)
        return ".".join([inner + "()", *reversed(parts)]) if inner else ""
    return ""


def last_name(node: ast.AST) -> str:
    name = dotted(node)
    return name.rsplit(".", 1)[-1] if name else ""


def is_trivial_statement(stmt: ast.stmt) -> bool:
    """``pass``, ``...``, a docstring, a bare ``return``, a log or print call."""
    if isinstance(stmt, ast.Pass):
        return True
    if isinstance(stmt, ast.Expr):
        if isinstance(stmt.value, ast.Constant):
            return True
        if isinstance(stmt.value, ast.Call):
            root = dotted(stmt.value.func).split(".")[0]
            return root in _LOG_ROOTS
        return False
    if isinstance(stmt, ast.Return):
        return stmt.value is None or (
            isinstance(stmt.value, ast.Constant) and stmt.value.value in (None, True, False)
        )
    return False


def body_kind(body: list[ast.stmt]) -> str:
    """``"empty"`` (only trivial statements), ``"raises"`` (only raises) or ``"code"``."""
    effective = [stmt for stmt in body if not is_trivial_statement(stmt)]
    if not effective:
        return "empty"
    if all(isinstance(stmt, ast.Raise) for stmt in effective):
        return "raises"
    return "code"


def module_functions(tree: ast.Module) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    return {
        node.name: node
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    }


def module_strings(tree: ast.Module) -> dict[str, str]:
    """Module-level ``NAME = "..."`` constants (for SQL kept in variables)."""
    out: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name):
            text = literal_text(value, out)
            if text is not None:
                out[target.id] = text
    return out


def literal_text(node: ast.AST | None, names: dict[str, str]) -> str | None:
    """The text of a string literal, a known constant, ``text("…")``, or a concatenation."""
    if node is None:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = literal_text(node.left, names), literal_text(node.right, names)
        return left + right if left is not None and right is not None else None
    if (
        isinstance(node, ast.Call)
        and last_name(node.func) in ("text", "dedent", "strip")
        and (node.args)
    ):
        return literal_text(node.args[0], names)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and (node.func.attr in ("strip", "format") and not node.args)
    ):
        return literal_text(node.func.value, names)
    if isinstance(node, ast.JoinedStr):
        return "".join(str(v.value) if isinstance(v, ast.Constant) else "x" for v in node.values)
    return None


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return None


def argument(call: ast.Call, index: int, name: str) -> ast.expr | None:
    """Positional argument ``index`` or keyword ``name``."""
    found = keyword(call, name)
    if found is not None:
        return found
    if index < len(call.args) and not isinstance(call.args[index], ast.Starred):
        return call.args[index]
    return None


def const_str(node: ast.AST | None) -> str:
    """A string constant, lower-cased (``op.f("ix")`` and ``quoted_name("x")`` unwrapped)."""
    if (
        isinstance(node, ast.Call)
        and last_name(node.func) in ("f", "quoted_name", "text")
        and (node.args)
    ):
        node = node.args[0]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.lower()
    return ""


def is_true(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def is_false(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is False
