"""Helpers for CLI tests: run the real entry point in-process and capture its output."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from agentweaver_lint import registry
from agentweaver_lint.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_cli(
    args: list[str], capsys: pytest.CaptureFixture[str], cwd: Path | None = None
) -> CliResult:
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        with pytest.raises(SystemExit) as exit_info:
            main(args)
    finally:
        os.chdir(old)
    captured = capsys.readouterr()
    code = exit_info.value.code
    return CliResult(int(code) if code is not None else 0, captured.out, captured.err)


def copy_repo(name: str, dest: Path) -> Path:
    target = dest / name
    shutil.copytree(FIXTURES / "repos" / name, target)
    return target


@contextmanager
def with_test_family() -> Iterator[None]:
    registry.add_family_module("awl_testfamily")
    try:
        yield
    finally:
        registry.remove_family_module("awl_testfamily")


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), (
        f"golden {name} differs (UPDATE_GOLDEN=1 to refresh)"
    )


def run_python(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` in ``cwd`` in a child process that imports this checkout's package
    (installed or not), outside CI mode."""
    import agentweaver_lint

    env = {**os.environ, "PYTHONPATH": str(Path(agentweaver_lint.__file__).resolve().parents[1])}
    env.pop("CI", None)
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
