"""The file checks' facts stand in for the repository checks' own parsing."""

from __future__ import annotations

import json
from pathlib import Path

from repo_helpers import (
    ERR_SERVICE,
    err_repo,
    found,
    settings_for,
)

from agentweaver_lint.checks.errors.pyfacts import FACT, from_fact, summarise_file, to_fact
from agentweaver_lint.engine import run_checks, start_file_checks
from agentweaver_lint.engine_common import FileResult
from agentweaver_lint.gate import GateOptions, run_gate, workspace_options
from agentweaver_lint.registry import get_registry
from agentweaver_lint.workspace import SourceFile, build_workspace


def test_err_from_facts_equals_err_parsing_itself(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    err_repo(root)
    settings = settings_for(root, "ERR")
    workspace = build_workspace(root, workspace_options(settings))
    with_facts = run_checks(workspace, settings, get_registry(), jobs=1)
    workspace = build_workspace(root, workspace_options(settings))
    without = run_checks(workspace, settings, get_registry(), jobs=1, file_targets=[])
    err = [f for f in with_facts.findings if f.code.startswith("ERR")]
    assert found(err) == [
        ("ERR001", "app/service.py", 15, 5),
        ("ERR003", "app/service.py", 11, 5),
        ("ERR003", "app/service.py", 19, 5),
    ]
    assert found(err) == found([f for f in without.findings if f.code.startswith("ERR")])
    assert with_facts.counters["ERR"] == without.counters["ERR"]
    assert [f.path for f in with_facts.findings if f.code == "AWL001"] == ["app/broken.py"]


def test_facts_only_checks_are_skipped_without_repository_checks(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    err_repo(root)
    settings = settings_for(root, "ERR")
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
    settings = settings_for(root, "DOC")
    workspace = build_workspace(root, workspace_options(settings))
    with_facts = run_checks(workspace, settings, get_registry(), jobs=1)
    workspace = build_workspace(root, workspace_options(settings))
    without = run_checks(workspace, settings, get_registry(), jobs=1, file_targets=[])
    assert found(with_facts.findings) == [
        ("AWL001", "app/api/broken.py", 1, 7),
        ("DOC001", "app/api/orders.py", 4, 5),
        ("DOC001", "app/api/orders.py", 11, 9),
    ]
    assert found(without.findings) == found(with_facts.findings)
    assert with_facts.counters["DOC"] == without.counters["DOC"]


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
    settings = settings_for(root, "ERR")
    report = run_gate(root, settings, GateOptions(jobs=1)).report
    # alert_ops logs in an application module; notify_ops logs only in a test module, which
    # application code never imports, so the second handler neither logs nor re-raises.
    assert [(f.code, f.path, f.line) for f in report.findings] == [("ERR002", "app/service.py", 11)]
