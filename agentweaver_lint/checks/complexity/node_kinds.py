"""What the one-pass walk (``tree_metrics.py``) does with each AST node class.

Every class of the running interpreter's ``ast`` module gets a kind (a small int, compared
in the hot loop) and the fields that may hold child nodes. Fields that only ever hold
names, numbers or flags are left out so the walk never pushes them; a field kept here that
turns out to hold a plain value is harmless (the walk skips anything that is not a node), so
an unknown future field can only cost time, never a count.
"""

from __future__ import annotations

import ast

# Leaves: nothing below them matters. SKIP is also the kind of every non-node value.
SKIP, NAME, CONSTANT = 0, 1, 2
# Nodes the walk only descends into (with or without a line number radon would record).
PLAIN, PLAIN_NO_LINE = 3, 4
COMPREHENSION = 5  # radon: 1 + its ifs; no line number
# Nodes radon counts (complexity and/or Halstead), then descends into; all have lineno.
IF, LOOP, TRY, BOOLOP, MATCH, BINARY, UNARY, AUGASSIGN, COMPARE, FSTRING = range(6, 16)
# Nodes whose children radon's ComplexityVisitor handles itself (or a walk marker).
ASSERT, FUNCTION, CLASS, FSTRING_END = range(16, 20)

_SPECIAL = {
    "Name": NAME,
    "Constant": CONSTANT,
    "comprehension": COMPREHENSION,
    "If": IF,
    "IfExp": IF,
    "For": LOOP,
    "AsyncFor": LOOP,
    "While": LOOP,
    "Try": TRY,  # not TryStar: radon counts only nodes named Try/TryExcept
    "BoolOp": BOOLOP,
    "Match": MATCH,
    "BinOp": BINARY,
    "UnaryOp": UNARY,
    "AugAssign": AUGASSIGN,
    "Compare": COMPARE,
    "JoinedStr": FSTRING,
    "Assert": ASSERT,
    "FunctionDef": FUNCTION,
    "AsyncFunctionDef": FUNCTION,
    "ClassDef": CLASS,
}

# Operators and expression contexts are read from their parent (node.op), never walked;
# type_ignores only exist with type_comments=True and radon never sees a line in them.
_NEVER_WALKED = frozenset({"ctx", "op", "ops", "kind", "type_comment", "type_ignores"})
_VALUE_FIELDS = {
    "Constant": {"value"},
    "MatchSingleton": {"value"},
    "Name": {"id"},
    "Attribute": {"attr"},
    "FunctionDef": {"name"},
    "AsyncFunctionDef": {"name"},
    "ClassDef": {"name"},
    "arg": {"arg"},
    "keyword": {"arg"},
    "alias": {"name", "asname"},
    "ImportFrom": {"module", "level"},
    "Global": {"names"},
    "Nonlocal": {"names"},
    "AnnAssign": {"simple"},
    "FormattedValue": {"conversion"},
    "comprehension": {"is_async"},
    "ExceptHandler": {"name"},
    "MatchStar": {"name"},
    "MatchAs": {"name"},
    "MatchMapping": {"rest"},
    "MatchClass": {"kwd_attrs"},
    "TypeVar": {"name"},
    "ParamSpec": {"name"},
    "TypeVarTuple": {"name"},
}


class FStringEnd:
    """Pushed below an f-string's children: popping it means the walk left the f-string."""


FSTRING_END_MARK = FStringEnd()


def _node_classes() -> list[type[ast.AST]]:
    found: list[type[ast.AST]] = []
    todo: list[type[ast.AST]] = [ast.AST]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def _tables() -> tuple[dict[type, int], dict[type, tuple[str, ...]]]:
    kinds: dict[type, int] = {FStringEnd: FSTRING_END}
    fields: dict[type, tuple[str, ...]] = {FStringEnd: ()}
    for cls in _node_classes():
        name = cls.__name__
        skipped = _NEVER_WALKED | _VALUE_FIELDS.get(name, set())
        fields[cls] = tuple(f for f in cls._fields if f not in skipped)
        if name in _SPECIAL:
            kinds[cls] = _SPECIAL[name]
        elif not cls._fields and not cls._attributes:
            kinds[cls] = SKIP  # operators, contexts and abstract bases
        else:
            kinds[cls] = PLAIN if "lineno" in cls._attributes else PLAIN_NO_LINE
    return kinds, fields


KINDS, CHILD_FIELDS = _tables()
"""Kind and child fields of every node class (and of the f-string end marker)."""
