"""The STK checks: package constraints over the inventory, and the imported stack."""

from __future__ import annotations

import fnmatch
import re
from typing import TYPE_CHECKING

from agentweaver_lint.checks.base import FileCheck, FileContext, RepoCheck, RepoContext
from agentweaver_lint.checks.stack.catalogue import (
    CATEGORIES,
    CATEGORY_LABEL,
    CATEGORY_SETTING,
    FRAMEWORK,
    JS,
    PY,
    Tech,
    compatible,
    declared,
)
from agentweaver_lint.checks.stack.imports import (
    JS_LANGUAGES,
    Import,
    js_imports,
    npm_package,
    python_imports,
    techs_for,
)
from agentweaver_lint.model import Severity

if TYPE_CHECKING:
    from agentweaver_lint.checks.stack.deps import Dependency
    from agentweaver_lint.checks.stack.inventory import Inventory
    from agentweaver_lint.settings import Settings
    from agentweaver_lint.workspace import SourceFile

MODE_SEVERITY = {"strict": Severity.ERROR, "flexible": Severity.WARNING}


def mode_of(settings: Settings) -> str:
    return str(settings.get("stack.mode") or "flexible").strip().lower()


def _bare_name(entry: str) -> str:
    """A config entry without its version: ``fastapi>=0.110`` → ``fastapi``; ``express@4``."""
    name = re.split(r"[<>=!~;\s]", entry.strip(), maxsplit=1)[0]
    at = name.find("@", 1)
    return name[:at] if at > 0 else name


def matches(dep: Dependency, entries: list[str]) -> bool:
    """Whether ``dep`` is named by one of ``entries`` (normalised per ecosystem; globs allowed)."""
    from agentweaver_lint.checks.stack.deps import normalise

    for entry in entries:
        pattern = normalise(dep.ecosystem, _bare_name(str(entry)))
        if pattern == dep.name or (
            any(ch in pattern for ch in "*?[") and fnmatch.fnmatchcase(dep.name, pattern)
        ):
            return True
    return False


def _extra(dep: Dependency, inventory: Inventory) -> dict[str, str]:
    return {
        "package": dep.name,
        "ecosystem": dep.ecosystem,
        "spec": dep.spec,
        "group": dep.group,
        "locked": inventory.locked_version(dep) or "",
    }


class DependencyCheck(RepoCheck):
    """STK001–STK003 over every manifest of the repository."""

    codes = ("STK001", "STK002", "STK003")

    def run(self, ctx: RepoContext) -> None:
        # Imported here: the manifest and lockfile readers are not needed by runs without repo
        # checks (the hook).
        from agentweaver_lint.checks.stack.inventory import build_inventory

        settings = ctx.settings
        inventory = build_inventory(ctx.workspace)
        for path, error in inventory.errors:
            ctx.parse_error(path, error.line, error.column, error.language, str(error))
        for path, include in inventory.missing_includes:
            ctx.notice("stack", f"{path}: included file {include} not found", path)
        for path in inventory.unread:
            ctx.notice(
                "stack",
                f"{path}: setup.py is never executed; dependencies declared only there are not "
                "checked (declare them in pyproject.toml or setup.cfg)",
                path,
            )
        direct = inventory.direct()
        ctx.count("manifests", len(inventory.manifests))
        ctx.count("lockfiles", len(inventory.locks))
        ctx.count("dependencies", len({(d.ecosystem, d.name) for d in direct}))
        forbidden = [str(e) for e in settings.get("stack.forbidden_packages") or []]
        allowed = [str(e) for e in settings.get("stack.allowed_packages") or []]
        banned = [d for d in direct if forbidden and matches(d, forbidden)]
        for dep in banned:
            self._forbidden(ctx, dep, inventory)
        if allowed:  # a forbidden package is reported once, as forbidden
            self._allowed(ctx, [d for d in direct if d not in banned], allowed, inventory)
        if settings.get("stack.version_pinning"):
            source = settings.source("stack.version_pinning")
            for dep in direct:
                if inventory.is_pinned(dep):
                    continue
                ctx.count("unpinned")
                how = dep.spec or "no version"
                ctx.report(
                    "STK003",
                    dep.path,
                    dep.line,
                    dep.column,
                    f"{dep.display} is not pinned ({how}) and no lockfile resolves it; "
                    f"versionPinning is on ({source})",
                    fingerprint_key=f"{dep.ecosystem}:{dep.name}:{dep.group}",
                    extra=_extra(dep, inventory),
                )

    def _forbidden(self, ctx: RepoContext, dep: Dependency, inventory: Inventory) -> None:
        ctx.count("forbidden")
        source = ctx.settings.source("stack.forbidden_packages")
        ctx.report(
            "STK001",
            dep.path,
            dep.line,
            dep.column,
            f"{dep.display} is a forbidden package (constraints.forbiddenPackages, {source})",
            fingerprint_key=f"{dep.ecosystem}:{dep.name}:{dep.group}",
            extra=_extra(dep, inventory),
        )

    def _allowed(
        self, ctx: RepoContext, direct: list[Dependency], allowed: list[str], inventory: Inventory
    ) -> None:
        mode = mode_of(ctx.settings)
        include_dev = bool(ctx.settings.option("STK002", "include_dev"))
        source = ctx.settings.source("stack.allowed_packages")
        for dep in direct:
            runtime = dep.group == "main" or dep.group.startswith("optional:")
            if (not runtime and not include_dev) or matches(dep, allowed):
                continue
            ctx.count("unlisted")
            if mode not in MODE_SEVERITY:
                continue
            ctx.report(
                "STK002",
                dep.path,
                dep.line,
                dep.column,
                f"{dep.display} is not in constraints.allowedPackages ({source}; mode {mode})",
                fingerprint_key=f"{dep.ecosystem}:{dep.name}:{dep.group}",
                extra=_extra(dep, inventory),
                severity=MODE_SEVERITY[mode],
            )


class ImportCheck(FileCheck):
    """STK004: the frameworks, ORMs, validators and migration tools each file imports."""

    codes = ("STK004",)

    def wants(self, file: SourceFile, settings: Settings) -> bool:
        if file.language != "python" and file.language not in JS_LANGUAGES:
            return False
        if "source" not in file.roles:
            return False
        return "test" not in file.roles or bool(settings.option("STK004", "include_tests"))

    def run(self, ctx: FileContext) -> None:
        file = ctx.file
        imports = self._imports(ctx)
        if imports is None:
            return
        ecosystem = PY if file.language == "python" else JS
        migration = "migration" in file.roles
        seen: set[tuple[int, str]] = set()
        detected: set[str] = set()
        for item in imports:
            module = item.module if ecosystem == PY else npm_package(item.module)
            if module is None:
                continue
            for tech in techs_for(module, ecosystem, migration_file=migration):
                detected.add(f"detected.{tech.category}.{tech.key}")
                if (item.line, tech.key) not in seen:
                    seen.add((item.line, tech.key))
                    self._judge(ctx, item, module, tech)
        for name in sorted(detected):
            ctx.count(name)

    def _imports(self, ctx: FileContext) -> list[Import] | None:
        file = ctx.file
        if file.language == "python":
            tree = file.python_tree
            return None if tree is None else list(python_imports(tree))
        if not any(word in file.text for word in ("import", "require")):
            return []
        parsed = js_imports(file.text, str(file.language))
        if parsed.error is not None:
            language = {"javascript": "JavaScript", "typescript": "TypeScript"}.get(
                str(file.language), "TSX"
            )
            ctx.parse_error(file.path, parsed.error[0], parsed.error[1], language, "syntax error")
            return None
        return parsed.imports

    def _judge(self, ctx: FileContext, item: Import, module: str, tech: Tech) -> None:
        mode = mode_of(ctx.settings)
        if mode not in MODE_SEVERITY:
            return
        key = CATEGORY_SETTING[tech.category]
        value = str(ctx.settings.get(key) or "")
        wanted, _unknown = declared(tech.category, value)
        if not wanted:
            return
        same = [t for t in wanted if t.ecosystem == tech.ecosystem]
        if same:
            if compatible(tech, same):
                return
        elif tech.category != FRAMEWORK:
            return  # another ecosystem's validator or ORM (a frontend, a script) is not judged
        ctx.count("mismatched_imports")
        label = CATEGORY_LABEL[tech.category]
        ctx.report(
            "STK004",
            item.line,
            item.column,
            f"imports {tech.title} ({label}) but the declared {label} is {value} "
            f"({ctx.settings.source(key)}; mode {mode})",
            end_column=item.end_column,
            fingerprint_key=f"{tech.key}:{module}",
            extra={
                "category": tech.category,
                "detected": tech.title,
                "declared": value,
                "module": module,
            },
            severity=MODE_SEVERITY[mode],
        )


def declared_summary(settings: Settings) -> list[str]:
    parts = []
    for category in CATEGORIES:
        value = str(settings.get(CATEGORY_SETTING[category]) or "")
        if value:
            parts.append(f"{CATEGORY_LABEL[category]} {value}")
    return parts
