"""SQL text preparation: templating stripped, statements split with their lines.

Templating (Go templates, Jinja, Flyway ``${…}`` placeholders) is replaced by blanks of
the same length, or by an identifier when glued to a name, so line and column numbers
stay those of the file. Statements are split on the dialect's own tokens (dollar-quoted
bodies and strings stay whole).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

# Each body may not restart its own opener: linear even on "{{{{{{…" (no re-scan per start).
_TEMPLATE_RE = re.compile(
    r"\{\{(?:(?!\}\}|\{\{).)*\}\}|\{%(?:(?!%\}|\{%).)*%\}|\{#(?:(?!#\}|\{#).)*#\}|\$\{[^}\n]*\}",
    re.DOTALL,
)
_WORD = re.compile(r"[\w.\"`]")

DIALECTS: dict[str, str] = {
    "postgresql": "postgres",
    "postgres": "postgres",
    "pg": "postgres",
    "psql": "postgres",
    "cockroachdb": "postgres",
    "cockroach": "postgres",
    "supabase": "postgres",
    "timescaledb": "postgres",
    "redshift": "redshift",
    "mysql": "mysql",
    "mariadb": "mysql",
    "sqlite": "sqlite",
    "sqlite3": "sqlite",
    "mssql": "tsql",
    "sqlserver": "tsql",
    "sql server": "tsql",
    "tsql": "tsql",
    "oracle": "oracle",
    "snowflake": "snowflake",
    "bigquery": "bigquery",
    "duckdb": "duckdb",
    "clickhouse": "clickhouse",
}


def dialect_name(configured: str, declared_database: str) -> str:
    """The sqlglot dialect: ``database.dialect`` if set, else mapped from the stack's DB."""
    for raw in (configured, declared_database):
        key = raw.strip().lower()
        if key:
            return DIALECTS.get(key, key if key in DIALECTS.values() else "postgres")
    return "postgres"


def strip_templates(text: str) -> str:
    """Blank out templating, keeping every offset (and so every line/column) in place."""

    def blank(match: re.Match[str]) -> str:
        start, end = match.span()
        glued = (start > 0 and _WORD.match(text[start - 1])) or (
            end < len(text) and _WORD.match(text[end])
        )
        body = match.group(0)
        if glued:
            return "".join("\n" if ch == "\n" else "x" for ch in body)
        return "".join("\n" if ch == "\n" else " " for ch in body)

    if "{" not in text:
        return text
    return _TEMPLATE_RE.sub(blank, text)


@dataclass(frozen=True)
class Statement:
    """One statement: its text and where it starts (1-based line and column)."""

    text: str
    line: int
    column: int


class SqlTokenError(Exception):
    """The SQL could not even be tokenised (an unterminated string or quote)."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line
        self.text = message

    def message_text(self) -> str:
        return self.text


def quiet_sqlglot() -> None:
    """sqlglot logs a warning for every statement it keeps as a command; we classify those."""
    logging.getLogger("sqlglot").setLevel(logging.ERROR)


def split_statements(text: str, dialect: str, first_line: int = 1) -> list[Statement]:
    """Split ``text`` on semicolons the dialect's tokenizer sees; lines are file lines.

    ``first_line`` is the file line of ``text``'s first character (for sections of a file).
    """
    from sqlglot.dialects.dialect import Dialect
    from sqlglot.errors import TokenError
    from sqlglot.tokenizer_core import TokenType

    quiet_sqlglot()
    try:
        tokens = Dialect.get_or_raise(dialect).tokenize(text)
    except (TokenError, ValueError) as exc:
        raise SqlTokenError(str(exc).splitlines()[0][:160], first_line) from None
    statements: list[Statement] = []
    start: int | None = None
    end = 0
    for token in tokens:
        if token.token_type == TokenType.SEMICOLON:
            if start is not None:
                statements.append(_statement(text, start, end, first_line))
            start = None
            continue
        if start is None:
            start = token.start
        end = token.end + 1
    if start is not None:
        statements.append(_statement(text, start, end, first_line))
    return statements


def _statement(text: str, start: int, end: int, first_line: int) -> Statement:
    line = text.count("\n", 0, start) + first_line
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return Statement(text[start:end], line, column)
