"""YAML read as data with line numbers: ``yaml.compose`` with the safe loader, no constructors.

Composing never builds Python objects, so tags such as ``!!python/object/apply`` stay
inert strings; aliases are followed with a node budget so a billion-laughs file cannot
explode.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

MAX_NODES = 100_000


class YamlError(Exception):
    """The YAML cannot be read; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Located:
    """A scalar, list or mapping value with the 1-based line it starts on."""

    value: Any
    line: int


def _scalar(node: yaml.ScalarNode) -> Any:
    text = node.value
    tag = node.tag
    if tag.endswith(":bool") or (node.style is None and text.lower() in ("true", "false")):
        return text.lower() in ("true", "yes", "on")
    if node.style is None and tag.endswith((":int", ":float")):
        try:
            return int(text)
        except ValueError:
            try:
                return float(text)
            except ValueError:
                return text
    if node.style is None and tag.endswith(":null"):
        return None
    return text


def _convert(node: yaml.Node, budget: list[int], depth: int) -> Located:
    budget[0] -= 1
    if budget[0] < 0 or depth > 200:
        raise YamlError("YAML too large or too deeply nested", node.start_mark.line + 1)
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        return Located(_scalar(node), line)
    if isinstance(node, yaml.SequenceNode):
        return Located([_convert(item, budget, depth + 1) for item in node.value], line)
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, Located] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            mapping[key] = _convert(value_node, budget, depth + 1)
        return Located(mapping, line)
    raise YamlError("unsupported YAML node", line)


def load_located(text: str) -> Located | None:
    """Compose ``text`` into :class:`Located` values; None for an empty document."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlError(exc.problem or str(exc), mark.line + 1 if mark else None) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise YamlError(f"invalid YAML: {type(exc).__name__}") from None
    if node is None:
        return None
    return _convert(node, [MAX_NODES], 0)


def plain(value: Located | Any) -> Any:
    """Strip positions recursively."""
    if isinstance(value, Located):
        value = value.value
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
