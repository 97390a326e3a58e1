"""The Python vocabulary of validation: validator methods, converters, request attributes."""

from __future__ import annotations

VALIDATE_METHODS = frozenset(
    {
        "is_valid",
        "validate",
        "validate_on_submit",
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
        "parse_obj",
        "parse_raw",
        "parse_obj_as",
        "validate_python",
        "validate_json",
        "parse_args",
        "full_clean",
        "validate_or_error",
        "deserialize",
        "check_valid",
        "validated",
        "construct_event",
    }
)
SCHEMA_LOADS = frozenset({"load", "loads"})
NOT_SCHEMAS = frozenset(
    {
        "json",
        "yaml",
        "pickle",
        "marshal",
        "toml",
        "tomllib",
        "ujson",
        "orjson",
        "simplejson",
        "rapidjson",
        "ruamel",
        "cPickle",
        "dill",
        "joblib",
        "np",
        "numpy",
        "torch",
        "pd",
        "pandas",
    }
)
VALIDATE_FUNCS = frozenset({"validate", "parse_obj_as", "validate_arguments", "validate_call"})
CONVERTERS = frozenset(
    {
        "int",
        "float",
        "bool",
        "Decimal",
        "UUID",
        "uuid.UUID",
        "decimal.Decimal",
        "fromisoformat",
        "parse_date",
        "parse_datetime",
        "date.fromisoformat",
        "datetime.fromisoformat",
        "strtobool",
        "parse_qs_int",
        "ObjectId",
    }
)
SANITIZERS = frozenset(
    {
        "secure_filename",
        "allowed_file",
        "is_safe_url",
        "url_has_allowed_host_and_scheme",
        "is_safe_redirect_url",
        "escape",
        "bleach",
        "clean_html",
    }
)
PYDANTIC_BASES = ("BaseModel", "RootModel", "pydantic.", "BaseSettings")
FLASK_ATTRS = frozenset({"json", "get_json", "form", "args", "values", "files", "data", "get_data"})
DJANGO_ATTRS = frozenset({"GET", "POST", "body", "FILES", "data", "query_params"})
AUTH_WORDS = (
    "token",
    "auth",
    "jwt",
    "session",
    "api_key",
    "apikey",
    "login",
    "permission",
    "csrf",
    "signature",
    "captcha",
    "role",
    "access",
    "owner",
    "password",
    "cookie",
)
BOUND_CHECKS = frozenset({"is_valid", "validate", "validate_on_submit", "full_clean"})
