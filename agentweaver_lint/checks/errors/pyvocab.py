"""Words and names the ERR summaries judge by: control-flow exceptions, conversions,
reporting and helper names."""

from __future__ import annotations

BROAD = frozenset({"Exception", "BaseException"})
CONTROL_FLOW = frozenset(
    {
        "KeyError",
        "IndexError",
        "LookupError",
        "AttributeError",
        "ValueError",
        "TypeError",
        "StopIteration",
        "StopAsyncIteration",
        "GeneratorExit",
        "ImportError",
        "ModuleNotFoundError",
        "FileNotFoundError",
        "FileExistsError",
        "NotADirectoryError",
        "IsADirectoryError",
        "ProcessLookupError",
        "UnicodeError",
        "UnicodeDecodeError",
        "UnicodeEncodeError",
        "JSONDecodeError",
        "ObjectDoesNotExist",
        "NoResultFound",
        "NotImplementedError",
        "KeyboardInterrupt",
        "CancelledError",
        "ZeroDivisionError",
        "OverflowError",
        "ArithmeticError",
        "InvalidOperation",
        "Empty",
        "Full",
        "UnsupportedOperation",
        "ValidationError",
        "DecodeError",
        "ExpiredSignatureError",
        "InvalidSignatureError",
        "InvalidTokenError",
        "InvalidToken",
        "BadSignature",
        "SignatureExpired",
        "Http404",
        "EmptyPage",
        "PageNotAnInteger",
        "PackageNotFoundError",
        "DistributionNotFound",
        "MultipleObjectsReturned",
        "MultipleResultsFound",
        "NoReverseMatch",
        "Resolver404",
        "InvalidVersion",
        "ParserError",
        "SyntaxError",
        "TimeoutExpired",
        "SystemExit",
        "TimeoutError",
        "timeout",
    }
)
CONTROL_FLOW_SUFFIXES = ("DoesNotExist", "NotFound", "NotFoundError")
CONTROL_WORDS = (
    "Reschedule", "Retry", "Skip", "Interrupt", "Cancel", "JWT", "Token", "Signature",
    "PermissionDenied", "Authentication", "NotAuthenticated", "Invalid", "Validation",
    "Denied", "Forbidden", "Unauthorized", "Parse", "Decode",
)  # fmt: skip
"""Exceptions that steer control flow or reject input (``SkipRow``, ``PyJWTError``,
``PermissionDenied``, ``InvalidURL``): handling them by returning a default is normal."""
QUEUE_SIGNALS = frozenset({"empty", "full", "queueempty", "queuefull", "queue_empty", "queue_full"})
CONVERSIONS = frozenset(
    {
        "str",
        "repr",
        "format",
        "type",
        "isinstance",
        "issubclass",
        "getattr",
        "hasattr",
        "len",
        "bool",
        "vars",
        "id",
        "hash",
        "dict",
        "list",
        "tuple",
    }
)
"""Calls that read the exception without handing it on (``str(e)`` is not forwarding)."""
REPORTER_WORDS = ("fail", "report", "notify", "alert", "reject", "capture", "track")
HELPER_NAME_HINTS = (
    "log", "report", "error", "exception", "fail", "notify", "alert", "track", "capture",
    "warn", "sentry", "handle", "record", "audit",
)  # fmt: skip
REPORTER_PREFIXES = ("log",)  # log_error(str(e)) from a library the index cannot see
"""A call so named that receives the error's text reports the error (not a log, not silence)."""

# Parse errors of the standard library spelt with a generic last name (``binascii.Error``).
QUALIFIED_CONTROL = frozenset(
    {"binascii.Error", "zlib.error", "struct.error", "csv.Error", "configparser.Error",
     "tomllib.TOMLDecodeError", "tomli.TOMLDecodeError", "yaml.YAMLError", "re.error"}
)  # fmt: skip
