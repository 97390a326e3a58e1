"""The one redaction every output uses: at most 4 leading characters, "…", the length."""

from __future__ import annotations

import hashlib

PREFIX = 4


def redact(secret: str) -> str:
    """``ghp_…(40)``: never more than 4 characters, fewer for short values (a quarter)."""
    shown = min(PREFIX, len(secret) // 4)
    return f"{secret[:shown]}…({len(secret)})"


def secret_hash(secret: str) -> str:
    """A stable hash of a secret for fingerprints and baselines (never the value)."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def redact_in(text: str, secrets: list[str]) -> str:
    """Replace every occurrence of each secret in ``text`` with its redaction."""
    for secret in sorted(set(secrets), key=len, reverse=True):
        if secret:
            text = text.replace(secret, redact(secret))
    return text
