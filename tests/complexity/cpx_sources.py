"""Modules the CPX parity tests measure with radon and with us, and both sides' views."""

from __future__ import annotations

import ast
import functools
import sysconfig
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from agentweaver_lint.checks.complexity.tree_metrics import TreeMetrics

FIXTURES = Path(__file__).parent.parent / "fixtures" / "complexity"
LAYOUTS = FIXTURES / "layouts"
PACKAGE = Path(__file__).parents[2] / "agentweaver_lint"

Module = tuple[str, str, ast.Module]
"""``(name, text, tree)``."""


def parsed(paths: Iterable[Path]) -> list[Module]:
    """The modules among ``paths`` that this interpreter parses (``except*`` needs 3.11).
    The lists below are cached for the session: tests only read them."""
    found = []
    for path in sorted(paths):
        text = path.read_text("utf-8", errors="replace")
        try:
            found.append((str(path), text, ast.parse(text)))
        except SyntaxError:
            continue
    return found


@functools.cache
def fixture_modules() -> list[Module]:
    return parsed(FIXTURES.rglob("*.py"))


@functools.cache
def own_modules() -> list[Module]:
    return parsed(PACKAGE.rglob("*.py"))


@functools.cache
def stdlib_sample() -> list[Module]:
    """Every fifth stdlib module of at most 24 kB (radon's raw count is quadratic in a
    statement's length, so the large data tables would cost minutes): ~290 modules."""
    root = Path(sysconfig.get_paths()["stdlib"])
    paths = sorted(
        path
        for path in root.rglob("*.py")
        if not {"site-packages", "dist-packages"} & set(path.relative_to(root).parts)
        and path.stat().st_size <= 24_000
    )
    return parsed(paths[::5])


def radon_blocks(visitor: Any) -> list[tuple[Any, ...]]:
    """radon's blocks as the fields CPX001 reads, in radon's order."""
    from radon.visitors import Function

    return [
        (
            block.name,
            block.fullname,
            block.lineno,
            block.col_offset,
            block.endline,
            isinstance(block, Function) and block.is_method,
            block.classname if isinstance(block, Function) else None,
            block.complexity,
            ("method" if block.is_method else "function")
            if isinstance(block, Function)
            else "class",
        )
        for block in visitor.blocks
    ]


def our_blocks(metrics: TreeMetrics) -> list[tuple[Any, ...]]:
    return [
        (
            block.name,
            block.fullname,
            block.lineno,
            block.col_offset,
            block.endline,
            block.is_method,
            block.classname,
            block.complexity,
            block.kind,
        )
        for block in metrics.blocks
    ]
