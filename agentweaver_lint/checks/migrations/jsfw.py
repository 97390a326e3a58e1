"""JavaScript/TypeScript migrations (Knex, Sequelize, TypeORM, node-pg-migrate, MikroORM)
read with tree-sitter: the ``up``/``down`` functions, methods or exports, and their calls.
"""

from __future__ import annotations

from typing import Any

from agentweaver_lint.checks.migrations.model import Direction, Migration, Op, ParseProblem
from agentweaver_lint.checks.migrations.sqlops import sql_ops
from agentweaver_lint.checks.migrations.sqltext import SqlTokenError, strip_templates
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
FUNCTION_TYPES = {
    "function_expression",
    "function",
    "arrow_function",
    "function_declaration",
    "method_definition",
    "generator_function",
    "generator_function_declaration",
}
_METHODS: dict[str, str] = {
    "createTable": "create_table",
    "createTableIfNotExists": "create_table",
    "createTableLike": "create_table",
    "dropTable": "drop_table",
    "dropTableIfExists": "drop_table",
    "renameTable": "rename_table",
    "alterTable": "alter_other",
    "table": "alter_other",
    "addColumn": "add_column",
    "addColumns": "add_column",
    "removeColumn": "drop_column",
    "dropColumn": "drop_column",
    "dropColumns": "drop_column",
    "changeColumn": "alter_column",
    "alterColumn": "alter_column",
    "renameColumn": "rename_column",
    "addIndex": "create_index",
    "createIndex": "create_index",
    "removeIndex": "drop_index",
    "dropIndex": "drop_index",
    "addConstraint": "add_constraint",
    "removeConstraint": "drop_constraint",
    "dropConstraint": "drop_constraint",
    "createForeignKey": "add_constraint",
    "createForeignKeys": "add_constraint",
    "dropForeignKey": "drop_constraint",
    "dropForeignKeys": "drop_constraint",
    "createUniqueConstraint": "add_constraint",
    "dropUniqueConstraint": "drop_constraint",
    "createCheckConstraint": "add_constraint",
    "dropCheckConstraint": "drop_constraint",
    "createPrimaryKey": "add_constraint",
    "dropPrimaryKey": "drop_constraint",
    "createType": "create_type",
    "createEnum": "create_type",
    "addEnum": "create_type",
    "dropType": "drop_type",
    "dropEnum": "drop_type",
    "addTypeValue": "alter_type",
    "createExtension": "create_extension",
    "dropExtension": "drop_extension",
    "createSchema": "create_schema",
    "dropSchema": "drop_schema",
    "createFunction": "create_function",
    "dropFunction": "drop_function",
    "createView": "create_view",
    "dropView": "drop_view",
    "createMaterializedView": "create_view",
    "dropMaterializedView": "drop_view",
    "createTrigger": "create_trigger",
    "dropTrigger": "drop_trigger",
    "createSequence": "create_sequence",
    "dropSequence": "drop_sequence",
    "bulkInsert": "insert",
    "bulkDelete": "delete",
    "bulkUpdate": "update",
    "insert": "insert",
    "update": "update",
    "del": "delete",
    "truncate": "truncate",
    "upsert": "insert",
}
_CONSTRAINT_TYPES = {
    "type: 'foreign key'": "foreign_key",
    "type: 'check'": "check",
    "type: 'unique'": "unique",
    "type: 'primary key'": "primary_key",
}
_SQL_METHODS = {"query", "raw", "sql", "addSql", "execute", "runSql", "runSQL"}
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


class _Ops:
    def __init__(self, path: str, lines: list[str], dialect: str, root: Node) -> None:
        self.path, self.lines, self.dialect = path, lines, dialect
        self.local = _local_functions(root)

    def collect(self, function: Node, seen: frozenset[str] = frozenset()) -> list[Op]:
        ops: list[Op] = []
        for node in walk(function):
            if node.type != "call_expression":
                continue
            callee = field(node, "function")
            name = text_of(callee) if callee is not None and callee.type == "identifier" else ""
            if name in self.local and name not in seen and name not in ("up", "down"):
                ops.extend(self.collect(self.local[name], seen | {name}))
            else:
                ops.extend(self._call(node))
        return ops

    def _call(self, call: Node) -> list[Op]:
        callee = field(call, "function")
        if callee is None or callee.type != "member_expression":
            return []
        method = text_of(field(callee, "property"))
        args = [a for a in (field(call, "arguments") or call).named_children if a.type != "comment"]
        line, column = position(call, self.lines)
        where: dict[str, Any] = {"path": self.path, "line": line, "column": column}
        if method in _SQL_METHODS and args:
            text = string_value(args[0])
            if text is None:
                return [Op("opaque", name=method, detail=(("raw", True),), **where)]
            try:
                found = sql_ops(strip_templates(text), self.dialect, self.path)
            except SqlTokenError:
                return [Op("opaque", name=method, detail=(("raw", True),), **where)]
            return [
                Op(
                    o.kind,
                    o.table,
                    o.name,
                    new_name=o.new_name,
                    detail=(*o.detail, ("raw", True)),
                    **where,
                )
                for o in found
            ]
        kind = _METHODS.get(method)
        if kind is None:
            return []
        strings = [_first_string(a) for a in args]
        table = strings[0].lower() if strings else ""
        name = strings[1].lower() if len(strings) > 1 else ""
        options = " ".join(text_of(a) for a in args if a.type == "object")
        detail: list[tuple[str, object]] = []
        if kind in ("create_index", "drop_index"):
            detail.append(("concurrently", "concurrently: true" in options))
            plain = len(args) > 1 and args[1].type in ("string", "template_string")
            name = _option_name(options) or (name if plain else "")
        if kind == "add_column" and len(args) > 2:
            detail += [
                ("not_null", "allowNull: false" in options or "notNull: true" in options),
                ("default", "defaultValue" in options or "default:" in options),
            ]
        if kind == "alter_column" and (method == "changeColumn" or "type:" in options):
            detail.append(("type_change", True))
        if kind == "add_constraint" and method == "addConstraint":
            lowered = options.lower().replace('"', "'")
            ctype = next((c for k, c in _CONSTRAINT_TYPES.items() if k in lowered), "other")
            detail += [("ctype", ctype), ("not_valid", False), ("using_index", False)]
            name = _option_name(options) or name
        if kind in ("rename_table", "rename_column"):
            return [
                Op(
                    kind,
                    table,
                    name if kind == "rename_column" else table,
                    new_name=(strings[2] if len(strings) > 2 else name).lower(),
                    **where,
                )
            ]
        return [Op(kind, table, name, detail=tuple(detail), **where)]


def _option_name(options: str) -> str:
    """The ``name: '…'`` of an options object literal, if written as a plain string."""
    marker = "name:"
    start = options.find(marker)
    if start < 0:
        return ""
    rest = options[start + len(marker) :].strip()
    if rest[:1] in ("'", '"', "`"):
        end = rest.find(rest[0], 1)
        return rest[1:end].lower() if end > 0 else ""
    return ""


def _local_functions(root: Node) -> dict[str, Node]:
    """Top-level helper functions of the file (``function f(){}``, ``const f = () => {}``)."""
    out: dict[str, Node] = {}
    for node in root.named_children:
        inner = (
            node.named_children[0]
            if node.type == "export_statement" and (node.named_children)
            else node
        )
        if inner.type == "function_declaration":
            out[text_of(field(inner, "name"))] = inner
        elif inner.type in ("lexical_declaration", "variable_declaration"):
            for declarator in inner.named_children:
                value = field(declarator, "value")
                if (
                    declarator.type == "variable_declarator"
                    and value is not None
                    and (value.type in FUNCTION_TYPES)
                ):
                    out[text_of(field(declarator, "name"))] = value
    return out


def _first_string(node: Node) -> str:
    """A string argument, or the first string of an array argument (``['col']``)."""
    if node.type == "array":
        for item in node.named_children:
            value = string_value(item)
            if value is not None and item.type != "identifier":
                return value
        return ""
    if node.type == "identifier":
        return ""
    return string_value(node) or ""


def js_migration(path: str, text: str, dialect: str) -> Migration | None:
    """The migration in ``path``, or None when the file defines no ``up``."""
    root, error = parse(js_language(path), text)
    functions = _definitions(root)
    if "up" not in functions or functions["up"].type not in FUNCTION_TYPES:
        return None
    lines = text.split("\n")
    framework = _framework(text, functions)
    collector = _Ops(path, lines, dialect, root)
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
    migration = Migration(framework, path, up, down, files=(path,), compare=False)
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
    # Raw SQL in both directions (TypeORM, MikroORM, db-migrate) names objects exactly.
    migration.compare = all(op.fact("raw") for op in up.effective + down.effective)
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
