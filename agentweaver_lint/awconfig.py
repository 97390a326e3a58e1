"""Read ``agentweaver.config.yml`` (AgentWeaver's own schema) into our setting keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agentweaver_lint.model import Notice
from agentweaver_lint.yamlpos import Located, YamlError, load_located

# AgentWeaver key path → our setting key ("" = known but unused by the gate).
KNOWN: dict[str, str] = {
    "version": "",
    "techStack.mode": "stack.mode",
    "techStack.backend.framework": "stack.framework",
    "techStack.backend.language": "stack.language",
    "techStack.backend.apiStyle": "stack.api_style",
    "techStack.backend.validation": "stack.validation",
    "techStack.database.primary": "stack.database",
    "techStack.database.orm": "stack.orm",
    "techStack.database.cache": "stack.cache",
    "techStack.database.migrations": "stack.migrations",
    "techStack.testing.unit": "",
    "techStack.testing.e2e": "",
    "techStack.testing.coverage.enabled": "coverage.enabled",
    "techStack.testing.coverage.threshold": "coverage.business_logic",
    "techStack.deployment.platform": "",
    "techStack.deployment.containerization": "",
    "techStack.deployment.cicd": "",
    "techStack.frontend.framework": "",
    "techStack.frontend.language": "",
    "techStack.frontend.styling": "",
    "techStack.frontend.stateManagement": "",
    "techStack.frontend.buildTool": "",
    "constraints.versionPinning": "stack.version_pinning",
    "constraints.securityPolicy": "",
    "constraints.allowedPackages": "stack.allowed_packages",
    "constraints.forbiddenPackages": "stack.forbidden_packages",
}
# Shorthands without the techStack prefix (DESIGN.md writes ``backend.framework``).
_SHORT_PREFIXES = ("backend.", "database.", "testing.", "deployment.", "frontend.")
_LOWERED = {"stack.mode"}


class AwConfigError(Exception):
    """A value of the wrong type or an invalid YAML file: ``path:line: key: message``."""


@dataclass
class AwConfig:
    path: str
    values: dict[str, tuple[Any, int]] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)


def _walk(node: Located, prefix: str, out: list[tuple[str, Located]]) -> None:
    if isinstance(node.value, dict) and prefix.count(".") < 4:
        for key, child in node.value.items():
            path = f"{prefix}.{key}" if prefix else key
            if (
                isinstance(child.value, dict)
                and not any(k.startswith(path + ".") for k in KNOWN)
                and (path not in KNOWN)
            ):
                out.append((path, child))
                continue
            if isinstance(child.value, dict) and path not in KNOWN:
                _walk(child, path, out)
            else:
                out.append((path, child))
    else:
        out.append((prefix, node))


def _check_type(path: str, key: str, located: Located, target: str) -> Any:
    from agentweaver_lint.settings import SCHEMA

    spec = SCHEMA[target]
    value = located.value
    where = f"{path}:{located.line}: key '{key}'"
    if spec.type == "list":
        if not isinstance(value, list):
            raise AwConfigError(f"{where}: expected a list")
        items = [item.value for item in value]
        if not all(isinstance(item, (str, int, float)) for item in items):
            raise AwConfigError(f"{where}: expected a list of names")
        return [str(item) for item in items]
    if spec.type == "bool":
        if not isinstance(value, bool):
            raise AwConfigError(f"{where}: expected true or false, got {value!r}")
        return value
    if spec.type in ("float", "int"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise AwConfigError(f"{where}: expected a number, got {value!r}")
        if not 0 <= float(value) <= 100:
            raise AwConfigError(f"{where}: expected a percentage from 0 to 100, got {value!r}")
        return float(value)
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise AwConfigError(f"{where}: expected a name, got {type(value).__name__}")
    text = str(value).strip()
    if target in _LOWERED:
        text = text.lower()
        if spec.choices and text not in spec.choices:
            raise AwConfigError(
                f"{where}: expected one of {', '.join(spec.choices)}, got {value!r}"
            )
    return text


def read_awconfig(root: Path, rel: str) -> AwConfig | None:
    """Read the file if present; raise :class:`AwConfigError` on invalid YAML or types."""
    path = root / rel
    try:
        text = path.read_bytes().decode("utf-8", "replace")
    # agentweaver: ignore[ERR003] -- no agentweaver.config.yml is a normal case
    except OSError:
        return None
    try:
        doc = load_located(text)
    except YamlError as exc:
        line = f":{exc.line}" if exc.line else ""
        raise AwConfigError(f"{rel}{line}: invalid YAML: {exc}") from None
    result = AwConfig(rel)
    if doc is None:
        return result
    if not isinstance(doc.value, dict):
        raise AwConfigError(f"{rel}:{doc.line}: expected a mapping at the top level")
    entries: list[tuple[str, Located]] = []
    _walk(doc, "", entries)
    for key, located in entries:
        canonical = key
        if key not in KNOWN and key.startswith(_SHORT_PREFIXES):
            canonical = "techStack." + key
        target = KNOWN.get(canonical)
        if target is None:
            import difflib  # only for a suggestion

            near = difflib.get_close_matches(canonical, list(KNOWN), n=1)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            result.notices.append(
                Notice("config", f"{rel}:{located.line}: unknown key '{key}'{hint}", rel)
            )
            continue
        if not target or located.value is None:
            continue
        result.values[target] = (_check_type(rel, key, located, target), located.line)
    return result
