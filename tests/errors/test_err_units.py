"""ERR building blocks: noqa comments, logging-helper resolution, handler summaries, scope."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from agentweaver_lint.checks.errors.pycheck import judge
from agentweaver_lint.checks.errors.pyhandlers import (
    resolve_logging_helpers,
    summarise_module,
)
from agentweaver_lint.checks.errors.scope import ALL_CODES, noqa_codes
from agentweaver_lint.config import load_settings
from agentweaver_lint.gate import run_gate
from agentweaver_lint.settings import Setting


@pytest.mark.parametrize(
    ("line", "codes"),
    [
        ("    except:  # noqa", {ALL_CODES}),
        ("    except:  # noqa: E722", {"E722"}),
        ("    except Exception:  # NOQA:BLE001,S110", {"BLE001", "S110"}),
        ("    except Exception:  # noqa: ERR003 -- best effort", {"ERR003"}),
        ('    except Exception: log("# noqa")', set()),
        ("    except Exception:", set()),
    ],
)
def test_noqa_codes(line: str, codes: set[str]) -> None:
    assert noqa_codes(line) == frozenset(codes)


def _summary(source: str, path: str = "app/m.py"):  # type: ignore[no-untyped-def]
    return summarise_module(path, ast.parse(source), source.splitlines())


def _clauses(*clauses: tuple[str, str]) -> str:
    """A function with one ``try: x() / except <types>: <body>`` per clause."""
    body = "".join(
        f"    try:\n        x()\n    except {types}:\n        {stmt}\n" for types, stmt in clauses
    )
    return "def f(resp, log):\n" + body


def test_logging_helpers_resolve_transitively_across_modules() -> None:
    first = _summary("import sentry_sdk\n\ndef track(e):\n    sentry_sdk.capture_exception(e)\n")
    second = _summary(
        "class Ops:\n    def alert(self, m):\n        track(m)\n\n"
        "def page(m):\n    Ops().alert(m)\n\ndef unrelated():\n    return 1\n"
    )
    assert resolve_logging_helpers([first, second]) == {"track", "alert", "page"}


def test_handler_summary_and_verdicts() -> None:
    source = (
        "def f(log):\n"
        "    try:\n        x()\n    except Exception as e:\n        page(str(e))\n"
        "    try:\n        x()\n    except Exception as e:\n        log.warning('x: %s', e)\n"
        "    try:\n        x()\n    except Exception:\n        sys.exit(1)\n"
        "    try:\n        x()\n    except (OSError, ValueError):\n        return\n"
        "    try:\n        x()\n    except Exception:\n        result = None\n"
    )
    handlers = _summary(source).handlers
    helpers = frozenset({"page"})
    assert [judge(h, helpers) for h in handlers] == [
        None,
        None,
        None,
        ("ERR003", "ERR003"),
        ("ERR003", "ERR003"),
    ]
    assert judge(handlers[0], frozenset()) == ("ERR002", "ERR002")
    assert [h.column for h in handlers] == [5, 5, 5, 5, 5]


def test_scripts_judged_when_included(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "backfill.py").write_text("try:\n    run()\nexcept:\n    pass\n")
    (tmp_path / "pyproject.toml").write_text(
        "[tool.agentweaver-lint.rules.ERR001]\ninclude_scripts = true\n", encoding="utf-8"
    )
    settings = load_settings(tmp_path, flags={"select": Setting(["ERR"], "test")})
    findings = run_gate(tmp_path, settings, jobs=1).report.findings
    assert [(f.path, f.code, f.line, f.column) for f in findings] == [
        ("scripts/backfill.py", "ERR001", 3, 1)
    ]


def test_unparsable_files_are_reported_once(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "bad.py").write_text("def broken(:\n", encoding="utf-8")
    (tmp_path / "app" / "bad.ts").write_text("export function (\n", encoding="utf-8")
    settings = load_settings(tmp_path, flags={"select": Setting(["ERR", "DOC", "CPX"], "test")})
    findings = run_gate(tmp_path, settings, jobs=1).report.findings
    assert sorted((f.path, f.code) for f in findings) == [
        ("app/bad.py", "AWL001"),
        ("app/bad.ts", "AWL001"),
    ]


def test_file_level_ruff_noqa(tmp_path: Path) -> None:
    from agentweaver_lint.checks.errors.scope import file_noqa_codes

    assert file_noqa_codes(["# ruff: noqa", "x = 1"]) == {ALL_CODES}
    assert file_noqa_codes(["# ruff: noqa: E722, BLE001"]) == {"E722", "BLE001"}
    assert file_noqa_codes(["x = 1  # ruff: noqa"]) == frozenset()
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "legacy.py").write_text(
        "# ruff: noqa: E722\ntry:\n    run()\nexcept:\n    pass\n"
        "try:\n    run()\nexcept Exception:\n    pass\n"
    )
    settings = load_settings(tmp_path, flags={"select": Setting(["ERR"], "test")})
    findings = run_gate(tmp_path, settings, jobs=1).report.findings
    assert [(f.code, f.line) for f in findings] == [("ERR003", 8)]


def test_loguru_style_logger_chain_counts_as_logging() -> None:
    source = _clauses(("Exception as e", "logger.opt(exception=e).error('failed')"))
    handler = _summary(source).handlers[0]
    assert handler.logs_context and judge(handler, frozenset()) is None


def test_precision_refinements_from_real_code() -> None:
    source = _clauses(
        ("Exception as e", "return {'ok': False, 'exception': e}"),
        ("Exception as e", "resp.failure(f'{type(e).__name__}: {e}')"),
        ("OSError", "log.info('not a terminal')"),
        ("self.queue_empty", "pass"),
        ("RescheduleTaskImmediately", "pass"),
        ("Exception", "log.debug('stopping')"),
        ("Exception as e", "return {'error': str(e)}"),
    )
    verdicts = [judge(h, frozenset()) for h in _summary(source).handlers]
    assert verdicts == [None, None, None, None, None, ("ERR004", "ERR004"), ("ERR002", "ERR002")]


def test_minified_bundles_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    bundle = "try{a()}catch(e){}" + ";var x=1" * 200 + "\n"
    (tmp_path / "src" / "app.js").write_text(bundle, encoding="utf-8")
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "main.js").write_text("try { a(); } catch (e) {}\n", encoding="utf-8")
    settings = load_settings(tmp_path, flags={"select": Setting(["ERR"], "test")})
    assert run_gate(tmp_path, settings, jobs=1).report.findings == []


def test_helpers_found_outside_the_files_checked(tmp_path: Path) -> None:
    """A pre-commit run on one file still resolves helpers defined in files not staged."""
    (tmp_path / "app" / "util").mkdir(parents=True)
    (tmp_path / "app" / "util" / "errors.py").write_text(
        "import logging\n\ndef report():\n    logging.getLogger('app').exception('job failed')\n"
    )
    (tmp_path / "app" / "jobs.py").write_text(
        "def run(job):\n    try:\n        job()\n    except Exception:\n        report()\n"
        "    try:\n        job()\n    except Exception:\n        pass\n"
    )
    settings = load_settings(tmp_path, flags={"select": Setting(["ERR"], "test")})
    findings = run_gate(tmp_path, settings, paths=[str(tmp_path / "app" / "jobs.py")], jobs=1)
    found = [
        (f.path, f.code, f.line, dict(f.extra).get("ruff_code")) for f in findings.report.findings
    ]
    assert found == [("app/jobs.py", "ERR003", 8, "S110")]


def test_unrelated_methods_do_not_become_logging_helpers() -> None:
    models = _summary(
        "import logging\n\nclass Order:\n    def save(self):\n        logging.info('saved')\n"
    )
    jobs = _summary(_clauses(("Exception", "order.save()"), ("Exception", "audit_failure()")))
    helpers = resolve_logging_helpers([models, jobs]) | {"audit_failure"}
    assert "save" in helpers
    assert [judge(h, helpers) for h in jobs.handlers] == [("ERR002", "ERR002"), None]
