"""DOC002: exported JS/TS functions, classes and public methods need a ``/** … */`` block."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from agentweaver_lint.checks.base import FileCheck, FileContext
from agentweaver_lint.checks.docs.pydoc import doc_scope
from agentweaver_lint.checks.errors.jscheck import JsErrorHandlingCheck
from agentweaver_lint.checks.errors.jsparse import (
    JS_LANGUAGES,
    generated_path,
    parse,
    position,
    text,
)

if TYPE_CHECKING:
    from agentweaver_lint.settings import Settings
    from agentweaver_lint.workspace import SourceFile

FUNCTION_VALUES = frozenset(
    {"arrow_function", "function_expression", "function", "generator_function"}
)
CLASS_TYPES = frozenset({"class_declaration", "abstract_class_declaration", "class"})
FUNCTION_DECLARATIONS = frozenset({"function_declaration", "generator_function_declaration"})
HIDDEN_MODIFIERS = frozenset({"private", "protected"})

Api = tuple[str, Any, Any]
"""(kind, node whose leading comment counts, node to report at)."""


def _has_jsdoc(node: Any) -> bool:
    previous = node.prev_sibling
    while previous is not None and previous.type == "decorator":
        previous = previous.prev_sibling
    return (
        previous is not None
        and previous.type == "comment"
        and text(previous).startswith("/**")
        and previous.end_point[0] >= node.start_point[0] - 2
    )


def _name(node: Any) -> Any:
    return node.child_by_field_name("name") or node


def _declaration_apis(holder: Any, declaration: Any) -> Iterator[Api]:
    if declaration.type in FUNCTION_DECLARATIONS:
        yield "function", holder, _name(declaration)
    elif declaration.type in CLASS_TYPES:
        yield "class", holder, _name(declaration)
        yield from _methods(declaration)
    elif declaration.type in ("lexical_declaration", "variable_declaration"):
        for declarator in declaration.named_children:
            value = declarator.child_by_field_name("value")
            if value is not None and value.type in FUNCTION_VALUES:
                yield "function", holder, _name(declarator)
            elif value is not None and value.type in CLASS_TYPES:
                yield "class", holder, _name(declarator)
                yield from _methods(value)


def _methods(cls: Any) -> Iterator[Api]:
    body = cls.child_by_field_name("body")
    if body is None:
        return
    for member in body.named_children:
        if member.type not in ("method_definition", "abstract_method_signature"):
            continue
        name = member.child_by_field_name("name")
        if (
            name is None
            or name.type == "private_property_identifier"
            or text(name) == "constructor"
        ):
            continue
        modifiers = {text(c) for c in member.children if c.type == "accessibility_modifier"}
        if modifiers & HIDDEN_MODIFIERS:
            continue
        yield "method", member, name


def _commonjs_target(node: Any) -> bool:
    left = node.child_by_field_name("left")
    if left is None or left.type != "member_expression":
        return False
    written = text(left)
    return written == "module.exports" or written.startswith(("exports.", "module.exports."))


def _local_declarations(root: Any) -> dict[str, list[Api]]:
    """Top-level functions and classes by name (exported later by name)."""
    local: dict[str, list[Api]] = {}
    for statement in root.named_children:
        for api in _declaration_apis(statement, statement):
            if api[0] in ("function", "class"):
                local.setdefault(text(api[2]), [])
                local[text(api[2])].append(api)
            elif local:
                local[next(reversed(local))].append(api)
    return local


def _exported_object(value: Any, local: dict[str, list[Api]]) -> Iterator[Api]:
    """``module.exports = { list, create: createOne, remove: async () => …, update() {} }``."""
    for member in value.named_children:
        if member.type == "shorthand_property_identifier":
            yield from local.get(text(member), ())
        elif member.type == "method_definition":
            yield "function", member, member.child_by_field_name("name") or member
        elif member.type == "pair":
            key, inner = member.child_by_field_name("key"), member.child_by_field_name("value")
            if inner is not None and inner.type == "identifier":
                yield from local.get(text(inner), ())
            elif inner is not None and inner.type in FUNCTION_VALUES and key is not None:
                yield "function", member, key


def _export_statement(statement: Any, local: dict[str, list[Api]]) -> Iterator[Api]:
    declaration = statement.child_by_field_name("declaration")
    value = statement.child_by_field_name("value")
    if declaration is not None:
        yield from _declaration_apis(statement, declaration)
    elif value is not None and value.type in FUNCTION_VALUES | CLASS_TYPES:
        kind = "class" if value.type in CLASS_TYPES else "function"
        yield kind, statement, statement.children[0]
        if kind == "class":
            yield from _methods(value)
    elif value is not None and value.type == "identifier":
        yield from local.get(text(value), ())
    for clause in statement.named_children:
        if clause.type == "export_clause":
            for specifier in clause.named_children:
                name = specifier.child_by_field_name("name")
                if name is not None:
                    yield from local.get(text(name), ())


def _commonjs_export(statement: Any, local: dict[str, list[Api]]) -> Iterator[Api]:
    expression = statement.named_children[0] if statement.named_children else None
    if expression is None or expression.type != "assignment_expression":
        return
    if not _commonjs_target(expression):
        return
    value = expression.child_by_field_name("right")
    if value is None:
        return
    if value.type in FUNCTION_VALUES | CLASS_TYPES:
        kind = "class" if value.type in CLASS_TYPES else "function"
        yield kind, statement, expression.child_by_field_name("left")
        if kind == "class":
            yield from _methods(value)
    elif value.type == "object":
        yield from _exported_object(value, local)
    elif value.type == "identifier":
        yield from local.get(text(value), ())


def public_apis(root: Any) -> Iterator[Api]:
    """Every exported function, class and public method of an exported class, once each."""
    local = _local_declarations(root)
    seen: set[tuple[int, int]] = set()
    for statement in root.named_children:
        if statement.type == "export_statement":
            found = _export_statement(statement, local)
        elif statement.type == "expression_statement":
            found = _commonjs_export(statement, local)
        else:
            continue
        for api in found:
            key = (api[2].start_byte, api[2].end_byte)
            if key not in seen:
                seen.add(key)
                yield api


class JsDocCheck(FileCheck):
    """Report exported JS/TS APIs under the DOC paths that have no JSDoc block."""

    codes: ClassVar[tuple[str, ...]] = ("DOC002",)

    def wants(self, file: SourceFile, settings: Settings) -> bool:
        return (
            file.language in JS_LANGUAGES
            and not generated_path(file.path)
            and doc_scope(file, settings, "DOC002")
        )

    def run(self, ctx: FileContext) -> None:
        # The ERR check parses the same file and reports AWL001 when it runs on it.
        root = parse(ctx, report_errors=not JsErrorHandlingCheck().wants(ctx.file, ctx.settings))
        if root is None:
            return
        for kind, holder, anchor in public_apis(root):
            ctx.count("public")
            if _has_jsdoc(holder):
                ctx.count("documented")
                continue
            line, column = position(ctx.file.lines, anchor.start_point)
            name = "default" if anchor.type == "export" else text(anchor)
            ctx.report(
                "DOC002",
                line,
                column,
                f"exported {kind} `{name}` has no JSDoc block",
                end_column=column + len(text(anchor))
                if anchor.start_point[0] == anchor.end_point[0]
                else None,
                fingerprint_key=f"{kind}:{name}",
                extra={"language": ctx.file.language or "javascript", "kind": kind},
            )
