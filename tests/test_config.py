"""Settings: precedence, provenance, the strictest-threshold rule, errors with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import run_cli, with_test_family

from agentweaver_lint.agentfile import parse_agent_text
from agentweaver_lint.config import ConfigError, load_settings
from agentweaver_lint.settings import Setting

AGENT = """---
name: backend-dev
tools: Read
---
## Core Responsibilities
- **Test Coverage**: Maintain ≥70% coverage for critical paths

## Quality Standards

### Non-Negotiables
1. **Test Coverage**: ≥{business}% for business logic, 100% for critical paths
2. **API Response Time**: <200ms for standard CRUD operations

### Performance Budgets
- API Response Time: <180ms (p95), <0.5s (p99)
- Database Query Time: <40ms for simple queries, <150ms for complex
- Memory Usage: <1GB per process under normal load
- Error Rate: <0.05% for production APIs
"""


def write_agent(root: Path, business: int = 85) -> None:
    path = root / ".claude" / "agents" / "backend-dev.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(AGENT.replace("{business}", str(business)), encoding="utf-8")


def write_aw(root: Path, threshold: object = 80, mode: str = "flexible") -> None:
    (root / "agentweaver.config.yml").write_text(
        f"version: '0.1.0'\ntechStack:\n  mode: {mode}\n  backend:\n    framework: FastAPI\n"
        f"  testing:\n    coverage:\n      enabled: true\n      threshold: {threshold}\n"
        "constraints:\n  forbiddenPackages:\n    - flask\n",
        encoding="utf-8",
    )


def test_defaults_come_from_the_pack(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    assert settings.get("coverage.business_logic") == 80
    assert settings.source("coverage.business_logic") == "pack:backend-dev.yml:8"
    assert settings.source("max_file_size") == "default"


def test_team_edited_agent_file_85_is_effective(tmp_path: Path) -> None:
    write_agent(tmp_path, 85)
    settings = load_settings(tmp_path)
    assert settings.get("coverage.business_logic") == 85
    assert settings.source("coverage.business_logic") == ".claude/agents/backend-dev.md:11"
    # The Core Responsibilities bullet (70%) is ignored; Non-Negotiables win.
    assert settings.get("coverage.critical_paths") == 100


def test_agent_perf_budgets_units_and_stricter_within_file(tmp_path: Path) -> None:
    write_agent(tmp_path)
    settings = load_settings(tmp_path)
    assert settings.get("perf.api_p95_ms") == 180  # stricter than the 200 in Non-Negotiables
    assert settings.get("perf.api_p99_ms") == 500  # 0.5 s
    assert settings.get("perf.db_simple_ms") == 40
    assert settings.get("perf.db_complex_ms") == 150
    assert settings.get("perf.memory_mb") == 1024  # 1 GB
    assert settings.get("perf.error_rate_pct") == 0.05
    assert settings.source("perf.memory_mb") == ".claude/agents/backend-dev.md:17"


def test_config_stricter_than_agent_wins_with_notice(tmp_path: Path) -> None:
    write_agent(tmp_path, 85)
    write_aw(tmp_path, 90)
    settings = load_settings(tmp_path)
    assert settings.get("coverage.business_logic") == 90
    assert settings.source("coverage.business_logic") == "agentweaver.config.yml:9"
    messages = [n.message for n in settings.notices if n.topic == "thresholds"]
    assert messages == [
        "coverage.business_logic: .claude/agents/backend-dev.md:11 says 85, "
        "agentweaver.config.yml:9 says 90; the stricter 90 applies"
    ]


def test_agent_stricter_than_config_wins(tmp_path: Path) -> None:
    write_agent(tmp_path, 85)
    write_aw(tmp_path, 75)
    settings = load_settings(tmp_path)
    assert settings.get("coverage.business_logic") == 85
    assert settings.source("coverage.business_logic").startswith(".claude/agents/backend-dev.md")


def test_awconfig_maps_stack_keys_case_insensitively(tmp_path: Path) -> None:
    write_aw(tmp_path, 80, mode="Strict")
    settings = load_settings(tmp_path)
    assert settings.get("stack.mode") == "strict"
    assert settings.get("stack.framework") == "FastAPI"
    assert settings.get("stack.forbidden_packages") == ["flask"]
    assert settings.source("stack.forbidden_packages") == "agentweaver.config.yml:12"


def test_pyproject_then_config_file_then_flags(tmp_path: Path) -> None:
    write_agent(tmp_path, 85)
    (tmp_path / "pyproject.toml").write_text(
        "[project]\nname = 'x'\n\n[tool.agentweaver-lint]\nfail-on = 'warning'\n"
        "[tool.agentweaver-lint.coverage]\nbusiness-logic = 70\ncritical_paths = 95\n"
    )
    extra = tmp_path / "gate.toml"
    extra.write_text("[coverage]\ncritical_paths = 99\n")
    settings = load_settings(
        tmp_path, config_file=extra, flags={"fail_on": Setting("info", "--fail-on")}
    )
    assert settings.get("coverage.business_logic") == 70  # explicit override, even if laxer
    assert settings.source("coverage.business_logic") == "pyproject.toml:7"
    assert settings.get("coverage.critical_paths") == 99
    assert settings.source("coverage.critical_paths") == f"{extra}:2"
    assert settings.get("fail_on") == "info" and settings.source("fail_on") == "--fail-on"


def test_unknown_key_warns_with_nearest(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.agentweaver-lint]\nfail_onn = 'error'\n")
    settings = load_settings(tmp_path)
    assert [n.message for n in settings.notices] == [
        "pyproject.toml:2: unknown key 'fail_onn'; did you mean 'fail_on'?"
    ]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"pyproject.toml": "[tool.agentweaver-lint]\nfail_on = \n"},
            "pyproject.toml:2: invalid TOML",
        ),
        (
            {"pyproject.toml": "[tool.agentweaver-lint.coverage]\n\nbusiness_logic = 'high'\n"},
            "pyproject.toml:3: key 'coverage.business_logic': expected a number, got 'high'",
        ),
        (
            {"pyproject.toml": "[tool.agentweaver-lint]\nfail_on = 'fatal'\n"},
            "pyproject.toml:2: key 'fail_on': expected one of info, warning, error, got 'fatal'",
        ),
        (
            {
                "agentweaver.config.yml": "techStack:\n  testing:\n    coverage:\n      threshold: high\n"
            },
            "agentweaver.config.yml:4: key 'techStack.testing.coverage.threshold': expected a number",
        ),
        (
            {"agentweaver.config.yml": "techStack:\n  mode: [strict\n"},
            "agentweaver.config.yml:3: invalid YAML",
        ),
        (
            {"agentweaver.config.yml": "techStack:\n  mode: sloppy\n"},
            "agentweaver.config.yml:2: key 'techStack.mode': expected one of strict, flexible, adaptive",
        ),
    ],
)
def test_config_errors_name_file_key_and_line(
    tmp_path: Path, files: dict[str, str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path)
    assert str(info.value).startswith(expected)
    result = run_cli(["--root", str(tmp_path)], capsys)
    assert result.code == 2
    assert result.err.strip().splitlines() == [f"agentweaver-lint: error: {info.value}"]


def test_rule_options_and_severity(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.agentweaver-lint.rules.TST001]\nseverity = 'warning'\nmarker = 'TODO-X'\n"
    )
    with with_test_family():
        settings = load_settings(tmp_path)
        assert settings.option("TST001", "marker") == "TODO-X"
        assert settings.rule_severity["TST001"].source == "pyproject.toml:1"
        (tmp_path / "pyproject.toml").write_text(
            "[tool.agentweaver-lint.rules.TST001]\nmarker = 3\n"
        )
        with pytest.raises(ConfigError, match=r"key 'rules\.TST001\.marker': expected str, got 3"):
            load_settings(tmp_path)


def test_missing_sections_fall_back_with_notice(tmp_path: Path) -> None:
    result = parse_agent_text("---\nname: x\n---\n# Agent\nNo standards here.\n", "agent.md")
    assert result.values == {}
    assert [n.message for n in result.notices] == [
        "agent.md: no '## Quality Standards' section; defaults apply"
    ]
    placeholders = parse_agent_text(
        "## Quality Standards\n### Non-Negotiables\n- Test Coverage: ≥{{coverage.min}}% overall\n"
        "- Error Rate: <{{rate}}%\n",
        "agent.md",
    )
    assert placeholders.values == {}


def test_explicit_agent_file_missing_is_a_notice(tmp_path: Path) -> None:
    settings = load_settings(tmp_path, flags={"agent": Setting("nope.md", "--agent")})
    assert [n.message for n in settings.notices] == ["nope.md: cannot be read; defaults apply"]
    assert settings.get("coverage.business_logic") == 80


def test_binary_agent_file_does_not_crash(tmp_path: Path) -> None:
    path = tmp_path / ".claude" / "agents" / "backend-dev.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xff\xfe\x00garbage\x00## Quality Standards\n")
    settings = load_settings(tmp_path)
    assert settings.get("coverage.business_logic") == 80


def test_config_show_prints_sources(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_agent(tmp_path, 85)
    result = run_cli(["config", "--show", "--root", str(tmp_path)], capsys)
    line = next(x for x in result.out.splitlines() if x.startswith("coverage.business_logic "))
    assert "85.0" in line and "# .claude/agents/backend-dev.md:11" in line
