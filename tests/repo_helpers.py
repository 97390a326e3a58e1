"""Small repositories and helpers shared by the cache, facts and repo-check tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agentweaver_lint.config import load_settings
from agentweaver_lint.model import Finding
from agentweaver_lint.settings import Setting

FIXTURES = Path(__file__).parent / "fixtures"


APP = """\
from flask import Flask, request

app = Flask(__name__)


@app.post("/items")
def create_item():
    name = request.json["name"]
    return {"name": name}
"""


def settings_for(root: Path, select: str) -> Any:
    return load_settings(root, flags={"select": Setting([select], "test")})


def found(findings: list[Finding]) -> list[tuple[str, str, int, int]]:
    return sorted((f.code, f.path, f.line, f.column) for f in findings)


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


def err_repo(root: Path) -> None:
    (root / "app").mkdir(parents=True)
    (root / "helpers.py").write_text(ERR_HELPERS)
    (root / "app" / "service.py").write_text(ERR_SERVICE)
    (root / "app" / "broken.py").write_text("def f(:\n")


def mixed_repo(root: Path) -> None:
    err_repo(root)
    (root / "app" / "views.py").write_text(APP)
    (root / "requirements.txt").write_text("flask==3.0.0\n")
    (root / "migrations").mkdir()
    (root / "migrations" / "0001_init.sql").write_text("CREATE TABLE t (id int);\n")
