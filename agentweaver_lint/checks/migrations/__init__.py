"""MIG: every migration can be rolled back, statically, plus migration safety rules."""

from __future__ import annotations

from agentweaver_lint.checks.migrations.check import MigrationCheck
from agentweaver_lint.checks.migrations.rules_core import (
    DownDoesNotUndoUp,
    IrreversibleMigration,
    LossyMigration,
)
from agentweaver_lint.checks.migrations.rules_safety import (
    ColumnTypeChange,
    ConstraintWithoutNotValid,
    FullTableValidation,
    NonConcurrentIndex,
    NotNullColumnWithoutDefault,
    RenameColumnOrTable,
    UniqueConstraintOnExistingTable,
)
from agentweaver_lint.checks.migrations.score import migrations_score
from agentweaver_lint.registry import Family

FAMILY = Family(
    prefix="MIG",
    title="Reversible and safe database migrations",
    non_negotiable="reversible-migrations",
    rules=(
        IrreversibleMigration,
        DownDoesNotUndoUp,
        LossyMigration,
        NonConcurrentIndex,
        NotNullColumnWithoutDefault,
        ColumnTypeChange,
        ConstraintWithoutNotValid,
        RenameColumnOrTable,
        UniqueConstraintOnExistingTable,
        FullTableValidation,
    ),
    checks=(MigrationCheck(),),
    score=migrations_score,
)
