"""Repository checks reuse their cached result only while what they read is unchanged, and
the file checks' facts stand in for the repository checks' own parsing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from agentweaver_lint.checks.errors.pyfacts import FACT, from_fact, summarise_file, to_fact
from agentweaver_lint.checks.validation.check import HandlerValidationCheck
from agentweaver_lint.config import load_settings
from agentweaver_lint.engine import run_checks, start_file_checks
from agentweaver_lint.engine_common import FileResult
from agentweaver_lint.gate import GateOptions, run_gate, workspace_options
from agentweaver_lint.model import Finding
from agentweaver_lint.registry import get_registry
from agentweaver_lint.settings import Setting
from agentweaver_lint.workspace import SourceFile, build_workspace

FIXTURES = Path(__file__).parent / "fixtures"

APP = """\
from flask import Flask, request

app = Flask(__name__)


@app.post("/items")
def create_item():
    name = request.json["name"]
    return {"name": name}
"""


def _settings(root: Path, select: str) -> Any:
    return load_settings(root, flags={"select": Setting([select], "test")})


def _found(findings: list[Finding]) -> list[tuple[str, str, int, int]]:
    return sorted((f.code, f.path, f.line, f.column) for f in findings)


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
    settings = _settings(root, "VAL")

    def gate() -> list[tuple[str, str, int, int]]:
        options = GateOptions(use_cache=True, jobs=1)
        return _found(run_gate(root, settings, options).report.findings)

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
    settings = _settings(root, "COV")
    options = GateOptions(use_cache=True, jobs=1)
    first = _found(run_gate(root, settings, options).report.findings)
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
    second = _found(run_gate(root, settings, options).report.findings)
    assert ("COV001", "", 1, 1) not in second


ERR_HELPERS = """\
import logging

log = logging.getLogger(__name__)


def report_failure(message):
    log.exception(message)
"""
ERR_SERVICE = """\
from helpers import report_failure


def charge():
    try:
        pay()
    except Exception:
        report_failure("charge failed")
    try:
        pay()
    except Exception:
        pass
    try:
        pay()
    except:
        return None
    try:
        pay()
    except OSError:
        pass
"""


def _err_repo(root: Path) -> None:
    (root / "app").mkdir(parents=True)
    (root / "helpers.py").write_text(ERR_HELPERS)
    (root / "app" / "service.py").write_text(ERR_SERVICE)
    (root / "app" / "broken.py").write_text("def f(:\n")


def test_err_from_facts_equals_err_parsing_itself(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    _err_repo(root)
    settings = _settings(root, "ERR")
    workspace = build_workspace(root, workspace_options(settings))
    with_facts = run_checks(workspace, settings, get_registry(), jobs=1)
    workspace = build_workspace(root, workspace_options(settings))
    without = run_checks(workspace, settings, get_registry(), jobs=1, file_targets=[])
    err = [f for f in with_facts.findings if f.code.startswith("ERR")]
    assert _found(err) == [
        ("ERR001", "app/service.py", 15, 5),
        ("ERR003", "app/service.py", 11, 5),
        ("ERR003", "app/service.py", 19, 5),
    ]
    assert _found(err) == _found([f for f in without.findings if f.code.startswith("ERR")])
    assert with_facts.counters["ERR"] == without.counters["ERR"]
    assert [f.path for f in with_facts.findings if f.code == "AWL001"] == ["app/broken.py"]


def test_facts_only_checks_are_skipped_without_repository_checks(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    _err_repo(root)
    settings = _settings(root, "ERR")
    workspace = build_workspace(root, workspace_options(settings))
    targets = workspace.targets
    on = start_file_checks(targets, settings, get_registry(), 1)()
    off = start_file_checks(targets, settings, get_registry(), 1, facts=False)()
    assert {r.path for r in on if FACT in r.facts} == {
        "helpers.py",
        "app/service.py",
        "app/broken.py",
    }
    assert not any(r.facts for r in off)


def test_a_summary_survives_the_cache_as_json(tmp_path: Path) -> None:
    path = tmp_path / "service.py"
    path.write_text(ERR_SERVICE)
    file = SourceFile("app/service.py", str(path), path.stat().st_size, "python", frozenset())
    summary = summarise_file(file)
    assert summary is not None and len(summary.handlers) == 4
    result = FileResult("app/service.py", facts={FACT: to_fact(summary)})
    again = FileResult.from_json(json.loads(json.dumps(result.to_json())))
    assert from_fact("app/service.py", again.facts[FACT]) == summary


def test_doc_from_facts_equals_doc_parsing_itself(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "app" / "api").mkdir(parents=True)
    (root / "app" / "api" / "orders.py").write_text(
        '"""Orders."""\n\n\ndef create():\n    pass\n\n\nclass Order:\n    """An order."""\n\n'
        "    def total(self):\n        return 1\n"
    )
    (root / "app" / "api" / "broken.py").write_text("def f(:\n")
    settings = _settings(root, "DOC")
    workspace = build_workspace(root, workspace_options(settings))
    with_facts = run_checks(workspace, settings, get_registry(), jobs=1)
    workspace = build_workspace(root, workspace_options(settings))
    without = run_checks(workspace, settings, get_registry(), jobs=1, file_targets=[])
    assert _found(with_facts.findings) == [
        ("AWL001", "app/api/broken.py", 1, 7),
        ("DOC001", "app/api/orders.py", 4, 5),
        ("DOC001", "app/api/orders.py", 11, 9),
    ]
    assert _found(without.findings) == _found(with_facts.findings)
    assert with_facts.counters["DOC"] == without.counters["DOC"]


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


def test_prepare_runs_only_for_checks_the_cache_cannot_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agentweaver_lint.checks.errors.pycheck import PythonErrorHandlingCheck

    root = tmp_path / "repo"
    _err_repo(root)
    prepared: list[str] = []
    original = PythonErrorHandlingCheck.prepare

    def counting(self: PythonErrorHandlingCheck, workspace: Any, settings: Any) -> None:
        prepared.append(type(self).__name__)
        original(self, workspace, settings)

    monkeypatch.setattr(PythonErrorHandlingCheck, "prepare", counting)
    settings = _settings(root, "ERR")
    options = GateOptions(use_cache=True, jobs=1)
    first = _found(run_gate(root, settings, options).report.findings)
    assert prepared == ["PythonErrorHandlingCheck"]
    second = _found(run_gate(root, settings, options).report.findings)
    assert prepared == ["PythonErrorHandlingCheck"] and first == second
    (root / "helpers.py").write_text(ERR_HELPERS + "\n")
    run_gate(root, settings, options)
    assert len(prepared) == 2


def test_logging_helpers_come_from_application_modules_not_tests(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "app").mkdir(parents=True)
    (root / "tests").mkdir()
    (root / "app" / "service.py").write_text(
        "from app.alerts import alert_ops\n\n\n"
        "def charge():\n    try:\n        pay()\n    except Exception:\n"
        '        alert_ops("charge failed")\n    try:\n        pay()\n    except Exception:\n'
        '        notify_ops("charge failed")\n'
    )
    logging_helper = "import logging\n\n\ndef {name}(message):\n    logging.exception(message)\n"
    (root / "app" / "alerts.py").write_text(logging_helper.format(name="alert_ops"))
    (root / "tests" / "test_service.py").write_text(logging_helper.format(name="notify_ops"))
    settings = _settings(root, "ERR")
    report = run_gate(root, settings, GateOptions(jobs=1)).report
    # alert_ops logs in an application module; notify_ops logs only in a test module, which
    # application code never imports, so the second handler neither logs nor re-raises.
    assert [(f.code, f.path, f.line) for f in report.findings] == [("ERR002", "app/service.py", 11)]


def test_error_handling_is_reused_when_only_a_test_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agentweaver_lint.checks.errors.pycheck import PythonErrorHandlingCheck

    root = tmp_path / "repo"
    _err_repo(root)
    (root / "tests").mkdir()
    (root / "tests" / "test_service.py").write_text("def test_it():\n    assert True\n")
    runs: list[int] = []
    original = PythonErrorHandlingCheck.run

    def counting(self: PythonErrorHandlingCheck, ctx: Any) -> None:
        runs.append(1)
        original(self, ctx)

    monkeypatch.setattr(PythonErrorHandlingCheck, "run", counting)
    settings = _settings(root, "ERR")
    options = GateOptions(use_cache=True, jobs=1)
    first = _found(run_gate(root, settings, options).report.findings)
    (root / "tests" / "test_service.py").write_text("def test_it():\n    assert 1\n")
    assert _found(run_gate(root, settings, options).report.findings) == first
    assert len(runs) == 1  # tests are neither judged nor searched for helpers by default
    (root / "pyproject.toml").write_text(
        "[tool.agentweaver-lint.rules.ERR003]\ninclude_tests = true\n"
    )
    judged_tests = _settings(root, "ERR")
    assert judged_tests.option("ERR003", "include_tests") is True
    run_gate(root, judged_tests, options)
    (root / "tests" / "test_service.py").write_text("def test_it():\n    assert 2\n")
    run_gate(root, judged_tests, options)
    assert len(runs) == 3  # judged now: a change re-runs it (the new pyproject ran it once)


def _mixed_repo(root: Path) -> None:
    _err_repo(root)
    (root / "app" / "views.py").write_text(APP)
    (root / "requirements.txt").write_text("flask==3.0.0\n")
    (root / "migrations").mkdir()
    (root / "migrations" / "0001_init.sql").write_text("CREATE TABLE t (id int);\n")


def test_repo_checks_side_by_side_equal_one_after_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from agentweaver_lint.repochecks import run_repo_checks

    root = tmp_path / "repo"
    _mixed_repo(root)
    pids = tmp_path / "pids"
    original = HandlerValidationCheck.run

    def noting_the_process(self: HandlerValidationCheck, ctx: Any) -> None:
        with pids.open("a") as out:
            out.write(f"{os.getpid()}\n")
        original(self, ctx)

    monkeypatch.setattr(HandlerValidationCheck, "run", noting_the_process)
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
    assert _found(forked[0]) == _found(serial[0])
    assert any(f.code == "VAL001" for f in forked[0])
    assert forked[1] == serial[1] and forked[3] is serial[3] is False
    assert prepared == [1]
    assert pids.read_text().split()[0] == str(os.getpid())  # serial: here
    assert pids.read_text().split()[1] != str(os.getpid())  # side by side: a forked process


def test_a_forked_repo_check_that_dies_is_run_again_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from agentweaver_lint.repochecks import run_repo_checks

    root = tmp_path / "repo"
    _mixed_repo(root)
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


def test_ruff_reads_only_the_files_the_cache_has_not_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agentweaver_lint.checks.errors import ruff_runner

    root = tmp_path / "repo"
    _err_repo(root)
    (root / "app" / "other.py").write_text(
        "def g():\n    try:\n        h()\n    except:\n        pass\n"
    )
    seen: list[list[str]] = []
    original = ruff_runner.run_ruff_isolating

    def recording(where: Path, paths: Any, *args: Any) -> Any:
        seen.append(sorted(paths))
        return original(where, paths, *args)

    monkeypatch.setattr(ruff_runner, "run_ruff_isolating", recording)
    settings = _settings(root, "ERR")
    options = GateOptions(use_cache=True, jobs=1)
    first = run_gate(root, settings, options).report.findings
    (root / "app" / "other.py").write_text(
        "def g():\n    try:\n        h()\n    except:  # noqa: E722\n        pass\n"
    )
    second = run_gate(root, settings, options).report.findings
    uncached = run_gate(root, settings, GateOptions(jobs=1)).report.findings
    assert seen[0] == ["app/broken.py", "app/other.py", "app/service.py", "helpers.py"]
    assert seen[1] == ["app/other.py"]
    assert _found(second) == _found(uncached) != _found(first)
    assert [dict(f.extra).get("ruff_codes") for f in second if f.code == "ERR001"] == [["E722"]]
