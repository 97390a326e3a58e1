"""MIG behaviour beyond single rules: no import, evidence, options, config, parse errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from mig_helpers import run_mig

from agentweaver_lint.checks.migrations.score import declared_frameworks
from agentweaver_lint.model import Report, ScoreEntry, Severity

pytestmark = pytest.mark.filterwarnings("ignore:GitWildMatchPattern:DeprecationWarning")

MARKER_PY = """
import pathlib

pathlib.Path(__file__).with_name("IMPORTED").write_text("imported")
"""


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def row(report: Report) -> ScoreEntry:
    return next(r for r in report.scorecard if r.id == "reversible-migrations")


def test_no_migration_is_imported(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "alembic/versions/a1_marker.py": MARKER_PY
            + (
                "revision = 'a1'\ndown_revision = None\n\n"
                "def upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n"
            ),
            "app/migrations/__init__.py": MARKER_PY,
            "app/migrations/0001_initial.py": MARKER_PY
            + (
                "from django.db import migrations\n\n\n"
                "class Migration(migrations.Migration):\n    operations = []\n"
            ),
        },
    )
    report = run_mig(tmp_path)
    assert not list(tmp_path.rglob("IMPORTED"))
    assert row(report).figures["migrations_checked"] == 2


def test_not_applicable_without_migrations(tmp_path: Path) -> None:
    write(tmp_path, {"app/main.py": "print('hello')\n"})
    entry = row(run_mig(tmp_path))
    assert entry.verdict.value == "not-applicable"


def test_declared_tool_without_migrations_is_no_evidence(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app/main.py": "print('hello')\n",
            "agentweaver.config.yml": "techStack:\n  database:\n    primary: PostgreSQL\n"
            "    orm: SQLAlchemy\n    migrations: Alembic\n",
        },
    )
    entry = row(run_mig(tmp_path))
    assert entry.verdict.value == "no-evidence"
    assert "alembic" in entry.summary


def test_declared_names_map_to_frameworks() -> None:
    assert declared_frameworks("Alembic", "SQLAlchemy") == {"alembic"}
    assert declared_frameworks("Prisma Migrate") == {"prisma"}
    assert declared_frameworks("golang-migrate") == {"golang-migrate"}
    assert declared_frameworks("Mongoose") == set()


def test_evidence_present_with_figures(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "db/migrations/000001_init.up.sql": "CREATE TABLE t (id INT);\n",
            "db/migrations/000001_init.down.sql": "DROP TABLE t;\n",
            "db/migrations/000002_more.up.sql": "ALTER TABLE t ADD COLUMN a INT;\n",
        },
    )
    entry = row(run_mig(tmp_path))
    figures = entry.figures
    assert figures["migrations_checked"] == 2
    assert figures["golang_migrate_migrations"] == 2
    assert figures["irreversible"] == 1
    assert entry.verdict.value == "fail"


def test_prisma_severity_option(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "prisma/migrations/migration_lock.toml": 'provider = "postgresql"\n',
            "prisma/migrations/20240101_init/migration.sql": "CREATE TABLE a (id INT);\n",
            "pyproject.toml": (
                '[tool.agentweaver-lint.rules.MIG001]\nno_down_severity = "warning"\n'
            ),
        },
    )
    report = run_mig(tmp_path)
    (finding,) = [f for f in report.findings if f.code == "MIG001"]
    assert finding.severity is Severity.WARNING
    assert row(report).verdict.value == "pass"


def test_configured_migration_paths(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "schema/changes/a1_add.py": (
                "from alembic import op\nimport sqlalchemy as sa\n\nrevision = 'a1'\n"
                "down_revision = None\n\n\ndef upgrade():\n"
                "    op.add_column('t', sa.Column('c', sa.Integer()))\n"
            ),
            "pyproject.toml": (
                '[tool.agentweaver-lint.database]\nmigration_paths = ["schema/changes"]\n'
            ),
        },
    )
    report = run_mig(tmp_path)
    assert [(f.path, f.code, f.line) for f in report.findings] == [
        ("schema/changes/a1_add.py", "MIG001", 8)
    ]


def test_alembic_ini_version_locations(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "alembic.ini": (
                "[alembic]\nscript_location = db\nversion_locations = %(here)s/db/revs\n"
            ),
            "db/revs/x1_t.py": (
                "from alembic import op\n\nrevision = 'x1'\ndown_revision = None\n\n\n"
                "def upgrade():\n    op.create_table('t')\n\n\ndef downgrade():\n    pass\n"
            ),
        },
    )
    report = run_mig(tmp_path)
    assert [(f.path, f.code) for f in report.findings] == [("db/revs/x1_t.py", "MIG001")]


def test_unparsable_files_are_awl001_not_crashes(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "migrations/000001_bad.up.sql": "CREATE TABLE t (name TEXT DEFAULT 'unterminated);\n",
            "migrations/000001_bad.down.sql": "DROP TABLE t;\n",
            "src/migrations/1700000000000-Broken.ts": "export class X { public async up( {\n",
            "alembic/versions/z9_broken.py": (
                "revision = 'z9'\ndown_revision = None\ndef upgrade(:\n"
            ),
        },
    )
    report = run_mig(tmp_path)
    codes = sorted((f.path, f.code) for f in report.findings)
    assert ("migrations/000001_bad.up.sql", "AWL001") in codes
    assert ("alembic/versions/z9_broken.py", "AWL001") in codes
    assert not [f for f in report.findings if f.code == "AWL004"]
    assert report.summary.tool_error is False


def test_templating_is_stripped_before_parsing(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "sql/V1__init.sql": "CREATE TABLE ${schema}.users (id INT);\n",
            "sql/U1__init.sql": "DROP TABLE ${schema}.users;\n",
            "db/migrations/000001_x.up.sql": (
                "{{ if .Partitioned }}\nCREATE TABLE {{.Schema}}.events (id INT);\n{{ end }}\n"
            ),
            "db/migrations/000001_x.down.sql": "DROP TABLE {{.Schema}}.events;\n",
        },
    )
    report = run_mig(tmp_path)
    assert report.findings == []


def test_findings_limited_to_target_paths(tmp_path: Path) -> None:
    from agentweaver_lint.config import load_settings
    from agentweaver_lint.gate import run_gate
    from agentweaver_lint.settings import Setting

    write(
        tmp_path,
        {
            "migrations/000001_a.up.sql": "CREATE TABLE a (id INT);\n",
            "migrations/000002_b.up.sql": "CREATE TABLE b (id INT);\n",
            "migrations/000002_b.down.sql": "\n",
        },
    )
    settings = load_settings(tmp_path, flags={"select": Setting(["MIG"], "test")})
    report = run_gate(
        tmp_path, settings, paths=[str(tmp_path / "migrations/000002_b.down.sql")], jobs=1
    ).report
    assert [(f.path, f.code) for f in report.findings] == [
        ("migrations/000002_b.down.sql", "MIG001")
    ]


def test_alembic_locations_from_pyproject(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": '[tool.alembic]\nscript_location = "db"\n',
            "db/revs/../versions/x1_t.py": (
                "from alembic import op\n\nrevision = 'x1'\ndown_revision = None\n\n\n"
                "def upgrade():\n    op.create_table('t')\n"
            ),
            "schema_changes/x2_t.py": (
                "from alembic import op\n\nrevision = 'x2'\ndown_revision = 'x1'\n\n\n"
                "def upgrade():\n    op.create_table('u')\n"
            ),
        },
    )
    (tmp_path / "pyproject.toml").write_text(
        '[tool.alembic]\nscript_location = "db"\nversion_locations = ["schema_changes"]\n'
    )
    report = run_mig(tmp_path)
    assert sorted((f.path, f.code) for f in report.findings) == [
        ("db/versions/x1_t.py", "MIG001"),
        ("schema_changes/x2_t.py", "MIG001"),
    ]


def test_prisma_folder_without_lock_file(tmp_path: Path) -> None:
    write(
        tmp_path,
        {"packages/db/migrations/20240101120000_init/migration.sql": "CREATE TABLE a (id INT);\n"},
    )
    report = run_mig(tmp_path)
    assert [(f.path, f.code, f.line) for f in report.findings] == [
        ("packages/db/migrations/20240101120000_init/migration.sql", "MIG001", 1)
    ]


def test_unknown_declared_tool_without_migrations_is_no_evidence(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app/main.py": "print('hello')\n",
            "agentweaver.config.yml": "techStack:\n  database:\n    migrations: Atlas\n",
        },
    )
    entry = row(run_mig(tmp_path))
    assert entry.verdict.value == "no-evidence"
    assert "Atlas" in entry.summary
