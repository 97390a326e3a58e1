"""Command line: wires settings, the gate and reporters; holds no family logic.

Exit codes: 0 pass; 1 gate failed; 2 usage, config or internal tool error; 3 the
baseline file was changed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from agentweaver_lint import __version__
from agentweaver_lint.cliutil import (
    EXIT_BASELINE,
    EXIT_ERROR,
    EXIT_OK,
    UsageFailure,
    ci_requires_evidence,
    emit_notices,
    execute,
    exit_code,
    fail,
    find_root,
    load,
    parse_formats,
    parse_shard,
    split_values,
    terminal_progress,
    write_outputs,
)
from agentweaver_lint.gctune import tune_gc

EXIT_HELP = """\b
Exit codes:
  0  the gate passed
  1  the gate failed: an unsuppressed finding at or above --fail-on
  2  usage, configuration or internal tool error (never the scanned files' content)
  3  the baseline file was changed (agentweaver-lint baseline)
"""


class DefaultGroup(click.Group):
    """``agentweaver-lint [check] …``: anything that is not a subcommand runs ``check``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (
            args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")
        ):
            args = ["check", *args]
        return super().parse_args(ctx, args)


@click.group(
    cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_HELP
)
@click.version_option(__version__, prog_name="agentweaver-lint")
def cli() -> None:
    """Check a repository against the backend-dev agent's non-negotiables.

    Runs `check` unless a subcommand is named (write ./rules for a folder named rules).
    """


@cli.command(epilog=EXIT_HELP)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--root", help="Repository root (default: git top level of the first PATH or of .).")
@click.option("--config", "config", type=click.Path(), help="A TOML file with our settings table.")
@click.option("--agent", help="The agent definition (default .claude/agents/backend-dev.md).")
@click.option(
    "--select", multiple=True, help="Only these rules (codes, prefixes, names, families)."
)
@click.option("--extend-select", multiple=True, help="Add rules to the selection.")
@click.option("--ignore", multiple=True, help="Never these rules.")
@click.option(
    "--fail-on", type=click.Choice(["info", "warning", "error"]), help="Lowest failing severity."
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    metavar="NAME[:PATH]",
    help="text, json, sarif, github, markdown, junit, gitlab; repeatable.",
)
@click.option("--output", "-o", type=click.Path(), help="File for the single --format.")
@click.option(
    "--require-evidence",
    is_flag=True,
    default=None,
    help="No coverage/load-test evidence fails the gate (default when CI is set).",
)
@click.option(
    "--jobs", "-j", type=click.IntRange(min=0), help="Worker processes (0: one per core)."
)
@click.option(
    "--max-file-size", type=click.IntRange(min=1), help="Skip files larger than this (bytes)."
)
@click.option(
    "--color/--no-color", default=None, help="Colour the text output (default: on a TTY)."
)
@click.option("--show-suppressed", is_flag=True, help="List suppressed findings in text output.")
@click.option(
    "--diff",
    "diff_base",
    metavar="BASE",
    help="Only findings on lines changed since merge-base(BASE).",
)
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(),
    help="Baseline file (default .agentweaver-baseline.json).",
)
@click.option("--no-baseline", is_flag=True, help="Ignore the baseline.")
@click.option("--no-cache", is_flag=True, help="Do not read or write .agentweaver_cache/.")
@click.option(
    "--shard", metavar="K/N", help="Run file checks of shard K of N (repo checks in shard 1)."
)
@click.option("--files-only", is_flag=True, help="File checks only (the fast pre-commit hook).")
@click.option(
    "--history",
    "history",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[REV-RANGE]",
    help="Also scan lines added in git history for secrets (default range: all of HEAD).",
)
@click.option(
    "--coverage",
    "coverage_reports",
    multiple=True,
    type=click.Path(),
    help="A coverage report to read (repeatable; default: discovered).",
)
def check(
    paths: tuple[str, ...],
    root: str | None,
    config: str | None,
    agent: str | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    formats: tuple[str, ...],
    output: str | None,
    require_evidence: bool | None,
    jobs: int | None,
    max_file_size: int | None,
    color: bool | None,
    show_suppressed: bool,
    diff_base: str | None,
    baseline_file: str | None,
    no_baseline: bool,
    no_cache: bool,
    shard: str | None,
    files_only: bool,
    coverage_reports: tuple[str, ...],
    history: str | None,
) -> None:
    """Run the gate (the default command)."""
    specs = parse_formats(formats, output)
    shard_spec = parse_shard(shard) if shard else None
    top = find_root(root, paths)
    flags: dict[str, Any] = {}
    for key, value, flag in (
        ("select", split_values(select), "--select"),
        ("extend_select", split_values(extend_select), "--extend-select"),
        ("ignore", split_values(ignore), "--ignore"),
    ):
        if value:
            flags[key] = (value, flag)
    if fail_on:
        flags["fail_on"] = (fail_on, "--fail-on")
    if agent:
        flags["agent"] = (agent, "--agent")
    if jobs is not None:
        flags["jobs"] = (jobs, "--jobs")
    if max_file_size is not None:
        flags["max_file_size"] = (max_file_size, "--max-file-size")
    if coverage_reports:
        reports = [str(Path(r).resolve()) for r in coverage_reports]
        flags["coverage.reports"] = (reports, "--coverage")
    if require_evidence:
        flags["require_evidence"] = (True, "--require-evidence")
    elif ci_requires_evidence():
        flags["require_evidence"] = (True, "CI environment variable")
    settings = load(top, config, flags)
    emit_notices(settings)
    from agentweaver_lint.gate import GateOptions

    use_color = sys.stdout.isatty() if color is None else color
    options = GateOptions(
        paths=list(paths) or None,
        diff_base=diff_base,
        baseline=Path(baseline_file) if baseline_file else None,
        use_baseline=not no_baseline,
        use_cache=not no_cache,
        shard=shard_spec,
        repo_checks=not files_only,
        progress=terminal_progress if sys.stderr.isatty() else None,
        history=history,
    )
    gate = execute(top, settings, options)
    scanned = {Path(f.abspath) for f in gate.workspace.files}
    write_outputs(
        gate.report,
        specs,
        scanned,
        use_color and not os.environ.get("NO_COLOR"),
        show_suppressed=show_suppressed,
    )
    sys.exit(exit_code(gate.report))


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text")
def rules(fmt: str) -> None:
    """List every rule (the catalogue docs/rules.md is generated from)."""
    import json

    from agentweaver_lint.registry import get_registry
    from agentweaver_lint.rulesdoc import rules_document

    registry = get_registry()
    if fmt == "markdown":
        click.echo(rules_document(registry), nl=False)
        return
    if fmt == "json":
        data = [
            {
                "code": r.code,
                "name": r.name,
                "family": r.family,
                "non_negotiable": r.non_negotiable,
                "severity": r.severity.label,
                "summary": r.summary,
                "enabled_by_default": r.enabled_by_default,
                "options": [
                    {"name": o.name, "type": o.type_name(), "default": o.default, "help": o.help}
                    for o in r.options
                ],
            }
            for r in registry.sorted_rules()
        ]
        click.echo(json.dumps(data, indent=2))
        return
    for rule in registry.sorted_rules():
        off = "" if rule.enabled_by_default else " (off by default)"
        click.echo(f"{rule.code}  {rule.name:<32} {rule.severity.label:<8} {rule.summary}{off}")


@cli.command()
@click.argument("code")
def explain(code: str) -> None:
    """Show a rule's documentation."""
    from agentweaver_lint.registry import get_registry
    from agentweaver_lint.rulesdoc import rule_markdown

    registry = get_registry()
    try:
        codes = registry.resolve(code)
    except KeyError:
        fail(f"explain: unknown rule '{code}' (see agentweaver-lint rules)")
    if len(codes) != 1:
        fail(f"explain: '{code}' names {len(codes)} rules; give one code")
    click.echo(rule_markdown(registry.rules[codes[0]], heading="#"), nl=False)


@cli.command("config")
@click.option("--show", is_flag=True, required=True, help="Print every setting with its source.")
@click.option("--root", help="Repository root.")
@click.option(
    "--config", "config_file", type=click.Path(), help="A TOML file with our settings table."
)
@click.option("--agent", help="The agent definition.")
def config_cmd(show: bool, root: str | None, config_file: str | None, agent: str | None) -> None:
    """Show the effective settings and where each came from."""
    top = find_root(root, ())
    flags: dict[str, tuple[Any, str]] = {"agent": (agent, "--agent")} if agent else {}
    if ci_requires_evidence():
        flags["require_evidence"] = (True, "CI environment variable")
    settings = load(top, config_file, flags)
    emit_notices(settings)
    width = max(len(k) for k in settings.values)
    for key in sorted(settings.values):
        setting = settings.values[key]
        value = setting.value
        shown = ", ".join(map(str, value)) if isinstance(value, list) else value
        click.echo(f"{key:<{width}} = {shown!s:<30} # {setting.source}")
    for code, setting in sorted(settings.rule_severity.items()):
        click.echo(f"rules.{code}.severity = {setting.value} # {setting.source}")
    for code, options in sorted(settings.rule_options.items()):
        for name, setting in sorted(options.items()):
            click.echo(f"rules.{code}.{name} = {setting.value!r} # {setting.source}")
    click.echo(f"# enabled rules: {', '.join(sorted(settings.enabled))}")


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--root", help="Repository root.")
@click.option("--config", "config", type=click.Path(), help="A TOML file with our settings table.")
@click.option(
    "--file", "baseline_file", type=click.Path(), help="Baseline path (default at the root)."
)
def baseline(
    paths: tuple[str, ...], root: str | None, config: str | None, baseline_file: str | None
) -> None:
    """Write the baseline of current findings; exit 0 if created or unchanged, 3 if changed."""
    from agentweaver_lint.baseline import BASELINE_NAME, write_baseline

    top = find_root(root, paths)
    flags: dict[str, Any] = {}
    if ci_requires_evidence():
        flags["require_evidence"] = (True, "CI environment variable")
    settings = load(top, config, flags)
    from agentweaver_lint.gate import GateOptions

    options = GateOptions(paths=list(paths) or None, use_baseline=False, use_cache=True)
    report = execute(top, settings, options).report
    target = Path(baseline_file) if baseline_file else top / BASELINE_NAME
    state = write_baseline(target, report.findings)
    count = sum(1 for f in report.findings if f.suppressed is None and not f.code.startswith("AWL"))
    click.echo(f"agentweaver-lint: baseline {state}: {target.name} ({count} finding(s))")
    sys.exit(EXIT_BASELINE if state == "changed" else EXIT_OK)


@cli.command()
@click.argument("reports", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "formats", multiple=True, metavar="NAME[:PATH]", help="Output format(s).")
@click.option("--output", "-o", type=click.Path(), help="File for the single --format.")
@click.option("--root", help="The checkout the shards ran on (default: the one you are in).")
def merge(
    reports: tuple[str, ...], formats: tuple[str, ...], output: str | None, root: str | None
) -> None:
    """Join JSON reports (e.g. of --shard runs) into one report and one exit code."""
    from agentweaver_lint.gitutil import git_toplevel
    from agentweaver_lint.merge import MergeError, merge_reports

    specs = parse_formats(formats, output)
    top = Path(root).resolve() if root else git_toplevel(Path.cwd())
    try:
        report = merge_reports([Path(r) for r in reports], top)
    except MergeError as exc:
        fail(str(exc))
    write_outputs(report, specs, set(), sys.stdout.isatty())
    sys.exit(exit_code(report))


@cli.command()
@click.option("--root", help="Repository root.")
def clean(root: str | None) -> None:
    """Remove the result cache (.agentweaver_cache/)."""
    from agentweaver_lint.cache import clean as clean_cache

    top = find_root(root, ())
    removed = clean_cache(top)
    click.echo(f"agentweaver-lint: {'removed' if removed else 'no'} cache in {top.name or top}")


def main(argv: list[str] | None = None) -> None:
    """Console entry point: one-line errors and exit 2 for usage and config problems."""
    tune_gc()
    try:
        cli.main(args=argv, prog_name="agentweaver-lint", standalone_mode=False)
    except UsageFailure as exc:
        click.echo(f"agentweaver-lint: error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("agentweaver-lint: aborted", err=True)
        sys.exit(EXIT_ERROR)
    except click.UsageError as exc:
        hint = f" (see agentweaver-lint {exc.ctx.info_name if exc.ctx else ''} --help)".replace(
            "  ", " "
        )
        click.echo(f"agentweaver-lint: error: {exc.format_message()}{hint}", err=True)
        sys.exit(EXIT_ERROR)
    except click.ClickException as exc:
        click.echo(f"agentweaver-lint: error: {exc.format_message()}", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_OK)
