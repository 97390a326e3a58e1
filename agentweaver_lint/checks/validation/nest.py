"""NestJS: ``@Controller`` classes, their ``@Get/@Post/…`` methods and the ``@Body()``/
``@Query()``/``@Param()`` parameters, judged against DTO classes and ValidationPipes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from agentweaver_lint.checks.validation.guard import Problems
from agentweaver_lint.checks.validation.jsflow import JsFlow
from agentweaver_lint.checks.validation.jsindex import JsIndex, JsModule
from agentweaver_lint.checks.validation.jsparse import (
    call_args,
    callee_name,
    decorator_call,
    decorator_name,
    string_value,
    text,
    walk,
)
from agentweaver_lint.checks.validation.model import Handler, InputRead, PathParam

if TYPE_CHECKING:
    from tree_sitter import Node

HTTP_DECORATORS = frozenset({"Get", "Post", "Put", "Patch", "Delete", "All", "Options", "Head"})
INPUT_DECORATORS = frozenset({"Body", "Query", "Param"})
REQUEST_DECORATORS = frozenset({"Req", "Request"})
RAW_TYPES = frozenset({"any", "object", "unknown", "Object", "Record", "Map", "{}"})
PRIMITIVES = frozenset({"string", "number", "boolean", "Date"})
NOT_VALIDATORS = frozenset(
    {
        "ApiProperty",
        "ApiPropertyOptional",
        "ApiHideProperty",
        "Expose",
        "Exclude",
        "Type",
        "Transform",
        "Field",
        "Column",
        "PrimaryGeneratedColumn",
        "Prop",
    }
)
VALIDATOR_PREFIXES = (
    "Is",
    "Min",
    "Max",
    "Length",
    "Matches",
    "Validate",
    "Array",
    "Equals",
    "NotEquals",
    "Contains",
    "Allow",
    "Not",
)
MAPPED_TYPES = frozenset({"PartialType", "OmitType", "PickType", "IntersectionType"})


@dataclass
class NestScan:
    global_pipe: str | None = None
    classes: dict[str, list[tuple[JsModule, Node]]] = field(default_factory=dict)
    """Class, interface and type names → their declarations (repo-wide, by name)."""
    controllers: list[tuple[JsModule, Node, list[Node]]] = field(default_factory=list)
    index: JsIndex | None = None
    """To find a DTO or interface declared in a file the keyword prefilter skipped."""
    _searched: set[str] = field(default_factory=set)

    def declarations(self, name: str) -> list[tuple[JsModule, Node]]:
        if name not in self.classes and self.index is not None and name not in self._searched:
            self._searched.add(name)
            needles = (f"class {name}", f"interface {name}", f"type {name}")
            for path in self.index.paths():
                source = self.index.file(path)
                if source is None or not any(needle in source.text for needle in needles):
                    continue
                module = self.index.load(path)
                if module is not None:
                    _collect_types(module, self)
        return self.classes.get(name, [])


TYPE_DECLARATIONS = frozenset(
    {
        "class_declaration",
        "abstract_class_declaration",
        "interface_declaration",
        "type_alias_declaration",
    }
)


def _collect_types(module: JsModule, scan: NestScan) -> None:
    for node in walk(module.root):
        if node.type in TYPE_DECLARATIONS:
            name = node.child_by_field_name("name")
            if name is not None and not any(
                existing is node for _, existing in scan.classes.get(text(name), [])
            ):
                scan.classes.setdefault(text(name), []).append((module, node))


def _is_validation_pipe(node: Node) -> bool:
    label = text(node).lower()
    return any(word in label for word in ("validation", "validator", "zod", "joi", "schema"))


def scan_nest(module: JsModule, scan: NestScan) -> None:
    """Collect controllers, DTO-like declarations and global pipes of one module."""
    for node in walk(module.root):
        kind = node.type
        if kind in (
            "class_declaration",
            "abstract_class_declaration",
            "interface_declaration",
            "type_alias_declaration",
        ):
            name = node.child_by_field_name("name")
            if name is not None:
                scan.classes.setdefault(text(name), []).append((module, node))
            if kind == "class_declaration":
                decorators = _class_decorators(node)
                if any(decorator_name(d) == "Controller" for d in decorators):
                    scan.controllers.append((module, node, decorators))
        elif kind == "call_expression" and callee_name(node) == "useGlobalPipes":
            if any(_is_validation_pipe(arg) for arg in call_args(node)):
                scan.global_pipe = scan.global_pipe or f"global pipe in {module.path}"
        elif kind == "pair" and text(node.child_by_field_name("value")) == "APP_PIPE":
            parent = node.parent
            if parent is not None and any(
                _is_validation_pipe(p) for p in parent.named_children if p is not node
            ):
                scan.global_pipe = scan.global_pipe or f"APP_PIPE provider in {module.path}"


def _class_decorators(cls: Node) -> list[Node]:
    found = [c for c in cls.children if c.type == "decorator"]
    parent = cls.parent
    if parent is not None and parent.type == "export_statement":
        found += [c for c in parent.children if c.type == "decorator"]
    return found


def _pipes(decorators: list[Node]) -> str | None:
    for deco in decorators:
        call = decorator_call(deco)
        if (
            decorator_name(deco) == "UsePipes"
            and call is not None
            and any(_is_validation_pipe(arg) for arg in call_args(call))
        ):
            return "@UsePipes(ValidationPipe)"
    return None


def _route(decorators: list[Node], name: str) -> str:
    for deco in decorators:
        if decorator_name(deco) == name:
            call = decorator_call(deco)
            args = call_args(call) if call is not None else []
            if args:
                value = string_value(args[0])
                if value is not None:
                    return value
                if args[0].type == "object":
                    for pair in args[0].named_children:
                        if text(pair.child_by_field_name("key")) == "path":
                            return string_value(pair.child_by_field_name("value")) or ""
    return ""


def nest_handlers(flow: JsFlow, scan: NestScan, problems: Problems) -> list[Handler]:
    handlers: list[Handler] = []
    for module, cls, decorators in scan.controllers:
        prefix = _route(decorators, "Controller")
        class_pipe = _pipes(decorators)
        body = cls.child_by_field_name("body")
        pending: list[Node] = []
        for item in body.named_children if body is not None else []:
            if item.type == "decorator":
                pending.append(item)
                continue
            if item.type == "method_definition":
                verbs = [d for d in pending if decorator_name(d) in HTTP_DECORATORS]
                if verbs:
                    found = problems.run(
                        module.path,
                        _handler,
                        flow,
                        scan,
                        module,
                        cls,
                        item,
                        pending,
                        prefix,
                        class_pipe,
                    )
                    if found is not None:
                        handlers.append(found)
            pending = []
    return handlers


def _handler(
    flow: JsFlow,
    scan: NestScan,
    module: JsModule,
    cls: Node,
    method: Node,
    decorators: list[Node],
    prefix: str,
    class_pipe: str | None,
) -> Handler:
    verb = next(decorator_name(d) for d in decorators if decorator_name(d) in HTTP_DECORATORS)
    sub = _route(decorators, verb)
    route = "/" + "/".join(p.strip("/") for p in (prefix, sub) if p.strip("/"))
    pipe = _pipes(decorators) or class_pipe or scan.global_pipe
    name = text(method.child_by_field_name("name"))
    qualname = f"{text(cls.child_by_field_name('name'))}.{name}"
    line, _, _ = module.position(method.child_by_field_name("name") or method)
    handler = Handler("nestjs", verb.upper(), route, qualname, module.path, line)
    params = method.child_by_field_name("parameters")
    for param in params.named_children if params is not None else []:
        _judge_param(flow, scan, module, method, param, pipe, handler)
    return handler


def _judge_param(
    flow: JsFlow,
    scan: NestScan,
    module: JsModule,
    method: Node,
    param: Node,
    pipe: str | None,
    handler: Handler,
) -> None:
    decorators = [c for c in param.children if c.type == "decorator"]
    if not decorators:
        return
    deco = decorators[0]
    kind = decorator_name(deco)
    pattern = param.child_by_field_name("pattern")
    annotation = param.child_by_field_name("type")
    type_node = (
        annotation.named_children[0]
        if annotation is not None and annotation.named_children
        else None
    )
    if kind in REQUEST_DECORATORS:
        request = text(pattern)
        handler.inputs.extend(flow.input_reads(module, method, request, None))
        return
    if kind not in INPUT_DECORATORS:
        return
    call = decorator_call(deco)
    args = call_args(call) if call is not None else []
    param_pipes = [a for a in args if string_value(a) is None]
    validated, how = _judge_type(scan, type_node, pipe, handler)
    if param_pipes:
        validated, how = True, f"pipe {text(param_pipes[0])[:40]}"
    line, column, end = module.position(param)
    source = text(param).split("\n")[0][:80]
    handler.inputs.append(InputRead(source, module.path, line, column, end, validated, how))
    if kind == "Param":
        typed = bool(param_pipes) or (
            type_node is not None and text(type_node) not in ("string", "any")
        )
        used = any(
            n.type == "identifier"
            and text(n) == text(pattern)
            and n.parent is not None
            and n.parent.type == "arguments"
            for n in walk(method.child_by_field_name("body") or method)
        )
        handler.path_params.append(PathParam(text(pattern), typed, line, column, end, used))


def _judge_type(
    scan: NestScan, type_node: Node | None, pipe: str | None, handler: Handler
) -> tuple[bool, str]:
    if type_node is None:
        return False, "untyped parameter"
    if type_node.type == "array_type" and type_node.named_children:
        type_node = type_node.named_children[0]
    label = text(type_node)
    base = label.split("<")[0].strip()
    if base in RAW_TYPES or type_node.type == "object_type":
        return False, f"typed {label}"
    if base in PRIMITIVES or type_node.type in ("predefined_type", "literal_type", "union_type"):
        # A primitive field (``@Body('title') title: string``) is typed, like a FastAPI
        # ``title: str``; only any/object/interfaces and unchecked DTOs count as raw.
        return True, f"typed {label}"
    return _judge_dto(scan, base, pipe, handler)


def _judge_dto(scan: NestScan, name: str, pipe: str | None, handler: Handler) -> tuple[bool, str]:
    short = name.split(".")[-1]
    declarations = scan.declarations(short)
    if not declarations:
        handler.unresolved.append(short)
        return False, f"could not resolve {short}"
    _module, node = declarations[0]
    if node.type in ("interface_declaration", "type_alias_declaration"):
        return False, f"{short} is a TypeScript type, erased at runtime"
    if not _has_validators(scan, short, set()):
        return False, f"DTO {short} has no class-validator decorators"
    if pipe is None:
        return (
            False,
            f"DTO {short} is never checked: no ValidationPipe (global, controller or route)",
        )
    return True, f"DTO {short} with {pipe}"


def _has_validators(scan: NestScan, name: str, seen: set[str]) -> bool:
    if name in seen:
        return False
    seen.add(name)
    for module, node in scan.declarations(name):
        if node.type != "class_declaration":
            continue
        validator_names = {
            local for local, imp in module.imports.items() if imp.source == "class-validator"
        }
        body = node.child_by_field_name("body")
        for deco in [c for c in walk(body) if c.type == "decorator"] if body is not None else []:
            label = decorator_name(deco)
            if label in validator_names or (
                label not in NOT_VALIDATORS and label.startswith(VALIDATOR_PREFIXES)
            ):
                return True
        for heritage in [c for c in node.children if c.type == "class_heritage"]:
            if any(word in text(heritage) for word in ("Zod", "zod", "Schema")):
                return True  # createZodDto(schema) and friends
            for ident in walk(heritage):
                if (
                    ident.type in ("identifier", "type_identifier")
                    and text(ident) not in MAPPED_TYPES
                ) and _has_validators(scan, text(ident), seen):
                    return True
    return False
