"""Repository checks reuse their cached result only while what they read is unchanged; the
cache keeps per-file results and ruff's diagnostics."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from repo_helpers import (
    APP,
    FIXTURES,
    err_repo,
    found,
    settings_for,
)

from agentweaver_lint.checks.validation.check import HandlerValidationCheck
from agentweaver_lint.gate import GateOptions, run_gate


def test_a_check_is_reused_until_a_file_it_reads_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    (root / "tests").mkdir(parents=True)
    (root / "app.py").write_text(APP)
    (root / "tests" / "test_app.py").write_text("def test_it():\n    assert True\n")
    runs: list[int] = []
    original = HandlerValidationCheck.run

    def counting(self: HandlerValidationCheck, ctx: Any) -> None:
        runs.append(1)
        original(self, ctx)

    monkeypatch.setattr(HandlerValidationCheck, "run", counting)
    settings = settings_for(root, "VAL")

    def gate() -> list[tuple[str, str, int, int]]:
        options = GateOptions(use_cache=True, jobs=1)
        return found(run_gate(root, settings, options).report.findings)

    first = gate()
    assert first == [("VAL001", "app.py", 8, 12)]
    (root / "tests" / "test_app.py").write_text("def test_it():\n    assert 1\n")
    assert gate() == first
    assert len(runs) == 1  # VAL never reads tests: reused
    (root / "app.py").write_text(APP.replace('["name"]', '.get("name")'))
    assert gate() == first
    assert len(runs) == 2  # a file it reads changed
    (root / "README.md").write_text("# app\n")
    gate()
    assert len(runs) == 3  # the listing changed


def test_coverage_is_read_again_when_its_ignored_report_changes(tmp_path: Path) -> None:
    root = tmp_path / "repo85"
    shutil.copytree(FIXTURES / "coverage" / "repo85", root, copy_function=shutil.copy)
    (root / ".gitignore").write_text("coverage.json\n")  # reports are not in the listing
    settings = settings_for(root, "COV")
    options = GateOptions(use_cache=True, jobs=1)
    first = found(run_gate(root, settings, options).report.findings)
    assert ("COV001", "", 1, 1) in first
    report = json.loads((root / "coverage.json").read_text())
    for entry in report["files"].values():
        entry["executed_lines"] = sorted(
            set(entry["executed_lines"]) | set(entry.get("missing_lines", []))
        )
        entry["missing_lines"] = []
        entry["summary"]["covered_lines"] = entry["summary"]["num_statements"]
        entry["summary"]["missing_lines"] = 0
        entry["summary"]["percent_covered"] = 100.0
    (root / "coverage.json").write_text(json.dumps(report))
    second = found(run_gate(root, settings, options).report.findings)
    assert ("COV001", "", 1, 1) not in second


def test_a_warm_report_is_byte_identical_to_a_cold_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from helpers import run_cli, with_test_family

    root = tmp_path / "repo"
    root.mkdir()
    # Summed in path order the weights give 0.0; a cached run that summed the changed file
    # last would give 1.0 (floating point is not associative).
    (root / "a.txt").write_text("WEIGHT=1.0\n")
    (root / "b.txt").write_text("WEIGHT=1e16\n")
    (root / "c.txt").write_text("WEIGHT=-1e16\n")
    args = ["--select", "TST", "--format", "json", "--jobs", "1", str(root)]
    with with_test_family():
        run_cli(args, capsys)
        (root / "a.txt").write_text("WEIGHT=1.00\n")  # the same weight, new content
        warm = run_cli(args, capsys).out
        cold = run_cli(["--no-cache", *args], capsys).out
    assert json.loads(cold)["counters"]["TST"]["weight"] == 0.0
    assert cold == warm


def test_a_bucket_keeps_what_a_run_used_and_as_many_others(tmp_path: Path) -> None:
    from agentweaver_lint.cache import Cache

    def digest(n: int) -> str:
        return "a" + f"{n:063x}"

    first = Cache(tmp_path, "k")
    for n in range(10):
        first.put("file", digest(n), {"n": n})
    first.flush()
    second = Cache(tmp_path, "k")
    assert [second.get("file", digest(n)) for n in (1, 2, 3)] == [{"n": 1}, {"n": 2}, {"n": 3}]
    second.put("file", digest(20), {"n": 20})
    second.flush()
    [bucket] = (tmp_path / ".agentweaver_cache").rglob("bucket-a.json")
    kept = json.loads(bucket.read_text())
    assert {digest(n) for n in (1, 2, 3, 20)} <= set(kept)
    assert len(kept) == 8  # the 4 used, and 4 of the 7 others
    third = Cache(tmp_path, "k")
    assert third.get("file", digest(20)) == {"n": 20}
    assert third.get("file", "b" + "0" * 63) is None


def test_error_handling_is_reused_when_only_a_test_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agentweaver_lint.checks.errors.pycheck import PythonErrorHandlingCheck

    root = tmp_path / "repo"
    err_repo(root)
    (root / "tests").mkdir()
    (root / "tests" / "test_service.py").write_text("def test_it():\n    assert True\n")
    runs: list[int] = []
    original = PythonErrorHandlingCheck.run

    def counting(self: PythonErrorHandlingCheck, ctx: Any) -> None:
        runs.append(1)
        original(self, ctx)

    monkeypatch.setattr(PythonErrorHandlingCheck, "run", counting)
    settings = settings_for(root, "ERR")
    options = GateOptions(use_cache=True, jobs=1)
    first = found(run_gate(root, settings, options).report.findings)
    (root / "tests" / "test_service.py").write_text("def test_it():\n    assert 1\n")
    assert found(run_gate(root, settings, options).report.findings) == first
    assert len(runs) == 1  # tests are neither judged nor searched for helpers by default
    (root / "pyproject.toml").write_text(
        "[tool.agentweaver-lint.rules.ERR003]\ninclude_tests = true\n"
    )
    judged_tests = settings_for(root, "ERR")
    assert judged_tests.option("ERR003", "include_tests") is True
    run_gate(root, judged_tests, options)
    (root / "tests" / "test_service.py").write_text("def test_it():\n    assert 2\n")
    run_gate(root, judged_tests, options)
    assert len(runs) == 3  # judged now: a change re-runs it (the new pyproject ran it once)


def test_ruff_reads_only_the_files_the_cache_has_not_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agentweaver_lint.checks.errors import ruff_runner

    root = tmp_path / "repo"
    err_repo(root)
    (root / "app" / "other.py").write_text(
        "def g():\n    try:\n        h()\n    except:\n        pass\n"
    )
    seen: list[list[str]] = []
    original = ruff_runner.run_ruff_isolating

    def recording(where: Path, paths: Any, *args: Any) -> Any:
        seen.append(sorted(paths))
        return original(where, paths, *args)

    monkeypatch.setattr(ruff_runner, "run_ruff_isolating", recording)
    settings = settings_for(root, "ERR")
    options = GateOptions(use_cache=True, jobs=1)
    first = run_gate(root, settings, options).report.findings
    (root / "app" / "other.py").write_text(
        "def g():\n    try:\n        h()\n    except:  # noqa: E722\n        pass\n"
    )
    second = run_gate(root, settings, options).report.findings
    uncached = run_gate(root, settings, GateOptions(jobs=1)).report.findings
    assert seen[0] == ["app/broken.py", "app/other.py", "app/service.py", "helpers.py"]
    assert seen[1] == ["app/other.py"]
    assert found(second) == found(uncached) != found(first)
    assert [dict(f.extra).get("ruff_codes") for f in second if f.code == "ERR001"] == [["E722"]]


def test_a_cache_committed_to_git_is_never_read(tmp_path: Path) -> None:
    import subprocess

    from helpers import with_test_family

    root = tmp_path / "repo"
    root.mkdir()

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    (root / "a.py").write_text("a = 'FIXME-GATE'\n")
    git("add", "a.py")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "base")
    options = GateOptions(use_cache=True, jobs=1)
    with with_test_family():
        settings = settings_for(root, "TST")
        assert [f.code for f in run_gate(root, settings, options).report.findings] == ["TST001"]
        # A pull request forges the cached result of a.py (no findings) and commits it.
        for bucket in (root / ".agentweaver_cache").rglob("bucket-*.json"):
            entries = json.loads(bucket.read_text())
            for entry in entries.values():
                entry[1]["findings"] = []
            bucket.write_text(json.dumps(entries))
        git("add", "-f", ".agentweaver_cache")
        git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "forged")
        report = run_gate(root, settings, options).report
    assert [f.code for f in report.findings] == ["TST001"]
    assert any("tracked by git" in n.message for n in report.notices if n.topic == "cache")
