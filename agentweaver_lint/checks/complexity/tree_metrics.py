"""radon's complexity blocks and Halstead volume, and the module's string literals, in one walk.

radon measures a module with two recursive ``ast.NodeVisitor`` passes (``ComplexityVisitor``
and ``HalsteadVisitor`` of ``radon/visitors.py``) that dispatch every node through
``getattr`` and a method call; the Halstead one also builds a report per function that we
never read. One iterative walk over the shared tree applies both visitors' rules node by
node, for a fraction of the cost:

- radon's visitor scopes (a fresh ``ComplexityVisitor`` for every statement of a function or
  class body) become ``_Scope`` records, so closures, methods, inner classes, their
  complexity and their ``endline`` follow radon's rules, quirks included (an ``assert``
  counts 1 and hides its operands; decorators, arguments and class bases are not walked for
  complexity; an ``endline`` is the highest line a node starts on in the last statement);
- Halstead operands are radon's ``(function name, value)`` pairs in one set; an operand
  radon keys by the node object itself can never repeat, so it is only counted;
- the string literals (``Constant`` str/bytes and ``JoinedStr``, outermost only) are kept
  for the raw line counts (``raw_fast.py``).

Tests compare every block, the total complexity and the volume with radon's visitors.
"""

from __future__ import annotations

import ast
import math
from typing import Any, NamedTuple

from agentweaver_lint.checks.complexity.node_kinds import (
    AUGASSIGN,
    BINARY,
    BOOLOP,
    CHILD_FIELDS,
    CLASS,
    COMPARE,
    COMPREHENSION,
    CONSTANT,
    FSTRING,
    FSTRING_END,
    FSTRING_END_MARK,
    FUNCTION,
    IF,
    KINDS,
    LOOP,
    MATCH,
    PLAIN,
    PLAIN_NO_LINE,
    SKIP,
    TRY,
    UNARY,
)

StringSpan = tuple[int, int, int, int]
"""A string literal's ``(lineno, col_offset, end_lineno, end_col_offset)`` as the AST gives
it (1-based lines, UTF-8 byte columns); implicitly concatenated literals are one span."""

_TEXT_TYPES = (str, bytes)


class Block(NamedTuple):
    """One block of radon's ``ComplexityVisitor.blocks``: a function, a method or a class."""

    name: str
    lineno: int
    col_offset: int
    endline: int
    complexity: int
    classname: str | None
    kind: str
    """``function``, ``method`` or ``class``."""

    @property
    def is_method(self) -> bool:
        return self.kind == "method"

    @property
    def fullname(self) -> str:
        return self.name if self.classname is None else f"{self.classname}.{self.name}"


class TreeMetrics(NamedTuple):
    blocks: tuple[Block, ...]
    """In radon's order: functions, then each class followed by its methods."""
    total_complexity: int
    halstead_volume: float
    strings: list[StringSpan]


class _Class(NamedTuple):
    block: Block  # complexity: radon's real_complexity
    methods: list[Block]


class _Scope:
    """What one radon ``ComplexityVisitor`` accumulates. The walk meets a scope's functions
    and classes last first (it pops a stack), so their lists are reversed when read."""

    __slots__ = ("classes", "classname", "complexity", "functions", "max_line")

    def __init__(self, classname: str | None, complexity: int) -> None:
        self.classname = classname  # the class whose body this is (radon's to_method)
        self.complexity = complexity
        self.functions: list[Block] = []
        self.classes: list[_Class] = []
        self.max_line: float = -math.inf


def _match_complexity(node: Any) -> int:
    """radon: one per case, less one if any case is a bare capture (``case _``/``case x``)."""
    cases = node.cases
    catch_all = any(getattr(case.pattern, "pattern", False) is None for case in cases)
    return max(0, len(cases) - catch_all)


def _besides_body(node: Any) -> list[Any]:
    """The children of a def or class outside its body (decorators, arguments, bases...)."""
    found: list[Any] = []
    for field in CHILD_FIELDS[node.__class__]:
        if field != "body":
            value = getattr(node, field)
            found.extend(value if value.__class__ is list else [value])
    return found


def _push_children(node: Any, stack: list[Any]) -> None:
    for field in CHILD_FIELDS[node.__class__]:
        value = getattr(node, field)
        if value.__class__ is list:
            stack.extend(value)
        elif value is not None:
            stack.append(value)


class _Walker:
    def __init__(self) -> None:
        self.operators: set[str] = set()
        self.operands: set[tuple[str | None, Any]] = set()
        self.unique_operands = 0  # radon keys these by node identity: each is distinct
        self.operator_count = 0
        self.operand_count = 0
        self.strings: list[StringSpan] = []
        self.fstring_depth = 0

    def scope(self, roots: list[Any], scope: _Scope, track: bool, context: str | None) -> None:
        """Walk ``roots`` as radon's visitor ``scope`` would, with Halstead operands keyed
        by ``context`` (the innermost function). ``track``: record ``max_line``."""
        stack = list(roots)
        pop, kinds, strings = stack.pop, KINDS, self.strings
        complexity = 0
        max_line = scope.max_line
        while stack:
            node = pop()
            kind = kinds.get(node.__class__, SKIP)
            if kind <= CONSTANT:  # a leaf, or a value that is not a node
                if kind != SKIP:
                    if track and node.lineno > max_line:
                        max_line = node.lineno
                    if (
                        kind == CONSTANT
                        and node.value.__class__ in _TEXT_TYPES
                        and not self.fstring_depth
                    ):
                        strings.append(
                            (node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)
                        )
                continue
            if kind == PLAIN:
                if track and node.lineno > max_line:
                    max_line = node.lineno
            elif kind == COMPREHENSION:
                complexity += len(node.ifs) + 1
            elif kind != PLAIN_NO_LINE:
                if kind > FSTRING:  # assert, def, class, f-string end: no generic descent
                    complexity += self._own_children(node, kind, scope, context)
                    continue
                if track and node.lineno > max_line:
                    max_line = node.lineno
                complexity += self._decision(node, kind, context, stack)
            _push_children(node, stack)
        scope.complexity += complexity
        scope.max_line = max_line

    def _decision(self, node: Any, kind: int, context: str | None, stack: list[Any]) -> int:
        """radon's complexity increment for ``node`` (Halstead counted on the way)."""
        if kind == IF:
            return 1
        if kind == LOOP:
            return 1 + bool(node.orelse)
        if kind == TRY:
            return len(node.handlers) + bool(node.orelse)
        if kind == MATCH:
            return _match_complexity(node)
        if kind == FSTRING:
            if not self.fstring_depth:
                self.strings.append(
                    (node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)
                )
            self.fstring_depth += 1  # its parts are not string tokens of their own
            stack.append(FSTRING_END_MARK)
            return 0
        self._halstead(node, kind, context)
        return len(node.values) - 1 if kind == BOOLOP else 0

    def _own_children(self, node: Any, kind: int, scope: _Scope, context: str | None) -> int:
        if kind == FUNCTION:
            self._function(node, scope)
            return 0
        if kind == CLASS:
            self._class(node, scope, context)
            return 0
        if kind == FSTRING_END:
            self.fstring_depth -= 1
            return 0
        # assert: radon's complexity visitor counts 1 and stops; Halstead walks on.
        self.scope([node.test, node.msg], _Scope(None, 0), False, context)
        return 1

    def _halstead(self, node: Any, kind: int, context: str | None) -> None:
        if kind == COMPARE:
            self.operator_count += len(node.ops)
            self.operators.update(op.__class__.__name__ for op in node.ops)
            values = [*node.comparators, node.left]
        else:
            self.operator_count += 1
            self.operators.add(node.op.__class__.__name__)
            if kind == BINARY:
                values = [node.left, node.right]
            elif kind == UNARY:
                values = [node.operand]
            elif kind == AUGASSIGN:
                values = [node.target, node.value]
            else:
                values = node.values
        self.operand_count += len(values)
        for value in values:
            cls = value.__class__
            if cls is ast.Name:
                self.operands.add((context, value.id))
            elif cls is ast.Attribute:
                self.operands.add((context, value.attr))
            elif cls is ast.Constant:
                self.operands.add((context, value.value))
            else:
                self.unique_operands += 1

    def _function(self, node: Any, scope: _Scope) -> None:
        # Neither radon visitor looks past the body; its other parts only hold strings.
        self._strings_only(_besides_body(node))
        complexity = 1
        last = _Scope(None, 0)
        for child in node.body:
            last = _Scope(None, 0)
            self.scope([child], last, child is node.body[-1], node.name)
            complexity += last.complexity  # closures do not add up
        kind = "function" if scope.classname is None else "method"
        endline = int(max(node.lineno, last.max_line))
        block = Block(
            node.name, node.lineno, node.col_offset, endline, complexity, scope.classname, kind
        )
        scope.functions.append(block)

    def _class(self, node: Any, scope: _Scope, context: str | None) -> None:
        # Halstead walks bases, keywords and decorators; the complexity visitor does not.
        self.scope(_besides_body(node), _Scope(None, 0), False, context)
        methods: list[Block] = []
        complexity = 1
        endline: float = node.lineno
        for child in node.body:
            inner = _Scope(node.name, 0)
            self.scope([child], inner, True, context)
            found = inner.functions[::-1]
            methods.extend(found)
            complexity += inner.complexity + sum(f.complexity for f in found)
            endline = max(endline, inner.max_line, *(f.endline for f in found))
        block = Block(
            node.name, node.lineno, node.col_offset, int(endline), complexity, None, "class"
        )
        scope.classes.append(_Class(block, methods))

    def _strings_only(self, roots: list[Any]) -> None:
        stack = list(roots)
        while stack:
            node = stack.pop()
            kind = KINDS.get(node.__class__, SKIP)
            if kind == FSTRING or (kind == CONSTANT and node.value.__class__ in _TEXT_TYPES):
                self.strings.append(
                    (node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)
                )
            elif kind > CONSTANT:
                _push_children(node, stack)

    def volume(self) -> float:
        """radon's ``halstead_visitor_report(...).volume``, the same float operations."""
        distinct = len(self.operators) + len(self.operands) + self.unique_operands
        length = self.operator_count + self.operand_count
        return length * math.log(distinct, 2) if distinct != 0 else 0


def _blocks(scope: _Scope) -> tuple[Block, ...]:
    blocks = scope.functions[::-1]
    for cls in scope.classes[::-1]:
        methods, real = cls.methods, cls.block.complexity
        # radon's Class.complexity: the methods' mean, plus one if there are several.
        average = int(real / float(len(methods))) + (len(methods) > 1) if methods else real
        blocks.append(cls.block._replace(complexity=average))
        blocks.extend(methods)
    return tuple(blocks)


def measure_tree(tree: ast.Module) -> TreeMetrics:
    """radon's ``ComplexityVisitor.from_ast(tree)`` blocks and total complexity, and
    ``h_visit_ast(tree).total.volume``, with the module's string literals."""
    walker = _Walker()
    module = _Scope(None, 1)
    walker.scope(list(tree.body), module, False, None)
    total = (
        module.complexity
        + sum(f.complexity for f in module.functions)
        - len(module.functions)
        + sum(c.block.complexity for c in module.classes)
        - len(module.classes)
    )
    return TreeMetrics(_blocks(module), total, walker.volume(), walker.strings)
