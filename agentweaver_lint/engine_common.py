"""What the engine and the repository checks share: per-file results, check selection, crashes."""

from __future__ import annotations

import os
import sys
import threading
import traceback
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from agentweaver_lint.checks.base import FileContext
from agentweaver_lint.model import Finding, Notice
from agentweaver_lint.registry import Registry
from agentweaver_lint.settings import Settings
from agentweaver_lint.suppressions import Suppression
from agentweaver_lint.workspace import SourceFile


@dataclass
class FileResult:
    """What the file checks found in one file (the unit a cache stores)."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    counters: dict[str, Counter[str]] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)
    skipped: str | None = None
    crashed: bool = False
    suppressions: list[Suppression] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "findings": [f.to_dict() for f in self.findings],
            "counters": {k: dict(v) for k, v in self.counters.items()},
            "notices": [[n.topic, n.message, n.path] for n in self.notices],
            "skipped": self.skipped,
            "suppressions": [
                [
                    s.line,
                    s.column,
                    sorted(s.codes),
                    sorted(s.lines),
                    s.reason,
                    s.whole_file,
                    s.compat,
                ]
                for s in self.suppressions
            ],
            "facts": self.facts,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FileResult:
        return cls(
            path=data["path"],
            findings=[Finding.from_dict(f) for f in data["findings"]],
            counters={k: Counter(v) for k, v in data["counters"].items()},
            notices=[Notice(*n) for n in data["notices"]],
            skipped=data["skipped"],
            suppressions=[
                Suppression(a, b, frozenset(c), frozenset(d), e, f, g)
                for a, b, c, d, e, f, g in data["suppressions"]
            ],
            facts=data.get("facts") or {},
        )


def fork_safe() -> bool:
    """Whether worker processes may be forked: POSIX, one thread (a fork copies held locks
    of other threads), and Python before 3.12 (which warns about forking)."""
    return os.name == "posix" and sys.version_info < (3, 12) and threading.active_count() == 1


def active_checks(registry: Registry, settings: Settings) -> list[tuple[str, int, Any]]:
    """``(family prefix, index, check)`` for every check with at least one enabled code."""
    selected = []
    for prefix, family in registry.families.items():
        for index, check in enumerate(family.checks):
            if any(settings.is_enabled(code) for code in check.codes):
                selected.append((prefix, index, check))
    return selected


def crash_finding(
    registry: Registry, settings: Settings, path: str, check: Any, exc: BaseException
) -> Finding:
    ctx = FileContext(
        file=SourceFile(path, "", 0, None, frozenset()), settings=settings, registry=registry
    )
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    origin = f" at {os.path.basename(where.filename)}:{where.lineno}" if where else ""
    codes = ",".join(check.codes)
    ctx.report(
        "AWL004",
        1,
        1,
        f"{type(check).__name__} ({codes}) crashed: {type(exc).__name__}: {str(exc)[:200]}{origin}",
        fingerprint_key=f"{codes}:{type(exc).__name__}",
        extra={
            "check": type(check).__name__,
            "codes": list(check.codes),
            "error": type(exc).__name__,
        },
    )
    return ctx.findings[0]
