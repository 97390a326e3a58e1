"""The API every family codes against: checks, their contexts, and the family score.

A *file check* is a pure function of one file (plus settings): it runs in a worker
process, may be cached by content hash, and reports through :class:`FileContext`. A
*repo check* runs once per run with the whole workspace (:class:`RepoContext`). A file
check may also leave *facts* about its file (JSON values: what a repo check needs from the
file), cached with its findings and handed to the repo checks that declare ``uses_facts``,
so those never parse the file again. Both report findings by code; the context fills in the rule's name, severity (after config
overrides) and non-negotiable, and a line-free fingerprint.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from agentweaver_lint.model import Finding, Notice, Severity, Threshold, make_fingerprint

if TYPE_CHECKING:
    from agentweaver_lint.parts import Parts
    from agentweaver_lint.registry import Registry
    from agentweaver_lint.settings import Settings
    from agentweaver_lint.workspace import SourceFile, Workspace


class Check:
    """Base of all checks. ``codes`` lists every code the check may report."""

    codes: ClassVar[tuple[str, ...]]


class FileCheck(Check):
    """A check over one file at a time."""

    facts_only: ClassVar[bool] = False
    """True: it only leaves facts for repo checks (skipped when they do not run)."""

    def wants(self, file: SourceFile, settings: Settings) -> bool:
        """Cheap filter on path, language and role; no reading. Default: every text file."""
        return True

    def run(self, ctx: FileContext) -> None:
        raise NotImplementedError


class RepoCheck(Check):
    """A check that runs once over the whole repository (coverage gate, stack, pairing)."""

    uses_facts: ClassVar[bool] = False
    """True: runs after the file checks, with their facts in ``RepoContext.facts``."""
    heavy: ClassVar[bool] = False
    """True for a check that reads much of the repository: started first when repository
    checks run side by side."""
    cacheable: ClassVar[bool] = True
    """False for a check that reads evidence outside the file listing (coverage reports,
    load-test results, usually git-ignored): its result is never reused."""

    def reads(self, file: SourceFile, settings: Settings) -> bool:
        """Whether this file's content can change the result (a test on path, language, role
        and settings, never on content). A result is reused while the list of files and the
        content of every file it reads are unchanged. Default: every file."""
        return True

    def reader(self, workspace: Workspace, settings: Settings) -> Callable[[SourceFile], bool]:
        """:meth:`reads` for this listing. A check whose read set depends on the content of
        files it reads itself (Alembic's ``version_locations`` in ``alembic.ini``) decides here
        after reading them. Default: :meth:`reads`."""
        return lambda file: self.reads(file, settings)

    def prepare(self, workspace: Workspace, settings: Settings) -> None:
        """Work that needs no facts, done while the file checks run (a ``uses_facts`` check
        that will run; errors are left for :meth:`run` to meet again). Default: nothing."""

    def run(self, ctx: RepoContext) -> None:
        raise NotImplementedError


class _Reporter:
    """Shared finding construction for both contexts."""

    registry: Registry
    settings: Settings
    findings: list[Finding]
    counters: Counter[str]
    notices: list[Notice]

    def _make(
        self,
        code: str,
        path: str,
        line: int,
        column: int,
        message: str,
        *,
        end_line: int | None,
        end_column: int | None,
        fingerprint_key: str | None,
        line_text: str,
        extra: Mapping[str, Any] | None,
        fix: str | None,
        severity: Severity | None,
    ) -> Finding:
        rule = self.registry.rules[code]
        effective = self.settings.severity_for(code, default=severity or rule.severity)
        key = fingerprint_key if fingerprint_key is not None else line_text
        return Finding(
            path=path,
            line=max(1, line),
            column=max(1, column),
            code=code,
            end_line=max(line, end_line if end_line is not None else line),
            end_column=end_column if end_column is not None else column,
            message=message,
            severity=effective,
            name=rule.name,
            non_negotiable=rule.non_negotiable,
            fingerprint=make_fingerprint(code, path, key),
            fix=fix,
            extra=tuple(sorted((extra or {}).items())),
        )

    def parse_error(self, path: str, line: int, column: int, language: str, error: str) -> None:
        """Report AWL001 for a file this check could not parse (the run goes on)."""
        message = f"{language} does not parse: {error}"
        self.findings.append(
            self._make(
                "AWL001",
                path,
                line,
                column,
                message,
                end_line=None,
                end_column=None,
                fingerprint_key=message,
                line_text="",
                extra={"language": language},
                fix=None,
                severity=None,
            )
        )

    def count(self, name: str, amount: float = 1) -> None:
        """Add to a scorecard counter of this check's family (summed over files)."""
        self.counters[name] += amount  # type: ignore[assignment]

    def notice(self, topic: str, message: str, path: str | None = None) -> None:
        self.notices.append(Notice(topic, message, path))


@dataclass
class FileContext(_Reporter):
    """What a file check sees: the file (text and Python AST read once) and the settings."""

    file: SourceFile
    settings: Settings
    registry: Registry
    findings: list[Finding] = field(default_factory=list)
    counters: Counter[str] = field(default_factory=Counter)
    notices: list[Notice] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)

    def fact(self, key: str, value: Any) -> None:
        """Leave a JSON value about this file for the repo checks (``key``: family.name)."""
        self.facts[key] = value

    def report(
        self,
        code: str,
        line: int,
        column: int,
        message: str,
        *,
        end_line: int | None = None,
        end_column: int | None = None,
        fingerprint_key: str | None = None,
        extra: Mapping[str, Any] | None = None,
        fix: str | None = None,
        severity: Severity | None = None,
    ) -> None:
        """Report ``code`` at 1-based ``line``/``column`` (code points) of this file.

        ``fingerprint_key`` defaults to the text of the line; pass the matched text or a
        hash of a secret so the fingerprint survives code moving.
        """
        lines = self.file.lines
        line_text = lines[line - 1] if 0 < line <= len(lines) else ""
        self.findings.append(
            self._make(
                code,
                self.file.path,
                line,
                column,
                message,
                end_line=end_line,
                end_column=end_column,
                fingerprint_key=fingerprint_key,
                line_text=line_text,
                extra=extra,
                fix=fix,
                severity=severity,
            )
        )


@dataclass
class RepoContext(_Reporter):
    """What a repo check sees: the whole workspace, the settings, the diff scope if any."""

    workspace: Workspace
    settings: Settings
    registry: Registry
    findings: list[Finding] = field(default_factory=list)
    counters: Counter[str] = field(default_factory=Counter)
    notices: list[Notice] = field(default_factory=list)
    facts: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """path → the facts the file checks left about that file (for ``uses_facts`` checks)."""
    parts: Parts | None = None
    """Where the check may keep parts of its work between runs (None: no cache)."""

    def fact(self, path: str, key: str) -> Any:
        """The fact ``key`` a file check left about ``path``, or None."""
        return self.facts.get(path, {}).get(key)

    def report(
        self,
        code: str,
        path: str,
        line: int,
        column: int,
        message: str,
        *,
        end_line: int | None = None,
        end_column: int | None = None,
        fingerprint_key: str | None = None,
        extra: Mapping[str, Any] | None = None,
        fix: str | None = None,
        severity: Severity | None = None,
    ) -> None:
        """Report ``code`` at ``path`` (root-relative POSIX; ``""`` for the repository)."""
        line_text = ""
        if fingerprint_key is None and path:
            source = self.workspace.get(path)
            if source is not None and 0 < line <= len(source.lines):
                line_text = source.lines[line - 1]
        self.findings.append(
            self._make(
                code,
                path,
                line,
                column,
                message,
                end_line=end_line,
                end_column=end_column,
                fingerprint_key=fingerprint_key,
                line_text=line_text,
                extra=extra,
                fix=fix,
                severity=severity,
            )
        )


class Evidence(str, enum.Enum):
    """Whether a family had anything to judge."""

    PRESENT = "present"
    ABSENT = "absent"
    NOT_APPLICABLE = "not-applicable"


@dataclass
class FamilyScore:
    """A family's contribution to its scorecard row (the verdict is derived by the engine)."""

    evidence: Evidence = Evidence.PRESENT
    figures: dict[str, float] = field(default_factory=dict)
    thresholds: dict[str, Threshold] = field(default_factory=dict)
    summary: str = ""


@dataclass
class ScoreContext:
    """Input to a family's ``score`` function: its findings and summed counters."""

    findings: list[Finding]
    counters: Mapping[str, float]
    settings: Settings
    workspace: Workspace
