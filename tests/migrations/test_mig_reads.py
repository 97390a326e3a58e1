"""MIG's cache key covers every file it reads, and no file it does not: an edit elsewhere
reuses its result."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from agentweaver_lint.checks.migrations.check import MigrationCheck
from agentweaver_lint.checks.migrations.discovery import collect
from agentweaver_lint.config import load_settings
from agentweaver_lint.gate import GateOptions, run_gate, workspace_options
from agentweaver_lint.settings import Setting
from agentweaver_lint.workspace import SourceFile, build_workspace

pytestmark = pytest.mark.filterwarnings("ignore:GitWildMatchPattern:DeprecationWarning")

FIXTURES = Path(__file__).parents[1] / "fixtures" / "migrations"
FRAMEWORKS = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_every_file_collect_reads_is_in_the_read_set(
    framework: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / framework
    shutil.copytree(FIXTURES / framework, root)
    (root / "app").mkdir(exist_ok=True)
    (root / "app" / "views.py").write_text("def index(request):\n    return 'migration'\n")
    settings = load_settings(root)
    workspace = build_workspace(root, workspace_options(settings))
    reads = MigrationCheck().reader(workspace, settings)
    read: set[str] = set()
    original = SourceFile.text

    def noting(self: SourceFile) -> Any:
        read.add(self.path)
        return original.fget(self)  # type: ignore[attr-defined]

    monkeypatch.setattr(SourceFile, "text", property(noting))
    found = collect(workspace, "postgres", [])
    assert found.migrations, framework
    keyed = {f.path for f in workspace.files if reads(f)}
    assert read <= keyed
    assert "app/views.py" not in keyed


REVISION = """\
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    op.create_table("users", sa.Column("id", sa.Integer))


def downgrade():
    pass
"""


def test_an_edit_outside_the_migrations_reuses_mig(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    (root / "db" / "revs").mkdir(parents=True)
    (root / "alembic.ini").write_text(
        "[alembic]\nscript_location = db\nversion_locations = db/revs\n"
    )
    (root / "db" / "revs" / "a1_users.py").write_text(REVISION)
    (root / "app.py").write_text("x = 1\n")
    runs: list[int] = []
    original = MigrationCheck.run

    def counting(self: MigrationCheck, ctx: Any) -> None:
        runs.append(1)
        original(self, ctx)

    monkeypatch.setattr(MigrationCheck, "run", counting)
    settings = load_settings(root, flags={"select": Setting(["MIG"], "test")})

    def gate() -> list[tuple[str, str, int]]:
        report = run_gate(root, settings, GateOptions(use_cache=True, jobs=1)).report
        return sorted((f.code, f.path, f.line) for f in report.findings)

    assert gate() == [("MIG001", "db/revs/a1_users.py", 12)]
    (root / "app.py").write_text("x = 2\n")
    assert gate() == [("MIG001", "db/revs/a1_users.py", 12)]
    assert len(runs) == 1  # app.py is not read
    # Read because alembic.ini names its folder (not a versions/ or migrations/ folder).
    (root / "db" / "revs" / "a1_users.py").write_text(
        REVISION.replace("    pass", '    op.drop_table("users")')
    )
    assert gate() == []
    assert len(runs) == 2
