"""CPX severities by rank, per-module figures in extra, and the scorecard row."""

from __future__ import annotations

from pathlib import Path

from agentweaver_lint.config import load_settings
from agentweaver_lint.gate import run_gate
from agentweaver_lint.model import Severity
from agentweaver_lint.settings import Setting

HUGE = (
    "def huge(x):\n    return (\n        " + " or ".join(f"x.a{i}" for i in range(31)) + "\n    )\n"
)
BRANCHY = (
    "def branchy(o):\n"
    + "".join(f"    if o.a{i}:\n        return {i}\n" for i in range(11))
    + "    return 0\n"
)


def _run(root: Path) -> tuple[list[tuple[str, int, Severity, dict[str, object]]], dict[str, float]]:
    settings = load_settings(root, flags={"select": Setting(["CPX"], "test")})
    report = run_gate(root, settings, jobs=1).report
    row = next(entry for entry in report.scorecard if entry.id == "maintainability")
    found = [(f.code, f.line, f.severity, dict(f.extra)) for f in report.findings]
    return found, row.figures


def test_rank_e_is_an_error_rank_c_a_warning(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "calc.py").write_text(HUGE + "\n\n" + BRANCHY, encoding="utf-8")
    found, figures = _run(tmp_path)
    assert [(code, line, severity) for code, line, severity, _ in found] == [
        ("CPX001", 1, Severity.ERROR),
        ("CPX001", 7, Severity.WARNING),
    ]
    extra = found[0][3]
    assert (extra["complexity"], extra["rank"], extra["type"], extra["name"]) == (
        31,
        "E",
        "function",
        "huge",
    )
    assert {"module_mi", "module_rank"} <= set(extra)
    assert figures["blocks"] == 2 and figures["blocks_over_rank"] == 2 and figures["modules"] == 1


def test_tests_are_not_measured_by_default(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_calc.py").write_text(HUGE, encoding="utf-8")
    found, _figures = _run(tmp_path)
    assert found == []
