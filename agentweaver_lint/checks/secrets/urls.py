"""SEC003: credentials inside URLs and connection strings, parsed, not guessed.

``scheme://user:password@host`` for databases, brokers and HTTP basic auth, and
``password=`` parameters of JDBC/ODBC-style URLs. Placeholders, ``${VAR}`` references and
passwords equal to the user name (``postgres:postgres@``) are look-alikes.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from agentweaver_lint.checks.secrets.filters import (
    is_example_value,
    is_placeholder,
    is_reference,
    shannon_entropy,
)
from agentweaver_lint.checks.secrets.textindex import Hit, TextIndex

SCHEMES = (
    "postgres",
    "postgresql",
    "mysql",
    "mariadb",
    "mongodb",
    "mongodb+srv",
    "redis",
    "rediss",
    "amqp",
    "amqps",
    "mssql",
    "sqlserver",
    "oracle",
    "cockroachdb",
    "clickhouse",
    "neo4j",
    "bolt",
    "couchbase",
    "couchdb",
    "cassandra",
    "db2",
    "snowflake",
    "redshift",
    "memcached",
    "nats",
    "kafka",
    "mqtt",
    "mqtts",
    "stomp",
    "http",
    "https",
    "ftp",
    "ftps",
    "sftp",
    "ssh",
    "smtp",
    "smtps",
    "imap",
    "imaps",
    "pop3",
    "ldap",
    "ldaps",
    "git",
    "svn",
    "rsync",
    "ws",
    "wss",
    "elasticsearch",
    "influxdb",
    "sqlalchemy",
)
USERINFO = re.compile(
    r"(?P<scheme>(?:jdbc:)?[A-Za-z][A-Za-z0-9+.-]{1,40})://"
    r"(?P<user>[^\s:@/'\"`<>{}|\\]*):(?P<password>[^\s@/'\"`<>\\]+)@"
    r"(?P<host>[A-Za-z0-9.\[\]_-]+|[$%{])"
)
PARAM = re.compile(
    # A scheme starts where no scheme character precedes it: one scan per URL, not per offset.
    r"(?i)(?:jdbc:[a-z0-9]+:|odbc:|(?<![a-z0-9+])[a-z][a-z0-9+]*://)[^\s'\"`]*?[?&;]"
    r"(?:password|pwd|passwd)=(?P<password>[^&;\s'\"`]+)"
)
KEYWORDS = ("://",)
WEAK = frozenset({"pass", "password", "passwd", "secret", "pwd", "changeme", "xxx"})


def _scheme_ok(scheme: str) -> bool:
    base = scheme.lower().removeprefix("jdbc:")
    base = base.split("+", 1)[0] if base not in ("mongodb+srv",) else base
    return base in SCHEMES or scheme.lower().startswith("jdbc:")


def password_ok(user: str, password: str) -> bool:
    """A real-looking URL password (decoded), not a placeholder or a reference."""
    value = unquote(password)
    if len(value) < 6 or value.lower() in WEAK:
        return False
    if value == unquote(user) or is_reference(value) or is_placeholder(value):
        return False
    if is_example_value(value):
        return False
    if value.startswith(("$", "%", "{", "<", "[")) or value.endswith(("}", ">", "]")):
        return False
    if "*" in value and value.strip("*") == "":
        return False
    return not (value.isdigit() and len(value) <= 5)  # host:port mistaken for user:password


SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-:")


def _userinfo_matches(text: str) -> list[re.Match[str]]:
    """``scheme://user:password@host`` matches, anchored at each ``://`` (no full-text regex)."""
    out: list[re.Match[str]] = []
    pos = text.find("://")
    while pos != -1:
        at = text.find("@", pos, pos + 300)
        if at != -1:
            start = pos
            while start > 0 and pos - start < 45 and text[start - 1] in SCHEME_CHARS:
                start -= 1
            while start < pos and not text[start].isalpha():
                start += 1
            match = USERINFO.match(text, start)
            if match is not None:
                out.append(match)
        pos = text.find("://", pos + 3)
    return out


def scan_urls(index: TextIndex, lower: str) -> list[Hit]:
    if "://" not in lower:
        return []
    text = index.text
    hits: list[Hit] = []
    if "@" in text:
        for match in _userinfo_matches(text):
            scheme, user, password = match.group("scheme", "user", "password")
            if not _scheme_ok(scheme) or match.group("host") in ("$", "%", "{"):
                continue
            if not password_ok(user, password):
                continue
            if scheme.lower().startswith("http") and shannon_entropy(password) < 2.0:
                continue
            start, end = match.span("password")
            kind = f"{scheme.lower()}-url"
            hits.append(Hit("SEC003", start, end, password, kind, {"scheme": scheme.lower()}))
    if "password=" in lower or "pwd=" in lower:
        for match in PARAM.finditer(text):
            password = match.group("password")
            if not password_ok("", password):
                continue
            start, end = match.span("password")
            hits.append(Hit("SEC003", start, end, password, "url-password-parameter", {}))
    return hits
