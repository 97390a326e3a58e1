"""Run the selected checks: file checks (in a process pool for large inputs), then repo checks.

A check that raises becomes an AWL004 finding (the run exits 2); an unparsable Python file
that a check asked to parse becomes AWL001. Findings are values; nothing here raises on a
repository's content.
"""

from __future__ import annotations

import os
import sys
import threading
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from agentweaver_lint.cache import Cache
from agentweaver_lint.checks.base import FileCheck, FileContext, RepoCheck, RepoContext
from agentweaver_lint.filters import FilterInput, parse_file_directives
from agentweaver_lint.model import Finding, Notice
from agentweaver_lint.registry import (
    Registry,
    build_registry,
    extra_family_modules,
    get_registry,
    set_registry,
)
from agentweaver_lint.settings import Settings
from agentweaver_lint.suppressions import Suppression, has_directives
from agentweaver_lint.workspace import SourceFile, Workspace

POOL_MIN_FILES = 120
CHUNK = 24


@dataclass
class FileResult:
    """What the file checks found in one file (the unit a cache stores)."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    counters: dict[str, Counter[str]] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)
    skipped: str | None = None
    crashed: bool = False
    suppressions: list[Suppression] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "findings": [f.to_dict() for f in self.findings],
            "counters": {k: dict(v) for k, v in self.counters.items()},
            "notices": [[n.topic, n.message, n.path] for n in self.notices],
            "skipped": self.skipped,
            "suppressions": [
                [
                    s.line,
                    s.column,
                    sorted(s.codes),
                    sorted(s.lines),
                    s.reason,
                    s.whole_file,
                    s.compat,
                ]
                for s in self.suppressions
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FileResult:
        return cls(
            path=data["path"],
            findings=[Finding.from_dict(f) for f in data["findings"]],
            counters={k: Counter(v) for k, v in data["counters"].items()},
            notices=[Notice(*n) for n in data["notices"]],
            skipped=data["skipped"],
            suppressions=[
                Suppression(a, b, frozenset(c), frozenset(d), e, f, g)
                for a, b, c, d, e, f, g in data["suppressions"]
            ],
        )


@dataclass
class EngineResult:
    findings: list[Finding]
    counters: dict[str, Counter[str]]
    notices: list[Notice]
    files_checked: int
    skipped: Counter[str]
    tool_error: bool
    filter_input: FilterInput = field(default_factory=FilterInput)


def active_checks(registry: Registry, settings: Settings) -> list[tuple[str, int, Any]]:
    """``(family prefix, index, check)`` for every check with at least one enabled code."""
    selected = []
    for prefix, family in registry.families.items():
        for index, check in enumerate(family.checks):
            if any(settings.is_enabled(code) for code in check.codes):
                selected.append((prefix, index, check))
    return selected


def _crash(
    registry: Registry, settings: Settings, path: str, check: Any, exc: BaseException
) -> Finding:
    ctx = FileContext(
        file=SourceFile(path, "", 0, None, frozenset()), settings=settings, registry=registry
    )
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    origin = f" at {os.path.basename(where.filename)}:{where.lineno}" if where else ""
    codes = ",".join(check.codes)
    ctx.report(
        "AWL004",
        1,
        1,
        f"{type(check).__name__} ({codes}) crashed: {type(exc).__name__}: {str(exc)[:200]}{origin}",
        fingerprint_key=f"{codes}:{type(exc).__name__}",
        extra={
            "check": type(check).__name__,
            "codes": list(check.codes),
            "error": type(exc).__name__,
        },
    )
    return ctx.findings[0]


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
            result.findings.append(_crash(registry, settings, file.path, check, exc))
            result.crashed = True
            continue
        result.findings.extend(f for f in ctx.findings if settings.is_enabled(f.code))
        result.notices.extend(ctx.notices)
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


Collect = Callable[[], list[FileResult]]


def run_file_checks(
    files: Sequence[SourceFile],
    settings: Settings,
    registry: Registry,
    jobs: int,
    cache: Cache | None = None,
) -> list[FileResult]:
    return start_file_checks(files, settings, registry, jobs, cache)()


def start_file_checks(
    files: Sequence[SourceFile],
    settings: Settings,
    registry: Registry,
    jobs: int,
    cache: Cache | None = None,
) -> Collect:
    """Start the file checks (in worker processes for large inputs); call the result to collect.

    Starting first lets the repository checks run in this process while the workers work.
    """
    checks = [c for c in active_checks(registry, settings) if isinstance(c[2], FileCheck)]
    if not checks or not files:
        return list
    if cache is None:
        return _start(files, checks, settings, registry, jobs)
    known: list[FileResult] = []
    missing: list[SourceFile] = []
    digests: dict[str, str] = {}
    for file in files:
        digest = cache.content_hash(file.path, file.abspath)
        cached = cache.get("file", digest) if digest else None
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
                cache.put("file", digest, result.to_json())
            results.append(result)
        return results

    return collect


def _start(
    files: Sequence[SourceFile],
    checks: Sequence[tuple[str, int, Any]],
    settings: Settings,
    registry: Registry,
    jobs: int,
) -> Collect:
    if not files:
        return list
    if jobs <= 1 or len(files) < POOL_MIN_FILES:
        done = [check_file(f, checks, settings, registry) for f in files]
        return lambda: done
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork is cheapest; where it could deadlock (threads) or warn (3.12+), spawn instead.
    fork_safe = sys.version_info < (3, 12) and threading.active_count() == 1
    method = "fork" if fork_safe and os.name == "posix" else "spawn"
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

    return collect


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
            findings.append(_crash(registry, settings, "", check, exc))
            crashed = True
            continue
        findings.extend(f for f in ctx.findings if settings.is_enabled(f.code))
        notices.extend(ctx.notices)
        counters.setdefault(prefix, Counter()).update(ctx.counters)
    return findings, counters, notices, crashed


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
    collect = start_file_checks(targets, settings, registry, jobs, cache)
    repo_findings: list[Finding] = []
    repo_counters: dict[str, Counter[str]] = {}
    repo_notices: list[Notice] = []
    repo_crashed = False
    if repo_checks:  # in this process, while the workers run the file checks
        repo_findings, repo_counters, repo_notices, repo_crashed = cached_repo_checks(
            workspace, settings, registry, cache, repo_share
        )
    file_results = collect()
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
    import hashlib

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
