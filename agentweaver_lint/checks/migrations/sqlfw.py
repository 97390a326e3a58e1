"""SQL migration frameworks: golang-migrate, goose, dbmate, Flyway, sqitch, Liquibase
formatted SQL, Prisma and Drizzle. Each file (or pair of files) becomes a :class:`Migration`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agentweaver_lint.checks.migrations.model import Direction, Migration, ParseProblem
from agentweaver_lint.checks.migrations.sqlkeywords import rough_ops
from agentweaver_lint.checks.migrations.sqlops import sql_ops
from agentweaver_lint.checks.migrations.sqltext import SqlTokenError, strip_templates

GOOSE_RE = re.compile(r"^\s*--\s*\+goose\s+(up|down)\b", re.IGNORECASE)
SQL_MIGRATE_RE = re.compile(r"^\s*--\s*\+migrate\s+(up|down)\b", re.IGNORECASE)
DBMATE_RE = re.compile(r"^\s*--\s*migrate:(up|down)\b", re.IGNORECASE)
LIQUIBASE_HEAD_RE = re.compile(r"^\s*--\s*liquibase\s+formatted\s+sql", re.IGNORECASE)
CHANGESET_RE = re.compile(r"^\s*--\s*changeset\s+(\S+)", re.IGNORECASE)
ROLLBACK_RE = re.compile(r"^\s*--\s*rollback\b ?(.*)$", re.IGNORECASE)
ROLLBACK_BLOCK_RE = re.compile(r"^\s*/\*\s*liquibase\s+rollback\b", re.IGNORECASE)
NO_ROLLBACK = {"empty", "not required", "none", "-"}


@dataclass
class SqlFile:
    """A SQL file to analyse: its path and text (read through the shared workspace)."""

    path: str
    text: str


def sql_direction(
    path: str, text: str, dialect: str, problems: list[ParseProblem], first_line: int = 1
) -> Direction:
    """The operations of one SQL script (or section), templating stripped."""
    direction = Direction(path=path, line=first_line)
    try:
        direction.ops = sql_ops(strip_templates(text), dialect, path, first_line)
    except SqlTokenError as exc:
        problems.append(ParseProblem(path, exc.line, 1, "SQL", exc.message_text()))
        direction.complete = False
        direction.ops = rough_ops(strip_templates(text), path, first_line)
    return direction


def missing(path: str, line: int = 1) -> Direction:
    return Direction(exists=False, path=path, line=line)


def pair_migration(framework: str, up: SqlFile, down: SqlFile | None, dialect: str) -> Migration:
    """A migration made of an up script and (maybe) a down script."""
    problems: list[ParseProblem] = []
    up_dir = sql_direction(up.path, up.text, dialect, problems)
    down_dir = (
        sql_direction(down.path, down.text, dialect, problems)
        if down is not None
        else missing(up.path)
    )
    files = (up.path,) if down is None else (up.path, down.path)
    migration = Migration(framework, up.path, up_dir, down_dir, files=files)
    migration.parse_errors = problems
    return migration


def _sections(lines: list[str], marker: re.Pattern[str]) -> dict[str, tuple[int, int, int]]:
    """``{"up"|"down": (header line, first body index, end index)}`` for annotated files."""
    heads = [(i, m.group(1).lower()) for i, line in enumerate(lines) if (m := marker.match(line))]
    out: dict[str, tuple[int, int, int]] = {}
    for number, (index, which) in enumerate(heads):
        end = heads[number + 1][0] if number + 1 < len(heads) else len(lines)
        out.setdefault(which, (index + 1, index + 1, end))
    return out


def annotated_migration(
    framework: str, file: SqlFile, marker: re.Pattern[str], dialect: str
) -> Migration:
    """goose (``-- +goose Up/Down``) and dbmate (``-- migrate:up/down``) single files."""
    lines = file.text.split("\n")
    sections = _sections(lines, marker)
    problems: list[ParseProblem] = []

    def section(which: str) -> Direction:
        if which not in sections:
            return missing(file.path)
        header, start, end = sections[which]
        body = "\n".join(lines[start:end])
        direction = sql_direction(file.path, body, dialect, problems, first_line=start + 1)
        direction.line = header
        return direction

    migration = Migration(framework, file.path, section("up"), section("down"), files=(file.path,))
    migration.parse_errors = problems
    return migration


def is_liquibase(text: str) -> bool:
    for line in text.split("\n"):
        if line.strip():
            return bool(LIQUIBASE_HEAD_RE.match(line))
    return False


def liquibase_migrations(file: SqlFile, dialect: str) -> list[Migration]:
    """One migration per ``--changeset``; its down is the ``--rollback`` lines."""
    lines = file.text.split("\n")
    starts = [i for i, line in enumerate(lines) if CHANGESET_RE.match(line)]
    out: list[Migration] = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(lines)
        out.append(_changeset(file, lines, start, end, dialect))
    return out


def _changeset(file: SqlFile, lines: list[str], start: int, end: int, dialect: str) -> Migration:
    body: list[str] = []
    rollback: list[str] = []
    rollback_line = 0
    in_block = False
    for index in range(start + 1, end):
        line = lines[index]
        if in_block:
            if "*/" in line:
                in_block = False
                rollback.append(line.split("*/")[0])
            else:
                rollback.append(line)
            body.append("")
            continue
        match = ROLLBACK_RE.match(line)
        if match or ROLLBACK_BLOCK_RE.match(line):
            rollback_line = rollback_line or index + 1
            if match:
                rollback.append(match.group(1))
            else:
                in_block = "*/" not in line
            body.append("")
            continue
        body.append(line)
        rollback.append("")
    problems: list[ParseProblem] = []
    up = sql_direction(file.path, "\n".join(body), dialect, problems, first_line=start + 2)
    up.line = start + 1
    if not rollback_line:
        down = missing(file.path, start + 1)
    else:
        text = "\n".join(rollback)
        if text.strip().lower() in NO_ROLLBACK:
            text = ""
        down = sql_direction(file.path, text, dialect, problems, first_line=start + 2)
        down.line = rollback_line
    migration = Migration("liquibase", file.path, up, down, files=(file.path,))
    migration.parse_errors = problems
    migration.issues = []
    return migration


def no_down_migration(
    framework: str, file: SqlFile, dialect: str, down: SqlFile | None = None
) -> Migration:
    """Prisma and Drizzle: the up script only (a hand-written ``down.sql`` counts as a down)."""
    migration = pair_migration(framework, file, down, dialect)
    migration.no_down_by_design = down is None
    return migration
