"""DOC001: ruff's D1xx findings on the API/service layers; the public-API count for the score."""

from __future__ import annotations

import ast
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, ClassVar

from agentweaver_lint.checks.base import FileCheck, FileContext, RepoCheck, RepoContext
from agentweaver_lint.checks.errors.ruff_runner import ruff_crashed, ruff_for
from agentweaver_lint.globs import globset

if TYPE_CHECKING:
    from agentweaver_lint.settings import Settings
    from agentweaver_lint.workspace import SourceFile, Workspace

DEFINITION_NAMES = {
    "D100": "module",
    "D101": "class",
    "D102": "method",
    "D103": "function",
    "D104": "package",
    "D105": "magic method",
    "D106": "nested class",
    "D107": "__init__",
}


def doc_scope(file: SourceFile, settings: Settings, code: str) -> bool:
    """Source files under the rule's ``paths``, never tests or migrations."""
    if "source" not in file.roles or "test" in file.roles or "migration" in file.roles:
        return False
    return globset(tuple(settings.option(code, "paths"))).matches(file.path)


def _overloaded(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Definitions pydocstyle does not ask a docstring of: overloads, overrides, setters."""
    for decorator in node.decorator_list:
        name = decorator.attr if isinstance(decorator, ast.Attribute) else None
        if isinstance(decorator, ast.Name):
            name = decorator.id
        if name in ("overload", "override", "setter", "deleter"):
            return True
    return False


def _method_code(name: str) -> str | None:
    if name == "__init__":
        return "D107"
    if name == "__call__":
        return "D102"
    if name.startswith("__") and name.endswith("__"):
        return "D105"
    return None if name.startswith("_") else "D102"


def _flat(body: list[ast.stmt]) -> list[ast.stmt]:
    """Statements of a body, with those in ``if``/``try``/``with`` blocks (as ruff sees them)."""
    out: list[ast.stmt] = []
    for node in body:
        out.append(node)
        if isinstance(node, (ast.If, ast.With, ast.AsyncWith, ast.For, ast.While)):
            out.extend(_flat(node.body) + _flat(getattr(node, "orelse", [])))
        elif isinstance(node, ast.Try):
            blocks = [node.body, node.orelse, node.finalbody] + [h.body for h in node.handlers]
            for block in blocks:
                out.extend(_flat(block))
    return out


def public_definitions(tree: ast.Module, path: str) -> list[tuple[str, bool]]:
    """``(D1xx code, has docstring)`` for each definition pydocstyle would call public."""
    parts = PurePosixPath(path).parts
    stem = PurePosixPath(path).stem
    out: list[tuple[str, bool]] = []
    if stem == "__init__":
        out.append(("D104", ast.get_docstring(tree) is not None))
    elif not any(p.startswith("_") for p in (*parts[:-1], stem)):
        out.append(("D100", ast.get_docstring(tree) is not None))
    else:
        return out
    for node in _flat(tree.body):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if not node.name.startswith("_") and not _overloaded(node):
                out.append(("D103", ast.get_docstring(node) is not None))
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            out.append(("D101", ast.get_docstring(node) is not None))
            out.extend(_class_members(node))
    return out


def _class_members(node: ast.ClassDef) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    for member in _flat(node.body):
        if isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef)) and not _overloaded(member):
            code = _method_code(member.name)
            if code is not None:
                out.append((code, ast.get_docstring(member) is not None))
        elif isinstance(member, ast.ClassDef) and not member.name.startswith("_"):
            out.append(("D106", ast.get_docstring(member) is not None))
            out.extend(_class_members(member))
    return out


def _reported_elsewhere(file: SourceFile, settings: Settings) -> bool:
    """Whether the ERR or CPX check of this run reports this file's AWL001 already."""
    from agentweaver_lint.checks.complexity.check import ComplexityCheck
    from agentweaver_lint.checks.errors.pyfacts import PY_CODES
    from agentweaver_lint.checks.errors.scope import in_scope

    if ComplexityCheck().wants(file, settings):
        return True
    return any(settings.is_enabled(c) and in_scope(file, settings, c) for c in PY_CODES)


FACT = "DOC.public"


def _python_source(file: SourceFile) -> bool:
    return file.language == "python" and file.path.endswith(".py") and "source" in file.roles


class PublicDefinitions(FileCheck):
    """List one module's public definitions for the DOC repo check (reports nothing itself;
    a module that does not parse is the engine's AWL001)."""

    codes: ClassVar[tuple[str, ...]] = ("DOC001",)
    facts_only: ClassVar[bool] = True

    def wants(self, file: SourceFile, settings: Settings) -> bool:
        return _python_source(file) and doc_scope(file, settings, "DOC001")

    def run(self, ctx: FileContext) -> None:
        tree = ctx.file.python_tree
        if tree is None:
            ctx.fact(FACT, {"error": True})
            return
        definitions = public_definitions(tree, ctx.file.path)
        ctx.fact(FACT, {"definitions": [[code, has_doc] for code, has_doc in definitions]})


class PythonDocstringCheck(RepoCheck):
    """Map ruff's D1xx diagnostics (from the shared ruff run) to DOC001 and count the public API.

    The public definitions are the facts :class:`PublicDefinitions` left in the workers; a
    module with none (not a target of this run's file checks) is parsed here.
    """

    codes: ClassVar[tuple[str, ...]] = ("DOC001",)
    uses_facts: ClassVar[bool] = True

    def reads(self, file: SourceFile, settings: Settings) -> bool:
        return _python_source(file) and doc_scope(file, settings, "DOC001")

    def prepare(self, workspace: Workspace, settings: Settings) -> None:
        if any(_python_source(f) and doc_scope(f, settings, "DOC001") for f in workspace.targets):
            ruff_for(workspace, settings)

    def run(self, ctx: RepoContext) -> None:
        wanted = set(str(c).upper() for c in ctx.settings.option("DOC001", "ruff_codes"))
        files = [
            f
            for f in ctx.workspace.targets
            if f.language == "python"
            and f.path.endswith(".py")
            and doc_scope(f, ctx.settings, "DOC001")
        ]
        if not files:
            return
        diagnostics = ruff_for(ctx.workspace, ctx.settings)
        for path in ruff_crashed(ctx.workspace, ctx.settings):
            ctx.parse_error(
                path, 1, 1, "Python", "ruff crashed on this file; its ruff-backed rules did not run"
            )
        for file in files:
            definitions = self._definitions(ctx, file)
            if definitions is None:
                continue
            public = [has_doc for code, has_doc in definitions if code in wanted]
            missing = 0
            for diagnostic in diagnostics.get(file.path, []):
                if diagnostic.code not in wanted:
                    continue
                missing += 1
                ctx.report(
                    "DOC001",
                    file.path,
                    diagnostic.line,
                    diagnostic.column,
                    f"public {DEFINITION_NAMES.get(diagnostic.code, 'API')} has no docstring",
                    end_line=diagnostic.end_line,
                    end_column=diagnostic.end_column,
                    extra={"ruff_code": diagnostic.code, "language": "python"},
                )
            ctx.count("public", max(len(public), missing))
            ctx.count("documented", max(0, len(public) - missing))

    def _definitions(self, ctx: RepoContext, file: SourceFile) -> list[tuple[str, bool]] | None:
        fact = ctx.fact(file.path, FACT)
        if fact is not None:  # the file check's: a parse failure is already its AWL001
            if fact.get("error"):
                return None
            return [(str(code), bool(has_doc)) for code, has_doc in fact["definitions"]]
        tree = file.python_tree
        if tree is None:
            self._parse_error(ctx, file)
            file.release()
            return None
        definitions = public_definitions(tree, file.path)
        file.release()
        return definitions

    def _parse_error(self, ctx: RepoContext, file: SourceFile) -> None:
        if _reported_elsewhere(file, ctx.settings):
            return
        error = file.python_error
        ctx.parse_error(
            file.path,
            getattr(error, "lineno", None) or 1,
            getattr(error, "offset", None) or 1,
            "Python",
            str(getattr(error, "msg", None) or type(error).__name__),
        )
