"""Helpers of the command line: formats, the root, settings, outputs, exit codes, errors."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import click

from agentweaver_lint import __version__

EXIT_OK, EXIT_FAIL, EXIT_ERROR, EXIT_BASELINE = 0, 1, 2, 3


class UsageFailure(Exception):
    """A one-line usage or configuration error (exit 2)."""


def fail(message: str) -> NoReturn:
    raise UsageFailure(message)


def ci_requires_evidence() -> bool:
    value = os.environ.get("CI", "").strip().lower()
    return value not in ("", "0", "false", "no")


def split_values(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@dataclass(frozen=True)
class OutputSpec:
    name: str
    path: str | None


def parse_formats(formats: tuple[str, ...], output: str | None) -> list[OutputSpec]:
    from agentweaver_lint.reporters import FORMATS

    specs: list[OutputSpec] = []
    for raw in formats or ("text",):
        name, _, path = raw.partition(":")
        if name not in FORMATS:
            fail(f"--format: unknown format '{name}' (choose from {', '.join(FORMATS)})")
        specs.append(OutputSpec(name, path or None))
    if output is not None:
        if len(specs) != 1:
            fail("--output names the file of a single --format; use --format NAME:PATH for several")
        specs = [OutputSpec(specs[0].name, output)]
    if sum(1 for s in specs if s.path is None) > 1:
        fail("two formats cannot both go to stdout; give all but one a path (--format NAME:PATH)")
    return specs


def find_root(root: str | None, paths: tuple[str, ...]) -> Path:
    from agentweaver_lint.gitutil import git_toplevel

    if root:
        folder = Path(root)
        if not folder.is_dir():
            fail(f"--root: '{root}' is not a folder")
        return folder.resolve()
    start = Path(paths[0]) if paths else Path.cwd()
    if not start.exists():
        fail(f"path '{paths[0]}' does not exist")
    top = git_toplevel(start.resolve())
    if top is not None:
        return top
    return (start if start.is_dir() else start.parent).resolve()


def load(root: Path, config: str | None, flags: dict[str, Any]) -> Any:
    from agentweaver_lint.config import ConfigError, load_settings
    from agentweaver_lint.settings import Setting

    try:
        return load_settings(
            root,
            config_file=Path(config) if config else None,
            flags={k: Setting(v, src) for k, (v, src) in flags.items()},
        )
    except ConfigError as exc:
        fail(str(exc))


def emit_notices(settings: Any) -> None:
    for notice in settings.notices:
        if notice.topic in ("config", "thresholds", "agent"):
            click.echo(f"agentweaver-lint: {notice.topic}: {notice.message}", err=True)


def write_outputs(
    report: Any,
    specs: list[OutputSpec],
    scanned: set[Path],
    color: bool,
    *,
    show_suppressed: bool = False,
) -> None:
    from agentweaver_lint.registry import get_registry
    from agentweaver_lint.reporters import RenderOptions, get_renderer

    rules = get_registry().rules
    for spec in specs:
        target = Path(spec.path) if spec.path else None
        if target is not None and target.resolve() in scanned:
            fail(f"--format {spec.name}: refusing to overwrite scanned source file '{spec.path}'")
    for spec in specs:
        options = RenderOptions(
            color=color and spec.path is None and spec.name == "text",
            tool_version=__version__,
            show_suppressed=show_suppressed,
        )
        text = get_renderer(spec.name)(report, rules, options)
        if spec.path is None:
            click.echo(text, nl=False)
        else:
            path = Path(spec.path)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


def exit_code(report: Any) -> int:
    if report.summary.tool_error:
        return EXIT_ERROR
    return EXIT_FAIL if report.failing() else EXIT_OK


def terminal_progress(message: str) -> None:
    """One status line on stderr, erased when the message is empty."""
    sys.stderr.write("\r\x1b[2K" + (f"agentweaver-lint: {message}" if message else ""))
    sys.stderr.flush()


def parse_shard(text: str) -> tuple[int, int]:
    index, _, count = text.partition("/")
    if not (index.isdigit() and count.isdigit()) or not 1 <= int(index) <= int(count):
        fail(f"--shard: expected K/N with 1 <= K <= N, got '{text}'")
    return int(index), int(count)


def execute(root: Path, settings: Any, options: Any) -> Any:
    from agentweaver_lint.baseline import BaselineError
    from agentweaver_lint.diffscope import DiffError
    from agentweaver_lint.gate import run_gate
    from agentweaver_lint.gitutil import GitError

    try:
        return run_gate(root, settings, options)
    except (DiffError, BaselineError, GitError) as exc:
        fail(str(exc))
