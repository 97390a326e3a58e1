"""js_imports enters only subtrees that can hold an import or an error, and finds what a walk
of every node finds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from agentweaver_lint.checks.stack.imports import _import_source, _parser, js_imports

FIXTURES = Path(__file__).parents[1] / "fixtures"
TRICKY = [
    "import a from 'a';\nexport { b } from \"b\";\nconst c = require('c');\n",
    "(function () { var x = {k: function () { return require('deep'); }}; })();\n",
    "async function f() { const m = await import('dyn'); }\nconst s = 'import x from y';\n",
    "const broken = (;\nimport z from 'z';\n",
    "function g( { return require('after-error') }\n",
    "// require('in-comment')\nexport default 1;\n",
]


def _every_node(text: str, language: str) -> tuple[list[tuple[str, int, int]], Any]:
    data = text.encode()
    tree = _parser(language).parse(data)
    found: list[tuple[str, int, int]] = []
    error = None
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if error is None and (node.type == "ERROR" or node.is_missing):
            error = node.start_point
        source = _import_source(node)
        if source is not None:
            found.append((source, node.start_point[0] + 1, node.start_point[1] + 1))
        stack.extend(reversed(node.children))
    return sorted(found, key=lambda f: (f[1], f[2])), error


@pytest.mark.parametrize("index", range(len(TRICKY)))
def test_tricky_scripts(index: int) -> None:
    text = TRICKY[index]
    parsed = js_imports(text, "javascript")
    expected, error = _every_node(text, "javascript")
    assert [(i.module, i.line, i.column) for i in parsed.imports] == expected
    assert (parsed.error is None) == (error is None)
    if error is not None:
        assert parsed.error == (error[0] + 1, error[1] + 1)


def test_fixture_scripts_equal_a_walk_of_every_node() -> None:
    compared = 0
    for path in sorted(FIXTURES.rglob("*")):
        if path.suffix not in (".js", ".ts") or not path.is_file():
            continue
        text = path.read_text("utf-8")
        language = "typescript" if path.suffix == ".ts" else "javascript"
        parsed = js_imports(text, language)
        expected, _error = _every_node(text, language)
        assert [(i.module, i.line, i.column) for i in parsed.imports] == expected, path
        compared += len(expected)
    assert compared >= 20
