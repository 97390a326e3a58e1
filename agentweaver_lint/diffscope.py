"""``--diff BASE``: the lines added or changed since the merge-base with BASE.

Includes staged, unstaged and untracked files; renames count only their changed lines.
Every git call goes through :mod:`agentweaver_lint.gitutil` (no external diff, no textconv).
"""

from __future__ import annotations

import re
from pathlib import Path

from agentweaver_lint.gitutil import DIFF_FLAGS, GitError, run_git

_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


class DiffError(Exception):
    """BASE cannot be used; the message says what to do."""


def merge_base(root: Path, base: str) -> str:
    try:
        run_git(["rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"], root)
    except GitError:
        raise DiffError(
            f"--diff: unknown revision '{base}' (fetch it first, e.g. git fetch origin {base})"
        ) from None
    try:
        return run_git(["merge-base", base, "HEAD"], root).decode().strip()
    except GitError:
        shallow = run_git(["rev-parse", "--is-shallow-repository"], root, check=False).strip()
        if shallow == b"true":
            raise DiffError(
                f"--diff: the clone is too shallow to find the merge-base with '{base}'; fetch "
                "more history (git fetch --deepen=200, or fetch-depth: 0 in actions/checkout)"
            ) from None
        raise DiffError(f"--diff: '{base}' and HEAD have no common ancestor") from None


def changed_lines(root: Path, base: str) -> dict[str, frozenset[int]]:
    """``{path: lines}`` changed in the work tree (staged or not) since merge-base(BASE)."""
    if not (root / ".git").exists():
        raise DiffError("--diff needs a git repository")
    start = merge_base(root, base)
    out = run_git(["diff", *DIFF_FLAGS, "-U0", "-M", start, "--"], root)
    changed: dict[str, set[int]] = {}
    current: str | None = None
    for raw in out.split(b"\n"):
        if raw.startswith(b"+++ "):
            name = raw[4:]
            current = None if name == b"/dev/null" else _unquote(name)[2:]
            if current is not None:
                changed.setdefault(current, set())
        elif current is not None:
            hunk = _HUNK.match(raw)
            if hunk:
                first = int(hunk.group(1))
                count = int(hunk.group(2)) if hunk.group(2) is not None else 1
                changed[current].update(range(first, first + count))
    untracked = run_git(["ls-files", "-z", "--others", "--exclude-standard"], root)
    for raw_name in untracked.split(b"\0"):
        if raw_name and not raw_name.endswith(b"/"):
            untracked_name = raw_name.decode("utf-8", "surrogateescape")
            try:
                count = (root / untracked_name).read_bytes().count(b"\n") + 1
            # agentweaver: ignore[ERR003] -- an untracked file deleted while listing has no changed lines
            except OSError:
                continue
            changed[untracked_name] = set(range(1, count + 1))
    return {path: frozenset(lines) for path, lines in changed.items()}


def _unquote(name: bytes) -> str:
    text = name.decode("utf-8", "surrogateescape")
    if text.startswith('"') and text.endswith('"'):
        body = text[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
        return body.encode("latin-1", "replace").decode("utf-8", "replace")
    return text
