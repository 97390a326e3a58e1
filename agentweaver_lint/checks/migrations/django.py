"""Django migrations: the ``Migration.operations`` list read from the shared AST.

Django reverses its schema operations itself; only ``RunPython`` and ``RunSQL`` (also
inside ``SeparateDatabaseAndState.database_operations``) can be irreversible. Their
verdicts are MIG001 issues; every operation also lands in the up inventory for the
lossy and safety rules.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from agentweaver_lint.checks.migrations.model import Direction, Issue, Migration, Op
from agentweaver_lint.checks.migrations.pyutil import (
    argument,
    body_kind,
    const_str,
    dotted,
    is_true,
    keyword,
    last_name,
    literal_text,
    module_functions,
    module_strings,
)
from agentweaver_lint.checks.migrations.sqlops import sql_ops
from agentweaver_lint.checks.migrations.sqltext import SqlTokenError, strip_templates

RUNPYTHON_FIX = (
    "pass reverse_code= a function that undoes it, or migrations.RunPython.noop when "
    "unapplying needs no data change"
)
RUNSQL_FIX = "pass reverse_sql= the statements that undo it"
_SIMPLE: dict[str, str] = {
    "CreateModel": "create_table",
    "DeleteModel": "drop_table",
    "AddField": "add_column",
    "RemoveField": "drop_column",
    "AlterField": "alter_column",
    "RenameField": "rename_column",
    "RenameModel": "rename_table",
    "AlterModelTable": "rename_table",
    "AddIndex": "create_index",
    "AddIndexConcurrently": "create_index",
    "RemoveIndex": "drop_index",
    "RemoveIndexConcurrently": "drop_index",
    "AddConstraint": "add_constraint",
    "AddConstraintNotValid": "add_constraint",
    "RemoveConstraint": "drop_constraint",
    "RenameIndex": "rename_index",
    "AlterUniqueTogether": "alter_other",
    "AlterIndexTogether": "alter_other",
    "AlterOrderWithRespectTo": "alter_column",
}
_EXTENSIONS = {
    "CreateExtension",
    "HStoreExtension",
    "TrigramExtension",
    "UnaccentExtension",
    "BtreeGinExtension",
    "BtreeGistExtension",
    "CITextExtension",
    "CryptoExtension",
    "BloomExtension",
}
_NEUTRAL = {"AlterModelOptions", "AlterModelManagers", "CreateCollation", "RemoveCollation"}
# Fields that add no column (a join table or a virtual relation): never a NOT NULL risk.
_NO_COLUMN_SUFFIXES = ("ManyToManyField", "TaggableManager", "GenericRelation", "GenericForeignKey")
_TEXT_FIELDS = {"CharField", "TextField", "SlugField", "EmailField", "URLField"}


def migration_class(tree: ast.Module) -> ast.ClassDef | None:
    for node in tree.body:
        if (
            isinstance(node, ast.ClassDef)
            and node.name == "Migration"
            and any(dotted(base).endswith("Migration") for base in node.bases)
        ):
            return node
    return None


def _operations(cls: ast.ClassDef) -> ast.expr | None:
    for node in cls.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "operations" for t in node.targets
        ):
            return node.value
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and (node.target.id == "operations")
        ):
            return node.value
    return None


def _irreversible_classes(tree: ast.Module) -> set[str]:
    """Operation classes of this module that declare ``reversible = False``."""
    out: set[str] = set()
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        for item in node.body:
            if (
                isinstance(item, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "reversible" for t in item.targets)
                and isinstance(item.value, ast.Constant)
                and item.value.value is False
            ):
                out.add(node.name)
    return out


class _Reader:
    def __init__(self, path: str, tree: ast.Module, dialect: str) -> None:
        self.path = path
        self.dialect = dialect
        self.functions = module_functions(tree)
        self.strings = module_strings(tree)
        self.issues: list[Issue] = []
        self.complete = True
        self.irreversible_classes = _irreversible_classes(tree)

    def where(self, node: ast.expr) -> dict[str, Any]:
        return {"path": self.path, "line": node.lineno, "column": node.col_offset + 1}

    def operations(self, value: ast.expr | None) -> Iterator[Op]:
        if not isinstance(value, (ast.List, ast.Tuple)):
            self.complete = value is None
            return
        for element in value.elts:
            if isinstance(element, ast.Call):
                yield from self.operation(element)
            else:
                self.complete = False

    def operation(self, call: ast.Call) -> Iterator[Op]:
        kind = last_name(call.func)
        where = self.where(call)
        if kind == "RunPython":
            yield from self.run_python(call, where)
        elif kind == "RunSQL":
            yield from self.run_sql(call, where)
        elif kind == "SeparateDatabaseAndState":
            yield from self.operations(argument(call, 0, "database_operations"))
        elif kind in _SIMPLE:
            yield self.simple(call, kind, where)
        elif kind in _EXTENSIONS:
            name = const_str(argument(call, 0, "name")) or kind.lower()
            yield Op("create_extension", name=name, **where)
        elif kind in _NEUTRAL:
            yield Op("noop", **where)
        else:
            if kind in self.irreversible_classes:
                self._issue(
                    call,
                    f"the custom operation {kind} declares `reversible = False`, so "
                    "Django cannot unapply this migration; implement "
                    "database_backwards() and make it reversible.",
                )
            yield Op("opaque", name=kind, **where)

    def simple(self, call: ast.Call, kind: str, where: dict[str, Any]) -> Op:
        """A schema operation Django reverses by itself (CreateModel, AddField, AddIndex…)."""
        model = const_str(argument(call, 0, "model_name")) or const_str(argument(call, 0, "name"))
        if kind in ("CreateModel", "DeleteModel"):
            return Op(_SIMPLE[kind], model, **where)
        if kind in ("RenameModel", "RenameField"):
            return self._rename(call, kind, model, where)
        name = const_str(argument(call, 1, "name"))
        if kind == "AddField":
            facts = self._field_facts(argument(call, 2, "field"), call)
            return Op("add_column", model, name, detail=facts, **where)
        if kind in ("AddIndex", "AddIndexConcurrently"):
            index = self._object_name(argument(call, 1, "index"))
            facts = (("concurrently", kind.endswith("Concurrently")),)
            return Op("create_index", model, index, detail=facts, **where)
        if kind in ("AddConstraint", "AddConstraintNotValid"):
            return self._constraint(call, kind, model, where)
        return Op(_SIMPLE[kind], model, name, **where)

    @staticmethod
    def _rename(call: ast.Call, kind: str, model: str, where: dict[str, Any]) -> Op:
        if kind == "RenameModel":
            new = const_str(argument(call, 1, "new_name"))
            return Op("rename_table", model, model, new_name=new, **where)
        old = const_str(argument(call, 1, "old_name"))
        new = const_str(argument(call, 2, "new_name"))
        return Op("rename_column", model, old, new_name=new, **where)

    def _constraint(self, call: ast.Call, kind: str, model: str, where: dict[str, Any]) -> Op:
        constraint = argument(call, 1, "constraint")
        ctype = {"UniqueConstraint": "unique", "CheckConstraint": "check"}.get(
            last_name(constraint.func) if isinstance(constraint, ast.Call) else "", "other"
        )
        facts = (("ctype", ctype), ("not_valid", kind.endswith("NotValid")), ("using_index", False))
        return Op("add_constraint", model, self._object_name(constraint), detail=facts, **where)

    @staticmethod
    def _object_name(node: ast.expr | None) -> str:
        return const_str(keyword(node, "name")) if isinstance(node, ast.Call) else ""

    @staticmethod
    def _field_facts(field: ast.expr | None, call: ast.Call) -> tuple[tuple[str, object], ...]:
        if not isinstance(field, ast.Call):
            return (("not_null", False), ("default", True))
        field_type = last_name(field.func)
        nullable = is_true(keyword(field, "null")) or field_type.endswith(_NO_COLUMN_SUFFIXES)
        default = any(keyword(field, k) is not None for k in ("default", "db_default")) or (
            keyword(call, "preserve_default") is not None
        )
        if field_type in _TEXT_FIELDS and is_true(keyword(field, "blank")):
            nullable = True  # Django's blank text field: a harmless empty-string column
        return (("not_null", not nullable), ("default", default))

    def run_python(self, call: ast.Call, where: dict[str, Any]) -> Iterator[Op]:
        reverse = argument(call, 1, "reverse_code")
        if reverse is None or (isinstance(reverse, ast.Constant) and reverse.value is None):
            self._issue(
                call,
                "RunPython has no reverse_code, so Django cannot unapply this "
                f"migration (IrreversibleError); {RUNPYTHON_FIX}.",
            )
        elif (
            isinstance(reverse, ast.Name)
            and reverse.id in self.functions
            and body_kind(self.functions[reverse.id].body) == "raises"
        ):
            self._issue(
                call,
                f"the reverse_code {reverse.id}() only raises, so the migration "
                f"cannot be unapplied; {RUNPYTHON_FIX}.",
            )
        yield Op("data", name="run_python", **where)

    def run_sql(self, call: ast.Call, where: dict[str, Any]) -> Iterator[Op]:
        forward = self._sql_ops(argument(call, 0, "sql"), where)
        reverse = argument(call, 1, "reverse_sql")
        schema = forward is not None and any(op.is_schema for op in forward)
        if reverse is None or (isinstance(reverse, ast.Constant) and reverse.value is None):
            self._issue(
                call,
                "RunSQL has no reverse_sql, so Django cannot unapply this "
                f"migration (IrreversibleError); {RUNSQL_FIX}.",
            )
        elif schema and self._is_noop_sql(reverse):
            self._issue(
                call,
                "RunSQL changes the schema but its reverse_sql is a no-op, so "
                f"unapplying leaves the change in place; {RUNSQL_FIX}.",
            )
        yield from forward if forward is not None else [Op("opaque", name="run_sql", **where)]

    def _is_noop_sql(self, node: ast.expr) -> bool:
        if dotted(node).endswith("RunSQL.noop"):
            return True
        if isinstance(node, (ast.List, ast.Tuple)) and not node.elts:
            return True
        text = literal_text(node, self.strings)
        if text is None:
            return False
        try:
            ops = sql_ops(strip_templates(text), self.dialect, self.path)
        except SqlTokenError:
            return False
        return not [op for op in ops if op.kind not in ("select", "noop", "transaction", "set")]

    def _sql_ops(self, node: ast.expr | None, where: dict[str, Any]) -> list[Op] | None:
        texts: list[str] = []
        items = node.elts if isinstance(node, (ast.List, ast.Tuple)) else [node]
        for item in items:
            if isinstance(item, ast.Tuple) and item.elts:
                item = item.elts[0]  # (sql, params)
            text = literal_text(item, self.strings)
            if text is None:
                return None
            texts.append(text)
        ops: list[Op] = []
        for text in texts:
            try:
                found = sql_ops(strip_templates(text), self.dialect, self.path)
            except SqlTokenError:
                return None
            ops.extend(
                Op(o.kind, o.table, o.name, new_name=o.new_name, detail=o.detail, **where)
                for o in found
            )
        return ops

    def _issue(self, call: ast.Call, message: str) -> None:
        name = last_name(call.func)
        self.issues.append(
            Issue(
                "MIG001",
                self.path,
                call.lineno,
                call.col_offset + 1,
                message,
                key=f"{name}:{ast.unparse(call)[:200]}",
            )
        )


def django_migration(path: str, tree: ast.Module, cls: ast.ClassDef, dialect: str) -> Migration:
    reader = _Reader(path, tree, dialect)
    up = Direction(path=path, line=cls.lineno, column=cls.col_offset + 1)
    up.ops = list(reader.operations(_operations(cls)))
    up.complete = reader.complete
    down = Direction(path=path, line=cls.lineno, column=cls.col_offset + 1)
    migration = Migration("django", path, up, down, files=(path,), compare=False)
    migration.irreversible_judged = True
    migration.issues = reader.issues
    return migration
