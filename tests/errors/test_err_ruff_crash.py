"""A file whose content crashes ruff is one AWL001, not a tool error for the whole run."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from agentweaver_lint.checks.errors import ruff_runner
from agentweaver_lint.config import load_settings
from agentweaver_lint.gate import GateOptions, run_gate
from agentweaver_lint.settings import Setting

real_run_chunk = ruff_runner._run_chunk


def crashing_on_deep(
    binary: str, root: Path, chunk: Sequence[str], codes: Sequence[str]
) -> list[ruff_runner.RuffDiagnostic]:
    # ruff overflows its worker-thread stack on some absurdly nested files; simulate that.
    if "app/deep.py" in chunk:
        raise ruff_runner.RuffError("ruff failed (exit -6): thread has overflowed its stack")
    return real_run_chunk(binary, root, chunk, codes)


def test_ruff_crash_is_isolated_to_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ruff_runner, "_run_chunk", crashing_on_deep)
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "deep.py").write_text("x = [[[1]]]\n")
    (tmp_path / "app" / "views.py").write_text(
        "def handler():\n    try:\n        work()\n    except:\n        pass\n"
    )
    settings = load_settings(tmp_path, flags={"select": Setting(["ERR"], "test")})
    report = run_gate(tmp_path, settings, GateOptions(jobs=1)).report
    assert report.summary.tool_error is False
    found = [(f.code, f.path, f.line, f.column) for f in report.findings]
    assert found == [("AWL001", "app/deep.py", 1, 1), ("ERR001", "app/views.py", 4, 5)]
    assert "ruff crashed" in report.findings[0].message


def test_ruff_failing_everywhere_is_a_tool_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def always(
        binary: str, root: Path, chunk: Sequence[str], codes: Sequence[str]
    ) -> list[ruff_runner.RuffDiagnostic]:
        raise ruff_runner.RuffError("ruff failed (exit 2): broken install")

    monkeypatch.setattr(ruff_runner, "_run_chunk", always)
    (tmp_path / "views.py").write_text("x = 1\n")
    settings = load_settings(tmp_path, flags={"select": Setting(["ERR"], "test")})
    report = run_gate(tmp_path, settings, GateOptions(jobs=1)).report
    assert report.summary.tool_error is True
    assert [f.code for f in report.findings] == ["AWL004"]
    assert "broken install" in report.findings[0].message
