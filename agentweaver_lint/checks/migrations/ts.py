"""Tree-sitter helpers for the JS/TS and Ruby migration readers (parsers built lazily)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

_PARSERS: dict[str, Any] = {}
Node = Any
"""A ``tree_sitter.Node`` (typed loosely: the bindings ship no stubs we rely on)."""


def parser_for(language: str) -> Any:
    """A cached parser for ``javascript``, ``typescript``, ``tsx`` or ``ruby``."""
    if language not in _PARSERS:
        from tree_sitter import Language, Parser

        if language == "ruby":
            import tree_sitter_ruby as grammar

            lang = Language(grammar.language())
        elif language in ("typescript", "tsx"):
            import tree_sitter_typescript as ts_grammar

            lang = Language(
                ts_grammar.language_tsx() if language == "tsx" else ts_grammar.language_typescript()
            )
        else:
            import tree_sitter_javascript as js_grammar

            lang = Language(js_grammar.language())
        _PARSERS[language] = Parser(lang)
    return _PARSERS[language]


def parse(language: str, text: str) -> tuple[Node, tuple[int, int] | None]:
    """The root node and, if the source has syntax errors, the first error's (line, column)."""
    data = text.encode("utf-8", "surrogatepass")
    tree = parser_for(language).parse(data)
    root = tree.root_node
    if not root.has_error:
        return root, None
    for node in walk(root):
        if node.type == "ERROR" or node.is_missing:
            return root, (node.start_point[0] + 1, node.start_point[1] + 1)
    return root, (1, 1)


def walk(node: Node) -> Iterator[Node]:
    """Every node below ``node`` (pre-order, iterative)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def text_of(node: Node | None) -> str:
    if node is None:
        return ""
    raw: bytes = node.text or b""
    return raw.decode("utf-8", "replace")


def position(node: Node, lines: list[str]) -> tuple[int, int]:
    """1-based line and code-point column of ``node``'s start."""
    row, byte_col = node.start_point
    line = lines[row] if row < len(lines) else ""
    column = len(line.encode("utf-8", "surrogatepass")[:byte_col].decode("utf-8", "replace"))
    return row + 1, column + 1


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}


def _unescape(sequence: str) -> str:
    """``\\``` → a backtick, ``\\n`` → a newline; other escapes keep their character."""
    char = sequence[1:2]
    return _ESCAPES.get(char, char) if len(sequence) == 2 else sequence


def string_value(node: Node | None) -> str | None:
    """The value of a string literal, template string (no substitutions kept) or symbol."""
    if node is None:
        return None
    kind = node.type
    if kind in ("string", "template_string"):
        parts = []
        for child in node.named_children:
            if child.type in ("string_fragment", "string_content"):
                parts.append(text_of(child))
            elif child.type == "escape_sequence":
                parts.append(_unescape(text_of(child)))
            elif child.type in ("template_substitution", "interpolation"):
                parts.append("x")
        if not node.named_children:
            inner = text_of(node)
            return inner[1:-1] if len(inner) >= 2 else ""
        return "".join(parts)
    if kind == "simple_symbol":
        return text_of(node).lstrip(":")
    if kind in ("hash_key_symbol", "identifier", "constant", "property_identifier"):
        return text_of(node)
    if kind == "delimited_symbol":
        return "".join(text_of(c) for c in node.named_children)
    return None


def field(node: Node, name: str) -> Node | None:
    return node.child_by_field_name(name)
