"""Repository checks: which ones a shard runs, running them, and caching each one's result.

Each check's result is cached on the list of files (paths, languages, roles), the targets,
the changed lines, and the content of the files the check :meth:`~RepoCheck.reads`, so
editing a test file does not re-run a check that never reads tests. Checks that read
evidence from outside the listing (coverage reports, load-test results) declare
``cacheable = False`` and always run.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from agentweaver_lint.cache import Cache
from agentweaver_lint.checks.base import RepoCheck, RepoContext
from agentweaver_lint.engine_common import FileResult, active_checks, crash_finding, fork_safe
from agentweaver_lint.model import Finding, Notice
from agentweaver_lint.parts import Parts
from agentweaver_lint.registry import Registry
from agentweaver_lint.settings import Settings
from agentweaver_lint.workspace import Workspace

Outcome = tuple[list[Finding], dict[str, Counter[str]], list[Notice], bool]


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


def _run_one(
    workspace: Workspace,
    settings: Settings,
    registry: Registry,
    prefix: str,
    check: RepoCheck,
    facts: Mapping[str, Mapping[str, Any]],
    parts: Parts | None = None,
) -> Outcome:
    ctx = RepoContext(
        workspace=workspace, settings=settings, registry=registry, facts=facts, parts=parts
    )
    try:
        check.run(ctx)
    except Exception as exc:  # noqa: BLE001 - a crashing rule must not stop the run
        return [crash_finding(registry, settings, "", check, exc)], {}, [], True
    if parts is not None:
        parts.save()
    findings = [f for f in ctx.findings if settings.is_enabled(f.code)]
    return findings, {prefix: Counter(ctx.counters)}, list(ctx.notices), False


def run_repo_checks(
    workspace: Workspace,
    settings: Settings,
    registry: Registry,
    share: tuple[int, int] = (1, 1),
    *,
    after_files: bool | None = None,
    facts: Mapping[str, Mapping[str, Any]] | None = None,
    cache: Cache | None = None,
    jobs: int = 1,
    meanwhile: Callable[[], None] | None = None,
) -> Outcome:
    """Run the share's repository checks (those that use facts, when ``after_files`` is
    True; the others when False; all when None), each from ``cache`` when it can be.

    ``jobs`` > 1 runs the checks the cache cannot answer in forked processes, side by side
    (for when no file-check workers keep the cores busy), and ``meanwhile`` in this one.
    """
    keys = _Keys(workspace, settings, cache) if cache is not None else None
    selected: list[tuple[str, RepoCheck, str | None]] = []
    outcomes: dict[int, Outcome] = {}
    for prefix, check in repo_checks_of_share(registry, settings, share):
        if after_files is not None and check.uses_facts != after_files:
            continue
        key = keys.key(prefix, check) if keys is not None and check.cacheable else None
        cached = cache.get("repo", key) if cache is not None and key else None
        if cached is not None:
            result = FileResult.from_json(cached)
            outcomes[len(selected)] = (result.findings, result.counters, result.notices, False)
        selected.append((prefix, check, key))
    pending = [i for i in range(len(selected)) if i not in outcomes]
    checks = [(p, c, keys.parts(p, c) if keys is not None else None) for p, c, _ in selected]
    args = (workspace, settings, registry, checks, facts or {})
    # A fork costs more than the light checks (coverage, performance reports) it would spare.
    heavy = any(selected[index][1].heavy for index in pending)
    if jobs > 1 and len(pending) > 1 and heavy:
        outcomes.update(_run_forked(args, pending, jobs, meanwhile))
    elif meanwhile is not None:
        meanwhile()
    for index in pending:
        prefix, check, key = selected[index]
        if index not in outcomes:  # serial, or a forked process was lost
            parts = checks[index][2]
            outcomes[index] = _run_one(
                workspace, settings, registry, prefix, check, facts or {}, parts
            )
        outcome = outcomes[index]
        if cache is not None and key and not outcome[3]:
            stored = FileResult("", outcome[0], outcome[1], outcome[2])
            cache.put("repo", key, stored.to_json())
    findings: list[Finding] = []
    counters: dict[str, Counter[str]] = {}
    notices: list[Notice] = []
    crashed = False
    for index in range(len(selected)):
        found, counts, notes, failed = outcomes[index]
        findings.extend(found)
        for name, values in counts.items():
            counters.setdefault(name, Counter()).update(values)
        notices.extend(notes)
        crashed |= failed
    return findings, counters, notices, crashed


_FORKED: dict[str, Any] = {}


def _run_inherited(index: int) -> Outcome:
    workspace, settings, registry, checks, facts = _FORKED["args"]
    prefix, check, parts = checks[index]
    return _run_one(workspace, settings, registry, prefix, check, facts, parts)


def _run_forked(
    args: tuple[Any, ...], pending: list[int], jobs: int, meanwhile: Callable[[], None] | None
) -> dict[int, Outcome]:
    """Outcomes of ``pending`` computed in forked processes that inherit the workspace (no
    pickling of it); empty where fork is unsafe (threads, Python 3.12+) or a process died,
    and the caller runs what is missing itself."""
    if not fork_safe():
        if meanwhile is not None:
            meanwhile()
        return {}
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    _FORKED["args"] = args
    outcomes: dict[int, Outcome] = {}
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(min(jobs, len(pending)), mp_context=context) as pool:
            checks = args[3]
            order = sorted(pending, key=lambda index: not checks[index][1].heavy)
            futures = {index: pool.submit(_run_inherited, index) for index in order}
            if meanwhile is not None:
                meanwhile()
            for index, future in futures.items():
                outcomes[index] = future.result()
    # agentweaver: ignore[ERR003] -- what a lost process did not return is run in this one
    except (BrokenProcessPool, OSError):
        pass
    finally:
        _FORKED.clear()
    return outcomes


def prepare_repo_checks(
    workspace: Workspace,
    settings: Settings,
    registry: Registry,
    share: tuple[int, int] = (1, 1),
    cache: Cache | None = None,
) -> None:
    """Let the fact-using checks that will run (not answered by the cache) start their
    fact-free work — the shared ruff run — while the workers still run the file checks."""
    keys = _Keys(workspace, settings, cache) if cache is not None else None
    for prefix, check in repo_checks_of_share(registry, settings, share):
        if not check.uses_facts:
            continue
        key = keys.key(prefix, check) if keys is not None and check.cacheable else None
        if cache is not None and key and cache.get("repo", key) is not None:
            continue
        try:
            check.prepare(workspace, settings)
        # agentweaver: ignore[ERR003] -- run() meets the same error and reports it (AWL004)
        except Exception:  # noqa: BLE001
            continue


class _Keys:
    """Cache keys of repository checks for one workspace."""

    def __init__(self, workspace: Workspace, settings: Settings, cache: Cache) -> None:
        self.workspace = workspace
        self.settings = settings
        self.cache = cache
        base = hashlib.sha256(b"repo-check 2\n")
        for file in workspace.files:
            roles = ",".join(sorted(file.roles))
            line = f"{file.path}\0{file.language}\0{roles}\n"
            base.update(line.encode("utf-8", "surrogateescape"))
        self.scope = base.hexdigest()
        base.update(b"targets\n")
        for file in workspace.targets:
            base.update(f"{file.path}\n".encode("utf-8", "surrogateescape"))
        if workspace.changed_lines is not None:
            for path, lines in sorted(workspace.changed_lines.items()):
                base.update(f"{path}:{sorted(lines)}".encode("utf-8", "surrogateescape"))
        self.base = base
        self.digests: dict[str, str] = {}

    def _digest(self, path: str, abspath: str) -> str:
        if path not in self.digests:
            self.digests[path] = self.cache.content_hash(path, abspath) or "?"
        return self.digests[path]

    def parts(self, prefix: str, check: RepoCheck) -> Parts:
        """Where ``check`` keeps parts of its work, scoped to this listing."""
        kind = type(check)

        def digest_of(path: str) -> str:
            file = self.workspace.get(path)
            return self._digest(path, file.abspath) if file is not None else "?"

        name = f"{prefix}\0{kind.__module__}.{kind.__qualname__}"
        return Parts(self.cache, name, self.scope, digest_of)

    def key(self, prefix: str, check: RepoCheck) -> str:
        signature = self.base.copy()
        kind = type(check)
        signature.update(f"{prefix}\0{kind.__module__}.{kind.__qualname__}\n".encode())
        reads = check.reader(self.workspace, self.settings)
        for file in self.workspace.files:
            if reads(file):
                digest = self._digest(file.path, file.abspath)
                signature.update(f"{file.path}\0{digest}\n".encode("utf-8", "surrogateescape"))
        return signature.hexdigest()
