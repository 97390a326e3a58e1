"""The statement walk finds exactly the statements ``ast.walk`` finds, in source order."""

from __future__ import annotations

import ast
from pathlib import Path

import agentweaver_lint
from agentweaver_lint.pyast import statements

TRICKY = """
import a
def f():
    import b
    class C:
        import c
        def g(self):
            with x:
                for i in y:
                    while z:
                        if q:
                            import d
                        else:
                            import e
                    else:
                        import f2
            try:
                import g2
            except E:
                import h
            else:
                import i
            finally:
                import j
    lam = lambda: [k for k in range(3)]
match v:
    case 1:
        import m
    case _:
        pass
async def h():
    async with a:
        async for b in c:
            import n
"""


def _expected(tree: ast.AST) -> list[ast.stmt]:
    found = [n for n in ast.walk(tree) if isinstance(n, ast.stmt)]
    return sorted(found, key=lambda n: (n.lineno, n.col_offset))


def test_statements_equal_ast_walk_on_tricky_layout() -> None:
    tree = ast.parse(TRICKY)
    got = list(statements(tree))
    assert got == _expected(tree)
    imports = [n for n in got if isinstance(n, ast.Import)]
    assert [n.names[0].name for n in imports] == [
        "a",
        "b",
        "c",
        "d",
        "e",
        "f2",
        "g2",
        "h",
        "i",
        "j",
        "m",
        "n",
    ]


def test_statements_equal_ast_walk_on_our_sources() -> None:
    root = Path(agentweaver_lint.__file__).parent
    checked = 0
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert list(statements(tree)) == _expected(tree), path
        checked += 1
    assert checked > 50
