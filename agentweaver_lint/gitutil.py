"""Every git call of the gate, made safe for untrusted repositories.

A repository can make git execute code through its own config (``core.fsmonitor``,
hooks, diff and textconv drivers). Every call here disables those, ignores the system
config, takes an argument list (never a shell) and refuses to run inside a nested
repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

SAFE_FLAGS: tuple[str, ...] = (
    "-c",
    "core.fsmonitor=false",
    "-c",
    "core.hooksPath=/dev/null",
    "-c",
    "core.untrackedCache=false",
    "-c",
    "diff.external=",
    "-c",
    "core.pager=cat",
    "-c",
    "core.quotePath=false",
    "-c",
    "protocol.allow=never",
)
DIFF_FLAGS: tuple[str, ...] = ("--no-ext-diff", "--no-textconv", "--no-color")


class GitError(Exception):
    """git failed or is unavailable; the message is fit for the user."""


def git_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_TERMINAL_PROMPT="0",
        GIT_OPTIONAL_LOCKS="0",
        GIT_PAGER="cat",
        GIT_EXTERNAL_DIFF="",
        GIT_ASKPASS="",
        LC_ALL="C",
    )
    return env


def git_available() -> bool:
    return shutil.which("git") is not None


def run_git(args: Sequence[str], cwd: Path, *, check: bool = True) -> bytes:
    """Run ``git SAFE_FLAGS args`` in ``cwd``; return stdout bytes."""
    if not git_available():
        raise GitError("git is not installed")
    try:
        proc = subprocess.run(
            ["git", *SAFE_FLAGS, *args],
            cwd=cwd,
            env=git_env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=False,
        )
    except OSError as exc:
        raise GitError(f"git could not run: {exc}") from exc
    if check and proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return proc.stdout


def git_toplevel(start: Path) -> Path | None:
    """The git top level containing ``start`` (a file or folder), or None outside git."""
    folder = start if start.is_dir() else start.parent
    probe = folder.resolve()
    # Find the nearest .git ourselves: git is only asked at that exact level.
    for candidate in (probe, *probe.parents):
        if (candidate / ".git").exists():
            try:
                out = run_git(["rev-parse", "--show-toplevel"], candidate)
            # agentweaver: ignore[ERR003] -- no git top level means the folder is walked instead
            except GitError:
                return None
            top = out.decode("utf-8", "surrogateescape").strip()
            return Path(top).resolve() if top else None
    return None
