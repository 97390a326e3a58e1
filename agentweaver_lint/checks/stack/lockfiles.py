"""Lockfiles read for resolved versions: a dependency a lockfile resolves is pinned."""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

import yaml

from agentweaver_lint import safejson
from agentweaver_lint.checks.stack.deps import GO, NPM, PYPI, Lock, normalise
from agentweaver_lint.checks.stack.positions import toml_error_position
from agentweaver_lint.checks.stack.pymanifests import ManifestError

LOCK_NAMES = {
    "poetry.lock": PYPI,
    "uv.lock": PYPI,
    "pdm.lock": PYPI,
    "pipfile.lock": PYPI,
    "package-lock.json": NPM,
    "npm-shrinkwrap.json": NPM,
    "yarn.lock": NPM,
    "pnpm-lock.yaml": NPM,
    "go.sum": GO,
}
_YARN_V1_ENTRY = re.compile(r'^"?(@?[^@\s"]+)@')
_PNPM_KEY = re.compile(r"^/?(@?[^@/\s]+(?:/[^@/\s]+)?)[@/](\d[^(/\s]*)")

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib


def parse_lockfile(path: str, text: str) -> Lock | None:
    kind = PurePosixPath(path).name.lower()
    ecosystem = LOCK_NAMES.get(kind)
    if ecosystem is None:
        return None
    lock = Lock(ecosystem, path)
    if kind in ("poetry.lock", "uv.lock", "pdm.lock"):
        _toml_packages(text, lock)
    elif kind == "pipfile.lock":
        _pipfile_lock(_json(text), lock)
    elif kind in ("package-lock.json", "npm-shrinkwrap.json"):
        _npm_lock(_json(text), lock)
    elif kind == "yarn.lock":
        _yarn_lock(text, lock)
    elif kind == "pnpm-lock.yaml":
        _pnpm_lock(text, lock)
    else:
        for line in text.split("\n"):
            words = line.split()
            if len(words) >= 2:
                lock.versions.setdefault(normalise(GO, words[0]), words[1].removesuffix("/go.mod"))
    return lock


def _json(text: str) -> Any:
    try:
        return safejson.loads(text)
    except ValueError as exc:
        raise ManifestError(
            "JSON", str(exc).split(":")[0], getattr(exc, "lineno", 1), getattr(exc, "colno", 1)
        ) from None


def _toml_packages(text: str, lock: Lock) -> None:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, column = toml_error_position(str(exc), text)
        raise ManifestError("TOML", str(exc), line, column) from None
    packages = doc.get("package")
    for package in packages if isinstance(packages, list) else []:
        if isinstance(package, Mapping) and "name" in package and "version" in package:
            lock.versions[normalise(PYPI, str(package["name"]))] = str(package["version"])


def _pipfile_lock(doc: Any, lock: Lock) -> None:
    if not isinstance(doc, Mapping):
        return
    for section in ("default", "develop"):
        body = doc.get(section)
        if isinstance(body, Mapping):
            for name, value in body.items():
                version = value.get("version", "") if isinstance(value, Mapping) else ""
                lock.versions[normalise(PYPI, name)] = str(version).lstrip("=")


def _npm_lock(doc: Any, lock: Lock) -> None:
    if not isinstance(doc, Mapping):
        return
    packages = doc.get("packages")
    if isinstance(packages, Mapping):  # lockfileVersion 2 and 3
        for key, value in packages.items():
            if "node_modules/" in key and isinstance(value, Mapping) and "version" in value:
                name = key.rpartition("node_modules/")[2]
                lock.versions.setdefault(normalise(NPM, name), str(value["version"]))
    dependencies = doc.get("dependencies")
    if isinstance(dependencies, Mapping):  # lockfileVersion 1
        for name, value in dependencies.items():
            if isinstance(value, Mapping) and "version" in value:
                lock.versions.setdefault(normalise(NPM, name), str(value["version"]))


def _yarn_lock(text: str, lock: Lock) -> None:
    """Yarn v1 (its own format) and Berry (YAML): entry headers, then a version line."""
    names: list[str] = []
    for line in text.split("\n"):
        if line and not line[0].isspace() and not line.startswith("#"):
            names = []
            for part in line.rstrip(":").split(","):
                match = _YARN_V1_ENTRY.match(part.strip())
                if match:
                    names.append(normalise(NPM, match.group(1)))
        elif names and line.strip().startswith("version"):
            version = line.strip()[len("version") :].strip(' :"')
            for name in names:
                lock.versions.setdefault(name, version)
            names = []


def _pnpm_lock(text: str, lock: Lock) -> None:
    try:
        doc = yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise ManifestError("YAML", str(exc).split("\n")[0], line) from None
    if not isinstance(doc, Mapping):
        return
    for section in ("packages", "snapshots"):
        body = doc.get(section)
        if isinstance(body, Mapping):
            for key in body:
                match = _PNPM_KEY.match(str(key))
                if match:
                    lock.versions.setdefault(normalise(NPM, match.group(1)), match.group(2))
