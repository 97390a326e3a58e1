"""Python manifests read as data: pyproject.toml (PEP 621, Poetry, PDM, PEP 735),
requirements files with ``-r`` includes, Pipfile and setup.cfg. Nothing is executed."""

from __future__ import annotations

import configparser
import posixpath
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from agentweaver_lint.checks.stack.deps import (
    PYPI,
    Dependency,
    Lock,
    normalise,
    pypi_pinned,
    split_requirement,
)
from agentweaver_lint.checks.stack.positions import TomlLines, toml_error_position

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib


_DEV_NAME = re.compile(r"(^|[/_.-])(dev|develop|test|tests|testing|lint|docs|ci)([/_.-]|$)")


class ManifestError(Exception):
    """The manifest does not parse; ``line``/``column`` are 1-based."""

    def __init__(self, language: str, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.language, self.line, self.column = language, line, column


@dataclass
class Parsed:
    deps: list[Dependency] = field(default_factory=list)
    locks: list[Lock] = field(default_factory=list)
    includes: list[tuple[str, bool]] = field(default_factory=list)
    """Further files (root-relative) this one pulls in, and whether as ``-c`` constraints."""


def load_toml(text: str) -> dict[str, Any]:
    try:
        doc: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, column = toml_error_position(str(exc), text)
        raise ManifestError("TOML", str(exc), line, column) from None
    return doc


def _pep508(
    path: str, lines: TomlLines, table: tuple[str, ...], items: Any, group: str
) -> Iterator[Dependency]:
    if not isinstance(items, list):
        return
    for item in items:
        if not isinstance(item, str):
            continue  # PEP 735 {include-group = …}
        split = split_requirement(item)
        if split is None:
            continue
        name, spec = split
        line, column = lines.string_position(table, item) or (lines.headers.get(table, 1), 1)
        yield Dependency(
            PYPI,
            normalise(PYPI, name),
            name,
            spec,
            path,
            line,
            column,
            group,
            pinned=pypi_pinned(spec),
        )


def _poetry_spec(value: Any) -> tuple[str, bool, bool]:
    """(spec text, pinned, local) of a Poetry dependency value."""
    if isinstance(value, list):  # multiple constraints by marker: pinned only if all are
        specs = [_poetry_spec(v) for v in value]
        return " | ".join(s for s, _, _ in specs), all(p for _, p, _ in specs), False
    if isinstance(value, Mapping):
        if "path" in value:
            return f"path {value['path']}", True, True
        if "git" in value:
            rev = str(value.get("rev", ""))
            return f"git {value['git']} {rev}".strip(), len(rev) >= 7 and rev.isalnum(), False
        if "url" in value:
            return str(value["url"]), True, False
        value = value.get("version", "")
    spec = str(value).strip()
    return spec, pypi_pinned(spec, bare_is_exact=True), False


def _table_dependency(
    path: str,
    lines: TomlLines,
    table: tuple[str, ...],
    name: str,
    spec: str,
    group: str,
    pinned: bool,
    local: bool,
) -> Dependency:
    """A dependency declared as a key of a TOML table (Poetry, Pipfile), at its key's line."""
    line = lines.key_line(table, name) or lines.headers.get(table, 1)
    return Dependency(
        PYPI, normalise(PYPI, name), name, spec, path, line, 1, group, pinned=pinned, local=local
    )


def _poetry(path: str, lines: TomlLines, poetry: Mapping[str, Any]) -> Iterator[Dependency]:
    tables: list[tuple[tuple[str, ...], str, Any]] = [
        (("tool", "poetry", "dependencies"), "main", poetry.get("dependencies")),
        (("tool", "poetry", "dev-dependencies"), "dev", poetry.get("dev-dependencies")),
    ]
    groups = poetry.get("group")
    if isinstance(groups, Mapping):
        for name, body in groups.items():
            if isinstance(body, Mapping):
                table: tuple[str, ...] = ("tool", "poetry", "group", name, "dependencies")
                tables.append((table, _group_kind(name), body.get("dependencies")))
    for table, group, body in tables:
        if not isinstance(body, Mapping):
            continue
        for name, value in body.items():
            if name.lower() == "python":
                continue
            spec, pinned, local = _poetry_spec(value)
            yield _table_dependency(path, lines, table, name, spec, group, pinned, local)


def parse_pyproject(path: str, text: str) -> Parsed:
    doc = load_toml(text)
    lines = TomlLines(text)
    out = Parsed()
    project = doc.get("project")
    if isinstance(project, Mapping):
        out.deps += _pep508(path, lines, ("project",), project.get("dependencies"), "main")
        optional = project.get("optional-dependencies")
        if isinstance(optional, Mapping):
            table = ("project", "optional-dependencies")
            for extra, items in optional.items():
                out.deps += _pep508(path, lines, table, items, f"optional:{extra}")
    groups = doc.get("dependency-groups")
    if isinstance(groups, Mapping):
        for name, items in groups.items():
            out.deps += _pep508(path, lines, ("dependency-groups",), items, _group_kind(name))
    tool: Mapping[str, Any] = doc["tool"] if isinstance(doc.get("tool"), Mapping) else {}
    poetry = tool.get("poetry")
    if isinstance(poetry, Mapping):
        out.deps += _poetry(path, lines, poetry)
    uv = tool.get("uv")
    if isinstance(uv, Mapping):
        uv_table = ("tool", "uv")
        out.deps += _pep508(path, lines, uv_table, uv.get("dev-dependencies"), "dev")
    pdm = tool.get("pdm")
    if isinstance(pdm, Mapping) and isinstance(pdm.get("dev-dependencies"), Mapping):
        pdm_table = ("tool", "pdm", "dev-dependencies")
        for name, items in pdm["dev-dependencies"].items():
            out.deps += _pep508(path, lines, pdm_table, items, _group_kind(name))
    return out


def _group_kind(name: str) -> str:
    return "dev" if name in ("dev", "test", "tests", "lint", "docs", "typing") else f"group:{name}"


def parse_pipfile(path: str, text: str) -> Parsed:
    doc = load_toml(text)
    lines = TomlLines(text)
    out = Parsed()
    for table, group in (("packages", "main"), ("dev-packages", "dev")):
        body = doc.get(table)
        if not isinstance(body, Mapping):
            continue
        for name, value in body.items():
            spec, pinned, local = _poetry_spec(value)
            if not local and not (isinstance(value, Mapping) and "git" in value):
                pinned = pypi_pinned(spec, bare_is_exact=True)
            out.deps.append(
                _table_dependency(path, lines, (table,), name, spec, group, pinned, local)
            )
    return out


def parse_setup_cfg(path: str, text: str) -> Parsed:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text, source=path)
    except configparser.Error as exc:
        line = getattr(exc, "lineno", 1) or 1
        raise ManifestError("INI", str(exc).splitlines()[0], int(line)) from None
    out = Parsed()
    raw_lines = text.split("\n")
    used: set[int] = set()
    sources: list[tuple[str, str]] = []
    if parser.has_option("options", "install_requires"):
        sources.append(("main", parser.get("options", "install_requires")))
    if parser.has_section("options.extras_require"):
        for extra, value in parser.items("options.extras_require"):
            sources.append((f"optional:{extra}", value))
    for group, value in sources:
        for item in value.splitlines():
            item = item.split("#", 1)[0].strip()
            split = split_requirement(item) if item else None
            if split is None:
                continue
            name, spec = split
            line, column = _find_line(raw_lines, item, used)
            out.deps.append(
                Dependency(
                    PYPI,
                    normalise(PYPI, name),
                    name,
                    spec,
                    path,
                    line,
                    column,
                    group,
                    pinned=pypi_pinned(spec),
                )
            )
    return out


def _find_line(lines: list[str], needle: str, used: set[int]) -> tuple[int, int]:
    for number, line in enumerate(lines, start=1):
        column = line.find(needle)
        if column >= 0 and number not in used:
            used.add(number)
            return number, column + 1
    return 1, 1


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Lines with backslash continuations joined, each with the number of its first line."""
    logical: list[tuple[int, str]] = []
    buffer, start = "", 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not buffer:
            start = number
        if line.endswith("\\"):
            buffer += line[:-1] + " "
            continue
        logical.append((start, buffer + line))
        buffer = ""
    return logical


def parse_requirements(path: str, text: str, *, constraint: bool = False) -> Parsed:
    """One requirements file; ``-r``/``-c`` targets become includes.

    A constraints file (``constraint``) declares nothing: its exact pins act as a lock.
    """
    out = Parsed()
    folder = PurePosixPath(path).parent
    group = "dev" if _DEV_NAME.search(path.lower()) else "main"
    lock = Lock(PYPI, path)
    for number, line in _logical_lines(text):
        body = line.split(" #", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if not body:
            continue
        column = len(line) - len(line.lstrip()) + 1
        if body.startswith(("-r", "--requirement", "-c", "--constraint")):
            target = body.split(None, 1)[1] if " " in body else body[2:]
            target = target.strip().lstrip("=").strip()
            rel = (folder / target).as_posix()
            out.includes.append((_normpath(rel), body.startswith(("-c", "--constraint"))))
            continue
        if body.startswith("-"):
            continue  # -e, --index-url, --hash and other options
        split = split_requirement(body)
        if split is None:
            continue
        name, spec = split
        spec = spec.split(" --", 1)[0].strip()
        pinned = pypi_pinned(spec)
        if constraint:
            if pinned:
                lock.versions[normalise(PYPI, name)] = spec.lstrip("=")
            continue
        out.deps.append(
            Dependency(
                PYPI, normalise(PYPI, name), name, spec, path, number, column, group, pinned=pinned
            )
        )
    if lock.versions:
        out.locks.append(lock)
    return out


def _normpath(rel: str) -> str:
    return posixpath.normpath(rel).removeprefix("./")
