"""Run the installed ruff once per run over the Python files in scope, with an explicit rule set.

ruff is a runtime dependency: it finds bare excepts, blind excepts, ``try``-``except``-``pass``
and missing docstrings fast and honours ``# noqa``. We run it with ``--isolated`` (the scanned
repository's ruff configuration never applies), ``--no-cache`` (nothing written into the repo)
and ``--exit-zero`` (so any non-zero exit is a tool failure), as an argument list without a
shell. The ERR and DOC families share one run through :func:`ruff_for`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agentweaver_lint.settings import Settings
    from agentweaver_lint.workspace import SourceFile, Workspace

ERR_RUFF_CODES: dict[str, str] = {
    "E722": "ERR001",
    "BLE001": "ERR002",
    "S110": "ERR003",
    "S112": "ERR003",
    "TRY400": "ERR004",
}
DOC_RUFF_CODES: tuple[str, ...] = ("D100", "D101", "D102", "D103", "D104", "D105", "D106", "D107")
SELECTED: tuple[str, ...] = (*ERR_RUFF_CODES, *DOC_RUFF_CODES)
MAX_ARGS_CHARS = 60_000
"""Split the file list so one command line stays far below the OS limit."""
TIMEOUT_S = 600


class RuffError(RuntimeError):
    """ruff is missing or failed; the check raises it so the run is a tool error (exit 2)."""


@dataclass(frozen=True, order=True)
class RuffDiagnostic:
    """One ruff finding, with a root-relative POSIX path and 1-based positions."""

    path: str
    line: int
    column: int
    code: str
    end_line: int
    end_column: int
    message: str


def ruff_binary() -> str:
    """The ruff executable installed with us, else the one on PATH; RuffError if none."""
    try:
        from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

        found = str(find_ruff_bin())
        if os.path.isfile(found):
            return found
    except (ImportError, FileNotFoundError):
        pass
    beside = Path(sys.executable).with_name("ruff")
    if beside.is_file():
        return str(beside)
    on_path = shutil.which("ruff")
    if on_path:
        return on_path
    raise RuffError(
        "ruff is not installed (a runtime dependency of agentweaver-lint): pip install ruff"
    )


def _chunks(paths: Sequence[str]) -> list[list[str]]:
    chunks: list[list[str]] = [[]]
    size = 0
    for path in paths:
        if chunks[-1] and size + len(path) + 1 > MAX_ARGS_CHARS:
            chunks.append([])
            size = 0
        chunks[-1].append(path)
        size += len(path) + 1
    return [c for c in chunks if c]


def run_ruff(
    root: Path, paths: Sequence[str], codes: Sequence[str] = SELECTED
) -> list[RuffDiagnostic]:
    """ruff's diagnostics of ``codes`` on root-relative ``paths``, sorted; RuffError on failure."""
    return run_ruff_isolating(root, paths, codes)[0]


def run_ruff_isolating(
    root: Path, paths: Sequence[str], codes: Sequence[str] = SELECTED
) -> tuple[list[RuffDiagnostic], list[str]]:
    """Diagnostics, plus the files ruff itself crashed on (isolated by bisection).

    A file whose content crashes ruff (a stack overflow on absurd nesting) must not turn the
    run into a tool error; ruff failing on every file (missing, broken) still does.
    """
    if not paths:
        return [], []
    binary = ruff_binary()
    out: list[RuffDiagnostic] = []
    crashed: list[str] = []
    pending = _chunks(sorted(paths))
    while pending:
        chunk = pending.pop()
        try:
            out.extend(_run_chunk(binary, root, chunk, codes))
        except RuffError:
            if len(chunk) == 1:
                crashed.append(chunk[0])
            else:
                middle = len(chunk) // 2
                pending.extend([chunk[:middle], chunk[middle:]])
    if crashed and len(crashed) == len(paths):
        _run_chunk(binary, root, [crashed[0]], codes)  # raises the real error
    return sorted(out), sorted(crashed)


def _run_chunk(
    binary: str, root: Path, chunk: Sequence[str], codes: Sequence[str]
) -> list[RuffDiagnostic]:
    command = [
        binary,
        "check",
        "--isolated",
        "--no-cache",
        "--exit-zero",
        "--no-fix",
        "--output-format",
        "json",
        "--select",
        ",".join(codes),
        "--",
        *chunk,
    ]
    try:
        done = subprocess.run(  # an argument list, never a shell
            command,
            cwd=root,
            capture_output=True,
            timeout=TIMEOUT_S,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise RuffError(f"ruff could not run: {type(exc).__name__}: {exc}") from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuffError(
            f"ruff failed (exit {done.returncode}): {detail[0] if detail else 'no output'}"
        )
    return _parse(root, done.stdout)


def _parse(root: Path, stdout: bytes) -> list[RuffDiagnostic]:
    try:
        items: list[dict[str, Any]] = json.loads(stdout.decode("utf-8") or "[]")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RuffError(f"ruff printed no JSON: {exc}") from exc
    resolved = root.resolve()
    out: list[RuffDiagnostic] = []
    for item in items:
        code = item.get("code")
        if not code:  # syntax errors: AWL001 comes from our own parse
            continue
        filename = Path(item["filename"])
        try:
            rel = filename.resolve().relative_to(resolved).as_posix()
        except ValueError:
            rel = filename.as_posix()
        start, end = item["location"], item["end_location"]
        out.append(
            RuffDiagnostic(
                rel,
                int(start["row"]),
                int(start["column"]),
                str(code),
                int(end["row"]),
                int(end["column"]),
                str(item.get("message", "")),
            )
        )
    return out


ScopeFn = Callable[["SourceFile", "Settings"], bool]
_SCOPES: dict[str, tuple[tuple[str, ...], ScopeFn]] = {}
_CACHE: dict[int, tuple[weakref.ref[Workspace], dict[str, list[RuffDiagnostic]], list[str]]] = {}


def register_scope(family: str, codes: tuple[str, ...], scope: ScopeFn) -> None:
    """A family declares which Python files it wants ruff to look at (when a code is enabled)."""
    _SCOPES[family] = (codes, scope)


def ruff_for(workspace: Workspace, settings: Settings) -> dict[str, list[RuffDiagnostic]]:
    """ruff's diagnostics by path for every Python target some family has in scope.

    Computed once per workspace (one subprocess, chunked only for huge repositories).
    """
    return _ruff_run(workspace, settings)[0]


def ruff_crashed(workspace: Workspace, settings: Settings) -> list[str]:
    """Paths ruff crashed on in this workspace's run (report them as AWL001)."""
    return _ruff_run(workspace, settings)[1]


def _ruff_run(
    workspace: Workspace, settings: Settings
) -> tuple[dict[str, list[RuffDiagnostic]], list[str]]:
    key = id(workspace)
    cached = _CACHE.get(key)
    if cached is not None and cached[0]() is workspace:
        return cached[1], cached[2]
    scopes = [
        scope for codes, scope in _SCOPES.values() if any(settings.is_enabled(c) for c in codes)
    ]
    paths = [
        f.path
        for f in workspace.targets
        if f.language == "python" and f.path.endswith(".py") and any(s(f, settings) for s in scopes)
    ]
    by_path: dict[str, list[RuffDiagnostic]] = {}
    diagnostics, crashed = _cached_ruff(workspace, paths)
    for diagnostic in diagnostics:
        by_path.setdefault(diagnostic.path, []).append(diagnostic)
    for stale in [k for k, (ref, _, _) in _CACHE.items() if ref() is None]:
        del _CACHE[stale]
    _CACHE[key] = (weakref.ref(workspace), by_path, crashed)
    return by_path, crashed


def _cached_ruff(workspace: Workspace, paths: list[str]) -> tuple[list[RuffDiagnostic], list[str]]:
    """ruff on ``paths``, each file's diagnostics kept in the run's cache under its content and
    the ruff binary's identity (path, size, modification time): after one edit, ruff reads one
    file. Files ruff crashed on are never kept (they are tried again)."""
    cache = workspace.cache
    if cache is None or not paths:
        return run_ruff_isolating(workspace.root, paths)
    binary = ruff_binary()
    try:
        info = os.stat(binary)
    except OSError as exc:
        raise RuffError(f"ruff could not run: {exc}") from exc
    tool = f"{binary}\0{info.st_size}\0{info.st_mtime_ns}\0{','.join(SELECTED)}"
    found: list[RuffDiagnostic] = []
    keys: dict[str, str] = {}
    missing: list[str] = []
    for path in paths:
        file = workspace.get(path)
        digest = cache.content_hash(path, file.abspath) if file is not None else None
        key = hashlib.sha256(f"{tool}\0{digest}".encode("utf-8", "surrogateescape")).hexdigest()
        cached = cache.get("ruff", key) if digest else None
        if cached is None:
            missing.append(path)
            if digest:
                keys[path] = key
            continue
        found.extend(RuffDiagnostic(path, *row) for row in cached)
    fresh, crashed = run_ruff_isolating(workspace.root, missing)
    rows: dict[str, list[list[Any]]] = {path: [] for path in missing}
    for diagnostic in fresh:
        rows.setdefault(diagnostic.path, []).append(
            [
                diagnostic.line,
                diagnostic.column,
                diagnostic.code,
                diagnostic.end_line,
                diagnostic.end_column,
                diagnostic.message,
            ]
        )
    if len(rows) == len(missing):  # every diagnostic named a file as we listed it
        for path in missing:
            if path in keys and path not in crashed:
                cache.put("ruff", keys[path], rows[path])
    return sorted(found + fresh), crashed
