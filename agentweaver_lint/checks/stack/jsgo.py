"""package.json (with workspaces) and go.mod, read as data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from agentweaver_lint import safejson
from agentweaver_lint.checks.stack.deps import GO, NPM, Dependency, normalise, npm_local, npm_pinned
from agentweaver_lint.checks.stack.positions import json_positions
from agentweaver_lint.checks.stack.pymanifests import ManifestError, Parsed

NPM_SECTIONS = (
    ("dependencies", "main"),
    ("devDependencies", "dev"),
    ("optionalDependencies", "optional:npm"),
)


def load_json(text: str) -> Any:
    try:
        return safejson.loads(text)
    except ValueError as exc:
        line = getattr(exc, "lineno", 1)
        column = getattr(exc, "colno", 1)
        raise ManifestError("JSON", str(exc).split(":")[0], line, column) from None


def parse_package_json(path: str, text: str) -> tuple[Parsed, str | None, list[str]]:
    """Dependencies, the package's own name, and its ``workspaces`` globs."""
    doc = load_json(text)
    out = Parsed()
    if not isinstance(doc, Mapping):
        return out, None, []
    positions = json_positions(text, max_depth=3)
    for section, group in NPM_SECTIONS:
        body = doc.get(section)
        if not isinstance(body, Mapping):
            continue
        for name, value in body.items():
            spec = str(value) if isinstance(value, (str, int, float)) else ""
            line, column = positions.get((section, name), positions.get((section,), (1, 1)))
            out.deps.append(
                Dependency(
                    NPM,
                    normalise(NPM, name),
                    name,
                    spec,
                    path,
                    line,
                    column + 1,
                    group,
                    pinned=npm_pinned(spec),
                    local=npm_local(spec),
                )
            )
    workspaces = doc.get("workspaces")
    if isinstance(workspaces, Mapping):
        workspaces = workspaces.get("packages")
    globs = [str(w) for w in workspaces] if isinstance(workspaces, list) else []
    name = doc.get("name")
    return out, (normalise(NPM, name) if isinstance(name, str) else None), globs


def parse_go_mod(path: str, text: str) -> Parsed:
    """``require`` lines and blocks; ``// indirect`` ones are not direct dependencies."""
    out = Parsed()
    in_block = False
    for number, raw in enumerate(text.split("\n"), start=1):
        code, _, comment = raw.partition("//")
        words = code.split()
        if not words:
            continue
        if in_block:
            if words[0] == ")":
                in_block = False
                continue
            entry = words
        elif words[0] == "require":
            if words[1:2] == ["("]:
                in_block = True
                continue
            entry = words[1:]
        else:
            continue
        if len(entry) < 2:
            continue
        module, version = entry[0].strip('"'), entry[1]
        column = raw.find(entry[0]) + 1
        out.deps.append(
            Dependency(
                GO,
                normalise(GO, module),
                module,
                version,
                path,
                number,
                column,
                "main",
                pinned=True,
                direct="indirect" not in comment,
            )
        )
    return out
