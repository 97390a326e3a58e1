"""No output format ever contains a full secret (messages, snippets, SARIF, baseline keys)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from secret_factory import aws_key_id, github_token, password, pem_key, stripe_key

from agentweaver_lint.config import load_settings
from agentweaver_lint.gate import run_gate
from agentweaver_lint.reporters import FORMATS, RenderOptions, get_renderer
from agentweaver_lint.settings import Setting

# The spine's pathspec 'gitwildmatch' use warns on new pathspec releases (the lead's fix).
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def leaky_repo(tmp_path: Path) -> tuple[Path, list[str]]:
    token, key_id, stripe, pw = github_token(21), aws_key_id(22), stripe_key(23), password(24)
    pem = pem_key(25)
    files = {
        "app/settings.py": f'GITHUB_TOKEN = "{token}"\nAWS_ID = "{key_id}"\nSTRIPE = "{stripe}"\n',
        "config.yaml": f"db:\n  password: {pw}\n  url: postgres://app:{pw}x@db.internal/app\n",
        "tests/test_login.py": f'PASSWORD = "{pw}"\n',
        "keys/deploy.pem": pem,
        ".env": f"API_TOKEN={token}\n",
        "config/signing.json": '{"key": "' + pem.replace("\n", "\\n") + '"}\n',
    }
    for rel, text in files.items():
        target = tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    body_line = pem.splitlines()[1]
    return tmp_path, [token, key_id, stripe, pw, pw + "x", body_line]


def test_every_format_redacts(leaky_repo: tuple[Path, list[str]]) -> None:
    root, secrets = leaky_repo
    settings = load_settings(root, flags={"select": Setting(["SEC"], "test")}, use_pyproject=False)
    report = run_gate(root, settings, jobs=1).report
    codes = {f.code for f in report.findings}
    assert {"SEC001", "SEC002", "SEC003", "SEC004", "SEC005", "SEC006"} <= codes
    assert all(
        f.extra_dict().get("sensitive")
        for f in report.findings
        if f.code in ("SEC001", "SEC002", "SEC003", "SEC004")
    )
    from agentweaver_lint.registry import get_registry

    rules = get_registry().rules
    for name in FORMATS:
        rendered = get_renderer(name)(report, rules, RenderOptions(show_suppressed=True))
        assert rendered
        for secret in secrets:
            assert secret not in rendered, f"{name} output leaks a secret"
        for finding in report.findings:
            assert finding.fingerprint not in secrets


def test_generic_in_tests_is_downgraded_but_reported(leaky_repo: tuple[Path, list[str]]) -> None:
    root, _ = leaky_repo
    settings = load_settings(root, flags={"select": Setting(["SEC"], "test")}, use_pyproject=False)
    report = run_gate(root, settings, jobs=1).report
    in_tests = [f for f in report.findings if f.path == "tests/test_login.py"]
    assert [(f.code, f.severity.label) for f in in_tests] == [("SEC004", "info")]
