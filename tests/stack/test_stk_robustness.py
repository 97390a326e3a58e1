"""Odd but parsable manifests never crash the inventory."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentweaver_lint.checks.stack.inventory import build_inventory
from agentweaver_lint.workspace import WorkspaceOptions, build_workspace

ODD = [
    ("pyproject.toml", 'project = 1\ntool = "x"\n'),
    ("pyproject.toml", '[project]\ndependencies = "fastapi"\noptional-dependencies = [1]\n'),
    ("pyproject.toml", '[project]\ndependencies = [1, {a = 1}, "", "!!"]\n'),
    (
        "pyproject.toml",
        "[tool.poetry]\ndependencies = [1]\ngroup = {dev = 1, x = {dependencies = 2}}\n",
    ),
    ("pyproject.toml", '[tool.poetry.dependencies]\na = [{version = "1.0"}, 3]\nb = {git = 1}\n'),
    ("Pipfile", '[packages]\na = 1\nb = {path = "."}\nc = {git = "x", ref = "y"}\n'),
    ("package.json", "[1, 2]"),
    ("package.json", '{"dependencies": ["a"], "devDependencies": {"a": null, "b": {"x": 1}}}'),
    ("package.json", '{"workspaces": {"packages": "x"}, "name": 3}'),
    ("go.mod", "require\nrequire (\n)\nrequire x\n"),
    ("setup.cfg", "[options]\ninstall_requires = \n[options.extras_require]\n"),
    ("requirements.txt", "-r\n-r \n--requirement=\n-c ../../../etc/passwd\n@@@\n"),
    ("poetry.lock", "package = 3\n"),
    ("package-lock.json", '{"packages": [1], "dependencies": {"a": 1}}'),
    ("pnpm-lock.yaml", "- 1\n"),
    ("Pipfile.lock", "[]"),
]


@pytest.mark.parametrize(("name", "text"), ODD)
def test_odd_manifests_do_not_crash(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    inventory = build_inventory(build_workspace(tmp_path, WorkspaceOptions()))
    for dep in inventory.deps:
        assert dep.line >= 1 and dep.column >= 1
        inventory.is_pinned(dep)
