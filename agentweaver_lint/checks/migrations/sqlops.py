"""SQL statements → :class:`Op` inventories, with sqlglot and a keyword pass for commands.

sqlglot parses what it knows (CREATE/DROP/ALTER/INSERT/…); what it keeps as an opaque
``Command`` (DO blocks, functions, ``ALTER TYPE … ADD VALUE``, ``VALIDATE CONSTRAINT``) or
cannot parse is classified by its leading keywords, never dropped silently.
"""

from __future__ import annotations

from typing import Any

from agentweaver_lint.checks.migrations.model import Op
from agentweaver_lint.checks.migrations.sqlkeywords import OBJECTS, keyword_op
from agentweaver_lint.checks.migrations.sqltext import (
    SqlTokenError,
    Statement,
    split_statements,
)


def _name(node: Any) -> str:
    """Unquoted, lower-cased last part of a table/identifier node."""
    from sqlglot import exp

    if node is None:
        return ""
    if isinstance(node, exp.Table):
        return str(node.name).lower()
    if isinstance(node, (exp.Column, exp.Identifier)):
        return str(node.name).lower()
    if isinstance(node, exp.Expression):
        return str(node.name or "").lower()
    return str(node).strip('"`[]').lower()


def parse_statements(statements: list[Statement], dialect: str, path: str) -> list[Op]:
    """Every statement as one or more operations (at the statement's line)."""
    ops: list[Op] = []
    for statement in statements:
        ops.extend(statement_ops(statement, dialect, path))
    return ops


def sql_ops(text: str, dialect: str, path: str, first_line: int = 1) -> list[Op]:
    """Split and classify ``text`` (raises SqlTokenError when it does not tokenise).

    MySQL-quoted SQL (backticks) in a repository declared or defaulted to another dialect
    is retried with the MySQL tokenizer before giving up.
    """
    try:
        statements = split_statements(text, dialect, first_line)
    except SqlTokenError:
        if dialect == "mysql" or "`" not in text:
            raise
        dialect = "mysql"
        statements = split_statements(text, dialect, first_line)
    return parse_statements(statements, dialect, path)


_BULK_DATA = ("INSERT", "COPY", "REPLACE")


def statement_ops(statement: Statement, dialect: str, path: str) -> list[Op]:
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import SqlglotError

    where = {"path": path, "line": statement.line, "column": statement.column}
    if statement.text[:7].upper().startswith(_BULK_DATA):
        return [keyword_op(statement.text, where)]  # seed data: no need for a full parse
    try:
        tree = sqlglot.parse_one(statement.text, read=dialect)
    except (SqlglotError, ValueError, RecursionError, KeyError, TypeError, AttributeError):
        return [keyword_op(statement.text, where)]
    if tree is None or isinstance(tree, exp.Command):
        return [keyword_op(statement.text, where)]
    try:
        return expression_ops(tree, statement.text, where)
    except (AttributeError, TypeError, ValueError):
        return [keyword_op(statement.text, where)]


def expression_ops(tree: Any, text: str, where: dict[str, Any]) -> list[Op]:
    from sqlglot import exp

    if isinstance(tree, exp.Create):
        return [_create_op(tree, where)]
    if isinstance(tree, exp.Drop):
        kind = OBJECTS.get(str(tree.args.get("kind") or "").upper(), "other")
        conc = bool(tree.args.get("concurrently"))
        tables = tree.args.get("tables") or tree.expressions or [tree.this]
        return [
            Op(
                f"drop_{kind}" if kind != "other" else "alter_other",
                "" if kind != "table" else _name(t),
                "" if kind == "table" else _name(t),
                detail=(("concurrently", conc),),
                **where,
            )
            for t in tables
        ]
    if isinstance(tree, exp.Alter):
        return _alter_ops(tree, where)
    if isinstance(tree, exp.Insert):
        return [Op("insert", _name(tree.find(exp.Table)), **where)]
    if isinstance(tree, (exp.Update, exp.Delete)):
        kind = "update" if isinstance(tree, exp.Update) else "delete"
        return [
            Op(
                kind,
                _name(tree.this),
                detail=(("where", tree.args.get("where") is not None),),
                **where,
            )
        ]
    if isinstance(tree, exp.TruncateTable):
        return [Op("truncate", _name(t), **where) for t in tree.expressions]
    if isinstance(tree, (exp.Select, exp.Union)):
        return [Op("select", **where)]
    if isinstance(tree, (exp.Transaction, exp.Commit, exp.Rollback)):
        return [Op("transaction", **where)]
    if isinstance(tree, (exp.Set, exp.Use, exp.Pragma)):
        return [Op("set", **where)]
    if isinstance(tree, exp.Comment):
        return [Op("comment", **where)]
    return [keyword_op(text, where)]


def _create_op(tree: Any, where: dict[str, Any]) -> Op:
    from sqlglot import exp

    kind = str(tree.args.get("kind") or "").upper()
    if kind == "INDEX":
        index = tree.this
        table = _name(index.args.get("table")) if isinstance(index, exp.Index) else ""
        return Op(
            "create_index",
            table,
            _name(index.this if isinstance(index, exp.Index) else index),
            detail=(
                ("concurrently", bool(tree.args.get("concurrently"))),
                ("unique", bool(tree.args.get("unique"))),
            ),
            **where,
        )
    obj = OBJECTS.get(kind, "")
    if obj == "table":
        target = tree.this.this if isinstance(tree.this, exp.Schema) else tree.this
        return Op("create_table", _name(target), **where)
    if obj:
        target = tree.this.this if isinstance(tree.this, exp.Schema) else tree.this
        table = ""
        if obj == "trigger":
            props = tree.find(exp.TriggerProperties)
            table = _name(props.args.get("table")) if props is not None else ""
        return Op(f"create_{obj}", table, _name(target), **where)
    return Op("alter_other", name=kind.lower(), **where)


def _alter_ops(tree: Any, where: dict[str, Any]) -> list[Op]:

    table = _name(tree.this)
    kind = str(tree.args.get("kind") or "TABLE").upper()
    if kind != "TABLE":
        return [Op("alter_type" if kind == "TYPE" else "alter_other", table, **where)]
    not_valid = bool(tree.args.get("not_valid"))
    ops: list[Op] = []
    for action in tree.args.get("actions") or []:
        ops.append(_action_op(action, table, not_valid, where))
    return ops or [Op("alter_other", table, **where)]


def _action_op(action: Any, table: str, not_valid: bool, where: dict[str, Any]) -> Op:
    from sqlglot import exp

    if isinstance(action, exp.ColumnDef):
        return _column_def_op(action, table, where)
    if isinstance(action, exp.Drop):
        kind = str(action.args.get("kind") or "").upper()
        target = _name((action.args.get("tables") or action.expressions or [action.this])[0])
        if kind == "COLUMN":
            return Op("drop_column", table, target, **where)
        if kind in ("CONSTRAINT", "FOREIGN KEY", "PRIMARY KEY"):
            return Op("drop_constraint", table, target, **where)
        if kind == "INDEX":
            return Op("drop_index", table, target, detail=(("concurrently", True),), **where)
        return Op("alter_other", table, target, **where)
    if isinstance(action, exp.AlterColumn):
        facts: list[tuple[str, object]] = []
        if action.args.get("dtype") is not None:
            facts.append(("type_change", True))
        if action.args.get("allow_null") is False:
            facts.append(("set_not_null", True))
        return Op("alter_column", table, _name(action.this), detail=tuple(facts), **where)
    if isinstance(action, exp.RenameColumn):
        return Op(
            "rename_column",
            table,
            _name(action.this),
            new_name=_name(action.args.get("to")),
            **where,
        )
    if isinstance(action, exp.AlterRename):
        return Op("rename_table", table, table, new_name=_name(action.this), **where)
    if isinstance(action, exp.AddConstraint):
        return _constraint_op(action, table, not_valid, where)
    return Op("alter_other", table, **where)


def _column_def_op(action: Any, table: str, where: dict[str, Any]) -> Op:
    """``ADD COLUMN``: NOT NULL, DEFAULT (or generated), inline REFERENCES and UNIQUE."""
    from sqlglot import exp

    constraints = [c.args.get("kind") for c in action.args.get("constraints") or []]
    not_null = any(
        isinstance(c, exp.NotNullColumnConstraint) and not c.args.get("allow_null")
        for c in constraints
    )
    defaults = (
        exp.DefaultColumnConstraint,
        exp.GeneratedAsIdentityColumnConstraint,
        exp.ComputedColumnConstraint,
    )
    return Op(
        "add_column",
        table,
        _name(action.this),
        detail=(
            ("not_null", not_null),
            ("default", any(isinstance(c, defaults) for c in constraints)),
            ("references", any(isinstance(c, exp.Reference) for c in constraints)),
            ("unique", any(isinstance(c, exp.UniqueColumnConstraint) for c in constraints)),
        ),
        **where,
    )


def _constraint_op(action: Any, table: str, not_valid: bool, where: dict[str, Any]) -> Op:
    from sqlglot import exp

    constraint = action.find(exp.Constraint)
    name = _name(constraint.this) if constraint is not None else ""
    ctype = "other"
    if action.find(exp.ForeignKey) is not None:
        ctype = "foreign_key"
    elif action.find(exp.CheckColumnConstraint) is not None:
        ctype = "check"
    elif (
        action.find(exp.PrimaryKey) is not None
        or action.find(exp.PrimaryKeyColumnConstraint) is not None
    ):
        ctype = "primary_key"
    elif action.find(exp.UniqueColumnConstraint) is not None:
        ctype = "unique"
    using_index = "USING INDEX" in action.sql(dialect="postgres").upper()
    return Op(
        "add_constraint",
        table,
        name,
        detail=(("ctype", ctype), ("not_valid", not_valid), ("using_index", using_index)),
        **where,
    )
