"""The SEC checks: one file check scanning each text file once, one repo check for paths."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from agentweaver_lint.checks.base import FileCheck, FileContext, RepoCheck, RepoContext
from agentweaver_lint.model import Severity
from agentweaver_lint.redact import redact, secret_hash

# The scanner, its catalogue and its filters are imported where a file is scanned: a run that
# scans nothing (every file answered by the cache) does not pay for compiling their patterns.
if TYPE_CHECKING:
    from agentweaver_lint.checks.secrets.catalogue import Entry
    from agentweaver_lint.checks.secrets.textindex import Hit
    from agentweaver_lint.settings import Settings
    from agentweaver_lint.workspace import SourceFile

DESCRIPTIONS = {
    "SEC002": "Private key ({kind})",
    "SEC003": "Password in a {kind}",
}


def catalogue_for(settings: Settings) -> tuple[tuple[Entry, ...], str | None]:
    """The catalogue with the user's extra files; an error message if one is unusable."""
    from agentweaver_lint.checks.secrets.catalogue import CatalogueError, load_catalogue

    extra = tuple(
        str((settings.root / name).resolve())
        for name in settings.option("SEC001", "extra_catalogue")
    )
    checksum = bool(settings.option("SEC001", "github_checksum"))
    try:
        return load_catalogue(extra, checksum=checksum), None
    except (CatalogueError, OSError) as exc:
        return load_catalogue((), checksum=checksum), str(exc)


def describe(hit: Hit, entries: tuple[Entry, ...]) -> str:
    shown = redact(hit.value)
    if hit.code == "SEC001":
        entry = next((e for e in entries if e.id == hit.secret_type), None)
        return f"{entry.description if entry else hit.secret_type}: {shown}"
    if hit.code == "SEC004":
        return f"Hardcoded {hit.secret_type} in '{hit.extra.get('name', '')}': {shown}"
    return DESCRIPTIONS[hit.code].format(kind=hit.secret_type.replace("-", " ")) + f": {shown}"


def hit_severity(
    hit: Hit, entries: tuple[Entry, ...], is_test: bool, settings: Settings
) -> Severity | None:
    if hit.code == "SEC004" and is_test:
        return Severity.parse(str(settings.option("SEC004", "test_severity")))
    if hit.code == "SEC001":
        entry = next((e for e in entries if e.id == hit.secret_type), None)
        return entry.severity if entry else None
    return None


class SecretScan(FileCheck):
    """SEC001-SEC005 and content-decided SEC006 in one pass over each text file."""

    codes: ClassVar[tuple[str, ...]] = ("SEC001", "SEC002", "SEC003", "SEC004", "SEC005", "SEC006")

    def run(self, ctx: FileContext) -> None:
        from agentweaver_lint.checks.secrets.catalogue import is_catalogue_file
        from agentweaver_lint.checks.secrets.scanner import SCAN_CODES, scan_text
        from agentweaver_lint.checks.secrets.textindex import TextIndex

        file = ctx.file
        text = file.text
        if is_catalogue_file(file.path, text):
            return
        ctx.count("files_scanned")
        entries, error = catalogue_for(ctx.settings)
        if error:
            ctx.notice("secrets", f"extra_catalogue not used: {error}")
        enabled = frozenset(c for c in SCAN_CODES if ctx.settings.is_enabled(c))
        hits = scan_text(
            text,
            file.path,
            file.language,
            entries,
            lockfile="lockfile" in file.roles,
            codes=enabled,
        )
        index = TextIndex(text) if hits else None
        is_test = "test" in file.roles
        for hit in hits:
            assert index is not None
            line, column = index.position(hit.start)
            end_line, end_column = index.position(hit.end)
            ctx.report(
                hit.code,
                line,
                column,
                describe(hit, entries),
                end_line=end_line,
                end_column=end_column,
                fingerprint_key=secret_hash(hit.value),
                extra={"sensitive": True, "secret_type": hit.secret_type, **hit.extra},
                severity=hit_severity(hit, entries, is_test, ctx.settings),
            )
        self._path_rules(ctx, text, hits)

    def _path_rules(self, ctx: FileContext, text: str, hits: list[Hit]) -> None:
        from agentweaver_lint.checks.secrets.keys import scan_private_keys
        from agentweaver_lint.checks.secrets.paths import (
            content_kind,
            env_holds_secret,
            is_env_file,
            needs_content,
        )
        from agentweaver_lint.checks.secrets.textindex import TextIndex, lowered

        path = ctx.file.path
        if is_env_file(path) and (hits or env_holds_secret(text)):
            ctx.report(
                "SEC005",
                1,
                1,
                f"Committed .env file '{path}'; use environment variables",
                fingerprint_key=path,
                extra={"secret_type": "env-file"},
            )
        kind = needs_content(path)
        found = content_kind(kind, text) if kind else None
        if found is None:
            return
        # A key file is reported where its key is (the BEGIN line, the private_key line), as
        # the SEC001/SEC002 finding of that key is, so one key never yields two lines.
        index = TextIndex(text)
        if found == "private-key-file":
            keys = scan_private_keys(index, lowered(text))
            offset = keys[0].start if keys else -1
        else:
            offset = text.find('"private_key"')
        if offset < 0:
            return
        line, column = index.position(offset)
        ctx.report(
            "SEC006",
            line,
            column,
            f"Secret file ({found.replace('-', ' ')}) '{path}'",
            fingerprint_key=path,
            extra={"secret_type": found},
        )


class SecretPathScan(RepoCheck):
    """SEC006 by name alone (keystores are binary: the file check never sees them)."""

    codes: ClassVar[tuple[str, ...]] = ("SEC006",)

    def reads(self, file: SourceFile, settings: Settings) -> bool:
        return False  # judged by name alone

    def run(self, ctx: RepoContext) -> None:
        from agentweaver_lint.checks.secrets.paths import secret_file_kind

        for file in ctx.workspace.targets:
            kind = secret_file_kind(file.path)
            if kind:
                ctx.report(
                    "SEC006",
                    file.path,
                    1,
                    1,
                    f"Secret file ({kind.replace('-', ' ')}) '{file.path}'",
                    fingerprint_key=file.path,
                    extra={"secret_type": kind},
                )
