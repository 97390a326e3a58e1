"""The project's own standards: ruff lint and format, mypy strict on the package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_lint_and_format() -> None:
    lint = _run("ruff", "check", "--no-cache", "agentweaver_lint", "tests", "benchmarks")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = _run("ruff", "format", "--check", "--no-cache", "agentweaver_lint", "tests", "benchmarks")
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


@pytest.mark.slow
def test_mypy_strict_on_the_package() -> None:
    result = _run("mypy", "--no-incremental", "--cache-dir", "/dev/null", "agentweaver_lint")
    assert result.returncode == 0, result.stdout + result.stderr
