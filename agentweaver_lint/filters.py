"""Every filter in one place: per-file ignores, inline suppressions, the baseline, the diff."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from agentweaver_lint.checks.base import RepoContext
from agentweaver_lint.model import Finding
from agentweaver_lint.registry import Registry
from agentweaver_lint.settings import Settings
from agentweaver_lint.suppressions import Malformed, Suppression, has_directives, parse
from agentweaver_lint.workspace import Workspace


@dataclass
class FilterInput:
    """What the engine learnt that filters need."""

    suppressions: dict[str, list[Suppression]] = field(default_factory=dict)
    file_targets: frozenset[str] = frozenset()
    repo_codes: frozenset[str] = frozenset()
    """Codes of the repository checks that ran (all, a shard's share, or none)."""
    file_codes: frozenset[str] = frozenset()


def parse_file_directives(
    text: str, registry: Registry, language: str | None = None
) -> tuple[list[Suppression], list[Malformed]]:
    aliases = {alias: code for code, rule in registry.rules.items() for alias in rule.aliases}
    return parse(text, frozenset(registry.rules), aliases, language)


def apply_per_file_ignores(findings: list[Finding], settings: Settings) -> list[Finding]:
    if not settings.per_file_ignores:
        return findings
    return [f for f in findings if f.code not in settings.ignored_in(f.path)]


def apply_suppressions(
    findings: list[Finding],
    info: FilterInput,
    workspace: Workspace,
    settings: Settings,
    registry: Registry,
) -> list[Finding]:
    """Mark suppressed findings; add AWL003 for directives that silenced nothing.

    Directives in files the file checks did not read (findings of repo checks) are parsed
    here. AWL002 (malformed) comes from the AWL family's own file check.
    """
    by_path = dict(info.suppressions)
    for path in {f.path for f in findings if f.path and f.path not in by_path}:
        source = workspace.get(path)
        if source is None or source.is_binary or not has_directives(source.text):
            continue
        by_path[path] = parse_file_directives(source.text, registry, source.language)[0]
    used: set[tuple[str, int, int]] = set()
    out: list[Finding] = []
    for finding in findings:
        match = next(
            (s for s in by_path.get(finding.path, ()) if s.covers(finding.code, finding.line)),
            None,
        )
        if match is None or finding.code.startswith("AWL"):
            out.append(finding)
            continue
        used.add((finding.path, match.line, match.column))
        extra = finding.extra_dict()
        extra["justification"] = match.reason
        out.append(finding.with_changes(suppressed="inline", extra=extra))
    ctx = RepoContext(workspace=workspace, settings=settings, registry=registry)
    for path, directives in sorted(by_path.items()):
        for directive in directives:
            if directive.compat or (path, directive.line, directive.column) in used:
                continue
            if not _judgeable(directive, path, info, settings):
                continue
            codes = ",".join(sorted(directive.codes))
            ctx.report(
                "AWL003",
                path,
                directive.line,
                directive.column,
                f"suppression of {codes} silenced nothing; remove it",
                fingerprint_key=f"unused {codes}",
            )
    out.extend(f for f in ctx.findings if settings.is_enabled(f.code))
    return out


def _judgeable(directive: Suppression, path: str, info: FilterInput, settings: Settings) -> bool:
    for code in directive.codes:
        if not settings.is_enabled(code) or code.startswith("AWL"):
            return False
        from_files = code in info.file_codes
        if from_files and path not in info.file_targets:
            return False
        if not from_files and code not in info.repo_codes:
            return False
    return True


def apply_baseline(
    findings: list[Finding], baseline: Mapping[str, object] | None
) -> tuple[list[Finding], int, int]:
    """Mark findings whose fingerprint is in the baseline; return (findings, baselined, stale)."""
    if baseline is None:
        return findings, 0, 0
    seen: set[str] = set()
    out: list[Finding] = []
    for finding in findings:
        if finding.suppressed is None and finding.fingerprint in baseline:
            seen.add(finding.fingerprint)
            out.append(finding.with_changes(suppressed="baseline"))
        else:
            out.append(finding)
    return out, len(seen), len(set(baseline) - seen)


def apply_diff(
    findings: list[Finding],
    changed: Mapping[str, Collection[int]],
    registry: Registry,
) -> list[Finding]:
    """Keep findings on changed lines; file-scope rules keep any finding in a changed file."""
    kept = []
    for finding in findings:
        rule = registry.rules.get(finding.code)
        scope = getattr(rule, "diff_scope", "line")
        if (
            scope == "always"
            or finding.code == "AWL004"
            or (
                finding.path in changed
                and (scope == "file" or finding.line in changed[finding.path])
            )
        ):
            kept.append(finding)
    return kept
