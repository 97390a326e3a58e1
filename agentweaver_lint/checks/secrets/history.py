"""Scan lines added in git history with the same scanner (``--history [REV-RANGE]``).

``git log -p --unified=0`` is streamed (never loaded whole): for each commit and file,
the added lines are gathered with their line numbers in that commit, scanned as one
text (so a PEM block added at once is still one key) and reported with the commit, its
author date, the path and the line. Every git call uses the safe flags of
:mod:`agentweaver_lint.gitutil`; no shell, no textconv or external diff.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from agentweaver_lint.checks.base import RepoContext
from agentweaver_lint.checks.secrets.check import catalogue_for, describe, hit_severity
from agentweaver_lint.checks.secrets.paths import secret_file_kind
from agentweaver_lint.checks.secrets.scanner import SCAN_CODES, scan_text
from agentweaver_lint.checks.secrets.textindex import TextIndex
from agentweaver_lint.classify import classify_language, classify_roles
from agentweaver_lint.gitutil import DIFF_FLAGS, SAFE_FLAGS, GitError, git_available, git_env
from agentweaver_lint.globs import GlobSet
from agentweaver_lint.model import Finding
from agentweaver_lint.redact import secret_hash
from agentweaver_lint.registry import Registry
from agentweaver_lint.settings import Settings
from agentweaver_lint.workspace import Workspace

COMMIT_MARK = "\x00commit\x00"
HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@")
NEW_BINARY = re.compile(r"^Binary files /dev/null and b/(.+) differ$")
CATALOGUE_PATHS = ("rules/secrets.yml", "agentweaver_lint/_packs/secrets.yml")


@dataclass
class AddedFile:
    """Lines one commit added to one file."""

    commit: str
    date: str
    path: str
    lines: list[tuple[int, str]] = field(default_factory=list)
    created: bool = False
    """The commit created the file (SEC006 judges new files by their name)."""


def _git_log(root: Path, rev_range: str | None) -> list[str]:
    args = [
        "git",
        *SAFE_FLAGS,
        "-c",
        "core.quotePath=false",
        "log",
        "-p",
        *DIFF_FLAGS,
        "--unified=0",
        "--no-renames",
        "--format=%x00commit%x00%H%x00%aI",
    ]
    if rev_range:
        if rev_range.startswith("-"):
            raise GitError(f"not a revision range: {rev_range!r}")
        args.append(rev_range)
    return [*args, "--"]


def _git_lines(root: Path, rev_range: str | None) -> Iterator[str]:
    """The lines of ``git log -p``, streamed from the process (never held whole)."""
    if not git_available():
        raise GitError("git is not installed")
    proc = subprocess.Popen(
        _git_log(root, rev_range),
        cwd=root,
        env=git_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    try:
        for raw in proc.stdout:
            yield raw.decode("utf-8", "replace").rstrip("\n").removesuffix("\r")
    finally:
        proc.stdout.close()
        stderr = proc.stderr.read().decode("utf-8", "replace")
        proc.stderr.close()
        if proc.wait() != 0 and stderr.strip():
            raise GitError(stderr.strip().splitlines()[-1])


def iter_added(root: Path, rev_range: str | None) -> Iterator[AddedFile]:
    """Added lines per (commit, file), and files the commit created."""
    current: AddedFile | None = None
    commit = date = ""
    lineno = 0
    in_header = created = False
    for line in _git_lines(root, rev_range):
        if line.startswith(COMMIT_MARK) or line.startswith("diff --git "):
            if current and (current.lines or current.created):
                yield current
            current, in_header, created = None, True, False
            if line.startswith(COMMIT_MARK):
                commit, _, date = line[len(COMMIT_MARK) :].partition("\x00")
        elif in_header and line.startswith("new file mode"):
            created = True
        elif in_header and line.startswith("+++ "):
            target = line[4:]
            if target != "/dev/null":
                path = target[2:] if target.startswith("b/") else target
                current = AddedFile(commit, date, path, created=created)
        elif in_header and created and (binary := NEW_BINARY.match(line)):
            current = AddedFile(commit, date, binary.group(1), created=True)
        elif line.startswith("@@"):
            match = HUNK.match(line)
            lineno = int(match.group(1)) if match else 0
            in_header = False
        elif not in_header and line.startswith("+") and current is not None:
            current.lines.append((lineno, line[1:]))
            lineno += 1
    if current and (current.lines or current.created):
        yield current


def _report_secret_file(ctx: RepoContext, added: AddedFile) -> None:
    kind = secret_file_kind(added.path)
    if kind is None:
        return
    ctx.report(
        "SEC006",
        added.path,
        1,
        1,
        f"Secret file ({kind.replace('-', ' ')}) '{added.path}' added",
        fingerprint_key=added.path,
        extra={
            "secret_type": kind,
            "commit": added.commit,
            "author_date": added.date,
            "path": added.path,
            "line": 1,
            "history": True,
        },
    )


def scan_history(
    root: Path, rev_range: str | None, settings: Settings, registry: Registry
) -> list[Finding]:
    """SEC001-SEC004 on every line added in ``rev_range`` (default: all of HEAD), and SEC006
    for secret files (keystores, SSH keys…) the range created."""
    entries, _error = catalogue_for(settings)
    tests = GlobSet(settings.get("tests"))
    codes = frozenset(c for c in SCAN_CODES if settings.is_enabled(c))
    ctx = RepoContext(workspace=Workspace(root, [], []), settings=settings, registry=registry)
    for added in iter_added(root, rev_range):
        if added.path in CATALOGUE_PATHS:
            continue
        if added.created and settings.is_enabled("SEC006"):
            _report_secret_file(ctx, added)
        language = classify_language(added.path)
        roles = classify_roles(added.path, language, tests, GlobSet(()))
        text = "\n".join(text for _, text in added.lines)
        hits = scan_text(
            text, added.path, language, entries, lockfile="lockfile" in roles, codes=codes
        )
        if not hits:
            continue
        index = TextIndex(text)
        for hit in hits:
            row, column = index.position(hit.start)
            _end_row, end_column = index.position(hit.end)
            line = added.lines[row - 1][0]
            ctx.report(
                hit.code,
                added.path,
                line,
                column,
                describe(hit, entries),
                end_column=end_column if _end_row == row else None,
                fingerprint_key=secret_hash(hit.value),
                extra={
                    "sensitive": True,
                    "secret_type": hit.secret_type,
                    "commit": added.commit,
                    "author_date": added.date,
                    "path": added.path,
                    "line": line,
                    "history": True,
                    **hit.extra,
                },
                severity=hit_severity(hit, entries, "test" in roles, settings),
            )
    return ctx.findings
