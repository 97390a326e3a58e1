"""Alembic revisions: ``upgrade()``/``downgrade()`` read from the shared AST, ``op.*`` calls
(also inside ``op.batch_alter_table``) turned into operation inventories.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import Any

from agentweaver_lint.checks.migrations.model import (
    SCHEMA_HELPER_PREFIXES,
    Direction,
    Migration,
    Op,
    ParseProblem,
)
from agentweaver_lint.checks.migrations.pyutil import (
    argument,
    body_kind,
    const_str,
    dotted,
    is_false,
    is_true,
    keyword,
    literal_text,
    module_functions,
    module_strings,
)
from agentweaver_lint.checks.migrations.sqlops import sql_ops
from agentweaver_lint.checks.migrations.sqltext import SqlTokenError, strip_templates

FuncDef = ast.FunctionDef | ast.AsyncFunctionDef
_NEUTRAL = {
    "get_bind",
    "get_context",
    "f",
    "inline_literal",
    "implementation_for",
    "invoke",
    "register_operation",
    "batch_alter_table",
    "run_async",
}
_TABLE_SECOND = {
    "create_index",
    "drop_index",
    "drop_constraint",
    "create_unique_constraint",
    "create_check_constraint",
    "create_primary_key",
    "create_foreign_key",
}
_COMMENTS = {"create_table_comment", "drop_table_comment", "alter_table_comment"}


def is_alembic_revision(tree: ast.Module) -> bool:
    names: set[str] = set()
    for node in tree.body:
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else ([node.target] if isinstance(node, ast.AnnAssign) else [])
        )
        names.update(t.id for t in targets if isinstance(t, ast.Name))
    functions = module_functions(tree)
    return "revision" in names and "down_revision" in names and "upgrade" in functions


class _Collector:
    """Walks a function body (and helpers it calls) collecting operations."""

    def __init__(self, path: str, tree: ast.Module, dialect: str) -> None:
        self.path = path
        self.dialect = dialect
        self.functions = module_functions(tree)
        self.strings = module_strings(tree)
        self.problems: list[ParseProblem] = []

    def direction(self, func: FuncDef) -> Direction:
        direction = Direction(path=self.path, line=func.lineno, column=func.col_offset + 1)
        kind = body_kind(func.body)
        if kind == "raises":
            direction.raises = True
            return direction
        direction.ops = list(self._walk(func.body, {}, {func.name}))
        if kind == "code" and not direction.ops:
            # Real code we cannot read (ORM sessions, helpers): not an empty down.
            direction.ops = [Op("opaque", name="code", path=self.path, line=func.lineno)]
        direction.complete = not any(o.kind == "opaque" for o in direction.ops)
        return direction

    def text(self, node: ast.expr | None) -> str:
        """A string argument: a literal, ``op.f("…")`` or a module-level constant."""
        found = const_str(node)
        if found or node is None:
            return found
        if isinstance(node, ast.Call) and node.args:
            node = node.args[0]
        return (literal_text(node, self.strings) or "").lower()

    def _walk(self, body: list[ast.stmt], batches: dict[str, str], seen: set[str]) -> Iterator[Op]:
        for stmt in body:
            if isinstance(stmt, (ast.With, ast.AsyncWith)):
                inner = dict(batches)
                for item in stmt.items:
                    call = item.context_expr
                    if (
                        isinstance(call, ast.Call)
                        and dotted(call.func).endswith("batch_alter_table")
                        and isinstance(item.optional_vars, ast.Name)
                    ):
                        inner[item.optional_vars.id] = self.text(argument(call, 0, "table_name"))
                yield from self._walk(stmt.body, inner, seen)
                continue
            blocks = [getattr(stmt, f, None) for f in ("body", "orelse", "finalbody")]
            blocks += [h.body for h in getattr(stmt, "handlers", [])]
            if isinstance(stmt, (ast.If, ast.For, ast.AsyncFor, ast.While, ast.Try)):
                for block in blocks:
                    if isinstance(block, list):
                        yield from self._walk(block, batches, seen)
                continue
            for node in ast.walk(stmt):
                if isinstance(node, ast.Call):
                    yield from self._call(node, batches, seen)

    def _call(self, call: ast.Call, batches: dict[str, str], seen: set[str]) -> Iterator[Op]:
        name = dotted(call.func)
        if isinstance(call.func, ast.Name) and name in self.functions and name not in seen:
            helper = self.functions[name]
            yield from self._walk(helper.body, batches, seen | {name})
            return
        if "." not in name:
            if name.startswith(SCHEMA_HELPER_PREFIXES) and name[:1].islower():
                # An imported helper (``add_columns(...)``): unreadable here, but a schema change.
                yield Op("opaque", name=name, detail=(("schema", True),), **self._where(call))
            return
        owner, method = name.rsplit(".", 1)
        if owner == "op":
            yield from self._op(call, method, "")
        elif owner in batches:
            yield from self._op(call, method, batches[owner])
        elif method in ("execute", "exec_driver_sql") and call.args:
            yield from self._execute(call, data_default=True)

    def _where(self, call: ast.Call) -> dict[str, Any]:
        return {"path": self.path, "line": call.lineno, "column": call.col_offset + 1}

    def _execute(self, call: ast.Call, data_default: bool) -> Iterator[Op]:
        text = literal_text(call.args[0], self.strings) if call.args else None
        where = self._where(call)
        if text is None:
            yield Op("data" if data_default else "opaque", name="execute", **where)
            return
        try:
            ops = sql_ops(strip_templates(text), self.dialect, self.path)
        except SqlTokenError:
            yield Op("opaque", name="execute", **where)
            return
        for found in ops:
            yield Op(
                found.kind,
                found.table,
                found.name,
                new_name=found.new_name,
                detail=found.detail,
                **where,
            )

    def _op(self, call: ast.Call, method: str, batch: str) -> Iterator[Op]:
        """One ``op.<method>(…)`` (or ``batch_op.<method>(…)`` on table ``batch``) call."""
        where = self._where(call)
        if method == "execute":
            yield from self._execute(call, data_default=False)
            return
        if method in _NEUTRAL:
            return
        shift = 0 if batch else 1  # batch methods take no table argument
        table = batch or self.text(
            argument(call, 1 if method in _TABLE_SECOND else 0, "table_name")
        )
        if method in ("create_table", "drop_table", "rename_table", "bulk_insert") or (
            method in _COMMENTS
        ):
            yield self._table_op(call, method, table, where)
        elif method == "add_column":
            yield self._add_column(call, table, shift, where)
        elif method in ("drop_column", "alter_column"):
            column = self.text(argument(call, shift, "column_name"))
            if method == "drop_column":
                yield Op("drop_column", table, column, **where)
            else:
                yield self._alter_column(call, table, column, where)
        elif method in ("create_index", "drop_index"):
            conc = is_true(keyword(call, "postgresql_concurrently"))
            unique = is_true(keyword(call, "unique"))
            name = self.text(argument(call, 0, "index_name"))
            facts = (("concurrently", conc), ("unique", unique))
            yield Op(method, table, name, detail=facts, **where)
        elif method.startswith("create_") and method.endswith(("constraint", "_key")):
            yield self._constraint(call, method, table, where)
        elif method == "drop_constraint":
            name = self.text(argument(call, 0, "constraint_name"))
            yield Op("drop_constraint", table, name, **where)
        else:
            yield Op("opaque", table, method, **where)

    def _table_op(self, call: ast.Call, method: str, table: str, where: dict[str, Any]) -> Op:
        if method in _COMMENTS:
            return Op("comment", table, **where)
        if method == "bulk_insert":
            return Op("insert", **where)
        if method == "rename_table":
            old = self.text(argument(call, 0, "old_table_name"))
            new = self.text(argument(call, 1, "new_table_name"))
            return Op("rename_table", old, old, new_name=new, **where)
        return Op(method, self.text(argument(call, 0, "table_name")), **where)

    def _add_column(self, call: ast.Call, table: str, index: int, where: dict[str, Any]) -> Op:
        column = argument(call, index, "column")
        name, not_null, default = "", False, False
        if isinstance(column, ast.Call):
            name = self.text(column.args[0] if column.args else keyword(column, "name"))
            not_null = is_false(keyword(column, "nullable")) and not is_true(
                keyword(column, "primary_key")
            )
            default = keyword(column, "server_default") is not None
        return Op(
            "add_column",
            table,
            name,
            detail=(("not_null", not_null), ("default", default)),
            **where,
        )

    def _alter_column(self, call: ast.Call, table: str, column: str, where: dict[str, Any]) -> Op:
        new_name = self.text(keyword(call, "new_column_name"))
        if new_name:
            return Op("rename_column", table, column, new_name=new_name, **where)
        facts: list[tuple[str, object]] = []
        new_type = keyword(call, "type_")
        if new_type is not None:
            facts.append(("type_change", True))
            old_type = keyword(call, "existing_type")
            if old_type is not None and narrows(ast.unparse(old_type), ast.unparse(new_type)):
                facts.append(("narrowing", True))
        if is_false(keyword(call, "nullable")) and not is_false(keyword(call, "existing_nullable")):
            facts.append(("set_not_null", True))
        return Op("alter_column", table, column, detail=tuple(facts), **where)

    def _constraint(self, call: ast.Call, method: str, table: str, where: dict[str, Any]) -> Op:
        ctype = {
            "create_foreign_key": "foreign_key",
            "create_check_constraint": "check",
            "create_unique_constraint": "unique",
            "create_primary_key": "primary_key",
        }.get(method, "other")
        not_valid = is_true(keyword(call, "postgresql_not_valid"))
        return Op(
            "add_constraint",
            table,
            self.text(argument(call, 0, "constraint_name")),
            detail=(("ctype", ctype), ("not_valid", not_valid), ("using_index", False)),
            **where,
        )


_RANKS = (
    ("text", "unicodetext", "json", "jsonb", "largebinary", "blob", "clob", "mediumtext"),
    ("string", "varchar", "unicode", "nvarchar", "char", "binary", "varbinary"),
)
_NUMBER_RANKS = {
    "bigint": 3,
    "biginteger": 3,
    "integer": 2,
    "int": 2,
    "smallint": 1,
    "smallinteger": 1,
    "boolean": 0,
}
_DECIMALS = ("float", "numeric", "decimal", "double", "real")
_LENGTH_RE = re.compile(r"\((?:length=)?(\d+)")


def narrows(old: str, new: str) -> bool:
    """Whether ``new`` (a SQLAlchemy type expression) holds less than ``old``."""
    old_l, new_l = old.lower(), new.lower()
    old_name = old_l.split("(")[0].rsplit(".", 1)[-1]
    new_name = new_l.split("(")[0].rsplit(".", 1)[-1]
    old_len, new_len = _LENGTH_RE.search(old_l), _LENGTH_RE.search(new_l)
    if old_len and new_len and old_name == new_name:
        return int(new_len.group(1)) < int(old_len.group(1))
    if old_name in _RANKS[0] and new_name in _RANKS[1]:
        return True
    if old_name in _DECIMALS and new_name in _NUMBER_RANKS:
        return True
    if old_name in _NUMBER_RANKS and new_name in _NUMBER_RANKS:
        return _NUMBER_RANKS[new_name] < _NUMBER_RANKS[old_name]
    if old_name in _RANKS[1] and new_name in _RANKS[1] and old_len and new_len:
        return int(new_len.group(1)) < int(old_len.group(1))
    return False


def _direction(collector: _Collector, name: str) -> Direction | None:
    """``upgrade``/``downgrade``; the multi-database template's per-engine functions merged."""
    functions = collector.functions
    main = functions.get(name)
    engines = [f for n, f in functions.items() if n.startswith(name + "_")]
    if main is None or not (main.args.args and engines):
        return collector.direction(main) if main is not None else None
    merged = Direction(path=collector.path, line=main.lineno, column=main.col_offset + 1)
    parts = [collector.direction(f) for f in engines]
    merged.ops = [op for part in parts for op in part.ops]
    merged.raises = all(part.raises for part in parts)
    merged.complete = all(part.complete for part in parts)
    return merged


def alembic_migration(path: str, tree: ast.Module, dialect: str) -> Migration:
    collector = _Collector(path, tree, dialect)
    upgrade = collector.functions["upgrade"]
    up = _direction(collector, "upgrade") or Direction(path=path)
    down = _direction(collector, "downgrade") or Direction(
        exists=False, path=path, line=upgrade.lineno, column=upgrade.col_offset + 1
    )
    migration = Migration("alembic", path, up, down, files=(path,))
    migration.parse_errors = collector.problems
    return migration
