"""Whether a raw read of ``req`` inside a JS/TS handler reaches a validator."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agentweaver_lint.checks.validation.jsindex import JsIndex, JsModule
from agentweaver_lint.checks.validation.jsparse import (
    FUNCTION_TYPES,
    call_args,
    callee_name,
    function_params,
    param_name,
    text,
    walk,
)
from agentweaver_lint.checks.validation.jsresolve import JsResolver, Ref
from agentweaver_lint.checks.validation.jsvocab import (
    CONVERTERS,
    NOT_SCHEMAS,
    READ_PROPERTIES,
    UNRESOLVED,
    VALIDATE_FUNCS,
    VALIDATE_METHODS,
    says_valid,
)
from agentweaver_lint.checks.validation.model import InputRead
from agentweaver_lint.checks.validation.pyvocab import AUTH_WORDS

if TYPE_CHECKING:
    from tree_sitter import Node


class JsFlow(JsResolver):
    """Validator recognition and read judgement, resolving names through the index."""

    def __init__(self, index: JsIndex) -> None:
        super().__init__(index)
        self._validates: dict[tuple[str, int], bool] = {}

    # --- validators ------------------------------------------------------------------------
    def validator_call(self, module: JsModule, call: Node, depth: int = 0) -> str | None:
        """Why ``call`` validates its arguments, or None."""
        func = call.child_by_field_name("function")
        if func is None:
            return None
        name = callee_name(call)
        if func.type == "member_expression":
            receiver = text(func.child_by_field_name("object")).split(".")[0]
            if name in VALIDATE_METHODS and receiver not in NOT_SCHEMAS:
                return f"{name}()"
            if says_valid(receiver.split("(")[0]):
                return f"{receiver}.{name}()"
        if (func.type == "identifier" and name in VALIDATE_FUNCS) or says_valid(name):
            return f"{name}()"
        if name in CONVERTERS:
            return f"converted by {name}()"
        if depth > 2 or func.type not in ("identifier", "member_expression"):
            return None
        found = self.function_of(self.resolve(module, func))
        if found is not None and self.function_validates(found, depth + 1):
            return f"validated in helper {text(func)}()"
        return None

    def function_validates(self, ref: Ref, depth: int = 0) -> bool:
        module, node = ref
        if node is None:
            return False
        key = (module.path, node.start_byte)
        if key in self._validates:
            return self._validates[key]
        self._validates[key] = False
        result = False
        if depth <= 3:
            # Only a validator fed from the helper's parameters validates what it was given.
            flowing = _derived_names(node)
            for inner in walk(node):
                if (
                    inner.type == "call_expression"
                    and _mentions(inner, flowing)
                    and self.validator_call(module, inner, depth + 1)
                ):
                    result = True
                    break
        self._validates[key] = result
        return result

    def checks_request(self, ref: Ref) -> bool:
        """Whether a middleware (or a factory returning one) validates ``req`` data: some
        function in it reads ``req.body``/``query``/``params`` and that read is validated."""
        module, node = ref
        if node is None:
            return False
        for inner in walk(node):
            if inner.type == "call_expression" and callee_name(inner) in (
                "validationResult",
                "matchedData",
            ):
                return True
            if inner.type not in FUNCTION_TYPES:
                continue
            request = request_param(inner)
            if request and any(
                read.validated for read in self.input_reads(module, inner, request, None)
            ):
                return True
        return False

    # --- reads -----------------------------------------------------------------------------
    def reads(self, func: Node, request: str) -> list[Node]:
        """``req.body``/``req.query``/``req.params`` and destructurings of them."""
        found: list[Node] = []
        for node in walk(func):
            if node.type == "member_expression":
                obj = node.child_by_field_name("object")
                prop = text(node.child_by_field_name("property"))
                if (
                    obj is not None
                    and obj.type == "identifier"
                    and text(obj) == request
                    and prop in READ_PROPERTIES
                    and not _assigned(node)
                    and not _presence_check(node)
                ):
                    found.append(node)
            elif node.type == "variable_declarator":
                value = node.child_by_field_name("value")
                pattern = node.child_by_field_name("name")
                if value is not None and text(value) == request and pattern is not None:
                    for item in pattern.named_children:
                        if text(item.child_by_field_name("key") or item) in READ_PROPERTIES:
                            found.append(item)
        return found

    def judge(self, module: JsModule, func: Node, read: Node, request: str) -> tuple[bool, str]:
        """(validated, how) for one read inside ``func``."""
        for node in walk(func):
            if node.type == "call_expression" and callee_name(node) in (
                "validationResult",
                "matchedData",
            ):
                return True, f"{callee_name(node)}(req)"
            if node.type == "call_expression" and any(
                arg.type == "identifier" and text(arg) == request for arg in call_args(node)
            ):
                why = self.validator_call(module, node)
                if why and not any(word in why.lower() for word in AUTH_WORDS):
                    return True, why
        node = read
        unresolved = ""
        while node.parent is not None and node is not func:
            parent = node.parent
            if parent.type == "arguments" and parent.parent is not None:
                why = self.validator_call(module, parent.parent)
                if why:
                    return True, why
                unresolved = unresolved or self._unresolved_checker(module, parent.parent)
            if parent.type == "variable_declarator":
                names = _pattern_names(parent.child_by_field_name("name"))
                why = self._follow(module, func, names, parent.end_byte)
                if why:
                    return True, why
            if parent.type == "assignment_expression":
                names = _pattern_names(parent.child_by_field_name("left"))
                why = self._follow(module, func, names, parent.end_byte)
                if why:
                    return True, why
            node = parent
        if unresolved:
            return False, f"{UNRESOLVED}{unresolved}"
        return False, "read raw"

    def _unresolved_checker(self, module: JsModule, call: Node) -> str:
        """The callee's name if it sounds like a check but its definition is not in the repo."""
        func = call.child_by_field_name("function")
        if func is None or func.type not in ("identifier", "member_expression"):
            return ""
        label = text(func)
        last = label.split(".")[-1].lower()
        if not any(word in last for word in ("check", "schema", "sanitiz", "verify", "assert")):
            return ""
        return label if self.resolve(module, func) is None else ""

    def _follow(self, module: JsModule, func: Node, names: set[str], after: int) -> str | None:
        if not names:
            return None
        for node in walk(func):
            if node.type != "call_expression" or node.start_byte < after:
                continue
            if any(arg.type == "identifier" and text(arg) in names for arg in call_args(node)):
                why = self.validator_call(module, node)
                if why:
                    return why
        return None

    def input_reads(
        self, module: JsModule, func: Node, request: str, route_why: str | None
    ) -> list[InputRead]:
        out: list[InputRead] = []
        for read in self.reads(func, request):
            if route_why:
                validated, how = True, route_why
            else:
                validated, how = self.judge(module, func, read, request)
            line, column, end = module.position(read)
            shown = read
            if (
                read.parent is not None
                and read.parent.type == "member_expression"
                and (read.parent.child_by_field_name("object") == read)
            ):
                shown = read.parent
            source = text(shown) if read.type == "member_expression" else f"{request}.{text(read)}"
            out.append(
                InputRead(
                    source[:80], module.path, line, column, end, validated, how, key=text(shown)
                )
            )
        return out

    def pattern_reads(self, module: JsModule, func: Node, route_why: str | None) -> list[InputRead]:
        """``async ({ body, query }, res) => …``: the destructured request parts."""
        params = function_params(func)
        pattern = params[0] if params else None
        if pattern is not None and pattern.type != "object_pattern":
            pattern = pattern.child_by_field_name("pattern")
        if pattern is None or pattern.type != "object_pattern":
            return []
        out: list[InputRead] = []
        for item in pattern.named_children:
            key = item.child_by_field_name("key") if item.type == "pair_pattern" else item
            if key is None or text(key) not in READ_PROPERTIES:
                continue
            bound = item.child_by_field_name("value") if item.type == "pair_pattern" else item
            validated, how = (True, route_why) if route_why else (False, "read raw")
            if not route_why:
                why = self._follow(module, func, _pattern_names(bound), pattern.end_byte)
                validated, how = (True, why) if why else (False, "read raw")
            line, column, end = module.position(item)
            out.append(
                InputRead(
                    f"req.{text(key)}",
                    module.path,
                    line,
                    column,
                    end,
                    validated,
                    how,
                    key=f"req.{text(key)}",
                )
            )
        return out


def _derived_names(func: Node) -> set[str]:
    """Parameter names of ``func`` and the variables assigned from them."""
    names: set[str] = set()
    for param in function_params(func):
        names |= _pattern_names(param.child_by_field_name("pattern") or param)
    for node in walk(func):
        if node.type == "variable_declarator":
            value = node.child_by_field_name("value")
            if value is not None and _identifiers(value) & names:
                names |= _pattern_names(node.child_by_field_name("name"))
    return names


def _identifiers(node: Node) -> set[str]:
    return {
        text(n) for n in walk(node) if n.type in ("identifier", "shorthand_property_identifier")
    }


def _mentions(call: Node, names: set[str]) -> bool:
    func = call.child_by_field_name("function")
    receiver = (
        func.child_by_field_name("object")
        if func is not None and (func.type == "member_expression")
        else None
    )
    parts = call_args(call) + ([receiver] if receiver is not None else [])
    return any(_identifiers(part) & names for part in parts)


def _presence_check(node: Node) -> bool:
    """``if (!req.body)``, ``'id' in req.query``: asking whether input is there."""
    parent = node.parent
    if parent is None:
        return False
    if parent.type == "unary_expression" and text(parent.child_by_field_name("operator")) == "!":
        return True
    if parent.type == "binary_expression" and parent.child_by_field_name("right") == node:
        return text(parent.child_by_field_name("operator")) == "in"
    return (
        parent.type == "parenthesized_expression"
        and parent.parent is not None
        and (parent.parent.type == "if_statement")
    )


def _assigned(node: Node) -> bool:
    """``req.body = …`` (a write, not a read), also through ``req.body.x = …``."""
    current = node
    while current.parent is not None and current.parent.type == "member_expression":
        current = current.parent
    parent = current.parent
    return (
        parent is not None
        and parent.type in ("assignment_expression", "augmented_assignment_expression")
        and parent.child_by_field_name("left") == current
    )


def _pattern_names(pattern: Node | None) -> set[str]:
    if pattern is None:
        return set()
    if pattern.type == "identifier":
        return {text(pattern)}
    return {
        text(n)
        for n in walk(pattern)
        if n.type in ("identifier", "shorthand_property_identifier_pattern")
    }


def request_param(func: Node, position: int = 0) -> str:
    params = function_params(func)
    return param_name(params[position]) if len(params) > position else ""
