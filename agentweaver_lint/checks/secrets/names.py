"""Which assignment names hold secrets, judged on their words (``dbPassword`` → db, password)."""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")

SECRET_WORDS = frozenset(
    {
        "password",
        "passwd",
        "pwd",
        "passphrase",
        "passcode",
        "secret",
        "secrets",
        "token",
        "credential",
        "credentials",
        "pass",
        "apikey",
        "authtoken",
        "pat",
    }
)
KEY_QUALIFIERS = frozenset(
    {
        "api",
        "access",
        "private",
        "auth",
        "signing",
        "sign",
        "encryption",
        "encrypt",
        "master",
        "client",
        "app",
        "session",
        "license",
        "secret",
        "consumer",
        "account",
        "subscription",
        "hmac",
        "jwt",
        "webhook",
        "service",
        "admin",
        "write",
        "read",
        "storage",
        "shared",
        "cookie",
        "crypt",
        "cipher",
        "aes",
        "ssh",
        "deploy",
        "bot",
    }
)
HARD_EXCLUDE = frozenset(
    {
        "public",
        "publishable",
        "pub",
        "id",
        "ids",
        "name",
        "names",
        "type",
        "types",
        "url",
        "urls",
        "uri",
        "path",
        "paths",
        "file",
        "files",
        "dir",
        "prefix",
        "suffix",
        "length",
        "len",
        "size",
        "min",
        "max",
        "count",
        "limit",
        "expiry",
        "expires",
        "expiration",
        "ttl",
        "timeout",
        "lifetime",
        "header",
        "field",
        "fields",
        "param",
        "column",
        "label",
        "placeholder",
        "hint",
        "message",
        "msg",
        "error",
        "errors",
        "pattern",
        "regex",
        "format",
        "mode",
        "policy",
        "enabled",
        "required",
        "validator",
        "validation",
        "hash",
        "hashed",
        "hasher",
        "digest",
        "sha",
        "md5",
        "checksum",
        "endpoint",
        "provider",
        "ref",
        "reference",
        "arn",
        "version",
        "rotation",
        "reset",
        "forgot",
        "strength",
        "input",
        "prompt",
        "button",
        "link",
        "method",
        "usage",
        "cursor",
        "page",
        "next",
        "csrf",
        "xsrf",
        "tokenizer",
        "tokens",
        "tokenize",
        "tokenized",
        "is",
        "has",
        "show",
        "use",
        "allow",
        "template",
        "location",
        "kind",
        "schema",
        "dialog",
        "form",
        "text",
        "title",
        "icon",
        "visible",
        "toggle",
        "region",
        "host",
        "port",
        "username",
        "namespace",
        "generator",
        "confirm",
        "encoder",
        "parser",
        "handler",
        "list",
        "index",
        "num",
        "number",
        "salt",
        "nonce",
        "iv",
        "algorithm",
        "alg",
        "algo",
        "lock",
        "locked",
        "attempts",
        "retry",
        "retries",
        "complexity",
        "score",
        "folder",
        "cache",
        "store",
        "manager",
    }
)


GLUED_EXCLUDE = frozenset({"secretary", "secretariat", "passport", "passage", "passenger"})


def _glued_kind(word: str, following: list[str]) -> str | None:
    """Kinds hidden in glued words (``DBPASSWORD``, ``APITOKEN``) and in ``pass_phrase``."""
    if word == "pass" and following == ["phrase"]:
        return "password"
    if word in GLUED_EXCLUDE or len(word) < 7:
        return None
    if "password" in word or "passwd" in word:
        return "password"
    if "secret" in word:
        return "secret"
    if word.endswith("token"):
        return "token"
    if word.endswith(("apikey", "secretkey", "privatekey", "accesskey", "authkey")):
        return "api-key" if word.endswith("apikey") else "key"
    return None


def name_words(name: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(name)]


def secret_kind(name: str) -> str | None:
    """``password``, ``token``, ``api-key``, ``secret``… if ``name`` holds a secret, else None."""
    words = name_words(name)
    if not words:
        return None
    kind: str | None = None
    for i, word in enumerate(words):
        if word in ("password", "passwd", "pwd", "passphrase", "passcode") or (
            word == "pass" and i == len(words) - 1
        ):
            kind = kind or "password"
        elif word in ("secret", "secrets"):
            kind = kind or "secret"
        elif word in ("token", "authtoken", "pat"):
            kind = kind or "token"
        elif word in ("credential", "credentials"):
            kind = kind or "credential"
        elif word == "apikey":
            kind = kind or "api-key"
        elif word == "key" and i > 0 and words[i - 1] in KEY_QUALIFIERS:
            kind = kind or ("api-key" if words[i - 1] == "api" else "key")
        elif word == "auth" and len(words) == 1:
            kind = "auth"
        elif kind is None:
            kind = _glued_kind(word, words[i + 1 : i + 2])
    if kind is None:
        return None
    if words[-1] == "pass" and len(words) > 1 and words[-2] in ("by", "com", "sur"):
        return None
    if any(word in HARD_EXCLUDE for word in words):
        # ``client_secret`` and ``secret_key`` stay; ``password_hash``, ``token_url`` go.
        return None
    return kind
