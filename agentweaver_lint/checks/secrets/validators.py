"""Offline structure checks: GitHub/npm CRC32 checksums and JWT structure."""

from __future__ import annotations

import base64
import binascii
import json

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def base62(number: int, width: int = 6) -> str:
    digits = ""
    while number:
        number, rem = divmod(number, 62)
        digits = BASE62[rem] + digits
    return digits.rjust(width, "0")


def github_crc32_ok(token: str) -> bool:
    """GitHub (``ghp_``…) and npm (``npm_``) tokens end with base62(CRC32(random part)).

    The 36 characters after the prefix are 30 random characters and a 6-character
    checksum; a mismatch means a made-up look-alike.
    """
    prefix, _, body = token.partition("_")
    if not prefix or len(body) != 36:
        return True  # other lengths carry no checksum we know of
    payload, checksum = body[:30], body[30:]
    return base62(binascii.crc32(payload.encode("ascii", "replace"))) == checksum


def _b64url_json(segment: str) -> object:
    padded = segment + "=" * (-len(segment) % 4)
    raw = base64.urlsafe_b64decode(padded.encode("ascii"))
    return json.loads(raw.decode("utf-8"))


def jwt_ok(token: str) -> bool:
    """Three base64url segments; header JSON with a real ``alg`` (not ``none``); a signature."""
    parts = token.split(".")
    if len(parts) != 3 or len(parts[2]) < 16:
        return False
    try:
        header = _b64url_json(parts[0])
        payload = _b64url_json(parts[1])
    except (ValueError, UnicodeDecodeError, binascii.Error):
        return False
    if not isinstance(header, dict) or not isinstance(payload, dict):
        return False
    alg = str(header.get("alg", "")).lower()
    return bool(alg) and alg != "none"


def validate(name: str | None, secret: str) -> bool:
    if name == "github-crc32":
        return github_crc32_ok(secret)
    if name == "jwt":
        return jwt_ok(secret)
    return True
