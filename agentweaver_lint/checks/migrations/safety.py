"""Safety rules (MIG004–MIG010) over a migration's up inventory, for every framework.

Each analyser records the facts these rules read on its operations (``concurrently``,
``not_null``, ``default``, ``type_change``, ``ctype``, ``not_valid``, ``set_not_null``);
operations on a table the same migration creates are exempt (nobody else sees it yet).
"""

from __future__ import annotations

from collections.abc import Iterator

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


def safety_issues(migration: Migration, dialect: str) -> list[Issue]:
    return list(_safety(migration, dialect))


def _safety(migration: Migration, dialect: str) -> Iterator[Issue]:
    ops = migration.up.ops
    created = {op.table for op in ops if op.kind == "create_table" and op.table}
    postgres = dialect in POSTGRES_LIKE
    not_valid_added = {
        op.name for op in ops if op.kind == "add_constraint" and op.fact("not_valid")
    }
    for op in ops:
        fresh = bool(op.table) and op.table in created
        target = ".".join(p for p in (op.table, op.name) if p) or "a table"
        unnamed = f"on {op.table}" if op.table else "(unnamed)"
        if (
            op.kind in ("create_index", "drop_index")
            and op.fact("concurrently") is False
            and (postgres and not fresh)
        ):
            verb = "creates" if op.kind == "create_index" else "drops"
            yield _issue(
                "MIG004",
                op,
                f"{verb} index {op.name or unnamed} without CONCURRENTLY, "
                "which locks writes to the table while it runs",
            )
        elif (
            op.kind == "add_column"
            and op.fact("not_null")
            and not op.fact("default")
            and (not fresh)
        ):
            yield _issue(
                "MIG005",
                op,
                f"adds NOT NULL column {target} without a default, "
                "which fails on a table with rows",
            )
        elif op.kind == "alter_column" and op.fact("type_change") and not fresh:
            yield _issue(
                "MIG006",
                op,
                f"changes the type of {target}, which rewrites the "
                "table under an exclusive lock and breaks running code",
            )
        if op.kind == "add_constraint" and not fresh and postgres:
            ctype = op.fact("ctype")
            if ctype in ("foreign_key", "check") and not op.fact("not_valid"):
                kind = "foreign key" if ctype == "foreign_key" else "check constraint"
                yield _issue(
                    "MIG007",
                    op,
                    f"adds {kind} {op.name or unnamed} without NOT VALID, "
                    "which scans the table under a lock that blocks writes",
                )
            elif ctype == "unique" and not op.fact("using_index"):
                yield _issue(
                    "MIG009",
                    op,
                    f"adds unique constraint {op.name or unnamed} to an "
                    "existing table, which builds its index under a write lock",
                )
        if op.kind == "add_column" and not fresh and postgres:
            if op.fact("references"):
                yield _issue(
                    "MIG007",
                    op,
                    f"adds column {target} with an inline foreign key, which is validated at "
                    "once while writes to both tables are blocked",
                )
            if op.fact("unique"):
                yield _issue(
                    "MIG009",
                    op,
                    f"adds column {target} with an inline UNIQUE constraint, which builds its "
                    "index under a write lock",
                )
        if op.kind in ("rename_table", "rename_column"):
            what = "table" if op.kind == "rename_table" else "column"
            yield _issue(
                "MIG008",
                op,
                f"renames {what} {target}"
                f"{' to ' + op.new_name if op.new_name else ''}, which breaks code "
                "still using the old name during the deploy",
            )
        if (
            postgres
            and not fresh
            and (op.fact("set_not_null") or (op.fact("validate") and not_valid_added))
        ):
            what = (
                ("sets NOT NULL on " + target)
                if op.fact("set_not_null")
                else ("validates a NOT VALID constraint in the migration that added it")
            )
            yield _issue(
                "MIG010", op, f"{what}, which scans the whole table under an exclusive lock"
            )
