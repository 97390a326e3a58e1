"""Tree-sitter helpers for JavaScript and TypeScript (grammars loaded lazily, once)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tree_sitter import Node, Parser

FUNCTION_TYPES = frozenset(
    {
        "function_declaration",
        "function_expression",
        "function",
        "arrow_function",
        "method_definition",
        "generator_function_declaration",
    }
)
STRING_TYPES = frozenset({"string", "template_string"})


@lru_cache(maxsize=4)
def parser_for(language: str) -> Parser:
    from tree_sitter import Language, Parser

    if language == "typescript":
        import tree_sitter_typescript as ts

        return Parser(Language(ts.language_typescript()))
    if language == "tsx":
        import tree_sitter_typescript as ts

        return Parser(Language(ts.language_tsx()))
    import tree_sitter_javascript as js

    return Parser(Language(js.language()))


def parse(language: str, source: bytes) -> Any:
    """The tree of ``source`` (JavaScript, TypeScript or TSX)."""
    return parser_for(language).parse(source)


def text(node: Node | None) -> str:
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", "replace")


def walk(node: Node) -> Iterator[Node]:
    """Every node under ``node`` (itself included), in document order, without recursion."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def string_value(node: Node | None) -> str | None:
    """The value of a string literal or a template without substitutions."""
    if node is None or node.type not in STRING_TYPES:
        return None
    if any(child.type == "template_substitution" for child in node.children):
        return text(node).strip("`")
    raw = text(node)
    return raw[1:-1] if len(raw) >= 2 else raw


def callee_name(call: Node) -> str:
    """``f`` of ``f(...)``, ``m`` of ``a.b.m(...)``; ``""`` otherwise."""
    func = call.child_by_field_name("function")
    if func is None:
        return ""
    if func.type == "identifier":
        return text(func)
    if func.type == "member_expression":
        return text(func.child_by_field_name("property"))
    return ""


def call_args(call: Node) -> list[Node]:
    args = call.child_by_field_name("arguments")
    if args is None:
        return []
    return [c for c in args.named_children if c.type != "comment"]


def first_error(root: Node) -> Node | None:
    for node in walk(root):
        if node.type == "ERROR" or node.is_missing:
            return node
    return None


def code_point_column(line_text: str, byte_column: int) -> int:
    """1-based code-point column of a UTF-8 byte offset within ``line_text``."""
    encoded = line_text.encode("utf-8")
    return len(encoded[:byte_column].decode("utf-8", "replace")) + 1


def decorator_name(decorator: Node) -> str:
    """``Body`` of ``@Body()``, ``Controller`` of ``@Controller('x')``."""
    for child in decorator.named_children:
        if child.type == "call_expression":
            return callee_name(child)
        if child.type == "identifier":
            return text(child)
        if child.type == "member_expression":
            return text(child.child_by_field_name("property"))
    return ""


def decorator_call(decorator: Node) -> Node | None:
    for child in decorator.named_children:
        if child.type == "call_expression":
            return child
    return None


def function_params(func: Node) -> list[Node]:
    params = func.child_by_field_name("parameters")
    if params is None:
        param = func.child_by_field_name("parameter")  # x => ...
        return [param] if param is not None else []
    return [p for p in params.named_children if p.type != "comment"]


def param_name(param: Node) -> str:
    """The bound name of a parameter (``req`` of ``req``, ``req: Request``, ``req = {}``)."""
    if param.type == "identifier":
        return text(param)
    for field in ("pattern", "left", "name"):
        inner = param.child_by_field_name(field)
        if inner is not None and inner.type == "identifier":
            return text(inner)
    return ""
