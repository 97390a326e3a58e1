"""DOC002: exported JS/TS functions, classes and public methods need a ``/** … */`` block."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from agentweaver_lint.checks.base import FileCheck, FileContext
from agentweaver_lint.checks.docs.pydoc import doc_scope
from agentweaver_lint.checks.errors.jscheck import JsErrorHandlingCheck
from agentweaver_lint.checks.errors.jsparse import JS_LANGUAGES, parse, position, text

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


def public_apis(root: Any) -> Iterator[Api]:
    """Every exported function, class and public method of an exported class."""
    for statement in root.named_children:
        if statement.type == "export_statement":
            declaration = statement.child_by_field_name("declaration")
            value = statement.child_by_field_name("value")
            if declaration is not None:
                yield from _declaration_apis(statement, declaration)
            elif value is not None and value.type in FUNCTION_VALUES | CLASS_TYPES:
                kind = "class" if value.type in CLASS_TYPES else "function"
                yield kind, statement, statement.children[0]
                if kind == "class":
                    yield from _methods(value)
        elif statement.type == "expression_statement" and statement.named_children:
            expression = statement.named_children[0]
            if expression.type == "assignment_expression" and _commonjs_target(expression):
                value = expression.child_by_field_name("right")
                if value is not None and value.type in FUNCTION_VALUES | CLASS_TYPES:
                    kind = "class" if value.type in CLASS_TYPES else "function"
                    yield kind, statement, expression.child_by_field_name("left")
                    if kind == "class":
                        yield from _methods(value)


class JsDocCheck(FileCheck):
    """Report exported JS/TS APIs under the DOC paths that have no JSDoc block."""

    codes: ClassVar[tuple[str, ...]] = ("DOC002",)

    def wants(self, file: SourceFile, settings: Settings) -> bool:
        return file.language in JS_LANGUAGES and doc_scope(file, settings, "DOC002")

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
