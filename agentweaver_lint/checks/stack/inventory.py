"""The repository's dependency inventory: every manifest and lockfile, parsed as data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from agentweaver_lint.checks.stack.deps import GO, NPM, PYPI, Dependency, Lock, normalise
from agentweaver_lint.checks.stack.jsgo import parse_go_mod, parse_package_json
from agentweaver_lint.checks.stack.lockfiles import LOCK_NAMES, parse_lockfile
from agentweaver_lint.checks.stack.pymanifests import (
    ManifestError,
    Parsed,
    load_toml,
    parse_pipfile,
    parse_pyproject,
    parse_requirements,
    parse_setup_cfg,
)
from agentweaver_lint.workspace import Workspace

MAX_INCLUDE_DEPTH = 20


@dataclass
class Inventory:
    deps: list[Dependency] = field(default_factory=list)
    locks: list[Lock] = field(default_factory=list)
    manifests: list[str] = field(default_factory=list)
    local_names: set[tuple[str, str]] = field(default_factory=set)
    """(ecosystem, name) of packages defined in this repository (workspace members)."""
    errors: list[tuple[str, ManifestError]] = field(default_factory=list)
    missing_includes: list[tuple[str, str]] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    """``setup.py`` files: code, never executed, so their dependencies are not inventoried."""

    def direct(self) -> list[Dependency]:
        """Direct registry dependencies (not local paths, workspace members or indirect)."""
        return [
            d
            for d in self.deps
            if d.direct and not d.local and (d.ecosystem, d.name) not in self.local_names
        ]

    def locked_version(self, dep: Dependency) -> str | None:
        """The version a lockfile in the manifest's folder or above resolves ``dep`` to."""
        folder = PurePosixPath(dep.path).parent.as_posix()
        folder = "" if folder == "." else folder
        for lock in self.locks:
            if lock.ecosystem != dep.ecosystem:
                continue
            if lock.folder and folder != lock.folder and not folder.startswith(lock.folder + "/"):
                continue
            version = lock.versions.get(dep.name)
            if version:
                return version
        return None

    def is_pinned(self, dep: Dependency) -> bool:
        return dep.pinned or dep.ecosystem == GO or self.locked_version(dep) is not None


def is_requirements(path: str) -> bool:
    pure = PurePosixPath(path)
    name = pure.name.lower()
    if not name.endswith(".txt"):
        return False
    return "requirements" in name or pure.parent.name.lower() == "requirements"


def _kind(path: str) -> str | None:
    name = PurePosixPath(path).name.lower()
    if name in ("pyproject.toml", "pipfile", "setup.cfg", "package.json", "go.mod"):
        return name
    if name in LOCK_NAMES:
        return "lock"
    if is_requirements(path):
        return "requirements"
    return None


def build_inventory(workspace: Workspace) -> Inventory:
    inventory = Inventory()
    done: set[str] = set()
    for source in workspace.files:
        kind = _kind(source.path)
        if kind is None:
            if PurePosixPath(source.path).name == "setup.py":
                inventory.unread.append(source.path)
            continue
        if kind == "requirements":
            _requirements(workspace, source.path, inventory, done, constraint=False, depth=0)
            continue
        try:
            _parse_one(kind, source.path, source.text, inventory)
        except ManifestError as exc:
            inventory.errors.append((source.path, exc))
    return inventory


def _parse_one(kind: str, path: str, text: str, inventory: Inventory) -> None:
    parsed: Parsed
    if kind == "lock":
        lock = parse_lockfile(path, text)
        if lock is not None:
            inventory.locks.append(lock)
        return
    if kind == "pyproject.toml":
        parsed = parse_pyproject(path, text)
        _local_python_name(load_toml(text), inventory)
    elif kind == "pipfile":
        parsed = parse_pipfile(path, text)
    elif kind == "setup.cfg":
        parsed = parse_setup_cfg(path, text)
        if not parsed.deps:
            return
    elif kind == "package.json":
        parsed, own, _workspaces = parse_package_json(path, text)
        if own:
            inventory.local_names.add((NPM, own))
    else:
        parsed = parse_go_mod(path, text)
    inventory.manifests.append(path)
    inventory.deps.extend(parsed.deps)
    inventory.locks.extend(parsed.locks)


def _local_python_name(doc: Mapping[str, Any], inventory: Inventory) -> None:
    tool = doc.get("tool")
    poetry = tool.get("poetry") if isinstance(tool, Mapping) else None
    for table in (doc.get("project"), poetry):
        if isinstance(table, Mapping) and isinstance(table.get("name"), str):
            inventory.local_names.add((PYPI, normalise(PYPI, table["name"])))


def _requirements(
    workspace: Workspace,
    path: str,
    inventory: Inventory,
    done: set[str],
    *,
    constraint: bool,
    depth: int,
) -> None:
    """Parse a requirements file and, once each, the files it includes (cycles are cut)."""
    if path in done or depth > MAX_INCLUDE_DEPTH:
        return
    done.add(path)
    source = workspace.get(path)
    if source is None:
        return
    parsed = parse_requirements(path, source.text, constraint=constraint)
    if not constraint:
        inventory.manifests.append(path)
    inventory.deps.extend(parsed.deps)
    inventory.locks.extend(parsed.locks)
    for include, as_constraint in parsed.includes:
        if workspace.get(include) is None:
            inventory.missing_includes.append((path, include))
            continue
        _requirements(
            workspace, include, inventory, done, constraint=as_constraint, depth=depth + 1
        )


def sorted_unique(names: Iterable[str]) -> list[str]:
    return sorted(set(names))
