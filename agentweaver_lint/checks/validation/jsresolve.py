"""Name resolution across JS/TS modules: imports, exports, re-exports, objects, classes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agentweaver_lint.checks.validation.jsindex import REEXPORT, JsIndex, JsModule
from agentweaver_lint.checks.validation.jsparse import (
    FUNCTION_TYPES,
    call_args,
    string_value,
    text,
)

if TYPE_CHECKING:
    from tree_sitter import Node

Ref = tuple[JsModule, "Node | None"]
"""A resolved definition: (module, node); node None means the module itself."""


class JsResolver:
    """Follows identifiers and member chains to their definitions in the repository."""

    def __init__(self, index: JsIndex) -> None:
        self.index = index

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
