"""Readers and helpers of the MIG family, exercised directly on small sources."""

from __future__ import annotations

import pytest

from agentweaver_lint.checks.migrations.jsfw import js_migration
from agentweaver_lint.checks.migrations.judge import irreversible_issue, mismatch_issues
from agentweaver_lint.checks.migrations.rails import rails_migration
from agentweaver_lint.checks.migrations.sqlfw import SqlFile, pair_migration
from agentweaver_lint.checks.migrations.sqlkeywords import keyword_op, rough_ops
from agentweaver_lint.checks.migrations.sqltext import dialect_name, strip_templates

JS_CASES = [
    (
        "exports.up = (knex) => knex.schema.createTable('t', () => {});\n"
        "exports.down = (knex) => knex.schema.dropTable('t');\n",
        False,
    ),
    (
        "exports.up = (knex) => knex.schema.createTable('t', () => {});\n"
        "exports.down = () => Promise.resolve();\n",
        True,
    ),
    (
        "export const up = async (knex) => { await knex.schema.dropTable('old'); };\n"
        "export const down = async () => {};\n",
        True,
    ),
    (
        "module.exports = {\n  up: (qi) => qi.bulkInsert('roles', [{ name: 'a' }]),\n"
        "  down: () => {},\n};\n",
        False,
    ),
    (
        "async function up({ context: qi }) { await qi.addColumn('t', 'c', {}); }\n"
        "async function down({ context: qi }) { await qi.removeColumn('t', 'c'); }\n"
        "module.exports = { up, down };\n",
        False,
    ),
    ("exports.up = (pgm) => { pgm.createTable('t', { id: 'id' }); };\n", False),
    ("exports.up = (pgm) => { pgm.dropTable('t'); };\n", True),
    (
        "exports.up = (knex) => knex.schema.createTable('t', () => {});\n"
        "exports.down = async () => { throw new Error('irreversible'); };\n",
        True,
    ),
]


@pytest.mark.parametrize(("source", "irreversible"), JS_CASES)
def test_js_shapes(source: str, irreversible: bool) -> None:
    migration = js_migration("migrations/1_x.js", source, "postgres")
    assert migration is not None
    assert (irreversible_issue(migration) is not None) is irreversible


def test_js_file_without_up_is_not_a_migration() -> None:
    assert (
        js_migration("migrations/config.js", "module.exports = { client: 'pg' };\n", "postgres")
        is None
    )


RAILS_CHANGE = """class X < ActiveRecord::Migration[7.1]
  def change
{body}
  end
end
"""


@pytest.mark.parametrize(
    ("body", "codes"),
    [
        ("    add_column :users, :age, :integer", []),
        ("    remove_column :users, :age, :integer", []),
        ("    remove_column :users, :age", ["MIG001"]),
        ("    change_column_default :users, :age, from: nil, to: 0", []),
        ("    change_column_default :users, :age, 0", ["MIG001"]),
        ("    remove_index :users, :email", []),
        ("    drop_table :tags", ["MIG001"]),
        ("    up_only { execute 'UPDATE users SET a = 1' }", []),
        ("    reversible do |dir|\n      dir.up { execute 'UPDATE users SET a = 1' }\n    end", []),
        ("    change_table :users do |t|\n      t.remove :age, type: :integer\n    end", []),
    ],
)
def test_rails_change(body: str, codes: list[str]) -> None:
    migration = rails_migration("db/migrate/1_x.rb", RAILS_CHANGE.format(body=body), "postgres")
    assert migration is not None
    assert [issue.code for issue in migration.issues] == codes


def test_templates_keep_offsets() -> None:
    text = "CREATE TABLE {{ .Schema }}.users (id INT);\nSELECT ${flyway:user};\n"
    stripped = strip_templates(text)
    assert len(stripped) == len(text)
    assert stripped.split("\n")[0].startswith("CREATE TABLE xxxxxxxxxxxxx.users")
    assert "${" not in stripped


def test_keyword_pass_classifies_commands() -> None:
    where = {"path": "a.sql", "line": 1, "column": 1}
    assert keyword_op("ALTER TYPE mood ADD VALUE 'x'", where).kind == "alter_type"
    assert keyword_op("CREATE EXTENSION IF NOT EXISTS pgcrypto", where).name == "pgcrypto"
    assert keyword_op("DO $$ BEGIN CREATE TABLE t (); END $$", where).is_schema
    assert not keyword_op("DO $$ BEGIN UPDATE t SET a = 1; END $$", where).is_schema
    assert [op.kind for op in rough_ops("INSERT INTO t VALUES ('a;\nb');\nDROP TABLE t;", "a")]


def test_dialect_names() -> None:
    assert dialect_name("", "PostgreSQL") == "postgres"
    assert dialect_name("", "MySQL") == "mysql"
    assert dialect_name("sqlite", "PostgreSQL") == "sqlite"
    assert dialect_name("", "") == "postgres"


@pytest.mark.parametrize(
    ("up", "down", "mismatched"),
    [
        ("CREATE TABLE a (id INT); CREATE INDEX ON a (id);", "DROP TABLE a;", False),
        ("ALTER TABLE a ADD COLUMN b INT;", "ALTER TABLE a DROP COLUMN c;", True),
        ("ALTER TABLE a RENAME COLUMN b TO c;", "ALTER TABLE a RENAME COLUMN c TO b;", False),
        ("CREATE OR REPLACE VIEW v AS SELECT 1;", "CREATE OR REPLACE VIEW v AS SELECT 2;", False),
        ("CREATE TABLE a (id INT); CREATE TABLE b (id INT);", "DROP TABLE a;", True),
        ("ALTER TABLE a ADD COLUMN b INT;", "DO $$ BEGIN PERFORM 1; END $$;", False),
    ],
)
def test_sql_inventory_comparison(up: str, down: str, mismatched: bool) -> None:
    migration = pair_migration(
        "golang-migrate", SqlFile("1_x.up.sql", up), SqlFile("1_x.down.sql", down), "postgres"
    )
    assert bool(mismatch_issues(migration)) is mismatched
