"""The repository check: discover migration sets, analyse them, report MIG findings."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from agentweaver_lint.checks.base import RepoCheck, RepoContext
from agentweaver_lint.model import Severity

if TYPE_CHECKING:
    from agentweaver_lint.checks.migrations.model import Issue, Migration
    from agentweaver_lint.settings import Settings
    from agentweaver_lint.workspace import SourceFile, Workspace

CODES = tuple(f"MIG{n:03d}" for n in range(1, 11))


def counter_name(framework: str) -> str:
    return framework.replace("-", "_") + "_migrations"


class MigrationCheck(RepoCheck):
    """Pairs and reads every migration of the repository once (never importing one)."""

    codes: ClassVar[tuple[str, ...]] = CODES
    heavy: ClassVar[bool] = True

    def reader(self, workspace: Workspace, settings: Settings) -> Callable[[SourceFile], bool]:
        """The migrations and the files that say where they are: an edit elsewhere does not
        run MIG again. Alembic's folders come from ``alembic.ini``/``pyproject.toml``, whose
        content is read (and so keyed) too."""
        from agentweaver_lint.checks.migrations.discovery import alembic_folders, reads_input

        extra = _extra_paths(settings)
        alembic = alembic_folders(workspace) + extra
        return lambda file: reads_input(file.path, extra, alembic)

    def run(self, ctx: RepoContext) -> None:
        # Imported here: discovery and the SQL/JS readers are not needed by runs without repo
        # checks (the hook).
        from agentweaver_lint.checks.migrations.discovery import collect
        from agentweaver_lint.checks.migrations.sqltext import dialect_name

        settings = ctx.settings
        dialect = dialect_name(
            str(settings.get("database.dialect")), str(settings.get("stack.database"))
        )
        extra = _extra_paths(settings)
        found = collect(ctx.workspace, dialect, extra)
        targets = {f.path for f in ctx.workspace.targets}
        for problem in found.problems:
            if problem.path in targets:
                ctx.parse_error(
                    problem.path, problem.line, problem.column, problem.language, problem.error
                )
        for path, exc in found.failures:
            ctx.report(
                "AWL004",
                path,
                1,
                1,
                f"MigrationCheck (MIG) crashed on this file: {type(exc).__name__}: "
                f"{str(exc)[:200]}",
                fingerprint_key=f"MIG:{type(exc).__name__}",
                extra={"check": "MigrationCheck", "error": type(exc).__name__},
            )
        no_down = str(settings.option("MIG001", "no_down_severity"))
        for migration in found.migrations:
            ctx.count("migrations_checked")
            ctx.count(counter_name(migration.framework))
            issues = self._issues(migration, dialect)
            if any(i.code == "MIG001" for i in issues):
                ctx.count("irreversible")
            if not targets.intersection(migration.files):
                continue
            for issue in issues:
                severity = None
                if issue.code == "MIG001" and migration.no_down_by_design:
                    severity = _severity(no_down)
                ctx.report(
                    issue.code,
                    issue.path,
                    issue.line,
                    issue.column,
                    issue.message,
                    fingerprint_key=issue.key,
                    severity=severity,
                    extra={"framework": migration.framework},
                )

    @staticmethod
    def _issues(migration: Migration, dialect: str) -> list[Issue]:
        from agentweaver_lint.checks.migrations.judge import (
            irreversible_issue,
            lossy_issues,
            mismatch_issues,
        )
        from agentweaver_lint.checks.migrations.safety import safety_issues

        issues = list(migration.issues)
        if not migration.irreversible_judged:
            irreversible = irreversible_issue(migration)
            if irreversible is not None:
                issues.append(irreversible)
        issues += mismatch_issues(migration)
        issues += lossy_issues(migration)
        issues += safety_issues(migration, dialect)
        return issues


def _extra_paths(settings: Settings) -> list[str]:
    return [str(p).strip("/") for p in settings.get("database.migration_paths")]


def _severity(text: str) -> Severity | None:
    try:
        return Severity.parse(text)
    except ValueError:
        return None
