"""Resolve settings from every layer, remembering where each value came from.

Precedence, lowest first: built-in defaults → ``rules/backend-dev.yml`` pack → agent
file and ``agentweaver.config.yml`` (the strictest of the two) → ``[tool.agentweaver-lint]``
in pyproject.toml → ``--config FILE`` → flags. A bad file, key or value raises
:class:`ConfigError` with ``file:line: key '…': message``; unknown keys of our own table
warn with the nearest valid key.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agentweaver_lint.agentfile import read_agent_file
from agentweaver_lint.awconfig import AwConfigError, read_awconfig
from agentweaver_lint.model import Notice
from agentweaver_lint.packs import pack_path
from agentweaver_lint.selection import resolve_selection, rule_settings
from agentweaver_lint.settings import SCHEMA, Setting, Settings
from agentweaver_lint.settings import ConfigError as ConfigError  # re-exported: the public name
from agentweaver_lint.yamlpos import YamlError, load_located, plain

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

TABLE = ("tool", "agentweaver-lint")


@dataclass
class Layer:
    """One source's raw values: ``{key: (value, source)}`` plus rule tables."""

    values: dict[str, Setting] = field(default_factory=dict)
    rules: dict[str, dict[str, Setting]] = field(default_factory=dict)


def _norm(key: str) -> str:
    return key.strip().strip('"').strip("'").replace("-", "_")


def toml_line(text: str, key_path: tuple[str, ...]) -> int | None:
    """The line defining ``key_path`` (normalised) in TOML ``text``, found by scanning."""
    target = tuple(_norm(k) for k in key_path)
    table: tuple[str, ...] = ()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        header = re.match(r"^\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$", line)
        if header:
            table = tuple(_norm(p) for p in header.group(1).split("."))
            if table == target:
                return number
            continue
        assign = re.match(r"^([A-Za-z0-9_\-.\"' ]+?)\s*=", line)
        if assign:
            parts = table + tuple(_norm(p) for p in assign.group(1).split("."))
            if parts == target or (len(parts) < len(target) and target[: len(parts)] == parts):
                return number
    return None


def _coerce(key: str, value: Any, where: str) -> Any:
    spec = SCHEMA[key]
    expected = spec.type

    def fail(what: str) -> ConfigError:
        return ConfigError(f"{where}: key '{key}': expected {what}, got {value!r}")

    if expected == "bool":
        if not isinstance(value, bool):
            raise fail("true or false")
        return value
    if expected == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail("an integer")
        return value
    if expected == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise fail("a number")
        return float(value)
    if expected == "str":
        if not isinstance(value, str):
            raise fail("a string")
        if spec.choices and value.lower() not in spec.choices:
            raise fail("one of " + ", ".join(spec.choices))
        return value.lower() if spec.choices else value
    if expected == "list":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail("a list of strings")
        return list(value)
    if expected == "dict":
        if not isinstance(value, dict) or not all(
            isinstance(v, list) and all(isinstance(i, str) for i in v) for v in value.values()
        ):
            raise fail("a table of glob = [codes]")
        return {str(k): list(v) for k, v in value.items()}
    raise AssertionError(expected)


def _flatten(table: Mapping[str, Any], prefix: str = "") -> list[tuple[str, tuple[str, ...], Any]]:
    """``(dotted key, original path, value)``; stops at schema keys and rule tables."""
    out: list[tuple[str, tuple[str, ...], Any]] = []
    for raw_key, value in table.items():
        key = _norm(raw_key)
        dotted = f"{prefix}.{key}" if prefix else key
        if dotted in SCHEMA or not isinstance(value, dict) or dotted == "rules":
            out.append((dotted, (raw_key,), value))
        else:
            for sub, path, sub_value in _flatten(value, dotted):
                out.append((sub, (raw_key, *path), sub_value))
    return out


def layer_from_table(
    table: Mapping[str, Any],
    display: str,
    text: str,
    prefix: tuple[str, ...],
    notices: list[Notice],
) -> Layer:
    """Validate one ``[tool.agentweaver-lint]``-shaped table into a :class:`Layer`."""
    layer = Layer()
    for dotted, path, value in _flatten(table):
        line = toml_line(text, prefix + path) if text else None
        where = f"{display}:{line}" if line else display
        if dotted == "rules":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: key 'rules': expected a table of rule codes")
            for code, options in value.items():
                rline = toml_line(text, (*prefix, "rules", code)) if text else None
                rwhere = f"{display}:{rline}" if rline else display
                if not isinstance(options, dict):
                    raise ConfigError(f"{rwhere}: key 'rules.{code}': expected a table")
                layer.rules[code.upper()] = {
                    _norm(name): Setting(opt, rwhere) for name, opt in options.items()
                }
            continue
        if dotted not in SCHEMA:
            import difflib  # only for a suggestion

            near = difflib.get_close_matches(dotted, [*SCHEMA, "rules"], n=1, cutoff=0.6)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            notices.append(Notice("config", f"{where}: unknown key '{dotted}'{hint}", display))
            continue
        layer.values[dotted] = Setting(_coerce(dotted, value, where), where)
    return layer


def _read_toml(path: Path, display: str) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise ConfigError(f"{display}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{display}: not UTF-8 text") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line = re.search(r"line (\d+)", message)
        where = f"{display}:{line.group(1)}" if line else display
        raise ConfigError(f"{where}: invalid TOML: {message.split(' (at')[0]}") from None


def pyproject_layer(root: Path, notices: list[Notice]) -> Layer:
    path = root / "pyproject.toml"
    if not path.is_file():
        return Layer()
    data, text = _read_toml(path, "pyproject.toml")
    table = data.get("tool", {}).get("agentweaver-lint")
    if table is None:
        return Layer()
    if not isinstance(table, dict):
        raise ConfigError("pyproject.toml: key 'tool.agentweaver-lint': expected a table")
    return layer_from_table(table, "pyproject.toml", text, TABLE, notices)


def file_layer(path: Path, notices: list[Notice]) -> Layer:
    display = str(path)
    data, text = _read_toml(path, display)
    nested = (
        data.get("tool", {}).get("agentweaver-lint") if isinstance(data.get("tool"), dict) else None
    )
    if isinstance(nested, dict):
        return layer_from_table(nested, display, text, TABLE, notices)
    return layer_from_table(data, display, text, (), notices)


def pack_layer(name: str, notices: list[Notice]) -> Layer:
    path = pack_path(name)
    display = f"pack:{path.name}"
    try:
        doc = load_located(path.read_text("utf-8"))
    except (OSError, YamlError) as exc:
        raise ConfigError(f"{display}: cannot read rule pack: {exc}") from None
    layer = Layer()
    if doc is None or not isinstance(doc.value, dict):
        return layer
    settings = doc.value.get("settings")
    if settings is not None and isinstance(settings.value, dict):
        for dotted, path_parts, _value in _flatten(plain(settings)):
            node = settings
            for part in path_parts:
                node = node.value[part]
            if dotted not in SCHEMA:
                raise ConfigError(f"{display}:{node.line}: unknown key '{dotted}'")
            where = f"{display}:{node.line}"
            layer.values[dotted] = Setting(_coerce(dotted, plain(node), where), where)
    rules = doc.value.get("rules")
    if rules is not None and isinstance(rules.value, dict):
        for code, options in rules.value.items():
            where = f"{display}:{options.line}"
            layer.rules[code.upper()] = {
                _norm(k): Setting(plain(v), where) for k, v in (options.value or {}).items()
            }
    return layer


def _stricter(key: str, a: float, b: float) -> float:
    return max(a, b) if SCHEMA[key].stricter == "higher" else min(a, b)


def agent_layers(root: Path, values: dict[str, Setting], notices: list[Notice]) -> Layer:
    """The agent file and agentweaver.config.yml, merged by the strictest-threshold rule."""
    layer = Layer()
    agent_rel = str(values["agent"].value)
    agent = read_agent_file(root, agent_rel, explicit=values["agent"].source != "default")
    if agent is not None:
        notices.extend(agent.notices)
        for key, found in agent.values.items():
            layer.values[key] = Setting(found.value, f"{agent.path}:{found.line}")
    try:
        aw = read_awconfig(root, str(values["agentweaver_config"].value))
    except AwConfigError as exc:
        raise ConfigError(str(exc)) from None
    if aw is None:
        return layer
    notices.extend(aw.notices)
    for key, (value, line) in aw.values.items():
        source = f"{aw.path}:{line}"
        current = layer.values.get(key)
        if current is not None and SCHEMA[key].stricter and current.value != value:
            winner = _stricter(key, float(current.value), float(value))
            chosen = current if winner == current.value else Setting(value, source)
            notices.append(
                Notice(
                    "thresholds",
                    f"{key}: {current.source} says {current.value:g}, {source} says {value:g}; "
                    f"the stricter {chosen.value:g} applies",
                )
            )
            layer.values[key] = chosen
        else:
            layer.values[key] = Setting(value, source)
    return layer


def load_settings(
    root: Path,
    *,
    config_file: Path | None = None,
    flags: Mapping[str, Setting] | None = None,
    registry: Any = None,
    use_pyproject: bool = True,
) -> Settings:
    """Build :class:`Settings` for ``root`` from every layer (see module docstring)."""
    from agentweaver_lint.registry import get_registry

    registry = registry or get_registry()
    notices: list[Notice] = []
    values = {key: Setting(spec.default, "default") for key, spec in SCHEMA.items()}
    layers: list[Layer] = [pack_layer("backend-dev", notices)]
    explicit = [pyproject_layer(root, notices) if use_pyproject else Layer()]
    if config_file is not None:
        explicit.append(file_layer(config_file, notices))
    explicit.append(Layer(values=dict(flags or {})))
    # The agent path itself may come from an explicit layer: look it up before reading.
    probe = dict(values)
    for layer in [*layers, *explicit]:
        probe.update(
            {k: v for k, v in layer.values.items() if k in ("agent", "agentweaver_config")}
        )
    layers.append(agent_layers(root, probe, notices))
    layers.extend(explicit)
    for layer in layers:
        values.update(layer.values)
    if values["coverage.changed_lines"].value < 0:
        values["coverage.changed_lines"] = values["coverage.business_logic"]
    if not values["database.dialect"].value and values["stack.database"].value:
        values["database.dialect"] = values["stack.database"]
    enabled = resolve_selection(registry, layers, values)
    severity, options = rule_settings(registry, layers, notices)
    per_file = []
    for pattern, selectors in values["per_file_ignores"].value.items():
        codes: set[str] = set()
        for selector in selectors:
            try:
                codes.update(registry.resolve(selector))
            except KeyError:
                source = values["per_file_ignores"].source
                raise ConfigError(
                    f"{source}: key 'per_file_ignores': unknown rule selector '{selector}'"
                ) from None
        per_file.append(((pattern,), frozenset(codes)))
    return Settings(
        root=root,
        values=values,
        enabled=enabled,
        rule_severity=severity,
        rule_options=options,
        per_file_ignores=tuple(per_file),
        notices=notices,
    )
