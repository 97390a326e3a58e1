"""Verdicts over analysed migrations: MIG001 (generic part), MIG002 and MIG003."""

from __future__ import annotations

import dataclasses

from agentweaver_lint.checks.migrations.model import Direction, Issue, Migration, Op

FIXES: dict[str, str] = {
    "alembic": "write downgrade() with the op.* calls that undo upgrade()",
    "golang-migrate": "add a matching {version}_{name}.down.sql that undoes the up script",
    "goose": "add a `-- +goose Down` section whose statements undo the Up section",
    "dbmate": "add a `-- migrate:down` section whose statements undo the up section",
    "sql-migrate": "add a `-- +migrate Down` section whose statements undo the Up section",
    "flyway": "add an undo migration U{version}__{description}.sql that reverses it",
    "sqitch": "write revert/<change>.sql so it undoes deploy/<change>.sql",
    "liquibase": "add `--rollback <SQL>` lines to the changeset",
    "rails": "define `down` so it undoes `up` (or use `change` with invertible commands)",
    "prisma": (
        "Prisma Migrate writes no down migrations: generate one with `prisma migrate diff "
        "--from-schema-datamodel prisma/schema.prisma --to-schema-datasource "
        "prisma/schema.prisma --script > down.sql` before applying it, and keep it as "
        "down.sql in this migration's folder"
    ),
    "drizzle": (
        "drizzle-kit writes no down migrations: write the reverse SQL script beside this "
        "migration (for example `<tag>.down.sql`) and apply it to roll back"
    ),
}
_JS_FIX = "implement down() so it undoes what up() does"
INVERSES: dict[str, tuple[str, ...]] = {
    "create_table": ("drop_table",),
    "drop_table": ("create_table",),
    "add_column": ("drop_column",),
    "drop_column": ("add_column",),
    "create_index": ("drop_index",),
    "drop_index": ("create_index",),
    "add_constraint": ("drop_constraint",),
    "drop_constraint": ("add_constraint",),
    "rename_table": ("rename_table",),
    "rename_column": ("rename_column",),
    "alter_column": ("alter_column",),
}
for _obj in (
    "type",
    "extension",
    "view",
    "function",
    "sequence",
    "trigger",
    "schema",
    "procedure",
    "policy",
):
    INVERSES[f"create_{_obj}"] = (f"drop_{_obj}",)
    INVERSES[f"drop_{_obj}"] = (f"create_{_obj}",)
for _obj in ("view", "function", "procedure", "trigger", "policy"):
    # CREATE OR REPLACE in the up is undone by recreating the previous definition.
    INVERSES[f"create_{_obj}"] = (f"drop_{_obj}", f"create_{_obj}")


def fix_for(framework: str, path: str = "") -> str:
    """How to give this migration a down (naming the file to add where the tool fixes one)."""
    name = path.rsplit("/", 1)[-1]
    if framework in ("golang-migrate", "diesel") and name:
        down = name[: -len(".up.sql")] + ".down.sql" if name.endswith(".up.sql") else "down.sql"
        return f"add {down} beside it with the statements that undo the up script"
    if framework == "flyway" and name.startswith("V"):
        return f"add the undo migration U{name[1:]} that reverses it"
    return FIXES.get(framework, _JS_FIX)


def irreversible_issue(migration: Migration) -> Issue | None:
    """MIG001 from the two directions (frameworks without their own verdict)."""
    up, down = migration.up, migration.down
    fix = fix_for(migration.framework, migration.path)
    if migration.no_down_by_design:
        return Issue(
            "MIG001",
            migration.path,
            1,
            1,
            f"{migration.framework.capitalize()} migration has no down script, so it "
            f"cannot be rolled back; {fix}.",
            key=f"{migration.framework}:no-down",
        )
    if not down.exists:
        return Issue(
            "MIG001",
            migration.path,
            up.line,
            up.column,
            f"{_label(migration)} has no down migration, so it cannot be rolled back; {fix}.",
            key="no-down",
        )
    if down.raises:
        how = f"is declared irreversible (`{down.declared}`)" if down.declared else "only raises"
        return Issue(
            "MIG001",
            down.path,
            down.line,
            down.column,
            f"the down migration of {_label(migration)} {how}, so it cannot be rolled back; {fix}.",
            key="down-raises",
        )
    if down.empty and any(op.is_schema for op in up.effective):
        return Issue(
            "MIG001",
            down.path,
            down.line,
            down.column,
            f"the down migration of {_label(migration)} is empty but the up changes "
            f"the schema ({up_summary(up)}), so rolling back leaves it in place; "
            f"{fix}.",
            key="down-empty",
        )
    return None


def _label(migration: Migration) -> str:
    return f"this {migration.framework} migration"


def up_summary(up: Direction) -> str:
    schema = [op.describe() for op in up.effective if op.is_schema]
    more = f" and {len(schema) - 2} more" if len(schema) > 2 else ""
    return ", ".join(schema[:2]) + more


def _same(a: str, b: str) -> bool:
    return not a or not b or a == b


def _undoes(op: Op, candidate: Op) -> bool:
    """Whether ``candidate`` (a down operation) undoes ``op`` (an up operation)."""
    if candidate.kind not in INVERSES.get(op.kind, ()):
        return False
    if op.kind in ("rename_table", "rename_column"):
        if not op.new_name or not candidate.new_name:
            return _same(op.table, candidate.table) or _same(op.new_name, candidate.table)
        return candidate.new_name == op.name and _same(candidate.name, op.new_name)
    if op.kind.endswith(("_table",)):
        return _same(op.table, candidate.table)
    if op.kind in ("create_index", "drop_index", "add_constraint", "drop_constraint"):
        if op.name and candidate.name:
            return op.name == candidate.name
        return _same(op.table, candidate.table)
    if op.kind in ("add_column", "drop_column", "alter_column"):
        return _same(op.table, candidate.table) and _same(op.name, candidate.name)
    return _same(op.name, candidate.name)


_COLUMN_KINDS = ("add_column", "drop_column", "alter_column")


def fold_renames(ops: list[Op]) -> list[Op]:
    """A column added and then renamed in the same direction is the renamed column.

    The swap recipe (add ``new_id``, backfill, drop ``id``, rename ``new_id`` to ``id``) and
    its reverse must compare as ``add id`` / ``drop id``, not as a ``new_id`` the down
    never drops. Altering a column the same direction added needs no inverse of its own.
    """
    out: list[Op | None] = list(ops)
    added: dict[tuple[str, str], int] = {}
    for index, op in enumerate(ops):
        if op.kind == "add_column":
            added[(op.table, op.name)] = index
        elif op.kind == "alter_column" and (op.table, op.name) in added:
            out[index] = None  # altering a column this direction added: undone with the add
        elif op.kind == "rename_column" and op.new_name and (op.table, op.name) in added:
            first = added.pop((op.table, op.name))
            prior = out[first]
            if prior is not None:
                out[first] = dataclasses.replace(prior, name=op.new_name)
                added[(op.table, op.new_name)] = first
                out[index] = None
    return [op for op in out if op is not None]


class _CandidateIndex:
    """Down operations by kind, and column operations by (kind, table, column).

    Comparing every up operation with every down one is quadratic; a 4,000-statement
    migration took seconds. An empty table or column name matches anything (see ``_same``),
    so those sit in wildcard buckets that every lookup also reads.
    """

    def __init__(self, ops: list[Op]) -> None:
        self.by_kind: dict[str, list[Op]] = {}
        self.by_key: dict[tuple[str, str, str], list[Op]] = {}
        for op in ops:
            self.by_kind.setdefault(op.kind, []).append(op)
            if op.kind in _COLUMN_KINDS:
                key = (op.kind, op.table or "", op.name or "")
                self.by_key.setdefault(key, []).append(op)

    def for_op(self, op: Op) -> list[Op]:
        kinds = INVERSES.get(op.kind, ())
        if op.kind in _COLUMN_KINDS and op.table and op.name:
            return [
                candidate
                for kind in kinds
                for table in (op.table, "")
                for name in (op.name, "")
                for candidate in self.by_key.get((kind, table, name), ())
            ]
        return [candidate for kind in kinds for candidate in self.by_kind.get(kind, ())]


def _covered_by_table(op: Op, down: list[Op]) -> bool:
    """Objects of a table the down drops (or recreates) go with it."""
    if op.kind in ("create_table", "drop_table") or not op.table:
        return False
    wanted = "drop_table" if op.kind.startswith(("add_", "create_")) else "create_table"
    if any(c.kind == wanted and c.table == op.table for c in down):
        return True
    if op.kind in ("add_constraint", "create_index"):
        # Dropping the column drops the constraints and indexes built on it.
        return any(c.kind == "drop_column" and c.table == op.table for c in down)
    if op.kind in ("drop_constraint", "drop_index"):
        # Recreating the column (with its constraint inline) restores them.
        return any(c.kind == "add_column" and c.table == op.table for c in down)
    return False


def mismatch_issues(migration: Migration) -> list[Issue]:
    """MIG002: up operations the down neither undoes nor restores."""
    up, down = migration.up, migration.down
    if not migration.compare or not down.exists or down.raises or down.empty:
        return []
    if not down.complete or any(op.kind == "opaque" for op in down.ops):
        return []
    down_ops = fold_renames(down.effective)
    candidates = _CandidateIndex(down_ops)
    missing = [
        op
        for op in fold_renames(up.effective)
        if op.kind in INVERSES
        and (op.table or op.name)
        and not (op.kind == "alter_column" and not op.detail)
        and not any(_undoes(op, c) for c in candidates.for_op(op))
        and not _covered_by_table(op, down_ops)
    ]
    if not missing:
        return []
    listed = ", ".join(
        f"`{op.describe()}` ({'line ' if op.path == down.path else op.path + ':'}{op.line})"
        for op in missing[:4]
    )
    more = f" and {len(missing) - 4} more" if len(missing) > 4 else ""
    return [
        Issue(
            "MIG002",
            down.path,
            down.line,
            down.column,
            f"the down migration does not undo {listed}{more} from the up; add the inverse "
            "operations so rolling back restores the schema.",
            key="|".join(sorted(op.describe() for op in missing)),
        )
    ]


def lossy_issues(migration: Migration) -> list[Issue]:
    """MIG003: the up destroys data (drops, unbounded DELETE/UPDATE, TRUNCATE, narrowing)."""
    issues: list[Issue] = []
    created_tables = {op.table for op in migration.up.ops if op.kind == "create_table"}
    added = {(op.table, op.name) for op in migration.up.ops if op.kind == "add_column"}
    for op in migration.up.ops:
        why = ""
        if op.kind == "drop_table" and op.table not in created_tables:
            why = f"drops table {op.table or '(unnamed)'} and every row in it"
        elif op.kind == "drop_column" and (op.table, op.name) not in added:
            column = ".".join(p for p in (op.table, op.name) if p) or "a column"
            why = f"drops column {column} and its data"
        elif op.kind == "truncate":
            why = f"truncates {op.table or 'a table'}"
        elif op.kind in ("delete", "update") and op.fact("where") is False:
            why = f"runs {op.kind.upper()} on {op.table or 'a table'} without WHERE"
        elif op.kind == "alter_column" and op.fact("narrowing"):
            why = f"narrows the type of {op.table}.{op.name}"
        if why:
            issues.append(
                Issue(
                    "MIG003",
                    op.path,
                    op.line,
                    op.column,
                    f"this migration {why}; a down cannot bring the data back — copy it first "
                    f"(a backup table or an export) or deprecate before dropping.",
                    key=f"{op.kind}:{op.table}.{op.name}",
                )
            )
    return issues
