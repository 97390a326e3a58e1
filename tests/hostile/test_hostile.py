"""A hostile repository through every family and format: no traceback, no canary, no leak,
the same bytes twice, bounded memory, exit codes only from config or tool errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from corpus import CANARY_NAMES, SECRETS, build, git

import agentweaver_lint

PATH = f"{Path(sys.executable).parent}:/usr/bin:/bin"
# Where this agentweaver_lint is importable from (site-packages, or the checkout).
PACKAGE_HOME = str(Path(agentweaver_lint.__file__).resolve().parent.parent)
FORMATS = ("json", "sarif", "junit", "gitlab", "markdown", "text", "github")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("hostile")
    root, marker = base / "repo", base / "markers"
    build(root, marker)
    return root, marker


def gate(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": PATH, "HOME": str(root.parent), "LC_ALL": "C.UTF-8", "PYTHONPATH": PACKAGE_HOME}
    return subprocess.run(
        [sys.executable, "-m", "agentweaver_lint", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_full_run_every_format_no_crash_no_leak_deterministic(hostile: tuple[Path, Path]) -> None:
    root, marker = hostile
    out = root.parent / "out"
    out.mkdir(exist_ok=True)
    outputs: dict[str, list[str]] = {}
    for attempt in range(2):
        specs = [f"{fmt}:{out / f'{attempt}.{fmt}'}" for fmt in FORMATS]
        args = [arg for spec in specs for arg in ("--format", spec)]
        result = gate(root, "--no-cache", *args, ".")
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode == 1, result.stderr  # findings, never a tool error
        outputs[str(attempt)] = [(out / f"{attempt}.{fmt}").read_text() for fmt in FORMATS]
    for index, fmt in enumerate(FORMATS):
        if fmt in ("json", "sarif", "junit", "gitlab", "markdown"):
            assert outputs["0"][index] == outputs["1"][index], f"{fmt} differs between runs"
    everything = "\n".join(outputs["0"]) + "\n".join(outputs["1"])
    for name, secret in SECRETS.items():
        assert secret not in everything, f"{name} secret leaked"
    report = json.loads(outputs["0"][0])
    assert report["summary"]["tool_error"] is False
    skipped = report["summary"]["files_skipped"]
    assert skipped.get("over the size cap", 0) >= 1
    assert skipped.get("binary", 0) >= 1
    assert skipped.get("symlink out of the repository", 0) >= 1
    assert any(f["code"] == "AWL001" for f in report["findings"])
    assert sorted(p.name for p in marker.iterdir()) == []


def test_diff_history_baseline_and_cache_never_execute_or_leak(hostile: tuple[Path, Path]) -> None:
    root, marker = hostile
    results = [
        gate(root, "--diff", "HEAD", "."),
        gate(root, "--format", "json", "."),  # warm cache
        gate(root, "baseline"),
    ]
    history = gate(root, "--history", "--select", "SEC", ".")
    if "No such option" not in history.stderr:
        results.append(history)
    for result in results:
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode in (0, 1, 3), result.stderr
    assert sorted(p.name for p in marker.iterdir()) == []
    stored = [(root / ".agentweaver-baseline.json").read_text()]
    stored += [p.read_text() for p in (root / ".agentweaver_cache").rglob("*.json")]
    for secret in SECRETS.values():
        assert all(secret not in text for text in stored)
    git(root, "status", "--porcelain")
    assert CANARY_NAMES


def test_peak_memory_under_the_agents_budget(hostile: tuple[Path, Path]) -> None:
    root, _ = hostile
    # A fresh wrapper process, so only the gate (one process with --jobs 1) is its child.
    probe = (
        "import resource, subprocess, sys; "
        "r = subprocess.run([sys.executable, '-m', 'agentweaver_lint', '--no-cache', '--no-baseline', '--jobs', '1', "
        "'--format', 'json', '.'], capture_output=True); "
        "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": PATH, "PYTHONPATH": PACKAGE_HOME},
    )
    code, peak_kib = map(int, result.stdout.split())
    assert code == 1
    assert peak_kib < 512 * 1024


@pytest.mark.parametrize(
    "setup",
    ["empty git repository", "plain folder"],
)
def test_empty_and_non_git_folders(tmp_path: Path, setup: str) -> None:
    if setup == "empty git repository":
        git(tmp_path, "init", "-q")
    result = gate(tmp_path, "--format", "json", ".")
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["files_listed"] == 0


def test_output_never_overwrites_a_scanned_source(hostile: tuple[Path, Path]) -> None:
    root, _ = hostile
    target = root / "app" / "after.py"
    before = target.read_text()
    result = gate(root, "--format", "json", "-o", str(target), ".")
    assert result.returncode == 2 and "refusing to overwrite" in result.stderr
    assert target.read_text() == before
