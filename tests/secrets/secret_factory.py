"""Synthetic secrets built at run time, so no test module holds a literal one."""

from __future__ import annotations

import binascii
import random
import string

from agentweaver_lint.checks.secrets.validators import base62

ALNUM = string.ascii_letters + string.digits
BASE64 = ALNUM + "+/"


def rand(chars: str, size: int, seed: int) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(chars) for _ in range(size))


def github_token(seed: int = 1, prefix: str = "ghp_") -> str:
    body = rand(ALNUM, 30, seed)
    return prefix + body + base62(binascii.crc32(body.encode()))


def aws_key_id(seed: int = 2) -> str:
    return "AK" + "IA" + rand(string.ascii_uppercase + "234567", 16, seed)


def stripe_key(seed: int = 3) -> str:
    return "sk" + "_live_" + rand(ALNUM, 24, seed)


def password(seed: int = 4) -> str:
    return rand(ALNUM, 10, seed) + "!" + rand(ALNUM, 5, seed + 1)


def pem_key(seed: int = 5) -> str:
    body = "\n".join(rand(BASE64, 64, seed + i) for i in range(10))
    label = "RSA " + "PRIVATE KEY"
    return f"-----BEGIN {label}-----\n{body}\n-----END {label}-----\n"
