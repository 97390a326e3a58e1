"""Find migration sets by convention and configuration, and analyse each migration.

Conventions: Alembic (``alembic.ini`` script_location/version_locations, ``versions/``),
Django (``migrations/`` with a ``Migration`` class), golang-migrate/sqlx
(``N_name.up.sql``/``.down.sql`` paired by version number), goose, dbmate, Flyway
(``V``/``U``/``B``/``R__``), sqitch (``sqitch.plan`` with deploy/revert), Liquibase formatted
SQL, Prisma (``migrations/*/migration.sql``), Drizzle (``meta/_journal.json``), Knex,
Sequelize, TypeORM, node-pg-migrate and MikroORM (JS/TS under a migrations folder), and
Rails (``db/migrate/*.rb``). ``database.migration_paths`` adds folders whose files are
recognised by content. Nothing is imported.
"""

from __future__ import annotations

import configparser
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import PurePosixPath

from agentweaver_lint.checks.migrations.model import Migration, ParseProblem
from agentweaver_lint.checks.migrations.sqlfw import (
    DBMATE_RE,
    GOOSE_RE,
    SQL_MIGRATE_RE,
    annotated_migration,
    is_liquibase,
    liquibase_migrations,
)
from agentweaver_lint.checks.migrations.sqlsets import LAYOUT_JOBS, sqlfile
from agentweaver_lint.workspace import SourceFile, Workspace

RAILS_DIR_RE = re.compile(r"(^|/)db/[^/]*migrate/")
JS_EXTENSIONS = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts")
_UP_WORD = re.compile(r"\bup\b")
_SOURCE_SUFFIXES = frozenset({".py", ".sql", ".rb", *JS_EXTENSIONS})


@dataclass
class Found:
    """The analysed migrations and the files that could not be parsed."""

    migrations: list[Migration] = field(default_factory=list)
    problems: list[ParseProblem] = field(default_factory=list)
    failures: list[tuple[str, BaseException]] = field(default_factory=list)

    def add(self, migration: Migration | None) -> None:
        if migration is not None:
            self.migrations.append(migration)
            self.problems.extend(migration.parse_errors)


def _under(path: str, folders: list[str]) -> bool:
    return any(path == f or path.startswith(f.rstrip("/") + "/") for f in folders if f)


def alembic_folders(workspace: Workspace) -> list[str]:
    """script_location/versions and version_locations of every ``alembic.ini`` and of
    ``[tool.alembic]`` in ``pyproject.toml`` (Alembic 1.16+)."""
    folders: list[str] = []
    for file in workspace.files:
        name = file.path.rpartition("/")[2]
        if name not in ("alembic.ini", "pyproject.toml"):
            continue
        here = str(PurePosixPath(file.path).parent)
        for key, raw in _alembic_settings(file.text, name == "pyproject.toml"):
            pattern = r"[\s,;:]+" if key == "version_locations" else r"\s+"
            for item in re.split(pattern, raw):
                folders.extend(_resolve_location(item, here, key))
    return folders


def _alembic_settings(text: str, pyproject: bool) -> list[tuple[str, str]]:
    keys = ("script_location", "version_locations")
    if pyproject:
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover - exercised on 3.10 only
            import tomli as tomllib

        try:
            table = tomllib.loads(text).get("tool", {}).get("alembic", {})
        except (tomllib.TOMLDecodeError, AttributeError):
            return []
        if not isinstance(table, dict):
            return []
        out = []
        for key in keys:
            value = table.get(key)
            if isinstance(value, list):
                value = " ".join(str(v) for v in value)
            if isinstance(value, str):
                out.append((key, value))
        return out
    parser = configparser.RawConfigParser(strict=False)
    try:
        parser.read_string(text)
    except configparser.Error:
        return []
    return [
        (key, parser.get(section, key, fallback=""))
        for section in parser.sections()
        for key in keys
    ]


def _resolve_location(item: str, here: str, key: str) -> list[str]:
    item = item.strip().replace("%(here)s", here)
    if not item or item.startswith("/"):
        return []
    item = item.replace(":", "/")
    base = str(PurePosixPath(here) / item) if here not in ("", ".") else item
    base = str(PurePosixPath(base))
    return [base + "/versions"] if key == "script_location" else [base]


def collect(workspace: Workspace, dialect: str, extra: list[str]) -> Found:
    found = Found()
    alembic_dirs = alembic_folders(workspace) + extra
    sql_files: list[SourceFile] = []
    for file in workspace.files:
        path = file.path
        suffix = PurePosixPath(path).suffix.lower()
        if suffix not in _SOURCE_SUFFIXES:
            continue
        configured = _under(path, extra)
        if suffix == ".py":
            alembic_dir = configured or _under(path, alembic_dirs)
            if _python_candidate(path, alembic_dir):
                _guard(found, path, partial(_python, file, dialect, alembic_dir, found))
        elif suffix == ".sql":
            if not file.is_binary:
                sql_files.append(file)
            continue
        elif _script_candidate(path, suffix, configured):
            _guard(found, path, partial(_add, found, _js, file, dialect))
        elif _rails_candidate(path, suffix, configured):
            _guard(found, path, partial(_add, found, _rails, file, dialect))
        else:
            continue
        file.release()  # parsed once here; drop the text and tree to bound memory
    _sql(workspace, sql_files, dialect, found)
    return found


CONFIG_NAMES = frozenset({"alembic.ini", "pyproject.toml", "_journal.json"})
"""Files whose content :func:`collect` reads besides the migrations themselves."""


def reads_input(path: str, extra: list[str], alembic_dirs: list[str]) -> bool:
    """Whether :func:`collect` can read this file's content, given the configured folders
    and Alembic's (a test on the path; the same tests :func:`collect` makes)."""
    name = path.rpartition("/")[2]  # string work: asked for every file of every run
    dot = name.rfind(".")
    suffix = name[dot:].lower() if 0 < dot < len(name) - 1 else ""  # PurePosixPath.suffix
    if name in CONFIG_NAMES or suffix == ".sql":
        return True
    configured = _under(path, extra)
    if suffix == ".py":
        return _python_candidate(path, configured or _under(path, alembic_dirs))
    return _script_candidate(path, suffix, configured) or _rails_candidate(path, suffix, configured)


def _python_kinds(path: str, configured: bool) -> tuple[bool, bool]:
    """(could be an Alembic revision, could be a Django migration), from the path."""
    parts = path.split("/")  # a listing's paths are normalised: the same as .parts
    if parts[-1] == "__init__.py":
        return False, False
    alembic_like = configured or (len(parts) > 1 and parts[-2] == "versions")
    return alembic_like, configured or "migrations" in parts[:-1]


def _python_candidate(path: str, configured: bool) -> bool:
    return any(_python_kinds(path, configured))


def _script_candidate(path: str, suffix: str, configured: bool) -> bool:
    return (
        suffix in JS_EXTENSIONS
        and not path.endswith(".d.ts")
        and (configured or "migration" in path.lower())
    )


def _rails_candidate(path: str, suffix: str, configured: bool) -> bool:
    return suffix == ".rb" and bool(configured or RAILS_DIR_RE.search(path))


def _add(
    found: Found,
    reader: Callable[[SourceFile, str], Migration | None],
    file: SourceFile,
    dialect: str,
) -> None:
    found.add(reader(file, dialect))


def _guard(found: Found, path: str, work: Callable[[], object]) -> None:
    """Analyse one file; a bug of ours on one file must not lose the others."""
    try:
        work()
    except (RecursionError, MemoryError) as exc:
        found.problems.append(ParseProblem(path, 1, 1, "source", f"too deeply nested ({exc})"))
    except Exception as exc:  # noqa: BLE001 - reported as AWL004; the run goes on
        found.failures.append((path, exc))


def _python(file: SourceFile, dialect: str, configured: bool, found: Found) -> None:
    from agentweaver_lint.checks.migrations.alembic import alembic_migration, is_alembic_revision
    from agentweaver_lint.checks.migrations.django import django_migration, migration_class

    alembic_like, django_like = _python_kinds(file.path, configured)
    if file.is_binary:  # collect() asked only for candidates (_python_candidate)
        return
    text = file.text
    if not (("revision" in text and "upgrade" in text) or "Migration" in text):
        return
    tree = file.python_tree
    if tree is None:
        error = file.python_error
        line = getattr(error, "lineno", 1) or 1
        found.problems.append(
            ParseProblem(file.path, line, 1, "Python", getattr(error, "msg", type(error).__name__))
        )
        return
    if alembic_like and is_alembic_revision(tree):
        found.add(alembic_migration(file.path, tree, dialect))
        return
    cls = migration_class(tree) if django_like else None
    if cls is not None:
        found.add(django_migration(file.path, tree, cls, dialect))


def _js(file: SourceFile, dialect: str) -> Migration | None:
    from agentweaver_lint.checks.migrations.jsfw import js_migration

    text = file.text
    if not _UP_WORD.search(text) or file.is_binary:
        return None
    return js_migration(file.path, text, dialect)


def _rails(file: SourceFile, dialect: str) -> Migration | None:
    from agentweaver_lint.checks.migrations.rails import rails_migration

    text = file.text
    if "Migration" not in text or file.is_binary:
        return None
    return rails_migration(file.path, text, dialect)


def _sql(workspace: Workspace, files: list[SourceFile], dialect: str, found: Found) -> None:
    by_path = {f.path: f for f in files}
    claimed: set[str] = set()
    for job in LAYOUT_JOBS:
        for path, work in job(workspace, by_path, dialect):
            claimed.add(path)
            _guard(found, path, partial(_run_job, found, work))
    for path, file in by_path.items():
        if path in claimed:
            continue
        _guard(found, path, partial(_marked, file, dialect, found))


def _run_job(found: Found, work: Callable[[], Migration | None]) -> None:
    found.add(work())


def _marked(file: SourceFile, dialect: str, found: Found) -> None:
    """goose, dbmate and Liquibase formatted SQL, recognised by their annotations."""
    text = file.text
    if "--" not in text:
        return
    if is_liquibase(text):
        for migration in liquibase_migrations(sqlfile(file), dialect):
            found.add(migration)
        return
    lines = text.split("\n")
    if any(GOOSE_RE.match(line) for line in lines):
        found.add(annotated_migration("goose", sqlfile(file), GOOSE_RE, dialect))
    elif any(DBMATE_RE.match(line) for line in lines):
        found.add(annotated_migration("dbmate", sqlfile(file), DBMATE_RE, dialect))
    elif any(SQL_MIGRATE_RE.match(line) for line in lines):
        found.add(annotated_migration("sql-migrate", sqlfile(file), SQL_MIGRATE_RE, dialect))
