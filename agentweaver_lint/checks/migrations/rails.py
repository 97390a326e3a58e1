"""Rails migrations (``db/migrate/*.rb``) read with the tree-sitter Ruby grammar.

``change`` is reversible only when Rails can invert every command in it; commands it
cannot invert are fine inside ``reversible do |dir| … end`` when both directions are
given. ``up`` needs a ``down`` that does something (or a data-only ``up``).
"""

from __future__ import annotations

from typing import Any

from agentweaver_lint.checks.migrations.model import (
    SCHEMA_HELPER_PREFIXES,
    Direction,
    Issue,
    Migration,
    Op,
    ParseProblem,
)
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

_SCHEMA: dict[str, str] = {
    "create_table": "create_table",
    "create_join_table": "create_table",
    "drop_table": "drop_table",
    "drop_join_table": "drop_table",
    "rename_table": "rename_table",
    "add_column": "add_column",
    "add_reference": "add_column",
    "add_belongs_to": "add_column",
    "add_timestamps": "add_column",
    "remove_column": "drop_column",
    "remove_columns": "drop_column",
    "remove_reference": "drop_column",
    "remove_belongs_to": "drop_column",
    "remove_timestamps": "drop_column",
    "rename_column": "rename_column",
    "change_column": "alter_column",
    "change_column_default": "alter_column",
    "change_column_null": "alter_column",
    "change_column_comment": "comment",
    "change_table_comment": "comment",
    "add_index": "create_index",
    "remove_index": "drop_index",
    "rename_index": "rename_index",
    "add_foreign_key": "add_constraint",
    "remove_foreign_key": "drop_constraint",
    "add_check_constraint": "add_constraint",
    "remove_check_constraint": "drop_constraint",
    "enable_extension": "create_extension",
    "disable_extension": "drop_extension",
    "create_enum": "create_type",
    "drop_enum": "drop_type",
    "add_enum_value": "alter_type",
    "change_table": "alter_other",
    "create_schema": "create_schema",
    "drop_schema": "drop_schema",
}
_RECIPE = (
    "write `def up`/`def down`, or wrap it in `reversible do |dir| dir.up { … }; "
    "dir.down { … } end`"
)


def _args(call: Node) -> tuple[list[Node], dict[str, Node]]:
    arguments = field(call, "arguments")
    positional: list[Node] = []
    options: dict[str, Node] = {}
    for child in arguments.named_children if arguments is not None else []:
        if child.type == "pair":
            key = string_value(field(child, "key")) or text_of(field(child, "key")).strip(":")
            options[key.rstrip(":")] = field(child, "value")
        elif child.type == "hash":
            for pair in child.named_children:
                if pair.type == "pair":
                    options[(string_value(field(pair, "key")) or "").rstrip(":")] = field(
                        pair, "value"
                    )
        elif child.type != "comment":
            positional.append(child)
    return positional, options


def _method(call: Node) -> str:
    return text_of(field(call, "method"))


def _why_irreversible(call: Node, builder: bool) -> str | None:
    """Why Rails cannot invert this command inside ``change`` (None: it can)."""
    name = _method(call)
    positional, options = _args(call)
    has_block = field(call, "block") is not None
    if builder:  # change_table's t.remove / t.change
        if name == "remove" and "type" not in options:
            return "t.remove without a column type"
        if name == "change":
            return "t.change (the old type is unknown)"
        if name == "change_default" and not {"from", "to"} <= options.keys():
            return "t.change_default without from:/to:"
        if name == "remove_index" and not positional and "column" not in options:
            return "t.remove_index by name only"
        return None
    if name == "execute":
        return "execute (raw SQL has no inverse)"
    if name == "change_column":
        return "change_column (the old type is unknown)"
    if name == "remove_column" and len(positional) < 3 and "type" not in options:
        return "remove_column without a column type"
    if name == "remove_columns" and "type" not in options:
        return "remove_columns without type:"
    if name == "drop_table" and not has_block:
        return "drop_table without a block defining the table"
    if name == "remove_index" and len(positional) < 2 and "column" not in options:
        return "remove_index by name only"
    if name in ("change_column_default", "change_column_comment", "change_table_comment") and (
        not {"from", "to"} <= options.keys()
    ):
        return f"{name} without from:/to:"
    if name == "remove_foreign_key" and len(positional) < 2 and "to_table" not in options:
        return "remove_foreign_key without the referenced table"
    if name == "remove_check_constraint" and len(positional) < 2:
        return "remove_check_constraint without its expression"
    if name == "drop_enum" and len(positional) < 2:
        return "drop_enum without its values"
    if name == "add_enum_value":
        return "add_enum_value (enum values cannot be removed)"
    return None


class _Reader:
    def __init__(self, path: str, text: str, dialect: str) -> None:
        self.path, self.dialect = path, dialect
        self.lines = text.split("\n")
        self.issues: list[Issue] = []
        self.helpers: set[str] = set()

    def where(self, node: Node) -> dict[str, Any]:
        line, column = position(node, self.lines)
        return {"path": self.path, "line": line, "column": column}

    def calls(self, node: Node) -> list[Node]:
        return [n for n in walk(node) if n.type == "call" and field(n, "method") is not None]

    def ops(self, body: Node) -> list[Op]:
        ops: list[Op] = []
        for node in walk(body):  # a bare ``helper_name`` statement is an identifier
            if (
                node.type == "identifier"
                and text_of(node) in self.helpers
                and (node.parent is not None and node.parent.type == "body_statement")
            ):
                schema = text_of(node).startswith(SCHEMA_HELPER_PREFIXES)
                ops.append(
                    Op(
                        "opaque",
                        name=text_of(node),
                        detail=(("schema", schema),),
                        **self.where(node),
                    )
                )
        for call in self.calls(body):
            name = _method(call)
            if field(call, "receiver") is not None:
                continue
            if name in self.helpers:  # a method of the migration class: unreadable here
                schema = name.startswith(SCHEMA_HELPER_PREFIXES)
                ops.append(
                    Op("opaque", name=name, detail=(("schema", schema),), **self.where(call))
                )
            elif name == "execute":
                ops.extend(self._execute(call))
            elif name in _SCHEMA:
                ops.append(self._schema_op(call, name))
            elif name.startswith(SCHEMA_HELPER_PREFIXES):
                # A helper from an included module (add_column_with_default…): a schema change.
                ops.append(Op("opaque", name=name, detail=(("schema", True),), **self.where(call)))
        return ops

    def _schema_op(self, call: Node, name: str) -> Op:
        positional, options = _args(call)
        values = [(string_value(p) or "").lower() for p in positional]
        table = values[0] if values else ""
        column = values[1] if len(values) > 1 else ""
        if name in ("add_timestamps", "remove_timestamps"):
            column = "created_at/updated_at"
        detail: list[tuple[str, object]] = []
        if name == "add_index":
            detail.append(("concurrently", "concurrently" in text_of(options.get("algorithm"))))
        if name == "remove_index":
            detail.append(("concurrently", "concurrently" in text_of(options.get("algorithm"))))
        if name == "add_column":
            detail += [
                ("not_null", text_of(options.get("null")) == "false"),
                ("default", "default" in options),
            ]
        if name == "change_column":
            detail.append(("type_change", True))
        if (
            name == "change_column_null"
            and len(positional) > 2
            and (text_of(positional[2]) == "false")
        ):
            detail.append(("set_not_null", True))
        if name in ("add_foreign_key", "add_check_constraint"):
            ctype = "foreign_key" if name == "add_foreign_key" else "check"
            detail += [("ctype", ctype), ("not_valid", text_of(options.get("validate")) == "false")]
        if name in (
            "add_index",
            "remove_index",
            "add_foreign_key",
            "remove_foreign_key",
            "add_check_constraint",
            "remove_check_constraint",
        ):
            column = (string_value(options.get("name")) or "").lower()
        kind = _SCHEMA[name]
        if kind in ("rename_table", "rename_column"):
            new = values[2] if kind == "rename_column" and len(values) > 2 else column
            return Op(
                kind,
                table,
                column if kind == "rename_column" else table,
                new_name=new,
                **self.where(call),
            )
        return Op(kind, table, column, detail=tuple(detail), **self.where(call))

    def _execute(self, call: Node) -> list[Op]:
        positional, _ = _args(call)
        text = self._sql_text(call, positional[0]) if positional else None
        where = self.where(call)
        if text is None:
            return [Op("opaque", name="execute", **where)]
        try:
            found = sql_ops(strip_templates(text), self.dialect, self.path)
        except SqlTokenError:
            return [Op("opaque", name="execute", **where)]
        return [
            Op(o.kind, o.table, o.name, new_name=o.new_name, detail=o.detail, **where)
            for o in found
        ]

    @staticmethod
    def _sql_text(call: Node, arg: Node) -> str | None:
        if arg.type == "heredoc_beginning" or (
            arg.type == "call" and any(c.type == "heredoc_beginning" for c in walk(arg))
        ):
            sibling = call.next_named_sibling
            while sibling is not None and sibling.type != "heredoc_body":
                sibling = sibling.next_named_sibling
            if sibling is None:
                return None
            return "".join(
                text_of(c) if c.type == "heredoc_content" else " x "
                for c in sibling.named_children
                if c.type != "heredoc_end"
            )
        return string_value(arg)

    def check_change(self, body: Node) -> None:
        """MIG001 for every command in ``change`` that Rails cannot invert."""
        for call in self.calls(body):
            if self._inside_reversible(call, body):
                continue
            receiver = field(call, "receiver")
            builder = receiver is not None and self._in_change_table(call, body)
            if receiver is not None and not builder:
                continue
            why = _why_irreversible(call, builder)
            if why is not None:
                self.issues.append(
                    Issue(
                        "MIG001",
                        self.path,
                        *position(call, self.lines),
                        message=f"`change` uses {why}, which Rails cannot reverse, so rolling back "
                        f"raises ActiveRecord::IrreversibleMigration; {_RECIPE}.",
                        key=text_of(call)[:200],
                    )
                )

    def _inside_reversible(self, call: Node, stop: Node) -> bool:
        node = call.parent
        while node is not None and node != stop:
            if node.type == "call" and _method(node) in ("reversible", "revert", "up_only"):
                block = field(node, "block")
                if _method(node) != "reversible" or block is None:
                    return True
                directions = {
                    _method(c) for c in self.calls(block) if field(c, "receiver") is not None
                }
                if {"up", "down"} <= directions:
                    return True
                return not any(op.is_schema for op in self.ops(block))
            node = node.parent
        return False

    @staticmethod
    def _in_change_table(call: Node, stop: Node) -> bool:
        node = call.parent
        while node is not None and node != stop:
            if node.type == "call" and _method(node) == "change_table":
                return True
            node = node.parent
        return False


def _migration_class(root: Node) -> Node | None:
    for node in walk(root):
        if node.type == "class" and "Migration" in text_of(field(node, "superclass")):
            return node
    return None


def _methods(cls: Node) -> dict[str, Node]:
    out: dict[str, Node] = {}
    for node in walk(cls):
        if node.type in ("method", "singleton_method"):
            out.setdefault(text_of(field(node, "name")), node)
    return out


def rails_migration(path: str, text: str, dialect: str) -> Migration | None:
    """The migration in ``path``, or None when it declares no migration class."""
    root, error = parse("ruby", text)
    cls = _migration_class(root)
    if cls is None:
        return None
    reader = _Reader(path, text, dialect)
    methods = _methods(cls)
    reader.helpers = set(methods) - {"up", "down", "change"}
    line, column = position(cls, reader.lines)
    up = Direction(path=path, line=line, column=column)
    down = Direction(path=path, line=line, column=column)
    migration = Migration("rails", path, up, down, files=(path,), compare=False)
    if error is not None:
        migration.parse_errors.append(
            ParseProblem(path, error[0], error[1], "Ruby", "syntax error")
        )
        return migration
    if "change" in methods:
        body = methods["change"]
        up.ops = reader.ops(body)
        reader.check_change(body)
        migration.irreversible_judged = True
        migration.issues = reader.issues
    elif "up" in methods:
        up_node = methods["up"]
        up.line, up.column = position(up_node, reader.lines)
        up.ops = reader.ops(up_node)
        down_node = methods.get("down")
        if down_node is None:
            migration.down = Direction(exists=False, path=path, line=up.line, column=up.column)
        else:
            _read_down(reader, down_node, migration.down)
            migration.compare = True
    return migration


def _read_down(reader: _Reader, node: Node, down: Direction) -> None:
    down.line, down.column = position(node, reader.lines)
    statements = [
        s
        for b in node.named_children
        if b.type == "body_statement"
        for s in b.named_children
        if s.type != "comment"
    ]
    effective = [
        s
        for s in statements
        if not (
            s.type in ("nil", "true", "false")
            or (s.type == "call" and _method(s) in ("puts", "say"))
            or (s.type == "identifier" and text_of(s) in ("puts",))
        )
    ]
    if effective and all(
        (s.type == "call" and _method(s) in ("raise", "fail"))
        or (s.type == "identifier" and text_of(s) == "raise")
        for s in effective
    ):
        down.raises = True
        return
    down.ops = reader.ops(node)
    if effective and not down.ops:
        down.ops = [Op("opaque", name="down", path=down.path, line=down.line)]
