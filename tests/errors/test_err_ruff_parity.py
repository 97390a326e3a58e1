"""Our ruff-backed findings equal ruff's CLI on the same files; a missing ruff is a tool error."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from agentweaver_lint.checks.errors import ruff_runner
from agentweaver_lint.config import load_settings
from agentweaver_lint.gate import run_gate
from agentweaver_lint.settings import Setting

PARITY = Path(__file__).parent.parent / "fixtures" / "errors" / "parity"
DOC_CODES = ["D100", "D101", "D102", "D103", "D106"]


def _ruff_cli(root: Path, codes: list[str]) -> list[dict[str, object]]:
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.py"))
    command = [ruff_runner.ruff_binary(), "check", "--isolated", "--no-cache", "--exit-zero"]
    command += ["--output-format", "json", "--select", ",".join(codes), *files]
    done = subprocess.run(command, cwd=root, capture_output=True, check=True)
    out: list[dict[str, object]] = json.loads(done.stdout)
    for item in out:
        item["path"] = Path(str(item["filename"])).resolve().relative_to(root.resolve()).as_posix()
    return out


def _enclosing_except(path: Path, row: int) -> int:
    tree = ast.parse(path.read_text("utf-8"))
    lines = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.ExceptHandler) and node.lineno <= row <= (node.end_lineno or 0)
    ]
    return max(lines)


def _run(root: Path, select: list[str]) -> list[tuple[str, str, int, int, dict[str, object]]]:
    settings = load_settings(root, flags={"select": Setting(select, "test")})
    report = run_gate(root, settings, jobs=1).report
    return [(f.path, f.code, f.line, f.column, dict(f.extra)) for f in report.findings]


@pytest.fixture()
def parity_repo(tmp_path: Path) -> Path:
    shutil.copytree(PARITY, tmp_path / "repo")
    return tmp_path / "repo"


def test_err_findings_carry_exactly_ruffs_codes(parity_repo: Path) -> None:
    cli = _ruff_cli(parity_repo, list(ruff_runner.ERR_RUFF_CODES))
    expected = sorted(
        (
            str(d["path"]),
            _enclosing_except(parity_repo / str(d["path"]), d["location"]["row"]),
            d["code"],
        )  # type: ignore[index]
        for d in cli
    )
    ours = _run(parity_repo, ["ERR"])
    got = sorted(
        (path, line, code)
        for path, _c, line, _col, extra in ours
        for code in extra["ruff_codes"]  # type: ignore[attr-defined]
    )
    assert expected and got == expected
    # one finding per clause: several ruff codes on one clause merge into it
    assert len({(path, line) for path, _c, line, _col, _e in ours}) == len(ours)


def test_err_one_finding_per_clause_at_the_except_keyword(parity_repo: Path) -> None:
    ours = [(p, c, line, col) for p, c, line, col, _e in _run(parity_repo, ["ERR"])]
    assert ours == [
        ("app/services/sync.py", "ERR001", 12, 5),
        ("app/services/sync.py", "ERR003", 17, 9),
        ("app/services/sync.py", "ERR004", 21, 5),
        ("app/services/sync.py", "ERR002", 25, 5),
        ("app/services/sync.py", "ERR003", 29, 5),
        ("app/services/sync.py", "ERR001", 44, 9),
        ("app/services/sync.py", "ERR004", 48, 9),
    ]


def test_doc_findings_equal_ruff_cli(parity_repo: Path) -> None:
    cli = _ruff_cli(parity_repo, DOC_CODES)
    expected = sorted(
        (str(d["path"]), d["location"]["row"], d["location"]["column"], d["code"])  # type: ignore[index]
        for d in cli
    )
    ours = sorted(
        (p, line, col, str(e["ruff_code"])) for p, c, line, col, e in _run(parity_repo, ["DOC001"])
    )
    assert expected and ours == expected


def test_missing_ruff_is_a_tool_error(parity_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> str:
        raise ruff_runner.RuffError("ruff is not installed")

    monkeypatch.setattr(ruff_runner, "ruff_binary", missing)
    settings = load_settings(parity_repo, flags={"select": Setting(["ERR"], "test")})
    run = run_gate(parity_repo, settings, jobs=1)
    crashed = [f for f in run.report.findings if f.code == "AWL004"]
    assert run.report.summary.tool_error
    assert len(crashed) == 1 and "ruff is not installed" in crashed[0].message
    assert not [f for f in run.report.findings if f.code.startswith("ERR")]


def test_failing_ruff_is_a_tool_error(parity_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    false = shutil.which("false")
    assert false is not None
    monkeypatch.setattr(ruff_runner, "ruff_binary", lambda: false)
    settings = load_settings(parity_repo, flags={"select": Setting(["DOC"], "test")})
    run = run_gate(parity_repo, settings, jobs=1)
    assert run.report.summary.tool_error
    assert any(
        "ruff failed (exit 1)" in f.message for f in run.report.findings if f.code == "AWL004"
    )


def test_ruff_argument_list_is_chunked() -> None:
    paths = [f"app/module_{i:05d}.py" for i in range(10_000)]
    chunks = ruff_runner._chunks(paths)
    assert len(chunks) > 1
    assert [p for chunk in chunks for p in chunk] == paths
    assert all(sum(len(p) + 1 for p in chunk) <= ruff_runner.MAX_ARGS_CHARS for chunk in chunks)
