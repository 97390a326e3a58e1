"""MIG001–MIG003: reversibility and data loss."""

from __future__ import annotations

from agentweaver_lint.model import Severity
from agentweaver_lint.registry import Option, Rule

NN = "reversible-migrations"


class IrreversibleMigration(Rule):
    """A migration that cannot be rolled back.

    ## What it does
    Finds migrations without a working down: no down/downgrade/undo at all (a golang-migrate
    up without its `.down.sql`, a Flyway `V` without its `U`, a goose file without
    `-- +goose Down`, a Liquibase changeset without `--rollback`, a Rails `up` without
    `down`); a down that is empty (`pass`, `...`, comments, `return`, `Promise.resolve()`,
    a `SELECT 1;` placeholder) while the up changes the schema; a down that only raises
    (`NotImplementedError`, `ActiveRecord::IrreversibleMigration`, `throw`); Django
    `RunPython` without `reverse_code` and `RunSQL` without `reverse_sql` (also inside
    `SeparateDatabaseAndState`), or with a no-op reverse of a schema change; Rails `change`
    commands Rails cannot invert (`execute`, `change_column`, `remove_column` without a type,
    `drop_table` without a block, `remove_index` by name only) outside
    `reversible do |dir| … end` with both directions. Prisma and Drizzle migrations have no
    down by design and are reported at line 1 with how to write one. Merge revisions, empty
    both-ways revisions and a no-op reverse of a data-only backfill are fine.

    ## Why it matters
    A release that goes wrong is rolled back by running the downs. A missing or empty down
    turns a bad deploy into a manual database repair under pressure.

    ## Example
    ```python
    def upgrade():
        op.add_column("users", sa.Column("email", sa.String()))

    def downgrade():
        pass
    ```

    ## Use instead
    ```python
    def upgrade():
        op.add_column("users", sa.Column("email", sa.String()))

    def downgrade():
        op.drop_column("users", "email")
    ```

    ## Options
    `no_down_severity` (str, default `error`): severity for Prisma and Drizzle migrations,
    whose tools write no down scripts (`warning` or `info` to accept that by policy).
    """

    code = "MIG001"
    name = "irreversible-migration"
    family = "MIG"
    non_negotiable = NN
    severity = Severity.ERROR
    summary = "A migration has no down, an empty or raising down, or a non-invertible change."
    options = (
        Option(
            "no_down_severity",
            str,
            "error",
            "Severity for Prisma/Drizzle migrations (no down by design).",
        ),
    )


class DownDoesNotUndoUp(Rule):
    """The down migration does not undo what the up migration does.

    ## What it does
    Builds the inventory of both directions — tables, columns, indexes, constraints, types,
    extensions, renames and column changes — from Alembic `op.*` calls, Rails `up`/`down`
    commands, Knex/Sequelize/TypeORM/node-pg-migrate builder calls, and SQL parsed with
    sqlglot (golang-migrate, goose, dbmate, Flyway undo, sqitch, Liquibase rollbacks, raw
    SQL passed by the JS tools) — and
    reports every object the up creates, drops or changes that the down neither drops,
    restores nor changes back. A down that drops a different column than the up adds fails.
    Statements sqlglot keeps opaque are classified by keyword; a down with an operation we
    cannot read is not judged.

    ## Why it matters
    A down that runs but restores the wrong thing is worse than none: the rollback
    "succeeds" and leaves a schema no release expects.

    ## Example
    ```sql
    -- 0003_email.up.sql
    ALTER TABLE users ADD COLUMN email TEXT;
    -- 0003_email.down.sql
    ALTER TABLE users DROP COLUMN mail;
    ```

    ## Use instead
    ```sql
    -- 0003_email.down.sql
    ALTER TABLE users DROP COLUMN email;
    ```

    ## Options
    None. The SQL dialect comes from `database.dialect` (or the declared database).
    """

    code = "MIG002"
    name = "down-does-not-undo-up"
    family = "MIG"
    non_negotiable = NN
    severity = Severity.ERROR
    summary = "The down migration leaves something the up created, dropped or changed."


class LossyMigration(Rule):
    """A migration that destroys data.

    ## What it does
    Reports up operations that lose data even when a down exists: dropping a table or a
    column, `TRUNCATE`, `DELETE` or `UPDATE` without `WHERE`, and narrowing a column's type
    (Alembic `alter_column` with a shorter `type_` than `existing_type`).

    ## Why it matters
    A down can recreate the column, not its contents. Rolling back after a lossy migration
    leaves empty columns or tables behind.

    ## Example
    ```python
    def upgrade():
        op.drop_column("users", "legacy_id")
    ```

    ## Use instead
    ```python
    def upgrade():
        # copied to users_legacy_ids in 0041; dropped after one release
        op.drop_column("users", "legacy_id")
    ```
    (and suppress with the reason: `# agentweaver: ignore[MIG003] -- copied in 0041`).

    ## Options
    None.
    """

    code = "MIG003"
    name = "lossy-migration"
    family = "MIG"
    non_negotiable = NN
    severity = Severity.WARNING
    summary = "The up drops or overwrites data that no down can bring back."
