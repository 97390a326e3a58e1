"""SEC options read from [tool.agentweaver-lint.rules.SECxxx]."""

from __future__ import annotations

from pathlib import Path

import pytest
from secret_factory import ALNUM, github_token, password, rand

from agentweaver_lint.config import load_settings
from agentweaver_lint.gate import run_gate
from agentweaver_lint.settings import Setting

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _run(root: Path, pyproject: str) -> list[tuple[str, int, str, str]]:
    (root / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    settings = load_settings(root, flags={"select": Setting(["SEC"], "test")})
    report = run_gate(root, settings, jobs=1).report
    return [
        (f.path, f.line, f.code, f.severity.label)
        for f in report.findings
        if f.code.startswith("SEC")
    ]


def test_test_severity_option(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_a.py").write_text(f'PASSWORD = "{password(41)}"\n', "utf-8")
    found = _run(tmp_path, '[tool.agentweaver-lint.rules.SEC004]\ntest_severity = "warning"\n')
    assert found == [("tests/test_a.py", 1, "SEC004", "warning")]


def test_github_checksum_can_be_turned_off(tmp_path: Path) -> None:
    made_up = "ghp_" + rand(ALNUM, 36, 42)
    (tmp_path / "a.py").write_text(f'TOKEN = "{made_up}"\nOK = "{github_token(43)}"\n', "utf-8")
    assert [f[1] for f in _run(tmp_path, "")] == [2]
    off = _run(tmp_path, "[tool.agentweaver-lint.rules.SEC001]\ngithub_checksum = false\n")
    assert [f[1] for f in off] == [1, 2]


def test_extra_catalogue_from_config(tmp_path: Path) -> None:
    (tmp_path / "secrets-extra.yml").write_text(
        "rules:\n"
        "  - id: acme-token\n"
        "    description: ACME internal token\n"
        "    regex: '(?P<secret>acme_[a-z0-9]{24})'\n"
        "    keywords: [acme_]\n",
        encoding="utf-8",
    )
    (tmp_path / "a.txt").write_text("deploy with acme_k3j9x0q2w8e7r6t5y4u1i0o9\n", "utf-8")
    found = _run(
        tmp_path,
        '[tool.agentweaver-lint.rules.SEC001]\nextra_catalogue = ["secrets-extra.yml"]\n',
    )
    assert found == [("a.txt", 1, "SEC001", "error")]
