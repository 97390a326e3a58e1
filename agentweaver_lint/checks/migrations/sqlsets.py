"""Migration sets recognised by their file layout: golang-migrate/sqlx, Flyway, sqitch,
Prisma, Drizzle and Diesel. Each job yields ``(path, work)``: the work analyses the migration
that path stands for (``claimed`` marks a file another migration already reads)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import PurePosixPath

from agentweaver_lint import safejson
from agentweaver_lint.checks.migrations.model import Migration
from agentweaver_lint.checks.migrations.sqlfw import SqlFile, no_down_migration, pair_migration
from agentweaver_lint.workspace import SourceFile, Workspace

GOLANG_RE = re.compile(r"^(\d+)(?:_.*)?\.(up|down)\.sql$", re.IGNORECASE)
FLYWAY_RE = re.compile(r"^([VUB])(\d+(?:[._]\d+)*)__.+\.sql$")
FLYWAY_REPEATABLE_RE = re.compile(r"^R__.+\.sql$")
PRISMA_FOLDER_RE = re.compile(r"^\d{14}_")


Job = Iterator[tuple[str, Callable[[], Migration | None]]]


def claimed() -> None:
    """A file that belongs to a migration read elsewhere (a down, an undo, a verify)."""
    return None


def sqlfile(file: SourceFile) -> SqlFile:
    return SqlFile(file.path, file.text)


def golang_set(workspace: Workspace, files: dict[str, SourceFile], dialect: str) -> Job:
    pairs: dict[tuple[str, int], dict[str, SourceFile]] = {}
    for path, file in files.items():
        pure = PurePosixPath(path)
        match = GOLANG_RE.match(pure.name)
        if match:
            key = (str(pure.parent), int(match.group(1)))
            pairs.setdefault(key, {})[match.group(2).lower()] = file
    for (_, _), pair in sorted(pairs.items()):
        up, down = pair.get("up"), pair.get("down")
        if down is not None:
            yield down.path, claimed
        if up is not None:
            yield (
                up.path,
                partial(
                    pair_migration,
                    "golang-migrate",
                    sqlfile(up),
                    sqlfile(down) if down else None,
                    dialect,
                ),
            )


def flyway_set(workspace: Workspace, files: dict[str, SourceFile], dialect: str) -> Job:
    versions: dict[tuple[str, str, str], SourceFile] = {}
    for path, file in files.items():
        pure = PurePosixPath(path)
        match = FLYWAY_RE.match(pure.name)
        if match:
            version = re.sub(r"[._]", ".", match.group(2)).lstrip("0") or "0"
            versions[(match.group(1), str(pure.parent), version)] = file
        elif FLYWAY_REPEATABLE_RE.match(pure.name):
            yield path, claimed  # repeatable: re-applied on change, no undo needed
    undo_by_version = {(folder, v): f for (kind, folder, v), f in versions.items() if kind == "U"}
    for (kind, folder, version), file in sorted(versions.items(), key=lambda i: i[1].path):
        if kind != "V":
            yield file.path, claimed
            continue
        undo = undo_by_version.get((folder, version)) or next(
            (f for (k, _, v), f in versions.items() if k == "U" and v == version), None
        )
        yield (
            file.path,
            partial(
                pair_migration, "flyway", sqlfile(file), sqlfile(undo) if undo else None, dialect
            ),
        )


def sqitch_set(workspace: Workspace, files: dict[str, SourceFile], dialect: str) -> Job:
    for plan in workspace.files:
        if PurePosixPath(plan.path).name != "sqitch.plan":
            continue
        base = str(PurePosixPath(plan.path).parent)
        prefix = "" if base == "." else base + "/"
        for path, file in sorted(files.items()):
            if not path.startswith(prefix + "deploy/"):
                continue
            rel = path[len(prefix + "deploy/") :]
            revert = files.get(prefix + "revert/" + rel)
            yield (
                path,
                partial(
                    pair_migration,
                    "sqitch",
                    sqlfile(file),
                    sqlfile(revert) if revert else None,
                    dialect,
                ),
            )
            if revert is not None:
                yield revert.path, claimed
        for path in files:
            if path.startswith(prefix + "verify/"):
                yield path, claimed


def prisma_set(workspace: Workspace, files: dict[str, SourceFile], dialect: str) -> Job:
    for path, file in sorted(files.items()):
        pure = PurePosixPath(path)
        if pure.name != "migration.sql" or len(pure.parts) < 3:
            continue
        root = pure.parent.parent
        if workspace.get(str(root / "migration_lock.toml")) is None and not (
            root.name == "migrations"
            and ("prisma" in pure.parts or PRISMA_FOLDER_RE.match(pure.parent.name))
        ):
            continue
        down = files.get(str(pure.parent / "down.sql"))
        if down is not None:
            yield down.path, claimed
        yield (
            path,
            partial(
                no_down_migration,
                "prisma",
                sqlfile(file),
                dialect,
                sqlfile(down) if down else None,
            ),
        )


def drizzle_set(workspace: Workspace, files: dict[str, SourceFile], dialect: str) -> Job:
    for journal in workspace.files:
        pure = PurePosixPath(journal.path)
        if pure.name != "_journal.json" or pure.parent.name != "meta":
            continue
        folder = pure.parent.parent
        try:
            entries = safejson.loads(journal.text).get("entries", [])
        except (ValueError, AttributeError):
            continue
        for entry in entries if isinstance(entries, list) else []:
            tag = entry.get("tag") if isinstance(entry, dict) else None
            file = files.get(str(folder / f"{tag}.sql")) if isinstance(tag, str) else None
            if file is not None:
                yield file.path, partial(no_down_migration, "drizzle", sqlfile(file), dialect)


def diesel_set(workspace: Workspace, files: dict[str, SourceFile], dialect: str) -> Job:
    for path, file in sorted(files.items()):
        pure = PurePosixPath(path)
        if pure.name != "up.sql" or "migrations" not in pure.parts[:-2]:
            continue
        down = files.get(str(pure.parent / "down.sql"))
        if down is not None:
            yield down.path, claimed
        yield (
            path,
            partial(
                pair_migration, "diesel", sqlfile(file), sqlfile(down) if down else None, dialect
            ),
        )


LAYOUT_JOBS = (prisma_set, drizzle_set, sqitch_set, golang_set, flyway_set, diesel_set)
