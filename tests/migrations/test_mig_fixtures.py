"""Every framework's fixture tree gives exactly the findings in ``expected.yml``."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from mig_helpers import FIXTURES, copy_fixture, located, run_mig

# The spine on this branch still builds pathspec's deprecated "gitwildmatch" (fixed on main).
pytestmark = pytest.mark.filterwarnings("ignore:GitWildMatchPattern:DeprecationWarning")

EXPECTED: dict[str, list[list[object]]] = yaml.safe_load(
    (FIXTURES / "expected.yml").read_text("utf-8")
)
FRAMEWORK_COUNTER = {
    "golang-migrate": "golang_migrate_migrations",
    "node-pg-migrate": "node_pg_migrate_migrations",
    "sql-migrate": "sql_migrate_migrations",
}


def test_every_fixture_tree_has_expectations() -> None:
    trees = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())
    assert trees == sorted(EXPECTED)


@pytest.mark.parametrize("framework", sorted(EXPECTED))
def test_fixture_findings(framework: str, tmp_path: Path) -> None:
    root = copy_fixture(framework, tmp_path)
    report = run_mig(root)
    expected = sorted(
        (str(p), str(c), int(str(line)), int(str(col)))
        for p, c, line, col in EXPECTED[framework] or []
    )
    assert located(report) == expected
    assert not [f for f in report.findings if f.code.startswith("AWL")]


@pytest.mark.parametrize("framework", sorted(EXPECTED))
def test_fixture_discovered_and_counted(framework: str, tmp_path: Path) -> None:
    root = copy_fixture(framework, tmp_path)
    report = run_mig(root)
    row = next(r for r in report.scorecard if r.id == "reversible-migrations")
    counter = FRAMEWORK_COUNTER.get(framework, framework + "_migrations")
    assert row.figures[counter] == row.figures["migrations_checked"] > 0
    irreversible_files = {str(item[0]) for item in EXPECTED[framework] or [] if item[1] == "MIG001"}
    assert row.figures["irreversible"] >= len(irreversible_files) > 0
