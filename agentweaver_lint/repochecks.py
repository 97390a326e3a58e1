"""Repository checks: which ones a shard runs, running them, and caching their results."""

from __future__ import annotations

import hashlib
from collections import Counter

from agentweaver_lint.cache import Cache
from agentweaver_lint.checks.base import RepoCheck, RepoContext
from agentweaver_lint.engine_common import FileResult, active_checks, crash_finding
from agentweaver_lint.model import Finding, Notice
from agentweaver_lint.registry import Registry
from agentweaver_lint.settings import Settings
from agentweaver_lint.workspace import Workspace


def repo_checks_of_share(
    registry: Registry, settings: Settings, share: tuple[int, int]
) -> list[tuple[str, RepoCheck]]:
    """The repository checks shard ``share`` = (K, N) runs: every N-th, from the K-th."""
    index, count = share
    checks = [
        (prefix, check)
        for prefix, _i, check in active_checks(registry, settings)
        if isinstance(check, RepoCheck)
    ]
    return [item for position, item in enumerate(checks) if position % count == index - 1]


def run_repo_checks(
    workspace: Workspace, settings: Settings, registry: Registry, share: tuple[int, int] = (1, 1)
) -> tuple[list[Finding], dict[str, Counter[str]], list[Notice], bool]:
    findings: list[Finding] = []
    counters: dict[str, Counter[str]] = {}
    notices: list[Notice] = []
    crashed = False
    for prefix, check in repo_checks_of_share(registry, settings, share):
        ctx = RepoContext(workspace=workspace, settings=settings, registry=registry)
        try:
            check.run(ctx)
        except Exception as exc:  # noqa: BLE001 - a crashing rule must not stop the run
            findings.append(crash_finding(registry, settings, "", check, exc))
            crashed = True
            continue
        findings.extend(f for f in ctx.findings if settings.is_enabled(f.code))
        notices.extend(ctx.notices)
        counters.setdefault(prefix, Counter()).update(ctx.counters)
    return findings, counters, notices, crashed


def cached_repo_checks(
    workspace: Workspace,
    settings: Settings,
    registry: Registry,
    cache: Cache | None,
    share: tuple[int, int] = (1, 1),
) -> tuple[list[Finding], dict[str, Counter[str]], list[Notice], bool]:
    """Repo checks, cached on the content of every file (an unchanged repo reuses them)."""
    if cache is None:
        return run_repo_checks(workspace, settings, registry, share)
    signature = hashlib.sha256(f"share {share}\n".encode())
    for file in workspace.files:
        digest = cache.content_hash(file.path, file.abspath) or "?"
        signature.update(f"{file.path}\0{digest}\n".encode("utf-8", "surrogateescape"))
    if workspace.changed_lines is not None:
        for path, lines in sorted(workspace.changed_lines.items()):
            signature.update(f"{path}:{sorted(lines)}".encode("utf-8", "surrogateescape"))
    key = signature.hexdigest()
    cached = cache.get("repo", key)
    if cached is not None:
        result = FileResult.from_json(cached)
        return result.findings, result.counters, result.notices, False
    findings, counters, notices, crashed = run_repo_checks(workspace, settings, registry, share)
    if not crashed:
        cache.put("repo", key, FileResult("", findings, counters, notices).to_json())
    return findings, counters, notices, crashed
