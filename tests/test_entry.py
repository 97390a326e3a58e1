"""The process entry point leaves with os._exit: every output must be complete by then."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from helpers import run_python


def _gate(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_python(cwd, "-m", "agentweaver_lint", *args)


def test_outputs_are_complete_and_exit_codes_kept(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    for index in range(200):  # enough findings that stdout is written in many blocks
        (repo / f"m{index}.py").write_text(
            "def f():\n    try:\n        g()\n    except:\n        pass\n"
        )
    result = _gate(repo, "--no-cache", "--format", "json", "--format", "sarif:out.sarif", ".")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert sum(1 for f in report["findings"] if f["code"] == "ERR001") == 200
    sarif = json.loads((repo / "out.sarif").read_text())
    assert len(sarif["runs"][0]["results"]) == len(report["findings"])


def test_clean_repository_and_bad_flag(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "README.md").write_text("# fine\n")
    assert _gate(repo, "--no-cache", "--select", "SEC", ".").returncode == 0
    bad = _gate(repo, "--no-such-flag")
    assert bad.returncode == 2
    assert bad.stderr.strip().count("\n") == 0 and "--no-such-flag" in bad.stderr


def test_a_profiler_or_coverage_gets_a_normal_exit(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "README.md").write_text("# fine\n")
    script = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('EXIT-HANDLERS-RAN'))\n"
        "if sys.argv[1] == 'traced':\n"
        "    sys.settrace(lambda *a: None)\n"
        "sys.argv = ['agentweaver-lint', '--no-cache', '--select', 'SEC', '.']\n"
        "from agentweaver_lint.entry import run\n"
        "run()\n"
    )
    outcomes = {}
    for mode in ("traced", "plain"):
        result = run_python(repo, "-c", script, mode)
        assert result.returncode == 0, result.stderr
        outcomes[mode] = "EXIT-HANDLERS-RAN" in result.stdout
    assert outcomes == {"traced": True, "plain": False}
