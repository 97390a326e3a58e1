"""Both hooks through ``pre-commit try-repo`` on another git repository (installs from PyPI)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


@pytest.mark.slow
def test_both_hooks_through_try_repo(tmp_path: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("needs the project's own git checkout")
    repo = tmp_path / "project"
    repo.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_CONFIG_NOSYSTEM": "1"}
    env.pop("CI", None)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    _run([*git, "init", "-q"], repo, env)
    (repo / "app.py").write_text("def f(x: int) -> int:\n    return x\n")
    (repo / "bad.py").write_text("# agentweaver: ignore\nx = 1\n")
    _run([*git, "add", "."], repo, env)
    fast = _run(
        [*PRE_COMMIT, "try-repo", str(ROOT), "agentweaver-lint", "--files", "app.py"], repo, env
    )
    assert fast.returncode == 0, fast.stdout + fast.stderr
    assert "agentweaver-lint (staged files)" in fast.stdout and "Passed" in fast.stdout
    failing = _run(
        [*PRE_COMMIT, "try-repo", str(ROOT), "agentweaver-lint", "--files", "bad.py"], repo, env
    )
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "AWL002" in failing.stdout
    full = _run(
        [*PRE_COMMIT, "try-repo", str(ROOT), "agentweaver-lint-full", "--all-files"], repo, env
    )
    assert "agentweaver-lint (full gate)" in full.stdout
    assert "AWL002" in full.stdout and full.returncode == 1, full.stdout + full.stderr
