"""A handler's judgement is reused while the modules it read are unchanged and the functions
it called are still (or still not) handlers; otherwise it is judged again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from repo_helpers import found, settings_for

from agentweaver_lint.checks.validation import pyhandlers
from agentweaver_lint.gate import GateOptions, run_gate

APP = """\
from flask import Flask, request

from helpers import prepare
from more import payload

app = Flask(__name__)


@app.post("/items")
def create_item():
    return prepare(request.json)


@app.post("/notes")
def create_note():
    return {"text": request.json["text"]}


@app.post("/tags")
def create_tag():
    return payload()
"""

RAW_HELPER = "def prepare(data):\n    return dict(data)\n"
VALIDATING_HELPER = (
    "def prepare(data):\n    form = TagForm(data)\n    form.is_valid()\n    return form.data\n"
)
MORE = 'from flask import request\n\n\ndef payload():\n    return request.json["name"]\n'
UNROUTED = (
    'from flask import Blueprint\n\nfrom more import payload\n\nbp = Blueprint("p", __name__)\n'
)
ROUTED = UNROUTED + 'bp.add_url_rule("/p", "p", payload)\n'


@pytest.fixture()
def judged(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The qualnames of the handlers judged (not taken from the cache), in order."""
    names: list[str] = []
    original = pyhandlers._judge

    def noting(flow: Any, site: Any, handler_ids: Any, members: Any) -> Any:
        names.append(site.qualname)
        return original(flow, site, handler_ids, members)

    monkeypatch.setattr(pyhandlers, "_judge", noting)
    return names


def _repo(root: Path) -> Path:
    root.mkdir()
    for name, text in {
        "app.py": APP,
        "helpers.py": RAW_HELPER,
        "more.py": MORE,
        "routes.py": UNROUTED,
    }.items():
        (root / name).write_text(text)
    return root


def _gate(root: Path, *, cache: bool = True) -> list[tuple[str, str, int, int]]:
    options = GateOptions(use_cache=cache, jobs=1)
    return found(run_gate(root, settings_for(root, "VAL"), options).report.findings)


def test_only_the_handlers_that_read_an_edited_module_are_judged_again(
    tmp_path: Path, judged: list[str]
) -> None:
    root = _repo(tmp_path / "repo")
    first = _gate(root)
    assert first == [
        ("VAL001", "app.py", 11, 20),
        ("VAL001", "app.py", 16, 21),
        ("VAL001", "app.py", 21, 12),
    ]
    assert sorted(judged) == ["create_item", "create_note", "create_tag"]
    judged.clear()
    assert _gate(root) == first
    assert judged == []  # unchanged: the whole check comes from the cache

    (root / "helpers.py").write_text(VALIDATING_HELPER)
    second = _gate(root)
    assert second == [("VAL001", "app.py", 16, 21), ("VAL001", "app.py", 21, 12)]
    assert judged == ["create_item"]  # the only handler that read helpers.py
    assert second == _gate(root, cache=False)

    judged.clear()
    (root / "more.py").write_text(MORE.replace('["name"]', '.get("name")'))
    assert _gate(root) == _gate(root, cache=False)
    assert judged[0] == "create_tag"

    judged.clear()
    (root / "README.md").write_text("# a new file changes how names resolve\n")
    _gate(root)
    assert sorted(judged) == ["create_item", "create_note", "create_tag"]


def test_a_cached_handler_is_judged_again_when_a_function_it_calls_becomes_a_handler(
    tmp_path: Path, judged: list[str]
) -> None:
    root = _repo(tmp_path / "repo")
    assert ("VAL001", "app.py", 21, 12) in _gate(root)  # payload() reads for create_tag
    judged.clear()
    (root / "routes.py").write_text(ROUTED)  # neither app.py nor more.py changes
    routed = _gate(root)
    assert ("VAL001", "app.py", 21, 12) not in routed  # payload's reads are its own now
    assert ("VAL001", "more.py", 5, 12) in routed
    assert "create_tag" in judged
    assert "create_note" not in judged
    assert routed == _gate(root, cache=False)


def test_a_damaged_parts_entry_is_a_miss(tmp_path: Path, judged: list[str]) -> None:
    root = _repo(tmp_path / "repo")
    first = _gate(root)
    for entry in (root / ".agentweaver_cache").rglob("*.json"):
        if "/parts/" in entry.as_posix():
            entry.write_text('{"scope": 1, "parts": {"x": [{"app.py": "0"}, null]}}')
    (root / "helpers.py").write_text(RAW_HELPER + "\n")
    judged.clear()
    assert _gate(root) == first
    assert sorted(judged) == ["create_item", "create_note", "create_tag"]


MODEL_APP = """\
from flask import Flask, request

from bases import Base

app = Flask(__name__)


class Item(Base):
    pass


@app.post("/items")
def create_item():
    return Item(**request.json)
"""
PYDANTIC_BASE = "from pydantic import BaseModel\n\n\nclass Base(BaseModel):\n    pass\n"


def test_what_discovery_learnt_about_bases_is_not_taken_without_noting_their_module(
    tmp_path: Path, judged: list[str]
) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text(MODEL_APP)
    (root / "bases.py").write_text(PYDANTIC_BASE)
    assert _gate(root) == []  # Item is a pydantic model: validated
    (root / "bases.py").write_text("class Base:\n    pass\n")
    assert _gate(root) == [("VAL001", "app.py", 14, 19)]
    assert judged == ["create_item", "create_item"]
