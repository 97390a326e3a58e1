"""SEC005 (committed .env) and SEC006 (secret files by path) decisions, by name."""

from __future__ import annotations

import re

from agentweaver_lint.checks.secrets.filters import is_placeholder, is_reference
from agentweaver_lint.checks.secrets.names import secret_kind

ENV_TEMPLATE_WORDS = ("example", "sample", "template", "dist", "defaults", "default", "tmpl", "tpl")
ENV_ASSIGNMENT = re.compile(
    r"^[ \t]*(?:export[ \t]+)?(?P<name>[A-Za-z_][\w.]*)[ \t]*=[ \t]*[\"']?(?P<value>[^\s#\"']+)",
    re.M,
)
KEYSTORE_SUFFIXES = (".p12", ".pfx", ".jks", ".keystore", ".bks", ".ppk", ".kdbx", ".pkcs12")
SSH_KEY = re.compile(r"^id_(?:rsa|dsa|ecdsa|ed25519)(?:[_.-][\w-]+)?$")
SECRET_NAMES = frozenset({".git-credentials", ".pgpass", ".htpasswd"})
KEY_SUFFIXES = (".pem", ".key")


def is_env_file(path: str) -> bool:
    """``.env``, ``.env.local``, ``prod.env``… but not ``.env.example`` and its kind."""
    name = path.rsplit("/", 1)[-1].lower()
    if not (name == ".env" or name.startswith(".env.") or name.endswith(".env")):
        return False
    return not any(word in name for word in ENV_TEMPLATE_WORDS)


def env_holds_secret(text: str) -> bool:
    """Whether a .env text gives a secret-named variable a value (not a reference/placeholder).

    ``NETBOX_ROOT=/opt/netbox`` alone is configuration; ``DB_PASSWORD=postgres`` is a secret
    that belongs in the environment, however weak.
    """
    for match in ENV_ASSIGNMENT.finditer(text):
        value = match.group("value")
        if secret_kind(match.group("name")) is None:
            continue
        if not is_reference(value) and not is_placeholder(value):
            return True
    return False


def secret_file_kind(path: str) -> str | None:
    """Why ``path`` is a secret file by name alone, or None (``.pem`` needs its content)."""
    name = path.rsplit("/", 1)[-1]
    lower = name.lower()
    if lower.endswith(KEYSTORE_SUFFIXES):
        return "keystore"
    if SSH_KEY.match(name) and not lower.endswith(".pub"):
        return "ssh-private-key"
    if lower in SECRET_NAMES:
        return lower.lstrip(".")
    if path.endswith(".aws/credentials"):
        return "aws-credentials-file"
    if path == "config/master.key" or path.endswith("/config/master.key"):
        return "rails-master-key"
    return None


def needs_content(path: str) -> str | None:
    """``pem`` or ``json`` when the content decides (a private key, a service account)."""
    lower = path.rsplit("/", 1)[-1].lower()
    if lower.endswith(KEY_SUFFIXES):
        return "pem"
    if lower.endswith(".json"):
        return "json"
    return None


def content_kind(kind: str, text: str) -> str | None:
    if kind == "pem" and "PRIVATE KEY-----" in text and "-----BEGIN" in text:
        return "private-key-file"
    if kind == "json" and '"service_account"' in text and '"private_key"' in text:
        return "gcp-service-account-file"
    return None
