"""The reversible-migrations scorecard row: migrations checked, per framework, irreversible."""

from __future__ import annotations

from agentweaver_lint.checks.base import Evidence, FamilyScore, ScoreContext

# Declared names (agentweaver.config.yml database.migrations / orm) → framework counters.
DECLARED: dict[str, tuple[str, ...]] = {
    "alembic": ("alembic",),
    "sqlalchemy": ("alembic",),
    "flask-migrate": ("alembic",),
    "django": ("django",),
    "golang-migrate": ("golang-migrate",),
    "migrate": ("golang-migrate",),
    "sqlx": ("golang-migrate",),
    "goose": ("goose",),
    "dbmate": ("dbmate",),
    "flyway": ("flyway",),
    "sqitch": ("sqitch",),
    "liquibase": ("liquibase",),
    "knex": ("knex",),
    "sequelize": ("sequelize",),
    "typeorm": ("typeorm",),
    "node-pg-migrate": ("node-pg-migrate",),
    "mikro-orm": ("mikro-orm",),
    "mikroorm": ("mikro-orm",),
    "prisma": ("prisma",),
    "drizzle": ("drizzle",),
    "rails": ("rails",),
    "activerecord": ("rails",),
    "active record": ("rails",),
    "diesel": ("diesel",),
    "sql-migrate": ("sql-migrate",),
    "db-migrate": ("db-migrate",),
}


def declared_frameworks(*names: str) -> set[str]:
    """Frameworks a declared tool or ORM name stands for (unknown names expect nothing)."""
    out: set[str] = set()
    for raw in names:
        key = raw.strip().lower().replace("_", "-")
        if not key:
            continue
        for name, frameworks in DECLARED.items():
            if key == name or key.split()[0] == name:
                out.update(frameworks)
    return out


def migrations_score(ctx: ScoreContext) -> FamilyScore:
    counters = ctx.counters
    checked = float(counters.get("migrations_checked", 0))
    irreversible = float(counters.get("irreversible", 0))
    figures = {"migrations_checked": checked, "irreversible": irreversible}
    figures.update({k: float(v) for k, v in sorted(counters.items()) if k.endswith("_migrations")})
    declared_names = (str(ctx.settings.get("stack.migrations")), str(ctx.settings.get("stack.orm")))
    expected = declared_frameworks(*declared_names)
    found = {
        k[: -len("_migrations")].replace("_", "-")
        for k, v in counters.items()
        if k.endswith("_migrations") and v
    }
    if expected and not expected & found:
        tools = ", ".join(sorted(expected))
        return FamilyScore(
            Evidence.ABSENT,
            figures,
            summary=f"no evidence: {tools} declared but no such migrations found",
        )
    declared_tool = str(ctx.settings.get("stack.migrations")).strip()
    if not checked and declared_tool:
        return FamilyScore(
            Evidence.ABSENT,
            figures,
            summary=f"no evidence: {declared_tool} declared but no migrations found",
        )
    if not checked:
        return FamilyScore(
            Evidence.NOT_APPLICABLE,
            figures,
            summary="no migrations found and no migration tool declared",
        )
    frameworks = ", ".join(sorted(found))
    return FamilyScore(
        Evidence.PRESENT,
        figures,
        summary=f"{int(checked)} migrations checked ({frameworks}), "
        f"{int(irreversible)} irreversible",
    )
