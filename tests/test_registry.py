"""Registry validation, selectors, rule docs (docs/rules.md must be current), redaction."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from agentweaver_lint.checks.awl import FAMILY as AWL
from agentweaver_lint.model import Severity
from agentweaver_lint.redact import redact, redact_in
from agentweaver_lint.registry import (
    DOC_SECTIONS,
    Family,
    Registry,
    RegistryError,
    Rule,
    get_registry,
)
from agentweaver_lint.rulesdoc import rules_document

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
GOOD_DOC = "\n".join(f"## {s}\ntext" for s in DOC_SECTIONS)


def make_rule(**attrs: object) -> type[Rule]:
    base = {
        "code": "ZZZ001",
        "name": "zz-rule",
        "family": "ZZZ",
        "non_negotiable": "maintainability",
        "severity": Severity.ERROR,
        "summary": "One line.",
        "__doc__": "Doc.\n" + GOOD_DOC,
    }
    base.update(attrs)
    return type("R", (Rule,), base)


@pytest.mark.parametrize(
    ("attrs", "message"),
    [
        ({"code": "ZZ01"}, "code must be ZZZ + 3 digits"),
        ({"code": "ABC001"}, "code must be ZZZ + 3 digits"),
        ({"name": "Bad_Name"}, "must be unique kebab-case"),
        ({"family": "XYZ"}, "family 'XYZ' is not ZZZ"),
        ({"non_negotiable": "speed"}, "unknown non-negotiable"),
        ({"severity": "error"}, "severity must be a Severity"),
        ({"summary": "two\nlines"}, "summary must be one line"),
        ({"__doc__": "Doc without sections"}, "docstring lacks sections"),
    ],
)
def test_bad_rules_fail_loudly(attrs: dict[str, object], message: str) -> None:
    family = Family("ZZZ", "t", "maintainability", (make_rule(**attrs),))
    with pytest.raises(RegistryError, match=re.escape(message)):
        Registry().register(family)


def test_duplicate_codes_and_families_fail() -> None:
    registry = Registry()
    registry.register(AWL)
    with pytest.raises(RegistryError, match="registered twice"):
        registry.register(AWL)


def test_selectors() -> None:
    registry = get_registry()
    assert registry.resolve("AWL001") == ["AWL001"]
    assert registry.resolve("parse-error") == ["AWL001"]
    assert registry.resolve("AWL") == ["AWL001", "AWL002", "AWL003", "AWL004"]
    assert registry.resolve("awl00") == ["AWL001", "AWL002", "AWL003", "AWL004"]
    assert registry.resolve("unused-suppression") == ["AWL003"]
    assert "AWL004" in registry.resolve("ALL")
    with pytest.raises(KeyError):
        registry.resolve("NOPE")


def test_docs_rules_md_is_current() -> None:
    expected = rules_document(get_registry())
    assert DOCS.read_text(encoding="utf-8") == expected, (
        "docs/rules.md is stale: run `agentweaver-lint rules --format markdown > docs/rules.md`"
    )


def test_redact_never_shows_more_than_four_characters() -> None:
    assert redact("ghp_abcdefghijklmnopqrstuvwxyz0123456789") == "ghp_…(40)"
    assert redact("hunter2") == "h…(7)"
    assert redact("ab") == "…(2)"
    assert redact_in("token=s3cr3tvalue!", ["s3cr3tvalue!"]) == "token=s3c…(12)"
