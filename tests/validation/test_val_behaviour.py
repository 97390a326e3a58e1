"""VAL behaviour on small repositories: evidence, messages, parse errors, targets."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentweaver_lint.checks.base import Evidence
from agentweaver_lint.checks.validation.guard import Problems
from agentweaver_lint.config import load_settings
from agentweaver_lint.gate import GateRun, run_gate
from agentweaver_lint.model import ScoreEntry
from agentweaver_lint.settings import Setting

pytestmark = pytest.mark.filterwarnings(
    # The spine's walk outside git uses pathspec's deprecated "gitwildmatch" name.
    "ignore:GitWildMatchPattern:DeprecationWarning"
)

FLASK_APP = """\
from flask import Flask, request

from helpers import check_payload

app = Flask(__name__)


@app.post("/orders")
def create_order():
    data = check_payload(request.get_json())
    return {"id": data["id"]}


@app.get("/orders/<int:order_id>")
def show_order(order_id):
    return {"id": order_id}
"""


def _gate(
    root: Path, files: dict[str, str], select: list[str], paths: list[str] | None = None
) -> GateRun:
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    settings = load_settings(root, flags={"select": Setting(select, "test")})
    return run_gate(root, settings, jobs=1, paths=paths)


def _row(run: GateRun) -> ScoreEntry:
    return next(entry for entry in run.report.scorecard if entry.id == "input-validation")


def test_not_applicable_without_a_web_framework(tmp_path: Path) -> None:
    run = _gate(tmp_path, {"tool.py": "import json\nprint(json.dumps({}))\n"}, ["VAL"])
    row = _row(run)
    assert row.verdict.value == Evidence.NOT_APPLICABLE.value
    assert row.figures["handlers"] == 0


def test_declared_framework_without_handlers_is_no_evidence(tmp_path: Path) -> None:
    files = {
        "agentweaver.config.yml": "techStack:\n  backend:\n    framework: FastAPI\n",
        "app/util.py": "def add(a, b):\n    return a + b\n",
    }
    row = _row(_gate(tmp_path, files, ["VAL"]))
    assert row.verdict.value == "no-evidence"
    assert row.summary == "no evidence: declared FastAPI but found no handlers"


def test_unresolved_validator_is_named_in_the_message(tmp_path: Path) -> None:
    run = _gate(tmp_path, {"app.py": FLASK_APP}, ["VAL001"])
    (finding,) = run.report.findings
    assert (finding.path, finding.line, finding.column) == ("app.py", 10, 26)
    assert "Flask handler create_order (POST /orders)" in finding.message
    assert "could not resolve check_payload; treated as unvalidated" in finding.message
    extra = dict(finding.extra)
    assert extra["unresolved"] == ["check_payload"]
    inventory = extra["handler"]
    assert inventory["qualname"] == "create_order"
    assert inventory["inputs"][0] == {
        "source": "request.get_json()",
        "path": "app.py",
        "line": 10,
        "column": 26,
        "validated": False,
        "how": "read raw",
    }
    row = _row(run)
    assert row.figures["handlers_flask"] == 2
    assert row.figures["handlers_reading_input"] == 2  # the <int:order_id> converter counts
    assert row.figures["handlers_unvalidated"] == 1


def test_resolved_validator_clears_the_handler(tmp_path: Path) -> None:
    helper = (
        "from pydantic import BaseModel\n\n\n"
        "class Order(BaseModel):\n    id: int\n\n\n"
        "def check_payload(raw):\n    return Order.model_validate(raw).model_dump()\n"
    )
    run = _gate(tmp_path, {"app.py": FLASK_APP, "helpers.py": helper}, ["VAL001"])
    assert run.report.findings == []


def test_findings_only_for_target_files(tmp_path: Path) -> None:
    files = {"app.py": FLASK_APP, "other.py": "x = 1\n"}
    run = _gate(tmp_path, files, ["VAL001"], paths=["other.py"])
    assert run.report.findings == []
    assert _row(run).figures["handlers_unvalidated"] == 1


def test_broken_route_file_is_awl001_and_the_run_goes_on(tmp_path: Path) -> None:
    files = {
        "src/app.js": (
            "const express = require('express');\n"
            "const app = express();\n"
            "app.post('/a', (req, res) => { res.json(req.body) });\n"
            "app.get('/b', (req, res) => { res.json(req.query.q) ;\n"
        )
    }
    run = _gate(tmp_path, files, ["VAL", "AWL"])
    codes = sorted((f.code, f.line) for f in run.report.findings)
    assert ("VAL001", 3) in codes
    assert any(code == "AWL001" for code, _ in codes)
    assert not run.report.summary.tool_error


def test_express_constrained_parameter_is_typed(tmp_path: Path) -> None:
    files = {
        "src/app.js": (
            "const express = require('express');\n"
            "const router = express.Router();\n"
            "router.get('/items/:id(\\\\d+)', (req, res) => res.json(find(req.params.id)));\n"
            "router.get('/tags/:tag', (req, res) => res.json(find(req.params.tag)));\n"
            "module.exports = router;\n"
        )
    }
    run = _gate(tmp_path, files, ["VAL002"])
    assert [(f.code, f.line) for f in run.report.findings] == [("VAL002", 4)]


def test_problems_turn_failures_into_notes() -> None:
    problems = Problems()

    def explode(value: int) -> int:
        raise RecursionError("too deep")

    assert problems.run("a.py", explode, 1) is None
    assert problems.messages == ["a.py: skipped by VAL (RecursionError: too deep)"]
    assert problems.run("b.py", len, "abc") == 3


def test_authentication_is_not_validation(tmp_path: Path) -> None:
    files = {
        "auth.py": (
            "from functools import wraps\n\n"
            "from flask import request\n\n\n"
            "def validate_token(token):\n    return token == 'ok'\n\n\n"
            "def token_required(view):\n"
            "    @wraps(view)\n"
            "    def wrapper(*args, **kwargs):\n"
            "        validate_token(request.headers.get('Authorization'))\n"
            "        return view(*args, **kwargs)\n\n"
            "    return wrapper\n"
        ),
        "app.py": (
            "from flask import Flask, request\n\n"
            "from auth import token_required\n\n"
            "app = Flask(__name__)\n\n\n"
            "@app.post('/notes')\n"
            "@token_required\n"
            "def create_note():\n"
            "    return {'text': request.json['text']}\n"
        ),
        "src/server.js": (
            "const express = require('express');\n"
            "const { validateToken } = require('./auth');\n"
            "const app = express();\n"
            "app.post('/notes', validateToken, (req, res) => res.json(req.body));\n"
        ),
        "src/auth.js": (
            "exports.validateToken = (req, res, next) => {\n"
            "  if (!req.headers.authorization) return res.sendStatus(401);\n"
            "  return next();\n"
            "};\n"
        ),
    }
    run = _gate(tmp_path, files, ["VAL001"])
    assert sorted((f.path, f.line) for f in run.report.findings) == [
        ("app.py", 11),
        ("src/server.js", 4),
    ]


def test_express_handlers_through_reexports_and_aliases(tmp_path: Path) -> None:
    files = {
        "src/controllers/index.js": "module.exports = { user: require('./user') };\n",
        "src/controllers/user.js": "exports.create = (req, res) => res.json(req.body);\n",
        "src/controllers/post.ts": "export const list = (req, res) => res.json(req.query.q);\n",
        "src/controllers/all.ts": "export * from './post';\n",
        "src/services/check.ts": "export const parsePost = (d) => postSchema.parse(d);\n",
        "src/app.js": (
            "const express = require('express');\n"
            "const controllers = require('./controllers');\n"
            "const all = require('./controllers/all');\n"
            "const { parsePost } = require('@/services/check');\n"
            "const app = express();\n"
            "app.post('/users', controllers.user.create);\n"
            "app.get('/posts', all.list);\n"
            "app.post('/posts', (req, res) => res.json(parsePost(req.body)));\n"
        ),
    }
    run = _gate(tmp_path, files, ["VAL001"])
    found = sorted(
        (f.path, f.line, dict(f.extra)["handler"]["qualname"]) for f in run.report.findings
    )
    assert found == [
        ("src/controllers/post.ts", 1, "all.list"),
        ("src/controllers/user.js", 1, "controllers.user.create"),
    ]


def test_an_analysis_failure_is_a_notice_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agentweaver_lint.checks.validation import jshandlers

    def broken(*args: object) -> None:
        raise ValueError("unexpected shape")

    monkeypatch.setattr(jshandlers, "scan_express", broken)
    files = {
        "app.py": FLASK_APP,
        "src/server.js": (
            "const express = require('express');\n"
            "const app = express();\n"
            "app.post('/x', (req, res) => res.json(req.body));\n"
        ),
    }
    run = _gate(tmp_path, files, ["VAL001"])
    assert not run.report.summary.tool_error
    assert [f.path for f in run.report.findings] == ["app.py"]
    notes = [n.message for n in run.report.notices if n.topic == "validation"]
    assert notes == ["src/server.js: skipped by VAL (ValueError: unexpected shape)"]


def test_a_function_routed_twice_is_one_handler(tmp_path: Path) -> None:
    files = {
        "src/items.js": ("exports.update = async (req, res) => res.json(await save(req.body));\n"),
        "src/routes.js": (
            "const express = require('express');\n"
            "const { celebrate } = require('celebrate');\n"
            "const items = require('./items');\n"
            "const router = express.Router();\n"
            "router.put('/items/:id', celebrate({ body: itemSchema }), items.update);\n"
            "router.patch('/items/:id', items.update);\n"
            "module.exports = router;\n"
        ),
    }
    run = _gate(tmp_path, files, ["VAL001"])
    (finding,) = run.report.findings
    assert finding.path == "src/items.js"
    assert dict(finding.extra)["handler"]["method"] == "PUT,PATCH"
    assert _row(run).figures["handlers_express"] == 1


def test_django_views_built_on_project_bases(tmp_path: Path) -> None:
    files = {
        "core/__init__.py": "",
        "core/base.py": ("from django.views import View\n\n\nclass JsonView(View):\n    pass\n"),
        "shop/__init__.py": "",
        "shop/handlers.py": (
            "from core.base import JsonView\n\n\n"
            "class CartView(JsonView):\n"
            "    def post(self, request):\n"
            "        return add_to_cart(request.POST['sku'])\n"
        ),
        "shop/urls.py": (
            "from django.urls import path\n\n"
            "from shop.handlers import CartView\n\n"
            "urlpatterns = [path('cart/', CartView.as_view())]\n"
        ),
    }
    run = _gate(tmp_path, files, ["VAL001"])
    assert [(f.path, f.line, f.column) for f in run.report.findings] == [
        ("shop/handlers.py", 6, 28)
    ]


def test_a_helper_checking_something_else_does_not_validate(tmp_path: Path) -> None:
    files = {
        "store.py": (
            "from ids import validate_id\n\n\n"
            "def save_note(payload):\n"
            "    validate_id(CURRENT_ID)\n"
            "    return DB.insert(payload)\n"
        ),
        "app.py": (
            "from flask import Flask, request\n\n"
            "from store import save_note\n\n"
            "app = Flask(__name__)\n\n\n"
            "@app.post('/notes')\n"
            "def create_note():\n"
            "    return save_note(request.get_json())\n"
        ),
    }
    run = _gate(tmp_path, files, ["VAL001"])
    assert [(f.path, f.line) for f in run.report.findings] == [("app.py", 10)]


def test_presence_checks_are_not_reads(tmp_path: Path) -> None:
    files = {
        "app.py": (
            "from flask import Flask, request\n"
            "from werkzeug.utils import secure_filename\n\n"
            "app = Flask(__name__)\n\n\n"
            "@app.post('/upload')\n"
            "def upload():\n"
            "    if 'file' not in request.files:\n"
            "        return 'no file', 400\n"
            "    file = request.files['file']\n"
            "    if file and allowed_file(file.filename):\n"
            "        file.save(secure_filename(file.filename))\n"
            "    return 'ok'\n"
        ),
        "src/app.js": (
            "const express = require('express');\n"
            "const app = express();\n"
            "app.post('/p', (req, res) => {\n"
            "  if (!req.body) return res.sendStatus(400);\n"
            "  return res.json(Item.parse(req.body));\n"
            "});\n"
        ),
    }
    assert _gate(tmp_path, files, ["VAL001"]).report.findings == []


def test_a_script_nothing_would_scan_is_not_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agentweaver_lint.checks.validation.jsindex import JsIndex

    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "bundle.js").write_text("const r = new Router();\nr.start();\n")
    (tmp_path / "static" / "server.js").write_text(
        "const express = require('express');\nconst app = express();\n"
        "app.post('/a', (req, res) => res.json(req.body));\n"
    )
    loaded: list[str] = []
    original = JsIndex.load

    def noting(self: JsIndex, path: str) -> object:
        loaded.append(path)
        return original(self, path)

    monkeypatch.setattr(JsIndex, "load", noting)
    settings = load_settings(tmp_path, flags={"select": Setting(["VAL"], "test")})
    with_express = run_gate(tmp_path, settings, jobs=1).report.findings
    assert [(f.code, f.path, f.line) for f in with_express] == [("VAL001", "static/server.js", 3)]
    assert "static/bundle.js" in loaded  # Express is used: a Router may be its router
    (tmp_path / "static" / "server.js").unlink()
    loaded.clear()
    assert run_gate(tmp_path, settings, jobs=1).report.findings == []
    assert loaded == []
