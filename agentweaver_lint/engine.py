"""Run the selected checks: file checks (in a process pool for large inputs), then repo checks.

A check that raises becomes an AWL004 finding (the run exits 2); an unparsable Python file
that a check asked to parse becomes AWL001. Findings are values; nothing here raises on a
repository's content.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from agentweaver_lint.cache import Cache
from agentweaver_lint.checks.base import FileCheck, FileContext
from agentweaver_lint.engine_common import FileResult, active_checks, crash_finding, fork_safe
from agentweaver_lint.filters import FilterInput, parse_file_directives
from agentweaver_lint.gctune import tune_gc
from agentweaver_lint.model import Finding, Notice
from agentweaver_lint.registry import (
    Registry,
    build_registry,
    extra_family_modules,
    get_registry,
    set_registry,
)
from agentweaver_lint.repochecks import (
    prepare_repo_checks,
    repo_checks_of_share,
    run_repo_checks,
)
from agentweaver_lint.settings import Settings
from agentweaver_lint.suppressions import has_directives
from agentweaver_lint.workspace import SourceFile, Workspace

POOL_MIN_FILES = 120
CHUNK = 24


@dataclass
class EngineResult:
    findings: list[Finding]
    counters: dict[str, Counter[str]]
    notices: list[Notice]
    files_checked: int
    skipped: Counter[str]
    tool_error: bool
    filter_input: FilterInput = field(default_factory=FilterInput)


def check_file(
    file: SourceFile, checks: Sequence[tuple[str, int, Any]], settings: Settings, registry: Registry
) -> FileResult:
    """Run ``checks`` on one file. Pure: depends on the file's content and the settings."""
    result = FileResult(file.path)
    wanted = [
        (p, i, c) for p, i, c in checks if isinstance(c, FileCheck) and c.wants(file, settings)
    ]
    if not wanted:
        return result
    if not file.data and file.size:
        result.skipped = "unreadable"
        return result
    if file.is_binary:
        result.skipped = "binary"
        return result
    for prefix, _index, check in wanted:
        ctx = FileContext(file=file, settings=settings, registry=registry)
        try:
            check.run(ctx)
        except Exception as exc:  # noqa: BLE001 - a crashing rule must not stop the run
            result.findings.append(crash_finding(registry, settings, file.path, check, exc))
            result.crashed = True
            continue
        result.findings.extend(f for f in ctx.findings if settings.is_enabled(f.code))
        result.notices.extend(ctx.notices)
        result.facts.update(ctx.facts)
        if ctx.counters:
            result.counters.setdefault(prefix, Counter()).update(ctx.counters)
    if file.language == "python" and file._tree is not None and file.python_error is not None:
        result.findings.append(_parse_finding(file, settings, registry))
    if has_directives(file.text):
        result.suppressions = parse_file_directives(file.text, registry, file.language)[0]
    file.release()
    return result


def _parse_finding(file: SourceFile, settings: Settings, registry: Registry) -> Finding:
    error = file.python_error
    line, column = 1, 1
    if isinstance(error, SyntaxError):
        line = error.lineno or 1
        column = error.offset or 1
        message = f"Python does not parse: {error.msg}"
    else:
        message = f"Python does not parse: {type(error).__name__}"
    ctx = FileContext(file=file, settings=settings, registry=registry)
    ctx.report(
        "AWL001", line, column, message, fingerprint_key=message, extra={"language": "python"}
    )
    return ctx.findings[0]


# --- worker processes ------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(settings: Settings, modules: list[str], extra: list[str]) -> None:
    tune_gc()
    registry = build_registry(modules, plugins=False, extra=extra)
    set_registry(registry)
    _WORKER["settings"] = settings
    _WORKER["registry"] = registry
    _WORKER["checks"] = active_checks(registry, settings)


def _run_chunk(files: list[SourceFile]) -> list[FileResult]:
    settings, registry, checks = _WORKER["settings"], _WORKER["registry"], _WORKER["checks"]
    return [check_file(f, checks, settings, registry) for f in files]


def _chunks(files: Sequence[SourceFile], size: int) -> Iterable[list[SourceFile]]:
    for start in range(0, len(files), size):
        yield list(files[start : start + size])


class Collect:
    """Call it to collect the file results; ``pooled`` while worker processes compute them
    (the machine's cores are then busy, and the repository checks run in this process)."""

    def __init__(self, collect: Callable[[], list[FileResult]], pooled: bool = False) -> None:
        self._collect = collect
        self._results: list[FileResult] | None = None
        self.pooled = pooled

    def __call__(self) -> list[FileResult]:
        if self._results is None:
            self._results = self._collect()
        return self._results


def start_file_checks(
    files: Sequence[SourceFile],
    settings: Settings,
    registry: Registry,
    jobs: int,
    cache: Cache | None = None,
    *,
    facts: bool = True,
) -> Collect:
    """Start the file checks (in worker processes for large inputs); call the result to collect.

    Starting first lets the repository checks run in this process while the workers work.
    ``facts`` off skips the checks that only leave facts for repository checks.
    """
    checks = [
        c
        for c in active_checks(registry, settings)
        if isinstance(c[2], FileCheck) and (facts or not c[2].facts_only)
    ]
    if not checks or not files:
        return Collect(list)
    if cache is None:
        return _start(files, checks, settings, registry, jobs)
    kind = "file" if facts else "file-nofacts"
    # Which checks ran is part of the key: a check added since (a new kind of fact) is not
    # missing from a reused result.
    ran = "\0".join(f"{type(c).__module__}.{type(c).__qualname__}" for _p, _i, c in checks)
    known: list[FileResult] = []
    missing: list[SourceFile] = []
    digests: dict[str, str] = {}
    for file in files:
        content = cache.content_hash(file.path, file.abspath)
        digest = hashlib.sha256(f"{content}\0{ran}".encode()).hexdigest() if content else None
        cached = cache.get(kind, digest) if digest else None
        if digest:
            digests[file.path] = digest
        if cached is not None:
            known.append(FileResult.from_json(cached))
        else:
            missing.append(file)
    pending = _start(missing, checks, settings, registry, jobs)

    def collect() -> list[FileResult]:
        results = list(known)
        for result in pending():
            digest = digests.get(result.path)
            if digest and not result.crashed:
                cache.put(kind, digest, result.to_json())
            results.append(result)
        return results

    return Collect(collect, pending.pooled)


def _start(
    files: Sequence[SourceFile],
    checks: Sequence[tuple[str, int, Any]],
    settings: Settings,
    registry: Registry,
    jobs: int,
) -> Collect:
    if not files:
        return Collect(list)
    if jobs <= 1 or len(files) < POOL_MIN_FILES:
        done = [check_file(f, checks, settings, registry) for f in files]
        return Collect(lambda: done)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if fork_safe() else "spawn"  # fork is cheapest; spawn where it is unsafe
    modules = [family.module for family in registry.families.values() if family.module]
    # Big files first so the pool does not end waiting on one straggler.
    ordered = sorted(files, key=lambda f: -f.size)
    chunk = max(4, min(CHUNK, len(ordered) // (jobs * 8) or 4))
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context(method),
        initializer=_init_worker,
        initargs=(settings, modules, extra_family_modules()),
    )
    futures = [pool.submit(_run_chunk, part) for part in _chunks(ordered, chunk)]

    def collect() -> list[FileResult]:
        try:
            return [result for future in futures for result in future.result()]
        finally:
            pool.shutdown()

    return Collect(collect, pooled=True)


def default_jobs(settings: Settings) -> int:
    jobs = int(settings.get("jobs"))
    if jobs > 0:
        return jobs
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def run_checks(
    workspace: Workspace,
    settings: Settings,
    registry: Registry | None = None,
    jobs: int | None = None,
    *,
    cache: Cache | None = None,
    repo_checks: bool = True,
    repo_share: tuple[int, int] = (1, 1),
    file_targets: Sequence[SourceFile] | None = None,
) -> EngineResult:
    """Run every selected check over ``workspace``.

    ``repo_checks`` off skips the repository checks (the fast hook); ``repo_share`` (K, N)
    runs only shard K's share of them, so a CI matrix spreads them too.
    """
    registry = registry or get_registry()
    jobs = default_jobs(settings) if jobs is None else jobs
    targets = workspace.targets if file_targets is None else file_targets
    collect = start_file_checks(targets, settings, registry, jobs, cache, facts=repo_checks)
    repo_findings: list[Finding] = []
    repo_counters: dict[str, Counter[str]] = {}
    repo_notices: list[Notice] = []
    repo_crashed = False
    if repo_checks:
        # In this process while workers run the file checks; side by side in forked
        # processes when no workers keep the cores busy (a run after editing one file).
        def prepare() -> None:
            prepare_repo_checks(workspace, settings, registry, repo_share, cache)

        # Without workers the file results are in already: their facts can serve now, and
        # every repository check runs at once, side by side (ruff in the processes that need it).
        early = {} if collect.pooled else {r.path: r.facts for r in collect() if r.facts}
        repo_findings, repo_counters, repo_notices, repo_crashed = run_repo_checks(
            workspace,
            settings,
            registry,
            repo_share,
            after_files=False if collect.pooled else None,
            facts=early,
            cache=cache,
            jobs=1 if collect.pooled else jobs,
            meanwhile=prepare if collect.pooled else None,
        )
    file_results = sorted(collect(), key=lambda r: r.path)  # sums in one order, cached or not
    if repo_checks and collect.pooled:  # the checks that read the file checks' facts
        facts = {r.path: r.facts for r in file_results if r.facts}
        later = run_repo_checks(
            workspace, settings, registry, repo_share, after_files=True, facts=facts, cache=cache
        )
        repo_findings.extend(later[0])
        for prefix, counts in later[1].items():
            repo_counters.setdefault(prefix, Counter()).update(counts)
        repo_notices.extend(later[2])
        repo_crashed |= later[3]
    selected = active_checks(registry, settings)
    filter_input = FilterInput(
        file_targets=frozenset(f.path for f in targets),
        repo_codes=frozenset(
            code
            for _p, check in (
                repo_checks_of_share(registry, settings, repo_share) if repo_checks else []
            )
            for code in check.codes
        ),
        file_codes=frozenset(
            code for _p, _i, c in selected if isinstance(c, FileCheck) for code in c.codes
        ),
    )
    findings: list[Finding] = []
    counters: dict[str, Counter[str]] = {}
    notices: list[Notice] = []
    skipped: Counter[str] = Counter()
    crashed = False
    checked = 0
    for result in file_results:
        if result.skipped:
            skipped[result.skipped] += 1
            notices.append(
                Notice("skipped", f"{result.path}: skipped ({result.skipped})", result.path)
            )
            continue
        checked += 1
        if result.suppressions:
            filter_input.suppressions[result.path] = result.suppressions
        findings.extend(result.findings)
        notices.extend(result.notices)
        crashed |= result.crashed
        for prefix, counts in result.counters.items():
            counters.setdefault(prefix, Counter()).update(counts)
    findings.extend(repo_findings)
    notices.extend(repo_notices)
    for prefix, counts in repo_counters.items():
        counters.setdefault(prefix, Counter()).update(counts)
    return EngineResult(
        findings=findings,
        counters=counters,
        notices=notices,
        files_checked=checked,
        skipped=skipped,
        tool_error=crashed or repo_crashed,
        filter_input=filter_input,
    )
