"""Does a raw read inside a Python handler reach a validator before use?

A read is validated when it is an argument of a validator call (schema ``load``,
``model_validate``, ``Model(**data)``, a helper in the repository that validates), when it
is converted (``int(...)``, ``args.get(..., type=int)``), or when it is bound to a name
that later reaches a validator or whose form/serializer is checked with ``is_valid()``.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field

from agentweaver_lint.checks.validation.model import InputRead
from agentweaver_lint.checks.validation.pyindex import (
    FuncDef,
    PyIndex,
    PyModule,
    dotted_name,
    last_name,
)
from agentweaver_lint.checks.validation.pyvocab import (
    AUTH_WORDS,
    BOUND_CHECKS,
    CONVERTERS,
    DJANGO_ATTRS,
    FLASK_ATTRS,
    NOT_SCHEMAS,
    PYDANTIC_BASES,
    SANITIZERS,
    SCHEMA_LOADS,
    VALIDATE_FUNCS,
    VALIDATE_METHODS,
)
from agentweaver_lint.pyast import parents_of


@dataclass
class Judgement:
    validated: bool
    how: str
    unresolved: list[str] = field(default_factory=list)


def _in_call_args(call: ast.Call, node: ast.AST) -> bool:
    if any(kw is node for kw in call.keywords):
        return True
    for arg in [*call.args, *(kw.value for kw in call.keywords)]:
        if arg is node or any(sub is node for sub in ast.walk(arg)):
            return True
    return False


class PyFlow:
    """Validator recognition and read judgement, resolving helpers through the index."""

    def __init__(self, index: PyIndex) -> None:
        self.index = index
        self._validates_cache: dict[int, bool] = {}
        self._request_cache: dict[int, bool] = {}

    def forget(self) -> None:
        """Drop what was learnt about helpers, so the next judgement depends on nothing
        judged before it (a cached handler and a judged one then agree)."""
        self._validates_cache.clear()

    # --- what is a validator -----------------------------------------------------------
    def validator_call(self, module: PyModule, call: ast.Call, depth: int = 0) -> Judgement | None:
        """A Judgement if ``call`` validates its arguments; None if it is not a validator."""
        func = call.func
        name = last_name(func)
        dotted = dotted_name(func)
        if isinstance(func, ast.Attribute):
            receiver = dotted_name(func.value)
            if name in VALIDATE_METHODS:
                return Judgement(True, f"{name}()")
            if name in SCHEMA_LOADS and receiver.split(".")[0] not in NOT_SCHEMAS:
                return Judgement(True, f"schema {name}()")
        if name in VALIDATE_FUNCS or _says_valid(name):
            return Judgement(True, f"{name}()")
        if isinstance(func, ast.Attribute) and _says_valid(dotted_name(func.value).split(".")[-1]):
            return Judgement(True, f"{dotted}()")
        if name in SANITIZERS:
            return Judgement(True, f"checked by {name}()")
        if dotted in CONVERTERS or name in CONVERTERS:
            return Judgement(True, f"converted by {name}()")
        if not dotted or depth > 2:
            return None
        found = self.index.resolve(module, dotted)
        if found is None:
            return None
        if found.kind == "value" and isinstance(found.node, ast.Call):
            # schema = Schema({...}) (voluptuous), adapter = TypeAdapter(T): calling validates.
            if last_name(found.node.func) in ("Schema", "TypeAdapter", "All", "Any"):
                return Judgement(True, f"{dotted}() schema")
            return None
        if found.kind == "class" and isinstance(found.node, ast.ClassDef):
            bases = self.index.class_bases(found.module, found.node)
            if any(
                b.startswith(PYDANTIC_BASES) or b.split(".")[-1] in PYDANTIC_BASES for b in bases
            ):
                return Judgement(True, f"pydantic model {name}")
            return None
        if (
            found.kind == "function"
            and isinstance(found.node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and self.function_validates(found.module, found.node, depth + 1)
        ):
            return Judgement(True, f"validated in helper {dotted}()")
        return None

    def function_validates(self, module: PyModule, func: FuncDef, depth: int = 0) -> bool:
        """Whether a helper's body (nested functions included) calls a validator."""
        key = id(func)
        if key in self._validates_cache:
            return self._validates_cache[key]
        self._validates_cache[key] = False  # recursion guard
        result = False
        if depth <= 3:
            # The data must flow from a parameter into the validator: a helper that checks
            # something else (an id, a token) does not validate what it was given.
            flowing = _derived_names(func)
            for node in ast.walk(func):
                if (
                    isinstance(node, ast.Call)
                    and _mentions(node, flowing)
                    and self.validator_call(module, node, depth + 1)
                ):
                    result = True
                    break
        self._validates_cache[key] = result
        return result

    def validates_request(self, module: PyModule, func: FuncDef) -> bool:
        """Whether ``func`` (a hook, ``dispatch()``, a decorator and its wrappers) reads the
        request's data and validates it — not merely calls something named ``validate_*``.

        Asked once per function: a base class's ``dispatch()`` is asked for every view."""
        key = id(func)
        if key not in self._request_cache:
            self._request_cache[key] = self._validates_request(module, func)
        return self._request_cache[key]

    def _validates_request(self, module: PyModule, func: FuncDef) -> bool:
        flask = {local for local, target in module.imports.items() if target == "flask.request"}
        parents = parents_of(func)
        for node in ast.walk(func):
            if not isinstance(node, ast.Attribute) or not isinstance(node.ctx, ast.Load):
                continue
            base = node.value
            is_flask = isinstance(base, ast.Name) and base.id in flask and node.attr in FLASK_ATTRS
            is_django = node.attr in DJANGO_ATTRS and (
                (isinstance(base, ast.Name) and "request" in base.id)
                or (isinstance(base, ast.Attribute) and base.attr == "request")
            )
            if not (is_flask or is_django):
                continue
            read: ast.AST = node
            parent = parents.get(node)
            if isinstance(parent, ast.Call) and parent.func is node:
                read = parent
            owner = _enclosing_function(func, read, parents)
            verdict = self.judge(module, owner, read, parents)
            if verdict.validated and not verdict.how.startswith("converted"):
                return True
        return False

    def decorator_validates(self, module: PyModule, decorator: ast.expr) -> str | None:
        """Why a decorator validates the request (webargs, smorest, a repo decorator), or None."""
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = last_name(target)
        if name in {
            "use_args",
            "use_kwargs",
            "arguments",
            "input",
            "expects_json",
            "accepts",
            "validate_request",
            "validate_json",
            "validate_body",
            "validate_querystring",
            "body",
            "querystring",
        } or (_says_valid(name) and not any(word in name.lower() for word in AUTH_WORDS)):
            return f"decorator @{name}"
        if (
            name == "expect"
            and isinstance(decorator, ast.Call)
            and any(kw.arg == "validate" for kw in decorator.keywords)
        ):
            return "decorator @expect(validate=True)"
        dotted = dotted_name(target)
        found = self.index.resolve(module, dotted) if dotted else None
        if (
            found
            and found.kind == "function"
            and isinstance(found.node, (ast.FunctionDef, ast.AsyncFunctionDef))
        ) and self.validates_request(found.module, found.node):
            return f"decorator @{dotted} validates"
        return None

    # --- judging one read ----------------------------------------------------------------
    def judge(
        self, module: PyModule, func: FuncDef, read: ast.AST, parents: Mapping[ast.AST, ast.AST]
    ) -> Judgement:
        unresolved: list[str] = []
        node: ast.AST = read
        while node in parents and not isinstance(node, ast.stmt):
            parent = parents[node]
            if isinstance(parent, ast.Call):
                verdict = self._judge_call(module, parent, node, unresolved)
                if verdict is not None:
                    return verdict
            if isinstance(parent, ast.comprehension) and parent.iter is node:
                owner = parents.get(parent)
                if owner is not None:
                    verdict = self._follow_names(
                        module, owner, _names_in(parent.target), owner, 0, unresolved
                    )
                    if verdict is not None:
                        return verdict
            node = parent
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            names = _target_names(node)
            verdict = self._follow_names(module, func, names, node, 0, unresolved)
            if verdict is not None:
                return verdict
        if isinstance(node, (ast.For, ast.AsyncFor)) and _inside(node.iter, read):
            verdict = self._follow_names(module, func, _names_in(node.target), node, 0, unresolved)
            if verdict is not None:
                return verdict
        return Judgement(False, "read raw", unresolved)

    def _judge_call(
        self, module: PyModule, call: ast.Call, child: ast.AST, unresolved: list[str]
    ) -> Judgement | None:
        if call.func is child:
            # request.args.get("page", type=int): Flask's converter.
            typed = any(kw.arg == "type" for kw in call.keywords) or len(call.args) >= 3
            if isinstance(child, ast.Attribute) and child.attr in ("get", "getlist") and typed:
                return Judgement(True, "converted by .get(type=...)")
            return None
        if not _in_call_args(call, child):
            return None
        verdict = self.validator_call(module, call)
        if verdict is not None:
            return verdict
        dotted = dotted_name(call.func)
        if dotted and _looks_like_validation(dotted) and self.index.resolve(module, dotted) is None:
            unresolved.append(dotted)
        return None

    def _follow_names(
        self,
        module: PyModule,
        func: ast.AST,
        names: set[str],
        stmt: ast.AST,
        depth: int,
        unresolved: list[str],
    ) -> Judgement | None:
        if not names or depth > 2:
            return None
        after = getattr(stmt, "lineno", 0)
        for node in ast.walk(func):
            if not isinstance(node, ast.Call) or getattr(node, "lineno", 0) < after:
                continue
            func_node = node.func
            if (
                isinstance(func_node, ast.Attribute)
                and isinstance(func_node.value, ast.Name)
                and func_node.value.id in names
                and func_node.attr in BOUND_CHECKS
            ):
                return Judgement(True, f"{func_node.value.id}.{func_node.attr}()")
            uses = [n for n in ast.walk(node) if isinstance(n, ast.Name) and n.id in names]
            if any(_in_call_args(node, use) for use in uses):
                verdict = self.validator_call(module, node)
                if verdict is not None:
                    return verdict
        # one hop: data = request.json; payload = transform(data); schema.load(payload)
        for node in ast.walk(func):
            if (
                isinstance(node, ast.Assign)
                and node is not stmt
                and node.lineno >= after
                and any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(node.value))
            ):
                verdict = self._follow_names(
                    module, func, _target_names(node) - names, node, depth + 1, unresolved
                )
                if verdict is not None:
                    return verdict
        return None


def _derived_names(func: FuncDef) -> set[str]:
    """The function's parameters and the names assigned from them (in source order)."""
    args = func.args
    names = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]} - {"self", "cls"}
    if args.vararg:
        names.add(args.vararg.arg)
    if args.kwarg:
        names.add(args.kwarg.arg)
    for node in ast.walk(func):
        if (
            isinstance(node, (ast.Assign, ast.AnnAssign))
            and node.value is not None
            and _names_in(node.value) & names
        ):
            names |= _target_names(node)
    return names


def _mentions(call: ast.Call, names: set[str]) -> bool:
    receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
    parts = [*call.args, *(kw.value for kw in call.keywords)]
    if receiver is not None:
        parts.append(receiver)
    return any(_names_in(part) & names for part in parts)


def _enclosing_function(
    outer: FuncDef, node: ast.AST, parents: Mapping[ast.AST, ast.AST]
) -> FuncDef:
    current = parents.get(node)
    while current is not None and current is not outer:
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return current
        current = parents.get(current)
    return outer


def _says_valid(name: str) -> bool:
    lowered = name.lower()
    return "valid" in lowered and "invalid" not in lowered


def _looks_like_validation(dotted: str) -> bool:
    last = dotted.split(".")[-1].lower()
    return any(word in last for word in ("valid", "schema", "check", "clean", "parse", "verify"))


def _inside(root: ast.AST, node: ast.AST) -> bool:
    return any(sub is node for sub in ast.walk(root))


def _names_in(target: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}


def _target_names(stmt: ast.AST) -> set[str]:
    if isinstance(stmt, ast.Assign):
        return set().union(*(_names_in(t) for t in stmt.targets))
    if isinstance(stmt, (ast.AnnAssign, ast.AugAssign)):
        return _names_in(stmt.target)
    return set()


def make_read(
    path: str, source: str, node: ast.AST, judgement: Judgement, lines: list[str]
) -> InputRead:
    line = getattr(node, "lineno", 1)
    col = getattr(node, "col_offset", 0)
    end_col = getattr(node, "end_col_offset", col) or col
    end_line = getattr(node, "end_lineno", line)
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    # ast offsets are UTF-8 bytes; report code points.
    encoded = text.encode("utf-8")
    column = len(encoded[:col].decode("utf-8", "replace")) + 1
    end_column = (
        len(encoded[:end_col].decode("utf-8", "replace")) + 1 if end_line == line else column
    )
    return InputRead(
        source,
        path,
        line,
        column,
        end_column,
        judgement.validated,
        judgement.how,
        key=ast.unparse(node),
    )
