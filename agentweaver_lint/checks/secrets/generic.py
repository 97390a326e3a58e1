"""SEC004: generic ``password``/``secret``/``token``/``api_key`` assignments.

Only lines holding a secret word are looked at (one keyword regex over the text); on each
such line one assignment regex reads ``name <op> value`` in the shapes of code and config
(``=``, ``:``, ``:=``, ``=>``, quoted keys, ``['KEY'] =``, ``--flag=``). The name must
hold a secret (:mod:`names`); the value must look like one (:func:`value_ok`). Code
files need a string literal (``password = get_password()`` is not a secret); config
files may hold bare values.
"""

from __future__ import annotations

import base64
import binascii
import re

from agentweaver_lint.checks.secrets.filters import (
    char_classes,
    is_example_value,
    is_hash_like,
    is_password_hash,
    is_pathlike,
    is_placeholder,
    is_reference,
    is_uuid,
    shannon_entropy,
)
from agentweaver_lint.checks.secrets.names import secret_kind
from agentweaver_lint.checks.secrets.textindex import Hit, TextIndex, lowered

CODE, CONFIG, SHELL = "code", "config", "shell"

KEYWORD = re.compile(r"pass|pwd|secret|token|key|auth|credential|\bpat\b|-u |--user|mysql")
"""Secret words, matched on the lowercased text (faster than a case-insensitive regex)."""
KEYWORD_ASSIGN = re.compile(
    r"(?:pass|pwd|secret|token|key|auth|credential|pat)[\w.$@-]*"
    r"(?:[\"'`]?\]?[ \t]*(?:[:=]|\?=|\|\|=|<-)|>[^<\s]|[\"'][ \t]+value=)"
)
"""A secret word followed by an assignment: the prefilter of code and config lines."""
NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.$@-")
NAME_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$@")
ASSIGN = re.compile(
    r"""(?<![\w.$@])(?P<name>[A-Za-z_$@][\w.$@-]*?)(?P<q1>["'`]?)\]?[ \t]*
    (?:
        :[ \t]*[A-Za-z_][\w\[\]., |]*?[ \t]*=(?![=~>])
      | (?P<op>:=|=>|\?=|\|\|=|<-|:(?![:/])|=(?![=~>]))
    )[ \t]*
    (?:
        (?:[bBrRuU]{1,2}(?=["']))?(?P<qv>["'`])(?P<qval>(?:\\.|(?!(?P=qv))[^\\\n])*)(?P=qv)
      | (?P<uval>[^\s'"`]+)(?=(?P<rest>[^\n]*))
    )""",
    re.VERBOSE,
)
SPACED = re.compile(
    r"^[ \t]*(?:ENV|ARG|export|set|setenv|SetEnv)[ \t]+(?P<name>[A-Za-z_][\w.-]*)[ \t]+"
    r"(?P<qv>[\"']?)(?P<uval>[^\s\"'=]+)(?P=qv)[ \t]*$",
    re.M,
)
NETRC = re.compile(r"\bpassword[ \t]+(?P<uval>\S+)")
XML_ELEMENT = re.compile(r"<(?P<name>[\w:.-]+)>(?P<uval>[^<\s]+)</(?P=name)>")
XML_KEYVALUE = re.compile(
    r"""(?:key|name)=["'](?P<name>[^"']+)["'][^>]*?\bvalue=["'](?P<uval>[^"']*)["']"""
)
AUTH_HEADER = re.compile(
    r"(?i)\b(?:proxy-)?authorization[\"']?\]?[ \t]*[:=,][ \t]*[\"']?[ \t]*"
    r"(?:bearer|basic|token|apikey|digest)[ \t]+(?P<uval>[A-Za-z0-9._~+/=-]{16,})"
)
CONN_PASSWORD = re.compile(
    r"(?i)(?:^|[;\"'\s])(?:password|pwd)[ \t]*=[ \t]*(?P<uval>[^;\"'\s]+)(?=;|[\"']|$)"
)
"""``Password=…;`` inside an ADO.NET/ODBC connection string (itself inside a string literal)."""
CLI_CREDENTIAL = re.compile(
    r"(?:^|\s)(?:-u|--user)[ =][\"']?[^:\s'\"]+:(?P<uval>[^\s'\"@]+)[\"']?(?=\s|$)"
    r"|\bmysql(?:dump|admin)?\b[^\n]*?\s-p(?P<mysql>[^\s'\"]+)"
)
"""``curl -u user:password`` and ``mysql -pPASSWORD`` on a command line."""
UNQUOTED_STOP = re.compile(r"(?<![;,)\]}])[;,)\]}]+$")  # starts a run only once: linear
IDENTIFIER_LIKE = re.compile(
    r"^(?:[a-z]+[0-9]{0,2}(?:[_.-][a-z]+[0-9]{0,2})+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+"
    r"|[a-z]+(?:[A-Z][a-z0-9]+)+|[A-Za-z_]+(?:\.[A-Za-z_]+)+|[a-z]+|[A-Z][a-z]+"
    r"|(?:[A-Z][a-z]+){2,}|[A-Z][a-z]+(?:-[A-Z][a-z]+)+|[A-Za-z_][\w.-]*:[A-Za-z_][\w.-]*)$"
)
TEST_VALUE = re.compile(r"(?i)^(?:test|dummy|fake|sample|example|demo|mock|foo|bar)\w{0,6}$")
BASE64_VALUE = re.compile(r"^[A-Za-z0-9+/]+={0,2}$")
MIN_LENGTH = 6


def _natural_word(value: str) -> bool:
    """A word of any script (``Incorrect``, ``Contraseña``, ``PASSWORT``): not a credential."""
    return value.isalpha() and (value.islower() or value.istitle() or value.isupper())


def _base64_text(value: str) -> str | None:
    """The text a base64 value encodes (``cGFzc3dvcmQ=`` → ``password``), if printable."""
    if len(value) % 4 or len(value) > 200 or not BASE64_VALUE.match(value):
        return None
    try:
        decoded = base64.b64decode(value, validate=True).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return decoded if decoded.isprintable() else None


def _implausible_shape(value: str, quoted: bool) -> bool:
    """Too short, too long or spaced to be one secret token, or not a scalar at all."""
    if len(value) < MIN_LENGTH or len(value) > 1000:
        return True
    if any(c.isspace() for c in value):
        return True
    # YAML tags, block scalars, anchors and aliases; CLI options
    return not quoted and value.startswith(("!", "|", "-", "&", "*", "@", ">"))


def _stand_in(value: str) -> bool:
    """A reference, placeholder, path, id or example standing where the secret would go."""
    if is_reference(value) or is_placeholder(value) or is_pathlike(value) or is_uuid(value):
        return True
    if is_example_value(value):
        return True
    # Encoding a placeholder does not make it a secret (``cGFzc3dvcmQ=`` is ``password``).
    decoded = _base64_text(value)
    return decoded is not None and (is_placeholder(decoded) or _natural_word(decoded))


def _not_secret_material(value: str) -> bool:
    """Templates, calls, hashes, numbers and publishable ids: not a secret in any kind."""
    if ("{" in value and "}" in value) or value.startswith("ENC(") or "(" in value:
        return True
    if is_password_hash(value):
        return True
    if value.isdigit() or value.endswith(".apps.googleusercontent.com"):
        return True
    if value.startswith(("pk_", "pk.", "sha256:", "sha512-", "data:")):
        return True
    return value.endswith(("()", "."))


def _password_ok(value: str) -> bool:
    """Passwords may be short and plain, so only words and digests are ruled out."""
    if is_hash_like(value):
        return False  # a stored digest (``5f4dcc3b…``), not the password itself
    if _natural_word(value) or TEST_VALUE.match(value):
        return False  # "Incorrect", "supersecret", "test123": words, not credentials
    return not IDENTIFIER_LIKE.match(value) and shannon_entropy(value) >= 2.0


def _token_ok(value: str, quoted: bool) -> bool:
    """Tokens and keys are machine-made, so they must look random enough."""
    if IDENTIFIER_LIKE.match(value) or (is_hash_like(value) and not quoted and ":" in value):
        return False
    return len(value) >= 8 and char_classes(value) >= 2 and shannon_entropy(value) >= 2.8


def value_ok(kind: str, value: str, quoted: bool) -> bool:
    """Does ``value`` look like a real secret of ``kind`` rather than a look-alike?"""
    if _implausible_shape(value, quoted) or _stand_in(value) or _not_secret_material(value):
        return False
    if kind in ("password", "credential"):
        return _password_ok(value)
    return _token_ok(value, quoted)


def _secret_type(kind: str, name: str, path: str) -> str:
    lower = name.lower().replace("-", "_")
    base = path.rsplit("/", 1)[-1].lower()
    if lower.endswith("secret_key_base"):
        return "rails-secret-key-base"
    if lower.endswith("secret_key") and base == "settings.py":
        return "django-secret-key"
    if lower.endswith("secret_key"):
        return "framework-secret-key"
    if base in (".npmrc", ".pypirc", ".netrc", ".pgpass"):
        return base.lstrip(".") + "-credential"
    if kind == "auth" and base.endswith("config.json"):
        return "docker-config-auth"
    return kind


Candidate = tuple[str, int, int, bool]
"""``(name, value start, value end, quoted)`` on one line."""


def _name_starts(line: str, lower: str) -> list[int]:
    """Where the names holding a secret word start on this line."""
    starts: list[int] = []
    for match in KEYWORD.finditer(lower):
        start = match.start()
        floor = max(0, start - 120)  # names are short; long runs are blobs
        while start > floor and line[start - 1] in NAME_CHARS:
            start -= 1
        while start < match.start() and line[start] not in NAME_START:
            start += 1
        if not starts or starts[-1] != start:
            starts.append(start)
    return starts


def _assignments(line: str, lower: str, mode: str) -> list[Candidate]:
    """``(name, value start, value end, quoted)`` on one line, in this file's mode."""
    out: list[Candidate] = []
    for name_start in _name_starts(line, lower):
        match = ASSIGN.match(line, name_start)
        if match is None:
            continue
        if match.group("qv") is not None:
            if match.group("qv") == "`" and "${" in match.group("qval"):
                continue
            out.append((match.group("name"), *match.span("qval"), True))
            continue
        if mode == CODE:
            continue
        start = match.start("uval")
        raw = match.group("uval")
        trimmed = UNQUOTED_STOP.sub("", raw) if mode == SHELL else raw.rstrip(",;")
        rest = match.group("rest").strip()
        if mode == CONFIG and rest and not rest.startswith(("#", "//", ";")):
            continue
        out.append((match.group("name"), start, start + len(trimmed), False))
    if mode != CODE:
        for match in SPACED.finditer(line):
            out.append((match.group("name"), *match.span("uval"), False))
    return out


def _other_shapes(line: str, lower: str, mode: str, netrc: bool) -> list[Candidate]:
    """Candidates beyond ``name = value``: escaped quotes, XML, netrc, connection strings, CLI."""
    found: list[Candidate] = []
    if '\\"' in line:
        # Code inside a JSON string (notebooks): read ``\"`` as a quote, same offsets.
        unescaped = line.replace('\\"', ' "')
        for name, start, end, quoted in _assignments(unescaped, lowered(unescaped), CODE):
            stripped = unescaped[start:end].rstrip(" ")
            found.append((name, start, start + len(stripped), quoted))
    if "<" in line:
        for match in XML_ELEMENT.finditer(line):
            found.append((match.group("name"), *match.span("uval"), True))
        for match in XML_KEYVALUE.finditer(line):
            found.append((match.group("name"), *match.span("uval"), True))
    if netrc:
        for match in NETRC.finditer(line):
            found.append(("password", *match.span("uval"), False))
    if ";" in line:
        for match in CONN_PASSWORD.finditer(line):
            found.append(("Password", *match.span("uval"), True))
    if mode == SHELL and ("-u" in line or "--user" in line or "mysql" in lower):
        for match in CLI_CREDENTIAL.finditer(line):
            group = "uval" if match.group("uval") else "mysql"
            found.append(("password", *match.span(group), True))
    return found


def _line_hits(line: str, offset: int, mode: str, path: str, netrc: bool) -> list[Hit]:
    lower = lowered(line)
    candidates = _assignments(line, lower, mode) + _other_shapes(line, lower, mode, netrc)
    hits: list[Hit] = []
    for name, start, end, quoted in candidates:
        kind = secret_kind(name.strip("$@:"))
        value = line[start:end]
        if kind is None or not value_ok(kind, value, quoted):
            continue
        secret_type = _secret_type(kind, name, path)
        hits.append(
            Hit(
                "SEC004",
                offset + start,
                offset + end,
                value,
                secret_type,
                {"name": name},
                generic=True,
            )
        )
    for match in AUTH_HEADER.finditer(line) if "authorization" in lower else ():
        value = match.group("uval")
        if shannon_entropy(value) >= 3.0 and not is_placeholder(value):
            start, end = match.span("uval")
            hits.append(
                Hit(
                    "SEC004",
                    offset + start,
                    offset + end,
                    value,
                    "authorization-header",
                    {"name": "Authorization"},
                    generic=True,
                )
            )
    return hits


def scan_generic(
    index: TextIndex,
    lower: str,
    mode: str,
    path: str,
    regions: list[tuple[int, int, str]] | None = None,
) -> list[Hit]:
    """Generic assignments in the whole text, or only inside ``regions`` (Markdown code)."""
    text = index.text
    netrc = path.rsplit("/", 1)[-1].lower() in (".netrc", "_netrc")
    hits: list[Hit] = []
    done: set[int] = set()
    last_end = -1
    broad = mode == SHELL or netrc or regions is not None
    for match in (KEYWORD if broad else KEYWORD_ASSIGN).finditer(lower):
        if match.start() < last_end:
            continue
        line_start, line_end = index.line_bounds(match.start())
        last_end = line_end
        if line_start in done:
            continue
        done.add(line_start)
        line_mode = mode
        if regions is not None:
            inside = [m for s, e, m in regions if s <= line_start < e]
            if not inside:
                continue
            line_mode = inside[0]
        hits.extend(_line_hits(text[line_start:line_end], line_start, line_mode, path, netrc))
    return hits
