"""History scanning: lines added in past commits, with commit, date, path and line."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from secret_factory import github_token, password

from agentweaver_lint.checks.secrets.history import scan_history
from agentweaver_lint.config import load_settings
from agentweaver_lint.registry import get_registry
from agentweaver_lint.settings import Setting

# The spine's pathspec 'gitwildmatch' use warns on new pathspec releases (the lead's fix).
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
    "GIT_AUTHOR_DATE": "2024-01-02T03:04:05+00:00",
    "GIT_COMMITTER_DATE": "2024-01-02T03:04:05+00:00",
}


def _git(root: Path, *args: str) -> str:
    out = subprocess.run(["git", *args], cwd=root, env=ENV, check=True, capture_output=True)
    return out.stdout.decode().strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    _git(tmp_path, "init", "-q")
    (tmp_path / "app.py").write_text('import os\nTOKEN = os.environ["TOKEN"]\n', encoding="utf-8")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "first")
    (tmp_path / "app.py").write_text(
        f'import os\nTOKEN = "{github_token(31)}"\nDEBUG = True\n', encoding="utf-8"
    )
    (tmp_path / "conf.yaml").write_text(f"db:\n  password: {password(32)}\n", encoding="utf-8")
    (tmp_path / "release.jks").write_bytes(b"\xfe\xed\xfe\xed\x00\x00\x00\x02binary")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "oops")
    (tmp_path / "app.py").write_text('import os\nTOKEN = os.environ["TOKEN"]\n', encoding="utf-8")
    (tmp_path / "conf.yaml").unlink()
    (tmp_path / "release.jks").unlink()
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "rotate")
    return tmp_path


def test_history_finds_removed_secrets(repo: Path) -> None:
    settings = load_settings(repo, flags={"select": Setting(["SEC"], "test")}, use_pyproject=False)
    findings = scan_history(repo, None, settings, get_registry())
    oops = _git(repo, "rev-parse", "HEAD~1")
    got = sorted((f.path, f.line, f.column, f.code) for f in findings)
    assert got == [
        ("app.py", 2, 10, "SEC001"),
        ("conf.yaml", 2, 13, "SEC004"),
        ("release.jks", 1, 1, "SEC006"),
    ]
    for finding in findings:
        extra = finding.extra_dict()
        assert extra["commit"] == oops
        assert extra["author_date"].startswith("2024-01-02T03:04:05")
        assert extra["history"] is True
        assert extra.get("sensitive") is (True if finding.code != "SEC006" else None)
        assert github_token(31) not in finding.message


def test_history_range_limits_commits(repo: Path) -> None:
    settings = load_settings(repo, flags={"select": Setting(["SEC"], "test")}, use_pyproject=False)
    assert scan_history(repo, "HEAD~1..HEAD", settings, get_registry()) == []
