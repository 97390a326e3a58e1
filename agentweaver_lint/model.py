"""Values shared by every part of the gate: severities, findings, notices, the scorecard."""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

NON_NEGOTIABLES: dict[str, str] = {
    "test-coverage": "Test coverage",
    "api-performance": "API performance budgets",
    "error-handling": "Errors caught and logged with context",
    "input-validation": "Every user input validated",
    "no-secrets": "No hardcoded secrets",
    "reversible-migrations": "Reversible database migrations",
    "documented-apis": "Documented public APIs",
    "tech-stack": "Declared tech stack and package constraints",
    "maintainability": "Maintainable code (complexity budgets)",
}
"""The nine fixed scorecard ids, in report order, with their titles."""


class Severity(enum.IntEnum):
    """How serious a finding is; ordered so that ``ERROR > WARNING > INFO``."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Read ``info``/``warning``/``error`` (any case); raise ValueError otherwise."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {text!r} (expected info, warning or error)"
            ) from None

    @property
    def label(self) -> str:
        return self.name.lower()


class Verdict(str, enum.Enum):
    """The verdict of one non-negotiable."""

    PASS = "pass"
    FAIL = "fail"
    NO_EVIDENCE = "no-evidence"
    NOT_APPLICABLE = "not-applicable"


def _freeze(extra: Mapping[str, Any] | None) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((extra or {}).items()))


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at one place. Findings are values: hashable, ordered by place then code.

    ``extra`` is stored as a sorted tuple of pairs so the value stays hashable; use
    :meth:`extra_dict` to read it.
    """

    path: str
    line: int
    column: int
    code: str
    end_line: int
    end_column: int
    message: str
    severity: Severity = field(compare=False)
    name: str = field(compare=False)
    non_negotiable: str | None = field(compare=False)
    fingerprint: str = field(compare=False, default="")
    fix: str | None = field(compare=False, default=None)
    extra: tuple[tuple[str, Any], ...] = field(compare=False, default=())
    suppressed: str | None = field(compare=False, default=None)
    """``None`` when active, else how it was silenced: ``inline``, ``baseline``."""

    def extra_dict(self) -> dict[str, Any]:
        return dict(self.extra)

    def to_dict(self) -> dict[str, Any]:
        """The JSON report's finding object."""
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.label,
            "non_negotiable": self.non_negotiable,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "message": self.message,
            "fingerprint": self.fingerprint,
            "suppressed": self.suppressed is not None,
            "suppression": self.suppressed,
            "fix": self.fix,
            "extra": self.extra_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        """Rebuild a finding from :meth:`to_dict` output (cache, ``merge``)."""
        return cls(
            path=str(data["path"]),
            line=int(data["line"]),
            column=int(data["column"]),
            code=str(data["code"]),
            end_line=int(data["end_line"]),
            end_column=int(data["end_column"]),
            message=str(data["message"]),
            severity=Severity.parse(str(data["severity"])),
            name=str(data["name"]),
            non_negotiable=data.get("non_negotiable"),
            fingerprint=str(data["fingerprint"]),
            fix=data.get("fix"),
            extra=_freeze(data.get("extra") or {}),
            suppressed=data.get("suppression"),
        )

    def with_changes(self, **changes: Any) -> Finding:
        """Return a copy with ``changes`` applied (``extra`` may be given as a mapping)."""
        import dataclasses

        if "extra" in changes and not isinstance(changes["extra"], tuple):
            changes["extra"] = _freeze(changes["extra"])
        return dataclasses.replace(self, **changes)


def make_fingerprint(code: str, path: str, key: str) -> str:
    """A line-free fingerprint: the rule, the path and a normalised key (text or a hash)."""
    normalised = " ".join(key.split())
    digest = hashlib.sha256(f"{code}\0{path}\0{normalised}".encode()).hexdigest()
    return digest[:32]


@dataclass(frozen=True, order=True)
class Notice:
    """Something the user should know that is not a finding (a skipped file, a fallback)."""

    topic: str
    message: str
    path: str | None = None


@dataclass(frozen=True)
class Threshold:
    """A threshold value and where it came from (``path:line``, a key, or ``default``)."""

    value: float
    source: str


@dataclass
class ScoreEntry:
    """One row of the scorecard."""

    id: str
    title: str
    verdict: Verdict
    figures: dict[str, float] = field(default_factory=dict)
    thresholds: dict[str, Threshold] = field(default_factory=dict)
    summary: str = ""


@dataclass
class RunSummary:
    """Counts about the run that reporters may show."""

    root: str
    files_listed: int = 0
    files_checked: int = 0
    files_skipped: dict[str, int] = field(default_factory=dict)
    fail_on: Severity = Severity.ERROR
    baselined: int = 0
    baseline_stale: int = 0
    tool_error: bool = False
    enabled: tuple[str, ...] = ()
    """The rule codes the run had enabled (``merge`` scores with the same selection)."""


@dataclass
class Report:
    """Everything a reporter needs: scorecard, findings (sorted), notices, the run summary."""

    scorecard: list[ScoreEntry]
    findings: list[Finding]
    notices: list[Notice]
    summary: RunSummary
    snippets: dict[tuple[str, int], str] = field(default_factory=dict)
    """Source line per ``(path, line)`` with sensitive spans already redacted."""
    counters: dict[str, dict[str, float]] = field(default_factory=dict)
    """Each family's raw counters (``merge`` sums them and scores the union again)."""

    def active(self) -> list[Finding]:
        """Unsuppressed findings."""
        return [f for f in self.findings if f.suppressed is None]

    def failing(self) -> list[Finding]:
        """Unsuppressed findings at or above the fail-on severity."""
        return [f for f in self.active() if f.severity >= self.summary.fail_on]
