"""Which function each uncovered line belongs to (for COV002's messages).

Python files use the workspace's shared AST (qualified names, decorators included in the
span); other files use the function data of their report (Istanbul ``fnMap``, LCOV ``FN``,
Cobertura ``<method>``, coverage.py JSON regions). A line belongs to the innermost span.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from agentweaver_lint.checks.coverage.model import FileCoverage, FunctionSpan


@dataclass
class Located:
    """A function (or the module level when ``name`` is empty) with its uncovered lines."""

    name: str
    line: int
    column: int
    missed: list[int]
    partial: list[int]


def python_functions(tree: ast.Module) -> list[tuple[FunctionSpan, int]]:
    """(span with qualified name, column of ``def``) for every function, outermost first."""
    out: list[tuple[FunctionSpan, int]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                start = min([child.lineno] + [d.lineno for d in child.decorator_list])
                end = child.end_lineno or child.lineno
                name = f"{prefix}{child.name}"
                out.append((FunctionSpan(name, start, end), child.col_offset + 1))
                visit(child, f"{name}.<locals>.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(tree, "")
    return out


def locate_missing(entry: FileCoverage, spans: list[tuple[FunctionSpan, int]]) -> list[Located]:
    """Group a file's missed lines and partial branches by innermost function."""
    missed, partial = entry.missed_lines, entry.partial_lines
    last = max([0, *entry.lines, *(s.end for s, _ in spans)])
    ordered = sorted(spans, key=lambda item: (item[0].start, -(item[0].end or last)))
    groups: dict[int, Located] = {}
    module = Located("", 0, 1, [], [])

    def owner(line: int) -> Located:
        best: tuple[FunctionSpan, int] | None = None
        for index, (span, column) in enumerate(ordered):
            end = span.end or _implicit_end(ordered, index, last)
            if span.start <= line <= end:
                best = (span, column)
        if best is None:
            return module
        span, column = best
        return groups.setdefault(id(span), Located(span.name, span.start, column, [], []))

    for line in missed:
        owner(line).missed.append(line)
    for line in partial:
        owner(line).partial.append(line)
    located = sorted(groups.values(), key=lambda item: item.line)
    if module.missed or module.partial:
        first = min(module.missed + module.partial)
        located.append(Located("", first, 1, module.missed, module.partial))
    return located


def _implicit_end(ordered: list[tuple[FunctionSpan, int]], index: int, last: int) -> int:
    """A span without an end (LCOV ``FN:line,name``) runs until the next function starts."""
    start = ordered[index][0].start
    later = [span.start for span, _ in ordered[index + 1 :] if span.start > start]
    return min(later) - 1 if later else last
