"""Tree-sitter parsing of JavaScript/TypeScript for the ERR and DOC families (lazy imports)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agentweaver_lint.checks.base import FileContext

JS_LANGUAGES = frozenset({"javascript", "typescript", "tsx"})
LANGUAGE_NAMES = {"javascript": "JavaScript", "typescript": "TypeScript", "tsx": "TypeScript (TSX)"}


@lru_cache(maxsize=4)
def parser_for(language: str) -> Any:
    from tree_sitter import Language, Parser

    if language == "javascript":
        import tree_sitter_javascript as javascript

        return Parser(Language(javascript.language()))
    import tree_sitter_typescript as typescript

    grammar = typescript.language_tsx() if language == "tsx" else typescript.language_typescript()
    return Parser(Language(grammar))


GENERATED_DIRS = frozenset({"dist", "build", ".next", ".nuxt", "out", "coverage", "public"})
GENERATED_SUFFIXES = (".bundle.js", ".chunk.js", ".min.mjs", ".min.cjs", ".d.ts")
MINIFIED_LINE = 1000


def generated_path(path: str) -> bool:
    """Build output and bundles by path: ``dist/``, ``build/``, ``*.bundle.js``, ``*.d.ts``."""
    parts = path.split("/")
    return any(p in GENERATED_DIRS for p in parts[:-1]) or path.endswith(GENERATED_SUFFIXES)


def minified(lines: list[str]) -> bool:
    """A bundle: a few very long lines (checked on content after the path test)."""
    long_lines = sum(1 for line in lines if len(line) > MINIFIED_LINE)
    return long_lines > 0 and long_lines * 20 >= len(lines)


def _first_error(node: Any) -> Any:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == "ERROR" or current.is_missing:
            return current
        if current.has_error:
            stack.extend(reversed(current.children))
    return node


def parse(ctx: FileContext, report_errors: bool = True) -> Any | None:
    """The root node of the file, or None (after reporting AWL001) when it does not parse.

    ``report_errors=False`` when another of our checks on the same file reports it already.
    """
    language = ctx.file.language or "javascript"
    if minified(ctx.file.lines):
        ctx.count("minified_skipped")
        return None
    tree = parser_for(language).parse(ctx.file.text.encode("utf-8"))
    root = tree.root_node
    if root.has_error:
        if not report_errors:
            return None
        bad = _first_error(root)
        line, column = position(ctx.file.lines, bad.start_point)
        ctx.parse_error(
            ctx.file.path,
            line,
            column,
            LANGUAGE_NAMES.get(language, language),
            "syntax error" if bad.type == "ERROR" else f"missing {bad.type}",
        )
        return None
    return root


def position(lines: list[str], point: Any) -> tuple[int, int]:
    """1-based line and code-point column of a tree-sitter (row, byte column) point."""
    row, byte_column = point[0], point[1]
    text = lines[row] if row < len(lines) else ""
    return row + 1, len(text.encode("utf-8")[:byte_column].decode("utf-8", "replace")) + 1


def text(node: Any) -> str:
    return bytes(node.text or b"").decode("utf-8", "replace")


def walk(node: Any, skip: frozenset[str] = frozenset()) -> Iterator[Any]:
    """Pre-order walk; children of node types in ``skip`` are not entered (the node is yielded)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if current.type not in skip or current is node:
            stack.extend(reversed(current.children))
