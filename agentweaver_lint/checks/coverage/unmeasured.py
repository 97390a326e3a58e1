"""Source files a report should cover but has no data for.

coverage.py only records files a test run imported, so an untested module is simply
absent from ``.coverage`` (unless ``source`` was configured). Percentages stay those of
the measured files, as the tools print them; but a critical-path Python module with
statements and no data at all is reported (COV002), and every unmeasured business-logic
or critical-path file of a measured language is listed in a notice.
"""

from __future__ import annotations

import fnmatch

from agentweaver_lint.checks.base import RepoContext
from agentweaver_lint.checks.coverage.collect import Collected
from agentweaver_lint.globs import globset
from agentweaver_lint.workspace import SourceFile

LIST_LIMIT = 20


def unmeasured_files(
    ctx: RepoContext, collected: Collected, patterns: list[str]
) -> list[SourceFile]:
    """Non-test source files matching ``patterns`` in a language some report measured."""
    languages = {
        source.language
        for path in collected.files
        if (source := ctx.workspace.get(path)) is not None and source.language
    }
    spec = globset(tuple(patterns))
    out: list[SourceFile] = []
    for source in ctx.workspace.files:
        if source.path in collected.files or source.language not in languages:
            continue
        if "source" not in source.roles or source.roles & {"test", "migration"}:
            continue
        if not spec.matches(source.path):
            continue
        if source.language == "python" and _omitted(collected, source.path):
            continue
        out.append(source)
    return out


def _omitted(collected: Collected, path: str) -> bool:
    return any(
        fnmatch.fnmatch(path, p.removeprefix("./")) or fnmatch.fnmatch("/" + path, p)
        for p in collected.config.omit
    )


def first_statement(source: SourceFile, exclude_regex: str) -> int | None:
    """The first statement line of a Python module (coverage.py's parser); None if none."""
    if not source.text.strip():
        return None
    from coverage.exceptions import CoverageException
    from coverage.parser import PythonParser

    parser = PythonParser(text=source.text, exclude=exclude_regex or None)
    try:
        parser.parse_source()
    # agentweaver: ignore[ERR003] -- a file coverage cannot analyse is reported unmeasured
    except (
        CoverageException,
        SyntaxError,
        ValueError,
        RecursionError,
    ):
        return None
    return min(parser.statements, default=None)


def report_unmeasured(ctx: RepoContext, collected: Collected) -> None:
    settings = ctx.settings
    critical = list(settings.get("coverage.critical_paths_paths"))
    business = list(settings.get("coverage.business_logic_paths"))
    files = unmeasured_files(ctx, collected, critical + business)
    ctx.count("files_unmeasured", len(files))
    if files:
        names = [f.path for f in files]
        shown = ", ".join(names[:LIST_LIMIT])
        more = f" and {len(names) - LIST_LIMIT} more" if len(names) > LIST_LIMIT else ""
        ctx.notice(
            "coverage",
            f"coverage: {len(names)} business-logic or critical-path file(s) have no coverage "
            f"data (not counted in the percentages): {shown}{more}",
        )
    spec = globset(tuple(critical))
    threshold = settings.threshold("coverage.critical_paths").value
    for source in files:
        if source.language != "python" or not spec.matches(source.path) or threshold <= 0:
            continue
        line = first_statement(source, collected.config.exclude_regex)
        if line is None:
            continue
        ctx.report(
            "COV002",
            source.path,
            line,
            1,
            f"Critical path {source.path} has no coverage data: no test run executed it",
            fingerprint_key="<unmeasured>",
            extra={"unmeasured": True, "threshold": threshold},
        )
