"""One run of the gate: settings → workspace → checks → filters → report."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from agentweaver_lint.baseline import BASELINE_NAME, read_baseline
from agentweaver_lint.cache import CACHE_DIR, Cache
from agentweaver_lint.diffscope import changed_lines
from agentweaver_lint.engine import run_checks
from agentweaver_lint.filters import (
    apply_baseline,
    apply_diff,
    apply_per_file_ignores,
    apply_suppressions,
)
from agentweaver_lint.gitutil import GitError, git_toplevel, run_git
from agentweaver_lint.model import Finding, Notice, Report, RunSummary
from agentweaver_lint.redact import redact
from agentweaver_lint.registry import Registry, get_registry
from agentweaver_lint.scorecard import build_scorecard
from agentweaver_lint.settings import Settings
from agentweaver_lint.workspace import SourceFile, Workspace, WorkspaceOptions, build_workspace

SNIPPET_MAX = 300


@dataclass
class GateRun:
    report: Report
    workspace: Workspace


def workspace_options(settings: Settings) -> WorkspaceOptions:
    return WorkspaceOptions(
        exclude=tuple(settings.get("exclude")),
        extend_exclude=tuple(settings.get("extend_exclude")),
        max_file_size=int(settings.get("max_file_size")),
        test_patterns=tuple(settings.get("tests")),
        migration_patterns=tuple(settings.get("migrations")),
    )


def snippets_for(findings: Sequence[Finding], workspace: Workspace) -> dict[tuple[str, int], str]:
    """The source line of each finding, with sensitive spans redacted (secrets never leave)."""
    out: dict[tuple[str, int], str] = {}
    masks: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for finding in findings:
        extra = finding.extra_dict()
        if extra.get("sensitive"):
            end = finding.end_column if finding.end_line == finding.line else 10**9
            masks.setdefault((finding.path, finding.line), []).append((finding.column, end))
    for finding in findings:
        key = (finding.path, finding.line)
        if key in out or not finding.path or "commit" in finding.extra_dict():
            continue  # a history finding's line is in an old commit, not in the work tree
        source = workspace.get(finding.path)
        if source is None:
            continue
        lines = source.lines
        if not 0 < finding.line <= len(lines):
            continue
        text = lines[finding.line - 1]
        for start, end in sorted(masks.get(key, []), reverse=True):
            secret = text[start - 1 : end - 1] if end < 10**9 else text[start - 1 :]
            if secret:
                text = text[: start - 1] + redact(secret) + text[start - 1 + len(secret) :]
        out[key] = text[:SNIPPET_MAX]
    return out


@dataclass(frozen=True)
class GateOptions:
    """How one run is scoped and filtered (everything but the settings)."""

    paths: Sequence[str] | None = None
    jobs: int | None = None
    diff_base: str | None = None
    baseline: Path | None = None
    """An explicit baseline file; ``None`` uses ``.agentweaver-baseline.json`` if present."""
    use_baseline: bool = True
    use_cache: bool = False
    shard: tuple[int, int] | None = None
    repo_checks: bool = True
    changed_lines: Mapping[str, frozenset[int]] | None = None
    """Changed lines computed elsewhere (another diff tool); ``diff_base`` asks git instead."""
    history: str | None = None
    """``--history [RANGE]``: also scan lines added in git history ("" = all of HEAD)."""
    progress: Callable[[str], None] | None = None
    """Told what the run is doing (the CLI shows it on a terminal for long runs)."""


def _tracked(root: Path, path: str) -> bool:
    """Whether git tracks anything under ``path`` (a failing git counts as tracked: no cache)."""
    try:
        return bool(run_git(["ls-files", "-z", "--", path], root))
    except GitError:
        return True


def shard_of(path: str, count: int) -> int:
    """The 1-based shard a path belongs to: stable across runs and machines."""
    digest = hashlib.sha1(path.encode("utf-8", "surrogateescape"), usedforsecurity=False)
    return int.from_bytes(digest.digest()[:8], "big") % count + 1


def _settings_key(settings: Settings) -> str:
    material = {
        "values": {k: v.value for k, v in sorted(settings.values.items())},
        "enabled": sorted(settings.enabled),
        "severity": {k: v.value for k, v in sorted(settings.rule_severity.items())},
        "options": {
            code: {k: v.value for k, v in sorted(opts.items())}
            for code, opts in sorted(settings.rule_options.items())
        },
    }
    return json.dumps(material, sort_keys=True, default=str)


def _scope(root: Path, workspace: Workspace, options: GateOptions) -> list[SourceFile]:
    """Narrow the targets to ``--diff``'s changed files; return this shard's file targets."""
    if options.diff_base is not None or options.changed_lines is not None:
        changed = (
            dict(options.changed_lines)
            if options.changed_lines is not None
            else changed_lines(root, str(options.diff_base))
        )
        workspace.changed_lines = changed
        workspace.targets = [f for f in workspace.targets if f.path in changed]
    if options.shard is None:
        return workspace.targets
    # Only file checks are split by path; repository checks are split by check and still
    # judge every target (ERR and DOC look at all the files they are given).
    index, count = options.shard
    return [f for f in workspace.targets if shard_of(f.path, count) == index]


def _open_cache(root: Path, settings: Settings) -> Cache:
    cache = Cache(root, _settings_key(settings))
    if git_toplevel(root) is not None and _tracked(root, CACHE_DIR):
        # A pull request could commit forged results keyed to its own files' hashes.
        cache.disable(f"cache disabled: {CACHE_DIR} is tracked by git (git rm -r --cached it)")
    return cache


def _skipped(
    workspace: Workspace, checked: Mapping[str, int], shard: tuple[int, int] | None
) -> dict[str, int]:
    """Skipped files by reason. Every shard lists the same files: the listing's skips count
    in shard 1 only, so that `merge` (which sums the shards' figures) counts them once."""
    skipped = dict(workspace.skipped) if shard is None or shard[0] == 1 else {}
    for reason, count in checked.items():
        skipped[reason] = skipped.get(reason, 0) + count
    return skipped


def run_gate(
    root: Path,
    settings: Settings,
    options: GateOptions | None = None,
    *,
    paths: Sequence[str] | None = None,
    registry: Registry | None = None,
    jobs: int | None = None,
) -> GateRun:
    """Run the gate. Raises DiffError / BaselineError for unusable --diff / --baseline."""
    options = options or GateOptions(paths=paths, jobs=jobs)
    registry = registry or get_registry()
    workspace = build_workspace(
        root,
        workspace_options(settings),
        options.paths,
        only_paths=not options.repo_checks and options.paths is not None,
    )
    notices: list[Notice] = list(settings.notices)
    baseline_path = options.baseline or (root / BASELINE_NAME)
    baseline = None
    if options.use_baseline and (options.baseline is not None or baseline_path.is_file()):
        baseline = read_baseline(baseline_path)
    file_targets = _scope(root, workspace, options)
    cache = _open_cache(root, settings) if options.use_cache else None
    workspace.cache = cache
    if options.progress is not None:
        options.progress(f"checking {len(workspace.targets)} of {len(workspace.files)} files…")
    result = run_checks(
        workspace,
        settings,
        registry,
        options.jobs,
        cache=cache,
        repo_checks=options.repo_checks,
        repo_share=options.shard or (1, 1),
        file_targets=file_targets,
    )
    if cache is not None:
        cache.flush()
        if cache.problem:
            notices.append(Notice("cache", cache.problem))
    if options.progress is not None:
        options.progress("")
    findings = apply_per_file_ignores(result.findings, settings)
    findings = apply_suppressions(findings, result.filter_input, workspace, settings, registry)
    if options.history is not None:
        findings += history_findings(root, options.history, settings, registry, findings)
    # Two checks reporting the very same problem (an AWL001 from two parsers) count once.
    findings = disambiguate(sorted(set(findings)))
    if workspace.changed_lines is not None:
        findings = apply_diff(findings, workspace.changed_lines, registry)
    findings, baselined, stale = apply_baseline(findings, baseline)
    notices.extend(result.notices)
    for reason, count in sorted(workspace.skipped.items()):
        notices.append(Notice("skipped", f"{count} file(s) skipped: {reason}"))
    scorecard = build_scorecard(registry, settings, workspace, findings, result.counters)
    summary = RunSummary(
        root=str(root),
        files_listed=len(workspace.files),
        files_checked=result.files_checked,
        files_skipped=_skipped(workspace, result.skipped, options.shard),
        fail_on=settings.fail_on,
        baselined=baselined,
        baseline_stale=stale,
        tool_error=result.tool_error,
        enabled=tuple(sorted(settings.enabled)),
    )
    report = Report(
        scorecard=scorecard,
        findings=findings,
        notices=sorted(set(notices)),
        summary=summary,
        snippets=snippets_for(findings, workspace),
        counters={k: dict(sorted(v.items())) for k, v in sorted(result.counters.items())},
    )
    return GateRun(report, workspace)


def history_findings(
    root: Path, rev_range: str, settings: Settings, registry: Registry, current: list[Finding]
) -> list[Finding]:
    """Secrets added in git history that are no longer in the work tree (each once)."""
    if not any(settings.is_enabled(code) for code in registry.rules if code.startswith("SEC")):
        return []
    from agentweaver_lint.checks.secrets.history import scan_history

    seen = {f.fingerprint for f in current}
    out: list[Finding] = []
    for finding in scan_history(root, rev_range or None, settings, registry):
        if finding.fingerprint not in seen:
            seen.add(finding.fingerprint)
            out.append(finding)
    return out


def disambiguate(findings: list[Finding]) -> list[Finding]:
    """Make fingerprints unique: the n-th repeat of one (in file order) gets ``:n``."""
    seen: dict[str, int] = {}
    out: list[Finding] = []
    for finding in findings:
        count = seen.get(finding.fingerprint, 0)
        seen[finding.fingerprint] = count + 1
        out.append(
            finding
            if count == 0
            else finding.with_changes(fingerprint=f"{finding.fingerprint}:{count + 1}")
        )
    return out
