"""The one-walk blocks, total complexity and Halstead volume equal radon's visitors'."""

from __future__ import annotations

import ast

import pytest
from cpx_sources import (
    Module,
    fixture_modules,
    our_blocks,
    own_modules,
    radon_blocks,
    stdlib_sample,
)

from agentweaver_lint.checks.complexity.tree_metrics import measure_tree


def _assert_equal_radon(modules: list[Module]) -> int:
    from radon.metrics import h_visit_ast
    from radon.visitors import ComplexityVisitor

    blocks = 0
    for name, _text, tree in modules:
        visitor = ComplexityVisitor.from_ast(tree)
        metrics = measure_tree(tree)
        assert our_blocks(metrics) == radon_blocks(visitor), name
        assert metrics.total_complexity == visitor.total_complexity, name
        assert metrics.halstead_volume == h_visit_ast(tree).total.volume, name
        blocks += len(metrics.blocks)
    return blocks


def test_fixtures_and_tricky_layouts_equal_radon() -> None:
    modules = fixture_modules()
    assert any(name.endswith("layouts/blocks.py") for name, _t, _tree in modules)
    assert _assert_equal_radon(modules) > 30


def test_our_sources_equal_radon() -> None:
    assert _assert_equal_radon(own_modules()) > 500


def test_stdlib_sample_equals_radon() -> None:
    modules = stdlib_sample()
    assert len(modules) > 200
    assert _assert_equal_radon(modules) > 1000


@pytest.mark.parametrize(
    "source",
    [
        "",
        "x = 1",
        "class A: pass",
        "def f(): pass",
        "def f():\n    def g():\n        return 1\n",  # last statement a def: endline = def
        "def f(x):\n    assert x and x\n",  # last statement an assert: endline = def
        "def f(x):\n    return (x +\n            1)\n",  # endline: last line a node starts on
        "class A:\n    def f(self): pass\n    def g(self): pass\n    class B:\n"
        "        def h(self):\n            if self: pass\n",
        "import os, \\\n    sys\ndef f():\n    from os import (path,\n                    sep)\n",
        "f = lambda x=1 if a else 2: x or y and z\n",
        "if a:\n    def f(): pass\nelse:\n    class C:\n        def m(self): pass\n",
        "async def f():\n    async with a:\n        async for x in y:\n            pass\n",
        "x = f'{a if b else c} {d + e!r:{w}}' 'plain'\n",
        "def f(a, /, b, *, c=-1, **d) -> 'T':\n    return ~a @ b ** c // d\n",
        "try:\n    pass\nexcept* E:\n    pass\nelse:\n    pass\n",
        "match p:\n    case [1, *_] | (2, _):\n        pass\n    case {'k': v, **rest}:\n        pass\n",
    ],
)
def test_small_modules_equal_radon(source: str) -> None:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        pytest.skip("not valid Python on this interpreter")
    _assert_equal_radon([("snippet", source, tree)])


def test_blocks_read_like_radons() -> None:
    tree = ast.parse("class A:\n    def m(self): pass\ndef f(): pass\n")
    method = measure_tree(tree).blocks[-1]
    assert (method.fullname, method.kind, method.is_method) == ("A.m", "method", True)
    function = measure_tree(tree).blocks[0]
    assert (function.fullname, function.kind, function.is_method) == ("f", "function", False)
