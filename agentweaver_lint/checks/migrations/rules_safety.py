"""MIG004–MIG010: operations that lock or break a live database (Postgres-aware)."""

from __future__ import annotations

from agentweaver_lint.model import Severity
from agentweaver_lint.registry import Rule

NN = "reversible-migrations"


class NonConcurrentIndex(Rule):
    """An index created or dropped without CONCURRENTLY on an existing table (Postgres).

    ## What it does
    Reports `CREATE INDEX`/`DROP INDEX` without `CONCURRENTLY`, Alembic `op.create_index`
    without `postgresql_concurrently=True`, Django `AddIndex` (not `AddIndexConcurrently`),
    Rails `add_index` without `algorithm: :concurrently`, and Sequelize/node-pg-migrate index
    calls without `concurrently: true` — unless the table is created in the same migration.

    ## Why it matters
    A plain `CREATE INDEX` blocks every write to the table until the build finishes: minutes
    of downtime on a large table.

    ## Example
    ```sql
    CREATE INDEX ix_orders_user ON orders (user_id);
    ```

    ## Use instead
    ```sql
    CREATE INDEX CONCURRENTLY ix_orders_user ON orders (user_id);
    ```

    ## Options
    None. Applies when the dialect is Postgres (the default) or Redshift.
    """

    code = "MIG004"
    name = "non-concurrent-index"
    family = "MIG"
    non_negotiable = NN
    severity = Severity.WARNING
    summary = "An index is built or dropped without CONCURRENTLY on an existing table."


class NotNullColumnWithoutDefault(Rule):
    """A NOT NULL column added to an existing table without a default.

    ## What it does
    Reports `ADD COLUMN … NOT NULL` without `DEFAULT`, Alembic `add_column` with
    `nullable=False` and no `server_default`, Django `AddField` without `null=True` or a
    default (a blank `CharField`/`TextField` is not reported), Rails `add_column … null: false`
    without `default:` and Sequelize `allowNull: false` without `defaultValue`.

    ## Why it matters
    On a table with rows the statement fails (there is no value for the existing rows) —
    a deploy that passed on an empty test database breaks in production.

    ## Example
    ```sql
    ALTER TABLE users ADD COLUMN tenant_id BIGINT NOT NULL;
    ```

    ## Use instead
    ```sql
    ALTER TABLE users ADD COLUMN tenant_id BIGINT;
    -- backfill, then in a later migration:
    ALTER TABLE users ALTER COLUMN tenant_id SET NOT NULL;
    ```

    ## Options
    None.
    """

    code = "MIG005"
    name = "not-null-column-without-default"
    family = "MIG"
    non_negotiable = NN
    severity = Severity.WARNING
    summary = "A NOT NULL column is added to an existing table without a default."


class ColumnTypeChange(Rule):
    """A column's type is changed in place.

    ## What it does
    Reports `ALTER COLUMN … TYPE`, Alembic `alter_column(type_=…)`, Rails `change_column` and
    Sequelize `changeColumn` on a table the migration did not create.

    ## Why it matters
    Most type changes rewrite the table under an `ACCESS EXCLUSIVE` lock, and code that is
    still running during the deploy reads or writes the old type.

    ## Example
    ```sql
    ALTER TABLE orders ALTER COLUMN amount TYPE NUMERIC(12, 2);
    ```

    ## Use instead
    ```sql
    ALTER TABLE orders ADD COLUMN amount_v2 NUMERIC(12, 2);
    -- dual-write and backfill, switch readers, then drop amount later
    ```

    ## Options
    None.
    """

    code = "MIG006"
    name = "column-type-change"
    family = "MIG"
    non_negotiable = NN
    severity = Severity.WARNING
    summary = "A column's type is changed in place on an existing table."


class ConstraintWithoutNotValid(Rule):
    """A foreign key or check constraint added without NOT VALID (Postgres).

    ## What it does
    Reports `ADD CONSTRAINT … FOREIGN KEY`/`CHECK` without `NOT VALID`, Alembic
    `create_foreign_key`/`create_check_constraint` without `postgresql_not_valid=True`,
    Django `AddConstraint(CheckConstraint…)` and Rails `add_foreign_key`/
    `add_check_constraint` without `validate: false`, on existing tables.

    ## Why it matters
    Adding a validated constraint scans the whole table while holding a lock that blocks
    writes (and, for a foreign key, writes to the referenced table too).

    ## Example
    ```sql
    ALTER TABLE orders ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id);
    ```

    ## Use instead
    ```sql
    ALTER TABLE orders ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id)
        NOT VALID;
    -- later migration:
    ALTER TABLE orders VALIDATE CONSTRAINT fk_user;
    ```

    ## Options
    None. Applies when the dialect is Postgres (the default) or Redshift.
    """

    code = "MIG007"
    name = "constraint-without-not-valid"
    family = "MIG"
    non_negotiable = NN
    severity = Severity.WARNING
    summary = "A foreign key or check constraint is added and validated in one locking step."


class RenameColumnOrTable(Rule):
    """A column or table is renamed.

    ## What it does
    Reports `RENAME COLUMN`/`RENAME TO`, Alembic `alter_column(new_column_name=…)` and
    `rename_table`, Django `RenameField`/`RenameModel`, Rails `rename_column`/`rename_table`
    and the Knex/Sequelize/TypeORM rename calls.

    ## Why it matters
    During a rolling deploy the old code still uses the old name: every query it sends fails
    until the last old instance is gone.

    ## Example
    ```sql
    ALTER TABLE users RENAME COLUMN name TO full_name;
    ```

    ## Use instead
    ```sql
    ALTER TABLE users ADD COLUMN full_name TEXT;
    -- dual-write, backfill, move readers; drop "name" in a later release
    ```

    ## Options
    None.
    """

    code = "MIG008"
    name = "rename-column-or-table"
    family = "MIG"
    non_negotiable = NN
    severity = Severity.WARNING
    summary = "A column or table is renamed while old code may still use the old name."


class UniqueConstraintOnExistingTable(Rule):
    """A unique constraint added to an existing table without a prebuilt index (Postgres).

    ## What it does
    Reports `ADD CONSTRAINT … UNIQUE` (without `USING INDEX`), Alembic
    `create_unique_constraint` and Django `AddConstraint(UniqueConstraint…)` on a table the
    migration did not create.

    ## Why it matters
    The constraint builds its unique index while blocking writes to the table.

    ## Example
    ```sql
    ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
    ```

    ## Use instead
    ```sql
    CREATE UNIQUE INDEX CONCURRENTLY users_email_idx ON users (email);
    ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;
    ```

    ## Options
    None. Applies when the dialect is Postgres (the default) or Redshift.
    """

    code = "MIG009"
    name = "unique-constraint-on-existing-table"
    family = "MIG"
    non_negotiable = NN
    severity = Severity.WARNING
    summary = "A unique constraint builds its index under a write lock."


class FullTableValidation(Rule):
    """`SET NOT NULL` (or validating a constraint in the migration that added it NOT VALID).

    ## What it does
    Reports `ALTER COLUMN … SET NOT NULL`, Alembic `alter_column(nullable=False)`, Rails
    `change_column_null …, false`, and `VALIDATE CONSTRAINT` in the same migration as the
    `ADD CONSTRAINT … NOT VALID` it validates.

    ## Why it matters
    Both scan the whole table under a lock; validating in the same transaction as the
    NOT VALID add throws away the benefit of NOT VALID.

    ## Example
    ```sql
    ALTER TABLE users ALTER COLUMN email SET NOT NULL;
    ```

    ## Use instead
    ```sql
    ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;
    -- later migration:
    ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;
    ALTER TABLE users ALTER COLUMN email SET NOT NULL;
    ```

    ## Options
    None. Applies when the dialect is Postgres (the default) or Redshift.
    """

    code = "MIG010"
    name = "full-table-validation"
    family = "MIG"
    non_negotiable = NN
    severity = Severity.WARNING
    summary = "SET NOT NULL or VALIDATE scans a whole table under a lock."
