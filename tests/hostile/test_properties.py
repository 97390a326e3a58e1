"""Property-based tests: the parsers of untrusted text never raise anything but their error."""

from __future__ import annotations

import contextlib
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agentweaver_lint.agentfile import parse_agent_text
from agentweaver_lint.checks.coverage.read_cobertura import CoberturaError, read_cobertura
from agentweaver_lint.checks.coverage.read_goprofile import GoProfileError, read_goprofile
from agentweaver_lint.checks.coverage.read_istanbul import read_istanbul
from agentweaver_lint.checks.coverage.read_lcov import LcovError, read_lcov
from agentweaver_lint.config import ConfigError, load_settings
from agentweaver_lint.suppressions import parse

KNOWN = frozenset({"SEC001", "SEC004", "MIG001"})
LANGUAGES = st.sampled_from([None, "python", "markdown", "json", "sql", "javascript", "yaml"])
# Text biased towards the syntax each parser cares about.
SUPPRESSION_TEXT = st.text(
    alphabet=st.sampled_from(
        list("agentweaver:ignore-file[]SEC0014,-#/*<!->\n \t'\"pragma allowlist secret")
    ),
    max_size=300,
)
CONFIG_TEXT = st.text(
    alphabet=st.sampled_from(
        list("[]tool.agentweaver-lint=\"' \n#0123456789.,{}fail_oncoveragebusiness_logic")
    ),
    max_size=300,
)
AGENT_TEXT = st.text(
    alphabet=st.sampled_from(
        list(
            "#-*1. \n:%<>=≥ms0123456789{}QualityStandardsNon-NegotiablesTestCoverageAPIResponseTimeMemoryMBGBErrorRate"
        )
    ),
    max_size=400,
)
COV_TEXT = st.text(
    alphabet=st.sampled_from(list("SF:DA,1234567890\nend_of_recordBRDAFNLHLF mode:set.go:/ ")),
    max_size=300,
)


@given(text=SUPPRESSION_TEXT, language=LANGUAGES)
def test_suppression_parser_never_raises(text: str, language: str | None) -> None:
    found, bad = parse(text, KNOWN, {}, language)
    lines = text.count("\n") + 1
    assert all(1 <= s.line <= lines for s in found)
    assert all(1 <= b.line <= lines for b in bad)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(text=CONFIG_TEXT)
def test_config_loader_raises_only_config_errors(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "pyproject.toml").write_text("[tool.agentweaver-lint]\n" + text, encoding="utf-8")
        try:
            load_settings(root)
        except ConfigError as exc:
            assert str(exc).startswith("pyproject.toml")


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=200))
def test_awconfig_raises_only_config_errors(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "agentweaver.config.yml").write_text(text, encoding="utf-8")
        try:
            load_settings(root)
        except ConfigError as exc:
            assert str(exc).startswith("agentweaver.config.yml")


@given(text=AGENT_TEXT)
def test_agent_markdown_parser_never_raises(text: str) -> None:
    result = parse_agent_text(text, "agent.md")
    assert all(v.value >= 0 for v in result.values.values())


@given(text=COV_TEXT)
def test_lcov_reader(text: str) -> None:
    with contextlib.suppress(LcovError):
        read_lcov(text)


@given(text=COV_TEXT)
def test_go_profile_reader(text: str) -> None:
    with contextlib.suppress(GoProfileError):
        read_goprofile(text)


@given(data=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_cobertura_reader(data: bytes) -> None:
    with contextlib.suppress(CoberturaError):
        read_cobertura(b"<?xml version='1.0'?><coverage>" + data + b"</coverage>")


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "path",
                    "statementMap",
                    "s",
                    "fnMap",
                    "f",
                    "branchMap",
                    "b",
                    "start",
                    "line",
                    "x.js",
                ]
            ),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@given(doc=st.dictionaries(st.text(max_size=8), JSONISH, max_size=3))
def test_istanbul_reader(doc: dict[str, object]) -> None:
    json.dumps(doc)
    read_istanbul(doc)
