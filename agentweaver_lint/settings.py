"""The settings schema and the resolved :class:`Settings` every check reads.

Each value remembers its source (``path:line``, a flag, or ``default``). Keys are dotted
snake_case (``coverage.business_logic``); TOML may spell them with hyphens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agentweaver_lint.classify import DEFAULT_MIGRATION_PATTERNS, DEFAULT_TEST_PATTERNS
from agentweaver_lint.model import Notice, Severity, Threshold
from agentweaver_lint.workspace import DEFAULT_EXCLUDES, DEFAULT_MAX_FILE_SIZE


class ConfigError(Exception):
    """A configuration problem to report in one line, exit code 2."""


@dataclass(frozen=True)
class KeySpec:
    """One known key: its type, default, help, and which way is stricter (for thresholds)."""

    type: str  # "bool" | "int" | "float" | "str" | "list" | "dict"
    default: Any
    help: str
    stricter: str | None = None  # "higher" | "lower"
    choices: tuple[str, ...] = ()


BUSINESS_LOGIC = ("**/{services,service,lib,core,domain,usecases}/**",)
CRITICAL_PATHS = ("**/*{auth,security,permission,payment,billing}*{,/**}",)

SCHEMA: dict[str, KeySpec] = {
    "select": KeySpec(
        "list", [], "Rules to run (codes, prefixes, names, families); empty: defaults."
    ),
    "extend_select": KeySpec("list", [], "Rules to add to the selection."),
    "ignore": KeySpec("list", [], "Rules never to run."),
    "per_file_ignores": KeySpec("dict", {}, "Glob → rules ignored in matching files."),
    "fail_on": KeySpec(
        "str", "error", "Lowest severity that fails the gate.", choices=("info", "warning", "error")
    ),
    "exclude": KeySpec("list", list(DEFAULT_EXCLUDES), "Paths never scanned (replaces defaults)."),
    "extend_exclude": KeySpec("list", [], "Paths never scanned, added to `exclude`."),
    "max_file_size": KeySpec(
        "int", DEFAULT_MAX_FILE_SIZE, "Files larger than this (bytes) are skipped."
    ),
    "agent": KeySpec("str", ".claude/agents/backend-dev.md", "The agent definition to read."),
    "agentweaver_config": KeySpec("str", "agentweaver.config.yml", "AgentWeaver's config file."),
    "require_evidence": KeySpec(
        "bool", False, "Fail when coverage or load-test evidence is missing."
    ),
    "tests": KeySpec("list", list(DEFAULT_TEST_PATTERNS), "Globs of test files."),
    "migrations": KeySpec("list", list(DEFAULT_MIGRATION_PATTERNS), "Globs of migration files."),
    "jobs": KeySpec("int", 0, "Worker processes for file checks; 0: one per core."),
    "coverage.enabled": KeySpec("bool", True, "Whether coverage applies at all."),
    "coverage.business_logic": KeySpec("float", 80.0, "Minimum % for business logic.", "higher"),
    "coverage.critical_paths": KeySpec("float", 100.0, "Minimum % for critical paths.", "higher"),
    "coverage.changed_lines": KeySpec(
        "float", -1.0, "Minimum % of changed lines; -1: business_logic.", "higher"
    ),
    "coverage.min_changed_lines": KeySpec(
        "int", 5, "Fewer changed executable lines are not judged."
    ),
    "coverage.business_logic_paths": KeySpec(
        "list", list(BUSINESS_LOGIC), "Globs of business logic."
    ),
    "coverage.critical_paths_paths": KeySpec(
        "list", list(CRITICAL_PATHS), "Globs of critical paths."
    ),
    "coverage.reports": KeySpec("list", [], "Coverage reports to read (else discovered)."),
    "perf.api_p95_ms": KeySpec("float", 200.0, "API p95 budget (ms).", "lower"),
    "perf.api_p99_ms": KeySpec("float", 500.0, "API p99 budget (ms).", "lower"),
    "perf.db_simple_ms": KeySpec("float", 50.0, "Simple DB query budget (ms).", "lower"),
    "perf.db_complex_ms": KeySpec("float", 200.0, "Complex DB query budget (ms).", "lower"),
    "perf.memory_mb": KeySpec("float", 512.0, "Memory per process (MB).", "lower"),
    "perf.error_rate_pct": KeySpec("float", 0.1, "Error rate budget (%).", "lower"),
    "perf.results": KeySpec("list", [], "Load-test result files (else discovered)."),
    "stack.mode": KeySpec(
        "str",
        "flexible",
        "strict, flexible or adaptive.",
        choices=("strict", "flexible", "adaptive"),
    ),
    "stack.language": KeySpec("str", "", "Declared backend language."),
    "stack.framework": KeySpec("str", "", "Declared backend framework."),
    "stack.api_style": KeySpec("str", "", "Declared API style."),
    "stack.validation": KeySpec("str", "", "Declared validation library."),
    "stack.database": KeySpec("str", "", "Declared primary database."),
    "stack.orm": KeySpec("str", "", "Declared ORM."),
    "stack.cache": KeySpec("str", "", "Declared cache."),
    "stack.migrations": KeySpec("str", "", "Declared migration tool."),
    "stack.allowed_packages": KeySpec("list", [], "Only these direct dependencies are allowed."),
    "stack.forbidden_packages": KeySpec("list", [], "These dependencies are forbidden."),
    "stack.version_pinning": KeySpec("bool", False, "Every dependency must be pinned."),
    "database.dialect": KeySpec("str", "", "sqlglot dialect for SQL migrations (else from stack)."),
    "database.migration_paths": KeySpec("list", [], "Extra folders holding migrations."),
}
TABLES = frozenset(key.split(".")[0] for key in SCHEMA if "." in key) | {"rules"}


@dataclass(frozen=True)
class Setting:
    value: Any
    source: str


@dataclass
class Settings:
    """Resolved settings. Picklable: sent once to every worker process."""

    root: Path
    values: dict[str, Setting]
    enabled: frozenset[str] = frozenset()
    rule_severity: dict[str, Setting] = field(default_factory=dict)
    rule_options: dict[str, dict[str, Setting]] = field(default_factory=dict)
    per_file_ignores: tuple[tuple[tuple[str, ...], frozenset[str]], ...] = ()
    notices: list[Notice] = field(default_factory=list)
    diff_base: str | None = None

    def get(self, key: str) -> Any:
        return self.values[key].value

    def source(self, key: str) -> str:
        return self.values[key].source

    def threshold(self, key: str) -> Threshold:
        setting = self.values[key]
        return Threshold(float(setting.value), setting.source)

    @property
    def require_evidence(self) -> bool:
        return bool(self.get("require_evidence"))

    @property
    def fail_on(self) -> Severity:
        return Severity.parse(str(self.get("fail_on")))

    def option(self, code: str, name: str) -> Any:
        """A rule option's value (its declared default unless configured)."""
        configured = self.rule_options.get(code, {}).get(name)
        if configured is not None:
            return configured.value
        from agentweaver_lint.registry import get_registry

        for option in get_registry().rules[code].options:
            if option.name == name:
                return option.default
        raise KeyError(f"{code} has no option {name!r}")

    def severity_for(self, code: str, default: Severity) -> Severity:
        configured = self.rule_severity.get(code)
        return Severity.parse(configured.value) if configured else default

    def is_enabled(self, code: str) -> bool:
        return code in self.enabled

    def ignored_in(self, path: str) -> frozenset[str]:
        """Codes ignored for ``path`` by ``per_file_ignores``."""
        from agentweaver_lint.globs import globset

        codes: set[str] = set()
        for patterns, ignored in self.per_file_ignores:
            if globset(patterns).matches(path):
                codes |= ignored
        return frozenset(codes)
