"""SEC004 in Kubernetes ``kind: Secret`` manifests: every ``data``/``stringData`` value.

``data`` values are base64: they are decoded before the placeholder checks, so
``cGFzc3dvcmQ=`` ("password") is a look-alike while a real encoded password is reported
at its key's line. Names that are not secrets (``username``, ``host``…) are skipped.
"""

from __future__ import annotations

import base64
import binascii
import re

from agentweaver_lint.checks.secrets.filters import is_placeholder, is_reference, shannon_entropy
from agentweaver_lint.checks.secrets.textindex import Hit, TextIndex

KIND = re.compile(r"^kind:[ \t]*[\"']?Secret[\"']?[ \t]*$", re.M)
BLOCK = re.compile(r"^(?P<indent>[ \t]*)(?P<block>data|stringData):[ \t]*$", re.M)
ITEM = re.compile(
    r"^(?P<indent>[ \t]+)(?P<key>[\w.-]+):[ \t]*(?P<q>[\"']?)(?P<value>[^\s\"'#]*)(?P=q)"
)
NOT_SECRET = frozenset(
    {
        "username",
        "user",
        "host",
        "hostname",
        "port",
        "database",
        "db",
        "dbname",
        "name",
        "email",
        "namespace",
        "region",
        "endpoint",
        "url",
        "ca.crt",
        "tls.crt",
        "cert",
        "certificate",
    }
)


def _decoded(value: str) -> str | None:
    try:
        raw = base64.b64decode(value.encode("ascii"), validate=True)
        return raw.decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def _plausible(value: str) -> bool:
    if len(value) < 6 or is_placeholder(value) or is_reference(value):
        return False
    return shannon_entropy(value) >= 2.0 and not value.isdigit()


def scan_kubernetes_secret(index: TextIndex) -> list[Hit]:
    text = index.text
    hits: list[Hit] = []
    for document in re.split(r"^---[ \t]*$", text, flags=re.M):
        if not KIND.search(document):
            continue
        base = text.find(document)
        for block in BLOCK.finditer(document):
            indent = len(block.group("indent"))
            pos = block.end() + 1
            for line in document[pos:].split("\n"):
                item = ITEM.match(line)
                if item is None:
                    if line.strip() and len(line) - len(line.lstrip()) <= indent:
                        break
                    pos += len(line) + 1
                    continue
                if len(item.group("indent")) <= indent:
                    break
                key, value = item.group("key"), item.group("value")
                plain = _decoded(value) if block.group("block") == "data" else value
                if key.lower() not in NOT_SECRET and plain is not None and _plausible(plain):
                    start = base + pos + item.start("value")
                    hits.append(
                        Hit(
                            "SEC004",
                            start,
                            start + len(value),
                            value,
                            "kubernetes-secret",
                            {"name": key},
                            generic=True,
                        )
                    )
                pos += len(line) + 1
    return hits
