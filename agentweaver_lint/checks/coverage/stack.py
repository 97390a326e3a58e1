"""The exact command that produces a coverage report for the stacks a repository uses."""

from __future__ import annotations

import json
import posixpath

from agentweaver_lint.workspace import Workspace

PYTHON_MANIFESTS = (
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "requirements.txt",
    "requirements-dev.txt",
    "Pipfile",
    "tox.ini",
)


def _package_json(workspace: Workspace) -> dict[str, object] | None:
    source = workspace.get("package.json")
    if source is None:
        return None
    try:
        doc = json.loads(source.text)
    # agentweaver: ignore[ERR003] -- an unparsable package.json only loses the stack hint
    except (
        ValueError,
        RecursionError,
    ):
        return None
    return doc if isinstance(doc, dict) else None


def _js_command(doc: dict[str, object]) -> str:
    names: set[str] = set()
    for key in ("dependencies", "devDependencies"):
        table = doc.get(key)
        if isinstance(table, dict):
            names.update(str(name) for name in table)
    scripts = doc.get("scripts")
    test_script = str(scripts.get("test", "")) if isinstance(scripts, dict) else ""
    if "vitest" in names or "vitest" in test_script:
        return "npx vitest run --coverage --coverage.reporter=json --coverage.reporter=lcov"
    if "jest" in names or "jest" in test_script:
        return "npx jest --coverage"
    if "nyc" in names:
        return "npx nyc --reporter=json --reporter=lcov npm test"
    return "npx c8 --reporter=json --reporter=lcov npm test"


def _python_command(workspace: Workspace) -> str:
    for name in PYTHON_MANIFESTS:
        source = workspace.get(name)
        if source is not None and "pytest-cov" in source.text:
            return "pytest --cov --cov-branch --cov-report=xml"
    return "coverage run --branch -m pytest && coverage xml"


def coverage_commands(workspace: Workspace) -> list[str]:
    """One command per detected stack (Python, JavaScript/TypeScript, Go)."""
    languages = {f.language for f in workspace.files if "source" in f.roles}
    names = {posixpath.basename(f.path) for f in workspace.files}
    commands: list[str] = []
    if "python" in languages or any(name in names for name in PYTHON_MANIFESTS[:3]):
        commands.append(_python_command(workspace))
    doc = _package_json(workspace)
    if doc is not None or languages & {"javascript", "typescript", "tsx"}:
        commands.append(_js_command(doc or {}))
    if "go.mod" in names or "go" in languages:
        commands.append("go test -coverprofile=coverage.out ./...")
    return commands or ["coverage run --branch -m pytest && coverage xml"]
