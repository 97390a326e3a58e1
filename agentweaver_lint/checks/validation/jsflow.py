"""Name resolution across JS/TS modules, and whether a raw read reaches a validator."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agentweaver_lint.checks.validation.jsindex import REEXPORT, JsIndex, JsModule
from agentweaver_lint.checks.validation.jsparse import (
    FUNCTION_TYPES,
    call_args,
    callee_name,
    function_params,
    param_name,
    string_value,
    text,
    walk,
)
from agentweaver_lint.checks.validation.model import InputRead

if TYPE_CHECKING:
    from tree_sitter import Node

Ref = tuple[JsModule, "Node | None"]
"""A resolved definition: (module, node); node None means the module itself."""

VALIDATE_METHODS = frozenset(
    {
        "parse",
        "safeParse",
        "parseAsync",
        "safeParseAsync",
        "validate",
        "validateAsync",
        "validateSync",
        "isValid",
        "isValidSync",
        "assert",
        "decode",
        "validateOrReject",
        "spa",
    }
)
VALIDATE_FUNCS = frozenset(
    {
        "validate",
        "validateSync",
        "validateOrReject",
        "assert",
        "create",
        "is",
        "mask",
        "matchedData",
        "validationResult",
        "checkSchema",
    }
)
NOT_SCHEMAS = frozenset(
    {
        "JSON",
        "Date",
        "path",
        "url",
        "querystring",
        "qs",
        "Number",
        "URL",
        "jwt",
        "bcrypt",
        "moment",
        "dayjs",
        "cookie",
        "cookieParser",
    }
)
CONVERTERS = frozenset(
    {
        "Number",
        "parseInt",
        "parseFloat",
        "Boolean",
        "BigInt",
        "ObjectId",
        "isValidObjectId",
        "toNumber",
        "toInt",
    }
)
READ_PROPERTIES = frozenset({"body", "query", "params"})
STATEMENTS = frozenset(
    {
        "expression_statement",
        "lexical_declaration",
        "variable_declaration",
        "return_statement",
        "if_statement",
        "statement_block",
    }
)


UNRESOLVED = "could not resolve "
AUTH_WORDS = (
    "token",
    "auth",
    "jwt",
    "session",
    "apikey",
    "api_key",
    "login",
    "permission",
    "csrf",
    "signature",
    "captcha",
    "role",
    "access",
    "owner",
    "password",
    "cookie",
)


def says_valid(name: str) -> bool:
    lowered = name.lower()
    return ("valid" in lowered and "invalid" not in lowered) or lowered in ("celebrate",)


def validates_request(name: str) -> bool:
    """A middleware/decorator name that promises request validation (not authentication:
    ``validateToken`` checks who calls, not what they send)."""
    lowered = name.lower()
    return says_valid(name) and not any(word in lowered for word in AUTH_WORDS)


class JsFlow:
    """Resolution and validator recognition over a :class:`JsIndex`."""

    def __init__(self, index: JsIndex) -> None:
        self.index = index
        self._validates: dict[tuple[str, int], bool] = {}

    # --- resolution ----------------------------------------------------------------------
    def resolve(self, module: JsModule, node: Node | None, depth: int = 0) -> Ref | None:
        if node is None or depth > 8:
            return None
        kind = node.type
        if kind in (
            "identifier",
            "shorthand_property_identifier",
            "property_identifier",
            "type_identifier",
        ):
            return self.resolve_name(module, text(node), depth)
        if kind == "member_expression":
            owner = self.resolve(module, node.child_by_field_name("object"), depth + 1)
            if owner is None:
                return None
            return self.member(owner, text(node.child_by_field_name("property")), depth)
        if kind == "call_expression" and text(node.child_by_field_name("function")) == "require":
            args = call_args(node)
            spec = string_value(args[0]) if args else None
            target = self.index.load(self.index.resolve_path(module.path, spec)) if spec else None
            return (target, None) if target is not None else None
        if kind in ("parenthesized_expression", "await_expression", "as_expression"):
            inner = node.named_children[0] if node.named_children else None
            return self.resolve(module, inner, depth + 1)
        return (module, node)

    def resolve_name(self, module: JsModule, name: str, depth: int = 0) -> Ref | None:
        if depth > 8:
            return None
        value = module.declarations.get(name)
        if value is not None:
            if value.type in ("identifier", "member_expression"):
                return self.resolve(module, value, depth + 1) or (module, value)
            return (module, value)
        imported = module.imports.get(name)
        if imported is None:
            return None
        target = self.index.load(imported.source)
        if target is None:
            return None
        if imported.name == "*":
            return (target, None)
        return self.export(target, imported.name, depth + 1)

    def export(self, module: JsModule, name: str, depth: int = 0) -> Ref | None:
        if depth > 8:
            return None
        reexport = module.imports.get(f"{REEXPORT}{name}")
        if reexport is not None:
            target = self.index.load(reexport.source)
            if target is None:
                return None
            if reexport.name == "default" and "default" not in target.exports:
                return (target, None)
            return self.export(target, reexport.name, depth + 1)
        node = module.exports.get(name)
        if node is None:
            node = module.declarations.get(name)
        if node is None:
            for star in module.star_exports:
                target = self.index.load(star)
                found = self.export(target, name, depth + 1) if target is not None else None
                if found is not None and found[1] is not None:
                    return found
            if name == "default":
                return (module, None)
            return None
        if node.type in (
            "identifier",
            "shorthand_property_identifier",
            "member_expression",
            "call_expression",
        ):
            return self.resolve(module, node, depth + 1) or (module, node)
        return (module, node)

    def member(self, owner: Ref, name: str, depth: int) -> Ref | None:
        module, node = owner
        if node is None:
            found = self.export(module, name, depth + 1)
            if found is None:
                default = module.exports.get("default")
                if default is not None:
                    return self.member((module, default), name, depth + 1)
            return found
        if node.type == "new_expression":
            cls = self.resolve(module, node.child_by_field_name("constructor"), depth + 1)
            return self.member(cls, name, depth + 1) if cls is not None else None
        if node.type == "identifier":
            inner = self.resolve(module, node, depth + 1)
            return self.member(inner, name, depth + 1) if inner and inner[1] is not node else None
        if node.type == "object":
            for prop in node.named_children:
                key = prop.child_by_field_name("key") or prop.child_by_field_name("name")
                if key is not None and text(key) == name:
                    value = (
                        prop
                        if prop.type == "method_definition"
                        else prop.child_by_field_name("value")
                    )
                    return self.resolve(module, value, depth + 1)
                if prop.type == "shorthand_property_identifier" and text(prop) == name:
                    return self.resolve_name(module, name, depth + 1)
        if node.type in ("class_declaration", "class", "abstract_class_declaration"):
            body = node.child_by_field_name("body")
            for item in body.named_children if body is not None else []:
                key = item.child_by_field_name("name")
                if key is not None and text(key) == name:
                    if item.type == "method_definition":
                        return (module, item)
                    value = item.child_by_field_name("value")
                    return (module, value) if value is not None else None
        return None

    def function_of(self, ref: Ref | None) -> Ref | None:
        """The function a resolved handler reference denotes (wrappers unwrapped)."""
        if ref is None:
            return None
        module, node = ref
        if node is None:
            return None
        if node.type in FUNCTION_TYPES:
            return ref
        if node.type == "call_expression":
            return self.unwrap(module, node)
        return None

    def unwrap(self, module: JsModule, call: Node, depth: int = 0) -> Ref | None:
        """``asyncHandler(fn)``, ``catchAsync(ctrl.create)``, ``ctrl.create.bind(ctrl)``."""
        if depth > 4:
            return None
        func = call.child_by_field_name("function")
        if (
            func is not None
            and func.type == "member_expression"
            and text(func.child_by_field_name("property")) == "bind"
        ):
            return self.function_of(self.resolve(module, func.child_by_field_name("object")))
        for arg in call_args(call):
            if arg.type in FUNCTION_TYPES:
                return (module, arg)
            if arg.type in ("identifier", "member_expression", "call_expression"):
                found = self.function_of(self.resolve(module, arg))
                if found is not None:
                    return found
        return None

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
            for inner in walk(node):
                if inner.type == "call_expression" and self.validator_call(
                    module, inner, depth + 1
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
