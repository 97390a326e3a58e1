"""Knex table builders: the calls on ``t`` inside ``alterTable('users', (t) => { … })``.

Inside a builder callback the first string argument is a column, not a table, so these
calls are read here with the builder's table (a column added to an existing table, a
dropped column, an index, a unique or foreign key constraint, ``.alter()``).
"""

from __future__ import annotations

from typing import Any

from agentweaver_lint.checks.migrations.model import Op
from agentweaver_lint.checks.migrations.ts import Node, field, string_value, text_of

BUILDER_METHODS = {
    "alterTable": False,
    "table": False,
    "createTable": True,
    "createTableIfNotExists": True,
}
"""Schema-builder methods taking a table callback → whether the table is new."""
COLUMN_TYPES = frozenset(
    {
        "increments",
        "bigIncrements",
        "integer",
        "bigInteger",
        "bigint",
        "tinyint",
        "smallint",
        "mediumint",
        "text",
        "string",
        "float",
        "double",
        "decimal",
        "boolean",
        "date",
        "datetime",
        "dateTime",
        "time",
        "timestamp",
        "binary",
        "enu",
        "enum",
        "json",
        "jsonb",
        "uuid",
        "specificType",
        "geometry",
        "geography",
        "point",
    }
)
_CONSTRAINTS = {"unique": "unique", "foreign": "foreign_key", "primary": "primary_key"}
_DROPS = {
    "dropColumn": "drop_column",
    "dropColumns": "drop_column",
    "dropIndex": "drop_index",
    "dropUnique": "drop_constraint",
    "dropForeign": "drop_constraint",
    "dropPrimary": "drop_constraint",
    "dropTimestamps": "drop_column",
}


def builder_param(call: Node) -> tuple[str, str, bool] | None:
    """``(parameter, table, created)`` when ``call`` is ``alterTable('t', (p) => …)``."""
    callee = field(call, "function")
    if callee is None or callee.type != "member_expression":
        return None
    method = text_of(field(callee, "property"))
    if method not in BUILDER_METHODS:
        return None
    args = (field(call, "arguments") or call).named_children
    table = string_value(args[0]) if args else None
    callback = next(
        (a for a in args if a.type in ("arrow_function", "function_expression", "function")), None
    )
    if table is None or callback is None:
        return None
    params = field(callback, "parameters") or field(callback, "parameter")
    if params is None:
        return None
    names = [p for p in ([params] if params.type == "identifier" else params.named_children)]
    if not names:
        return None
    first = names[0]
    name = (
        text_of(field(first, "pattern") or first)
        if first.type != "identifier"
        else (text_of(first))
    )
    return name, table.lower(), BUILDER_METHODS[method]


def builder_op(
    call: Node, method: str, table: str, created: bool, where: dict[str, Any]
) -> Op | None:
    """The operation of ``t.<method>(…)`` on a builder of ``table`` (None: nothing to record)."""
    args = (field(call, "arguments") or call).named_children
    first = (string_value(args[0]) or "").lower() if args and args[0].type != "array" else ""
    chain = _chain_text(call)
    if method in COLUMN_TYPES and not created:
        if ".alter()" in chain:
            return Op("alter_column", table, first, detail=(("type_change", True),), **where)
        facts = (
            ("not_null", ".notNullable()" in chain),
            ("default", ".defaultTo(" in chain),
            ("unique", ".unique()" in chain),
            ("references", ".references(" in chain),
        )
        return Op("add_column", table, first, detail=facts, **where)
    if method == "renameColumn":
        new = (string_value(args[1]) or "").lower() if len(args) > 1 else ""
        return Op("rename_column", table, first, new_name=new, **where)
    if method in _DROPS:
        return Op(_DROPS[method], table, first, **where)
    if method == "index" and not created:
        name = (string_value(args[1]) or "").lower() if len(args) > 1 else ""
        return Op("create_index", table, name, detail=(("concurrently", False),), **where)
    if method in _CONSTRAINTS and not created:
        constraint: tuple[tuple[str, object], ...] = (
            ("ctype", _CONSTRAINTS[method]),
            ("not_valid", False),
            ("using_index", False),
        )
        return Op("add_constraint", table, "", detail=constraint, **where)
    return None


def _chain_text(call: Node) -> str:
    """The text of the whole call chain ``t.string('a').notNullable().defaultTo(1)``."""
    node = call
    while node.parent is not None and node.parent.type in ("member_expression", "call_expression"):
        node = node.parent
    return text_of(node)
