"""The keyword pass: statements sqlglot keeps opaque (or cannot tokenise) classified by
their leading keywords — never dropped silently."""

from __future__ import annotations

import re
from typing import Any

from agentweaver_lint.checks.migrations.model import OPAQUE_KIND, Op

OBJECTS = {
    "TABLE": "table",
    "INDEX": "index",
    "VIEW": "view",
    "MATERIALIZED VIEW": "view",
    "FUNCTION": "function",
    "PROCEDURE": "procedure",
    "SEQUENCE": "sequence",
    "TYPE": "type",
    "EXTENSION": "extension",
    "TRIGGER": "trigger",
    "SCHEMA": "schema",
    "POLICY": "policy",
    "DOMAIN": "type",
}
_KEYWORD_RE = re.compile(
    r"^\s*(CREATE|DROP|ALTER)\s+(?:OR\s+REPLACE\s+)?(?:UNIQUE\s+)?(?:TEMP(?:ORARY)?\s+)?"
    r"(MATERIALIZED\s+VIEW|[A-Z]+)\s+(?:CONCURRENTLY\s+)?(?:IF\s+(?:NOT\s+)?EXISTS\s+)?"
    r"([\w.\"`\[\]]+)?",
    re.IGNORECASE,
)
_DDL_RE = re.compile(
    r"\b(CREATE|ALTER|DROP)\s+(OR\s+REPLACE\s+)?(UNIQUE\s+)?(TABLE|INDEX|TYPE|VIEW|FUNCTION|"
    r"TRIGGER|SEQUENCE|SCHEMA|EXTENSION|POLICY|DOMAIN|MATERIALIZED)\b",
    re.IGNORECASE,
)
_NEUTRAL_FIRST = {
    "BEGIN",
    "COMMIT",
    "START",
    "END",
    "ROLLBACK",
    "SET",
    "RESET",
    "SELECT",
    "COMMENT",
    "GRANT",
    "REVOKE",
    "ANALYZE",
    "VACUUM",
    "LOCK",
    "USE",
    "PRAGMA",
    "SAVEPOINT",
    "RELEASE",
    "SHOW",
    "EXPLAIN",
    "REFRESH",
    "NOTIFY",
    "DECLARE",
    "CHECKPOINT",
    "REINDEX",
    "CLUSTER",
    "DELIMITER",
    "PRINT",
    "GO",
    "WITH",
}
_DATA_FIRST = {
    "INSERT": "insert",
    "UPDATE": "update",
    "DELETE": "delete",
    "TRUNCATE": "truncate",
    "MERGE": "data",
    "COPY": "data",
    "REPLACE": "insert",
    "UPSERT": "insert",
    "CALL": "data",
    "EXEC": "data",
    "EXECUTE": "data",
}


def clean_name(raw: str) -> str:
    return raw.split(".")[-1].strip('"`[]').lower() if raw else ""


_ROUGH_SPLIT = re.compile(r";[ \t]*(?:--[^\n]*)?(?:\n|$)")


def rough_ops(text: str, path: str, first_line: int = 1) -> list[Op]:
    """Keyword classification of text no tokenizer accepts (split at line-final semicolons)."""
    ops: list[Op] = []
    start = 0
    for match in [*_ROUGH_SPLIT.finditer(text), None]:
        end = match.start() if match is not None else len(text)
        chunk = text[start:end]
        body = "\n".join(
            line for line in chunk.split("\n") if not line.strip().startswith("--")
        ).strip()
        if body:
            offset = start + chunk.find(body.split("\n")[0])
            line = text.count("\n", 0, max(offset, start)) + first_line
            ops.append(keyword_op(body, {"path": path, "line": line, "column": 1}))
        if match is None:
            break
        start = match.end()
    return ops


def keyword_op(text: str, where: dict[str, Any]) -> Op:
    """Classify a statement sqlglot kept opaque by its leading keywords."""
    words = text.split(None, 3)
    first = words[0].upper().rstrip(";") if words else ""
    if first in _NEUTRAL_FIRST:
        return Op("select" if first in ("SELECT", "WITH") else "noop", **where)
    if first in _DATA_FIRST:
        return Op(_DATA_FIRST[first], **where)
    if first == "DO":
        # A DO block's effect is unreadable; DDL inside it still makes it a schema change.
        schema = bool(_DDL_RE.search(text))
        return Op(OPAQUE_KIND, name="do-block", detail=(("schema", schema),), **where)
    match = _KEYWORD_RE.match(text)
    if match is None:
        return Op(OPAQUE_KIND, name=first.lower(), **where)
    verb, obj_raw, name = match.group(1).upper(), match.group(2).upper(), match.group(3) or ""
    obj = OBJECTS.get(re.sub(r"\s+", " ", obj_raw))
    upper = text.upper()
    if verb == "ALTER":
        if obj == "table":
            return _alter_keyword(upper, clean_name(name), where)
        return Op("alter_type" if obj == "type" else "alter_other", clean_name(name), **where)
    if obj is None:  # CREATE RULE, ALTER DATABASE…: unreadable, but DDL
        return Op(
            OPAQUE_KIND, name=f"{verb} {obj_raw}".lower(), detail=(("schema", True),), **where
        )
    kind = ("create_" if verb == "CREATE" else "drop_") + obj
    if obj == "table":
        return Op(kind, clean_name(name), **where)
    return Op(
        kind, "", clean_name(name), detail=(("concurrently", "CONCURRENTLY" in upper),), **where
    )


def _alter_keyword(upper: str, table: str, where: dict[str, Any]) -> Op:
    if " VALIDATE CONSTRAINT" in upper:
        return Op("alter_other", table, detail=(("validate", True),), **where)
    if " ADD CONSTRAINT" in upper or " ADD FOREIGN KEY" in upper:
        ctype = (
            "foreign_key"
            if "FOREIGN KEY" in upper
            else "check"
            if " CHECK" in upper
            else ("unique" if " UNIQUE" in upper else "other")
        )
        return Op(
            "add_constraint",
            table,
            detail=(
                ("ctype", ctype),
                ("not_valid", "NOT VALID" in upper),
                ("using_index", "USING INDEX" in upper),
            ),
            **where,
        )
    if " DROP CONSTRAINT" in upper:
        return Op("drop_constraint", table, **where)
    if " DROP COLUMN" in upper:
        return Op("drop_column", table, **where)
    if " ADD COLUMN" in upper:
        return Op("add_column", table, **where)
    if " RENAME COLUMN" in upper:
        return Op("rename_column", table, **where)
    if " RENAME TO" in upper:
        return Op("rename_table", table, **where)
    return Op("alter_other", table, **where)
