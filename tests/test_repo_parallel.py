"""Repository checks side by side in forked processes, and their preparation meanwhile."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from repo_helpers import (
    ERR_HELPERS,
    err_repo,
    found,
    mixed_repo,
    settings_for,
)

from agentweaver_lint import engine
from agentweaver_lint.checks.validation.check import HandlerValidationCheck
from agentweaver_lint.config import load_settings
from agentweaver_lint.engine_common import fork_safe
from agentweaver_lint.gate import GateOptions, run_gate, workspace_options
from agentweaver_lint.registry import get_registry
from agentweaver_lint.workspace import build_workspace


def test_repo_checks_side_by_side_equal_one_after_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from agentweaver_lint.repochecks import run_repo_checks

    root = tmp_path / "repo"
    mixed_repo(root)
    pids = tmp_path / "pids"
    original = HandlerValidationCheck.run

    def noting_the_process(self: HandlerValidationCheck, ctx: Any) -> None:
        with pids.open("a") as out:
            out.write(f"{os.getpid()}\n")
        original(self, ctx)

    monkeypatch.setattr(HandlerValidationCheck, "run", noting_the_process)
    forks = fork_safe()
    settings = load_settings(root)
    workspace = build_workspace(root, workspace_options(settings))
    serial = run_repo_checks(workspace, settings, get_registry(), after_files=False)
    prepared: list[int] = []
    workspace = build_workspace(root, workspace_options(settings))
    forked = run_repo_checks(
        workspace,
        settings,
        get_registry(),
        after_files=False,
        jobs=2,
        meanwhile=lambda: prepared.append(1),
    )
    assert found(forked[0]) == found(serial[0])
    assert any(f.code == "VAL001" for f in forked[0])
    assert forked[1] == serial[1] and forked[3] is serial[3] is False
    assert prepared == [1]
    assert pids.read_text().split()[0] == str(os.getpid())  # serial: here
    # side by side in a forked process where fork is safe (not on Python 3.12+): here otherwise
    assert (pids.read_text().split()[1] != str(os.getpid())) is forks


def test_a_forked_repo_check_that_dies_is_run_again_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from agentweaver_lint.repochecks import run_repo_checks

    root = tmp_path / "repo"
    mixed_repo(root)
    parent = os.getpid()
    original = HandlerValidationCheck.run

    def dies_in_a_child(self: HandlerValidationCheck, ctx: Any) -> None:
        if os.getpid() != parent:
            os._exit(3)  # as an out-of-memory kill would
        original(self, ctx)

    monkeypatch.setattr(HandlerValidationCheck, "run", dies_in_a_child)
    settings = load_settings(root)
    workspace = build_workspace(root, workspace_options(settings))
    found = run_repo_checks(workspace, settings, get_registry(), after_files=False, jobs=2)
    assert any(f.code == "VAL001" for f in found[0]) and found[3] is False


def test_prepare_runs_only_for_checks_the_cache_cannot_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agentweaver_lint.checks.errors.pycheck import PythonErrorHandlingCheck

    root = tmp_path / "repo"
    err_repo(root)
    prepared: list[str] = []
    original = PythonErrorHandlingCheck.prepare

    def counting(self: PythonErrorHandlingCheck, workspace: Any, settings: Any) -> None:
        prepared.append(type(self).__name__)
        original(self, workspace, settings)

    monkeypatch.setattr(PythonErrorHandlingCheck, "prepare", counting)
    # Prepared while workers run the file checks: a pool, even for these few files.
    monkeypatch.setattr(engine, "POOL_MIN_FILES", 1)
    settings = settings_for(root, "ERR")
    options = GateOptions(use_cache=True, jobs=2)
    first = found(run_gate(root, settings, options).report.findings)
    assert prepared == ["PythonErrorHandlingCheck"]
    second = found(run_gate(root, settings, options).report.findings)
    assert prepared == ["PythonErrorHandlingCheck"] and first == second
    (root / "helpers.py").write_text(ERR_HELPERS + "\n")
    run_gate(root, settings, options)
    assert len(prepared) == 2
