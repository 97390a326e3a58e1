"""JavaScript/TypeScript migrations (Knex, Sequelize, TypeORM, node-pg-migrate, MikroORM)
read with tree-sitter: the ``up``/``down`` functions, methods or exports, and their calls.
"""

from __future__ import annotations

from agentweaver_lint.checks.migrations.jsops import FUNCTION_TYPES, CallCollector
from agentweaver_lint.checks.migrations.model import Direction, Migration, Op, ParseProblem
from agentweaver_lint.checks.migrations.ts import (
    Node,
    field,
    parse,
    position,
    string_value,
    text_of,
    walk,
)

LANGUAGES = {".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".tsx": "tsx"}
_INVERTIBLE = {
    "create_table",
    "add_column",
    "create_index",
    "add_constraint",
    "create_type",
    "create_extension",
    "create_schema",
    "create_view",
    "create_function",
    "create_trigger",
    "create_sequence",
    "rename_table",
    "rename_column",
}


def js_language(path: str) -> str:
    for suffix, language in LANGUAGES.items():
        if path.endswith(suffix):
            return language
    return "javascript"


def _definitions(root: Node) -> dict[str, Node]:
    """``up``/``down`` → the function (or value) node that defines them, shallowest first."""
    found: dict[str, tuple[int, Node]] = {}
    named: dict[str, Node] = {}
    for node in walk(root):
        name, value = _definition(node)
        if node.type == "function_declaration" and text_of(field(node, "name")) in ("up", "down"):
            named[text_of(field(node, "name"))] = node
        if node.type == "variable_declarator" and text_of(field(node, "name")) in ("up", "down"):
            named[text_of(field(node, "name"))] = field(node, "value")
        if name in ("up", "down") and value is not None:
            depth = _depth(node)
            if name not in found or depth < found[name][0]:
                found[name] = (depth, value)
    out = {name: value for name, (_, value) in found.items()}
    for name, value in list(out.items()):
        if value.type in ("identifier", "shorthand_property_identifier") and (
            text_of(value) in named
        ):
            out[name] = named[text_of(value)]
    for name, value in named.items():
        out.setdefault(name, value)
    return {k: v for k, v in out.items() if v is not None}


def _definition(node: Node) -> tuple[str, Node | None]:
    kind = node.type
    if kind == "method_definition":
        return text_of(field(node, "name")), node
    if kind == "pair":
        return string_value(field(node, "key")) or "", field(node, "value")
    if kind == "shorthand_property_identifier":
        return text_of(node), node
    if kind == "assignment_expression":
        left = text_of(field(node, "left"))
        if left.startswith(("exports.", "module.exports.")):
            return left.rsplit(".", 1)[-1], field(node, "right")
    return "", None


def _depth(node: Node) -> int:
    depth = 0
    while node.parent is not None:
        node = node.parent
        depth += 1
    return depth


def _framework(text: str, functions: dict[str, Node]) -> str:
    params = ""
    if "up" in functions:
        params = text_of(
            field(functions["up"], "parameters") or field(functions["up"], "parameter")
        )
    probe = params + " " + text[:4000]
    if "queryRunner" in params or "MigrationInterface" in text or "QueryRunner" in text:
        return "typeorm"
    if "queryInterface" in probe or "QueryInterface" in probe or "sequelize" in probe.lower():
        return "sequelize"
    if "pgm" in params or "MigrationBuilder" in text or "node-pg-migrate" in text:
        return "node-pg-migrate"
    if "runSql" in text or "exports._meta" in text:
        return "db-migrate"
    if "addSql" in text and "Migration" in text:
        return "mikro-orm"
    return "knex"


def _body_kind(function: Node) -> str:
    """``empty``, ``raises`` or ``code`` for a function node (``false``: ``irreversible``)."""
    if function.type == "false":
        return "irreversible"
    if function.type not in FUNCTION_TYPES:
        return "code"
    body = field(function, "body")
    if body is None:
        return "empty"
    if body.type != "statement_block":
        return "empty" if _trivial_expression(body) else "code"
    statements = [c for c in body.named_children if c.type != "comment"]
    effective = [s for s in statements if not _trivial_statement(s)]
    if not effective:
        return "empty"
    if all(s.type == "throw_statement" for s in effective):
        return "raises"
    return "code"


def _trivial_expression(node: Node | None) -> bool:
    if node is None:
        return True
    if node.type in ("await_expression", "parenthesized_expression"):
        return _trivial_expression(node.named_children[0] if node.named_children else None)
    if node.type in ("undefined", "null", "true", "false", "number", "string", "identifier"):
        return True
    if node.type == "call_expression":
        callee = text_of(field(node, "function"))
        return (
            callee in ("Promise.resolve", "Promise.all")
            and not any(c.named_children for c in (field(node, "arguments") or node).named_children)
        ) or callee.startswith("console.")
    return False


def _trivial_statement(node: Node) -> bool:
    if node.type == "empty_statement":
        return True
    if node.type == "return_statement":
        return _trivial_expression(node.named_children[0] if node.named_children else None)
    if node.type == "expression_statement":
        return _trivial_expression(node.named_children[0] if node.named_children else None)
    return False


def js_migration(path: str, text: str, dialect: str) -> Migration | None:
    """The migration in ``path``, or None when the file defines no ``up``."""
    root, error = parse(js_language(path), text)
    functions = _definitions(root)
    if "up" not in functions or functions["up"].type not in FUNCTION_TYPES:
        return None
    lines = text.split("\n")
    framework = _framework(text, functions)
    collector = CallCollector(path, lines, dialect, root)
    up_node = functions["up"]
    line, column = position(up_node, lines)
    up = Direction(path=path, line=line, column=column, ops=collector.collect(up_node))
    down_node = functions.get("down")
    if down_node is None:
        down = Direction(exists=False, path=path, line=line, column=column)
    else:
        d_line, d_column = position(down_node, lines)
        down = Direction(path=path, line=d_line, column=d_column)
        kind = _body_kind(down_node)
        if kind in ("raises", "irreversible"):
            down.raises = True
            down.declared = "exports.down = false" if kind == "irreversible" else ""
        elif kind == "code":
            down.ops = collector.collect(down_node) or [Op("opaque", path=path, line=d_line)]
    migration = Migration(framework, path, up, down, files=(path,))
    if error is not None:
        migration.parse_errors.append(
            ParseProblem(
                path,
                error[0],
                error[1],
                js_language(path)
                .replace("javascript", "JavaScript")
                .replace("typescript", "TypeScript"),
                "syntax error",
            )
        )
        # A down lost in the syntax error is not a missing down: no verdict for this file.
        migration.irreversible_judged = down_node is None
    if (
        framework == "node-pg-migrate"
        and down_node is None
        and all(op.kind in _INVERTIBLE and not op.fact("raw") for op in up.effective)
    ):
        # node-pg-migrate derives the down from an up made only of invertible operations.
        migration.down = Direction(
            path=path, line=line, column=column, ops=[Op("opaque", name="auto-inverse", path=path)]
        )
    return migration
