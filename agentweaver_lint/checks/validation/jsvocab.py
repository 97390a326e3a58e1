"""What JS/TS names mean to input validation: validator methods and functions, converters,
request properties, and which middleware names promise validation (not authentication)."""

from __future__ import annotations

from agentweaver_lint.checks.validation.pyvocab import AUTH_WORDS

VALIDATE_METHODS = frozenset(
    {
        "parse",
        "safeParse",
        "parseAsync",
        "safeParseAsync",
        "validate",
        "validateAsync",
        "validateSync",
        "isValid",
        "isValidSync",
        "assert",
        "decode",
        "validateOrReject",
        "spa",
        "attempt",
        "assertValid",
    }
)
VALIDATE_FUNCS = frozenset(
    {
        "validate",
        "validateSync",
        "validateOrReject",
        "assert",
        "create",
        "is",
        "mask",
        "matchedData",
        "validationResult",
        "checkSchema",
    }
)
NOT_SCHEMAS = frozenset(
    {
        "JSON",
        "Date",
        "path",
        "url",
        "querystring",
        "qs",
        "Number",
        "URL",
        "jwt",
        "bcrypt",
        "moment",
        "dayjs",
        "cookie",
        "cookieParser",
    }
)
CONVERTERS = frozenset(
    {
        "Number",
        "parseInt",
        "parseFloat",
        "Boolean",
        "BigInt",
        "ObjectId",
        "isValidObjectId",
        "toNumber",
        "toInt",
    }
)
READ_PROPERTIES = frozenset({"body", "query", "params"})
STATEMENTS = frozenset(
    {
        "expression_statement",
        "lexical_declaration",
        "variable_declaration",
        "return_statement",
        "if_statement",
        "statement_block",
    }
)


UNRESOLVED = "could not resolve "


def says_valid(name: str) -> bool:
    lowered = name.lower()
    return ("valid" in lowered and "invalid" not in lowered) or lowered in ("celebrate",)


def validates_request(name: str) -> bool:
    """A middleware/decorator name that promises request validation (not authentication:
    ``validateToken`` checks who calls, not what they send)."""
    lowered = name.lower()
    return says_valid(name) and not any(word in lowered for word in AUTH_WORDS)
