"""Safety rules (MIG004–MIG010) over a migration's up inventory, for every framework.

Each analyser records the facts these rules read on its operations (``concurrently``,
``not_null``, ``default``, ``type_change``, ``ctype``, ``not_valid``, ``set_not_null``);
operations on a table the same migration creates are exempt (nobody else sees it yet).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from agentweaver_lint.checks.migrations.model import Issue, Migration, Op

POSTGRES_LIKE = {"postgres", "redshift"}
RECIPES = {
    "MIG004": "create (and drop) the index CONCURRENTLY, outside a transaction",
    "MIG005": "add the column nullable (or with a constant DEFAULT), backfill in batches, then "
    "add the NOT NULL constraint",
    "MIG006": "add a new column of the new type, dual-write and backfill it, then switch "
    "readers and drop the old column",
    "MIG007": "add the constraint NOT VALID, then VALIDATE CONSTRAINT in a later migration",
    "MIG008": "add the new column or table, dual-write and backfill, move readers, then drop "
    "the old name in a later release",
    "MIG009": "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT … UNIQUE USING INDEX",
    "MIG010": "add a CHECK (col IS NOT NULL) NOT VALID constraint, VALIDATE it in a later "
    "migration, then SET NOT NULL (Postgres 12+ skips the scan)",
}


def _issue(code: str, op: Op, what: str) -> Issue:
    return Issue(
        code,
        op.path,
        op.line,
        op.column,
        f"{what}; {RECIPES[code]}.",
        key=f"{code}:{op.kind}:{op.table}.{op.name}",
    )


@dataclass(frozen=True)
class _Scope:
    """What the rules need to know about the migration around one operation."""

    postgres: bool
    created: frozenset[str]
    not_valid_added: bool

    def fresh(self, op: Op) -> bool:
        return bool(op.table) and op.table in self.created


def _target(op: Op) -> str:
    return ".".join(p for p in (op.table, op.name) if p) or "a table"


def _unnamed(op: Op) -> str:
    return op.name or (f"on {op.table}" if op.table else "(unnamed)")


def safety_issues(migration: Migration, dialect: str) -> list[Issue]:
    ops = migration.up.ops
    scope = _Scope(
        postgres=dialect in POSTGRES_LIKE,
        created=frozenset(op.table for op in ops if op.kind == "create_table" and op.table),
        not_valid_added=any(op.kind == "add_constraint" and op.fact("not_valid") for op in ops),
    )
    issues: list[Issue] = []
    for op in ops:
        for rule in _RULES:
            issues.extend(rule(op, scope))
    return issues


def _index(op: Op, scope: _Scope) -> Iterator[Issue]:
    if op.kind not in ("create_index", "drop_index") or op.fact("concurrently") is not False:
        return
    if scope.postgres and not scope.fresh(op):
        verb = "creates" if op.kind == "create_index" else "drops"
        yield _issue(
            "MIG004",
            op,
            f"{verb} index {_unnamed(op)} without CONCURRENTLY, "
            "which locks writes to the table while it runs",
        )


def _columns(op: Op, scope: _Scope) -> Iterator[Issue]:
    if scope.fresh(op):
        return
    if op.kind == "add_column" and op.fact("not_null") and not op.fact("default"):
        yield _issue(
            "MIG005",
            op,
            f"adds NOT NULL column {_target(op)} without a default, "
            "which fails on a table with rows",
        )
    if op.kind == "alter_column" and op.fact("type_change"):
        yield _issue(
            "MIG006",
            op,
            f"changes the type of {_target(op)}, which rewrites the "
            "table under an exclusive lock and breaks running code",
        )
    if op.kind == "add_column" and scope.postgres and op.fact("references"):
        yield _issue(
            "MIG007",
            op,
            f"adds column {_target(op)} with an inline foreign key, "
            "which is validated at once while writes to both tables are blocked",
        )
    if op.kind == "add_column" and scope.postgres and op.fact("unique"):
        yield _issue(
            "MIG009",
            op,
            f"adds column {_target(op)} with an inline UNIQUE "
            "constraint, which builds its index under a write lock",
        )


def _constraints(op: Op, scope: _Scope) -> Iterator[Issue]:
    if op.kind != "add_constraint" or scope.fresh(op) or not scope.postgres:
        return
    ctype = op.fact("ctype")
    if ctype in ("foreign_key", "check") and not op.fact("not_valid"):
        kind = "foreign key" if ctype == "foreign_key" else "check constraint"
        yield _issue(
            "MIG007",
            op,
            f"adds {kind} {_unnamed(op)} without NOT VALID, "
            "which scans the table under a lock that blocks writes",
        )
    elif ctype == "unique" and not op.fact("using_index"):
        yield _issue(
            "MIG009",
            op,
            f"adds unique constraint {_unnamed(op)} to an existing "
            "table, which builds its index under a write lock",
        )


def _renames(op: Op, scope: _Scope) -> Iterator[Issue]:
    if op.kind in ("rename_table", "rename_column"):
        what = "table" if op.kind == "rename_table" else "column"
        old = (op.table or "a table") if op.kind == "rename_table" else _target(op)
        new = f" to {op.new_name}" if op.new_name else ""
        yield _issue(
            "MIG008",
            op,
            f"renames {what} {old}{new}, which breaks code "
            "still using the old name during the deploy",
        )


def _validation(op: Op, scope: _Scope) -> Iterator[Issue]:
    if not scope.postgres or scope.fresh(op):
        return
    if op.fact("set_not_null"):
        what = f"sets NOT NULL on {_target(op)}"
    elif op.fact("validate") and scope.not_valid_added:
        what = "validates a NOT VALID constraint in the migration that added it"
    else:
        return
    yield _issue("MIG010", op, f"{what}, which scans the whole table under an exclusive lock")


_RULES: tuple[Callable[[Op, _Scope], Iterator[Issue]], ...] = (
    _index,
    _columns,
    _constraints,
    _renames,
    _validation,
)
