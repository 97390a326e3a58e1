"""Value filters shared by every SEC rule: entropy, placeholders, references, hashes.

These decide whether a matched string is a real-looking secret or a look-alike
(a documentation example, an environment reference, a hash, a UUID...). They are pure
functions of the string, so the catalogue, the generic rule and history share them.
"""

from __future__ import annotations

import math
import re
from collections import Counter

PLACEHOLDER_WORDS = (
    "xxxx",
    "****",
    "....",
    "…",
    "example",
    "sample",
    "dummy",
    "placeholder",
    "changeme",
    "change_me",
    "change-me",
    "changethis",
    "change_this",
    "replace_me",
    "replaceme",
    "replace-me",
    "replace_with",
    "your_",
    "your-",
    "yourpass",
    "yoursecret",
    "yourtoken",
    "yourkey",
    "your own",
    "insert",
    "redacted",
    "removed",
    "notreal",
    "not_real",
    "not-real",
    "not_a_real",
    "not-a-real",
    "fakefake",
    "fake_",
    "fake-",
    "_fake",
    "-fake",
    "todo",
    "fixme",
    "tbd",
    "secret_here",
    "token_here",
    "key_here",
    "_here",
    "-here",
    "<",
    ">",
    "${",
    "{{",
    "}}",
    "$(",
    "%(",
    "#{",
)
"""Substrings (lowercase) that mark a value as a placeholder, not a secret."""

EXACT_PLACEHOLDERS = frozenset(
    {
        "password",
        "passwd",
        "pass",
        "secret",
        "token",
        "apikey",
        "api_key",
        "api-key",
        "none",
        "null",
        "nil",
        "undefined",
        "true",
        "false",
        "yes",
        "no",
        "on",
        "off",
        "string",
        "str",
        "text",
        "bytes",
        "int",
        "integer",
        "number",
        "boolean",
        "bool",
        "required",
        "optional",
        "hidden",
        "masked",
        "sensitive",
        "secure",
        "encrypted",
        "default",
        "empty",
        "blank",
        "unset",
        "value",
        "changeit",
        "admin",
        "root",
        "guest",
        "postgres",
        "postgresql",
        "mysql",
        "redis",
        "rabbitmq",
        "mongo",
        "mongodb",
        "user",
        "username",
        "test",
        "testing",
        "tests",
        "foobar",
        "foo",
        "bar",
        "baz",
        "qwerty",
        "letmein",
        "password1",
        "password123",
        "secret123",
        "mypassword",
        "mysecret",
        "s3cr3t",
        "p@ssw0rd",
        "p@ssword",
        "passw0rd",
        "pa55word",
        "hunter2",
        "12345678",
        "123456",
        "1234567890",
        "abcdef",
        "abc123",
        "secretkey",
        "secret_key",
        "mytoken",
        "access_token",
        "auth_token",
        "bearer",
        "basic",
        "token_value",
        "your_token",
        "sk_test",
        "pk_test",
        "demo",
        "local",
        "localhost",
        "development",
        "dev",
        "production",
        "prod",
        "staging",
        "sandbox",
        "env",
        "environ",
        "config",
        "settings",
    }
)

_REFERENCE = re.compile(
    r"""^(?:
        \$[A-Za-z_]\w*$ | \$\{            # $VAR ${VAR} ${VAR:-x}
      | %[A-Za-z_]\w*%                     # %VAR%
      | \$\([^)]*\)                        # $(cmd)
      | env\(|getenv|os\.environ|process\.env|ENV\[|System\.getenv|Environment\.
      | !(?:Ref|Sub|GetAtt|ImportValue|secret|env|vault)\b
      | (?:vault|secret|ssm|secretsmanager|arn|sm|op|doppler|awssm|gcpsm|azkv)://
      | arn:aws
      | \{\{.*\}\}
      | @Microsoft\.KeyVault
    )""",
    re.VERBOSE,
)
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_HEX = re.compile(r"^[0-9a-fA-F]+$")
_HASH_PREFIX = re.compile(r"^(?:sha(?:1|224|256|384|512)|md5|blake2b?|sha3-\d+)[-:=]", re.I)
_CRYPT_HASH = re.compile(
    r"^(?:\$2[abxy]?\$\d\d\$[./A-Za-z0-9]{53}|\$(?:1|5|6|y|gy|7)\$[^\s]{8,}|\$argon2(?:id|i|d)\$"
    r"|\$scrypt\$|(?:pbkdf2_sha256|pbkdf2_sha1|bcrypt_sha256|argon2|scrypt)\$|\{S?SHA(?:256|512)?\}|\{CRYPT\})"
)
_SEQUENTIAL = ("0123456789", "abcdefghij", "qwertyuiop", "9876543210", "1234567890")
_REPEAT = re.compile(r"(.)\1{5,}")
_RELATIVE_PATH = re.compile(r"^[\w.@~-]+(?:/[\w.@~-]+)+\.[a-z]{1,5}$")
_FILEISH = re.compile(
    r"^[\w.-]+\.(?:json|txt|pem|key|crt|cer|ya?ml|env|cfg|conf|ini|p12|pfx|jks|gpg)$", re.I
)


def shannon_entropy(value: str) -> float:
    """Bits per character of ``value`` (0 for the empty string)."""
    if not value:
        return 0.0
    counts = Counter(value)
    size = len(value)
    return -sum(n / size * math.log2(n / size) for n in counts.values())


KNOWN_EXAMPLES = frozenset(
    {
        '_5#y2L"F4Q8z\\n\\xec]/',  # Flask quickstart's secret_key
        "192b9bdd22ab9ed4d12e236c78afcb9a393ec15f71bbf5dc987d54727823bcbf",  # Flask docs
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",  # AWS docs
        "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",  # AWS docs
        "J5brHrAXFLQSif0K",  # NetBox installation docs
    }
)
"""Secrets printed in well-known documentation: examples everyone copies, not leaks."""


def is_placeholder(value: str) -> bool:
    """True for documentation examples, masks and obviously fake values."""
    if value in KNOWN_EXAMPLES:
        return True
    lower = value.lower()
    if lower in EXACT_PLACEHOLDERS:
        return True
    if any(word in lower for word in PLACEHOLDER_WORDS):
        return True
    if _REPEAT.search(value):
        return True
    return any(seq in lower for seq in _SEQUENTIAL)


EXAMPLE_WORDS = (
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "api_key",
    "api-key",
    "abc123",
    "123abc",
    "test",
    "dummy",
    "example",
    "sample",
    "qwerty",
    "letmein",
    "welcome",
    "hello",
    "admin",
    "default",
)
"""Substrings that make an assigned value a self-describing or test value (``password2``,
``test-token``): real credentials do not spell out these words."""
EXAMPLE_AFFIXES = ("foo", "bar", "baz", "qux", "xxx", "abc")
"""Short words that mark a test value only at its start or end (``foobar123``, ``pass1xxx``):
inside a random token they occur by chance."""


def is_example_value(value: str) -> bool:
    lower = value.lower()
    if any(word in lower for word in EXAMPLE_WORDS):
        return True
    return lower.startswith(EXAMPLE_AFFIXES) or lower.endswith(EXAMPLE_AFFIXES)


def is_reference(value: str) -> bool:
    """True for environment / template / secret-manager references."""
    return bool(_REFERENCE.match(value.strip()))


def is_uuid(value: str) -> bool:
    return bool(_UUID.match(value))


def is_hash_like(value: str) -> bool:
    """Hex digests of the usual lengths, integrity strings and prefixed digests."""
    if _HASH_PREFIX.match(value):
        return True
    return bool(_HEX.match(value)) and len(value) in (32, 40, 56, 64, 96, 128)


def is_password_hash(value: str) -> bool:
    """bcrypt, argon2, PBKDF2 (Django), crypt(3) and LDAP hashes: stored hashes, not secrets."""
    return bool(_CRYPT_HASH.match(value))


def is_pathlike(value: str) -> bool:
    """File paths and URLs without credentials: not secret values themselves."""
    if value.startswith(("/", "./", "../", "~/", "file:", "http://", "https://", "s3://", "gs://")):
        return True
    return bool(_FILEISH.match(value) or _RELATIVE_PATH.match(value))


def looks_random(value: str, min_entropy: float) -> bool:
    """Enough entropy and not a placeholder."""
    return shannon_entropy(value) >= min_entropy and not is_placeholder(value)


def char_classes(value: str) -> int:
    """How many of lower, upper, digit, other the value uses."""
    classes = 0
    classes += any(c.islower() for c in value)
    classes += any(c.isupper() for c in value)
    classes += any(c.isdigit() for c in value)
    classes += any(not c.isalnum() for c in value)
    return classes
