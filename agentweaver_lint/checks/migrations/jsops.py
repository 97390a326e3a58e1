"""Calls inside JS/TS migration functions → :class:`Op` (Knex, Sequelize, TypeORM,
node-pg-migrate, MikroORM and db-migrate builders, and raw SQL they pass through)."""

from __future__ import annotations

from typing import Any

from agentweaver_lint.checks.migrations.knexbuilder import builder_op, builder_param
from agentweaver_lint.checks.migrations.model import Op
from agentweaver_lint.checks.migrations.sqlops import sql_ops
from agentweaver_lint.checks.migrations.sqltext import SqlTokenError, strip_templates
from agentweaver_lint.checks.migrations.ts import (
    Node,
    field,
    position,
    string_value,
    text_of,
    walk,
)

FUNCTION_TYPES = {
    "function_expression",
    "function",
    "arrow_function",
    "function_declaration",
    "method_definition",
    "generator_function",
    "generator_function_declaration",
}
METHODS: dict[str, str] = {
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
CONSTRAINT_TYPES = {
    "type: 'foreign key'": "foreign_key",
    "type: 'check'": "check",
    "type: 'unique'": "unique",
    "type: 'primary key'": "primary_key",
}
SQL_METHODS = {"query", "raw", "sql", "addSql", "execute", "runSql", "runSQL"}


class CallCollector:
    """Operations of a function body: mapped method calls, raw SQL, local helpers inlined."""

    def __init__(self, path: str, lines: list[str], dialect: str, root: Node) -> None:
        self.path, self.lines, self.dialect = path, lines, dialect
        self.local = _local_functions(root)

    def collect(self, function: Node, seen: frozenset[str] = frozenset()) -> list[Op]:
        ops: list[Op] = []
        builders: dict[str, tuple[str, bool]] = {}
        for node in walk(function):
            if node.type != "call_expression":
                continue
            callee = field(node, "function")
            name = text_of(callee) if callee is not None and callee.type == "identifier" else ""
            if name in self.local and name not in seen and name not in ("up", "down"):
                ops.extend(self.collect(self.local[name], seen | {name}))
                continue
            builder = builder_param(node)
            if builder is not None:
                builders[builder[0]] = (builder[1], builder[2])
            owner = field(callee, "object") if callee is not None else None
            if owner is not None and owner.type == "identifier" and text_of(owner) in builders:
                ops.extend(self._builder_call(node, *builders[text_of(owner)]))
            else:
                ops.extend(self._call(node))
        return ops

    def _builder_call(self, call: Node, table: str, created: bool) -> list[Op]:
        method = text_of(field(field(call, "function"), "property"))
        line, column = position(call, self.lines)
        where: dict[str, Any] = {"path": self.path, "line": line, "column": column}
        op = builder_op(call, method, table, created, where)
        return [] if op is None else [op]

    def _call(self, call: Node) -> list[Op]:
        callee = field(call, "function")
        if callee is None or callee.type != "member_expression":
            return []
        method = text_of(field(callee, "property"))
        args = [a for a in (field(call, "arguments") or call).named_children if a.type != "comment"]
        line, column = position(call, self.lines)
        where: dict[str, Any] = {"path": self.path, "line": line, "column": column}
        if method in SQL_METHODS and args:
            return self._raw_sql(args[0], method, where)
        kind = METHODS.get(method)
        return [] if kind is None else [_method_op(kind, method, args, where)]

    def _raw_sql(self, arg: Node, method: str, where: dict[str, Any]) -> list[Op]:
        text = string_value(arg)
        opaque = [Op("opaque", name=method, detail=(("raw", True),), **where)]
        if text is None:
            return opaque
        try:
            found = sql_ops(strip_templates(text), self.dialect, self.path)
        except SqlTokenError:
            return opaque
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


def _method_op(kind: str, method: str, args: list[Node], where: dict[str, Any]) -> Op:
    """One operation from a builder call (``createTable('t')``, ``addIndex('t', [...])``…)."""
    strings = [_first_string(a) for a in args]
    table = strings[0].lower() if strings else ""
    name = strings[1].lower() if len(strings) > 1 else ""
    options = " ".join(text_of(a) for a in args if a.type == "object")
    if kind in ("rename_table", "rename_column"):
        new_name = (strings[2] if len(strings) > 2 else name).lower()
        old = name if kind == "rename_column" else table
        return Op(kind, table, old, new_name=new_name, **where)
    if kind in ("create_index", "drop_index"):
        plain = len(args) > 1 and args[1].type in ("string", "template_string")
        name = _option_name(options) or (name if plain else "")
    if kind == "add_constraint" and method == "addConstraint":
        name = _option_name(options) or name
    detail = _facts(kind, method, options, len(args))
    return Op(kind, table, name, detail=detail, **where)


def _facts(kind: str, method: str, options: str, count: int) -> tuple[tuple[str, object], ...]:
    """What the safety rules read, from the options object of the call."""
    detail: list[tuple[str, object]] = []
    if kind in ("create_index", "drop_index"):
        detail.append(("concurrently", "concurrently: true" in options))
    if kind == "add_column" and count > 2:
        detail += [
            ("not_null", "allowNull: false" in options or "notNull: true" in options),
            ("default", "defaultValue" in options or "default:" in options),
        ]
    if kind == "alter_column" and (method == "changeColumn" or "type:" in options):
        detail.append(("type_change", True))
    if kind == "add_constraint" and method == "addConstraint":
        lowered = options.lower().replace('"', "'")
        ctype = next((c for k, c in CONSTRAINT_TYPES.items() if k in lowered), "other")
        detail += [("ctype", ctype), ("not_valid", False), ("using_index", False)]
    return tuple(detail)


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
