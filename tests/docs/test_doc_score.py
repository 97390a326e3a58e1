"""DOC scorecard figure: the documented share of the public API (Python and JS/TS)."""

from __future__ import annotations

from pathlib import Path

from agentweaver_lint.config import load_settings
from agentweaver_lint.gate import run_gate
from agentweaver_lint.settings import Setting


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


def test_documented_share_counts_python_and_typescript(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "app/services/orders.py": (
                '"""Orders."""\n\n\nclass Orders:\n    """Orders."""\n\n'
                "    def create(self):\n        return 1\n\n\ndef cancel():\n"
                '    """Cancel."""\n'
            ),
            "src/users/users.service.ts": (
                "/** Users. */\nexport class UsersService {\n  find() { return 1; }\n}\n"
            ),
            "app/utils/strings.py": "def slug(text):\n    return text\n",
        },
    )
    settings = load_settings(tmp_path, flags={"select": Setting(["DOC"], "test")})
    report = run_gate(tmp_path, settings, jobs=1).report
    row = next(entry for entry in report.scorecard if entry.id == "documented-apis")
    # Python: module, class, method, function (3 documented); TS: class (documented), method.
    assert row.figures["public"] == 6
    assert row.figures["documented"] == 4
    assert row.figures["documented_pct"] == 66.7
    assert sorted((f.path, f.code, f.line, f.column) for f in report.findings) == [
        ("app/services/orders.py", "DOC001", 7, 9),
        ("src/users/users.service.ts", "DOC002", 3, 3),
    ]


def test_no_public_api_is_not_applicable(tmp_path: Path) -> None:
    _write(tmp_path, {"app/utils/strings.py": "def slug(text):\n    return text\n"})
    settings = load_settings(tmp_path, flags={"select": Setting(["DOC"], "test")})
    report = run_gate(tmp_path, settings, jobs=1).report
    row = next(entry for entry in report.scorecard if entry.id == "documented-apis")
    assert row.verdict.value == "not-applicable"
