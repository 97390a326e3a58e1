"""SEC004 in Terraform: a secret-named ``variable`` with a hardcoded ``default``."""

from __future__ import annotations

import re

from agentweaver_lint.checks.secrets.generic import value_ok
from agentweaver_lint.checks.secrets.names import secret_kind
from agentweaver_lint.checks.secrets.textindex import Hit, TextIndex

VARIABLE = re.compile(r"variable[ \t]+\"(?P<name>[^\"]+)\"[ \t]*\{(?P<body>[^{}]*)\}")
DEFAULT = re.compile(r"\bdefault[ \t]*=[ \t]*\"(?P<value>[^\"\n]*)\"")


def scan_terraform_defaults(index: TextIndex) -> list[Hit]:
    hits: list[Hit] = []
    for match in VARIABLE.finditer(index.text):
        kind = secret_kind(match.group("name"))
        default = DEFAULT.search(match.group("body"))
        if kind is None or default is None or not value_ok(kind, default.group("value"), True):
            continue
        start = match.start("body") + default.start("value")
        value = default.group("value")
        hits.append(
            Hit(
                "SEC004",
                start,
                start + len(value),
                value,
                kind,
                {"name": match.group("name")},
                generic=True,
            )
        )
    return hits
