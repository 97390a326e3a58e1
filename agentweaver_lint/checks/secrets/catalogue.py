"""The provider-token catalogue (``rules/secrets.yml``) loaded as data and compiled once.

Each entry names a secret type: a regex with a ``secret`` group (else group 1, else the
whole match), lowercase ``keywords`` that must occur in the text before the regex runs,
an optional Shannon-entropy floor on the secret, an optional context that must be near,
an optional offline validator (``github-crc32``, ``jwt``), allowlist regexes and examples.
Users add entries with the ``extra_catalogue`` option of SEC001 (same format).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml

from agentweaver_lint.model import Severity
from agentweaver_lint.packs import pack_path

CATALOGUE_MARKER = "# agentweaver-lint secrets catalogue"
"""First line of a catalogue file: SEC rules skip it (its examples are synthetic secrets)."""

CONTEXT_SCOPES = ("line", "window", "file")
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when present (the same safe constructors, 8x faster: every worker
process parses the catalogue once), else PyYAML's pure-Python ``SafeLoader``."""
VALIDATORS = ("github-crc32", "jwt")


class CatalogueError(ValueError):
    """A catalogue entry is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Example:
    text: str
    expect: bool


@dataclass(frozen=True)
class Entry:
    """One secret type of the catalogue; its patterns compile on first use.

    Most entries never run on a given file (their keywords are absent), so a run scanning a
    few files does not pay for compiling a hundred regexes. Parsing checks every pattern.
    """

    id: str
    description: str
    pattern: str
    keywords: tuple[str, ...]
    entropy: float
    context_pattern: str | None
    context_scope: str
    allowlist_patterns: tuple[str, ...]
    validate: str | None
    severity: Severity
    placeholder_check: bool
    examples: tuple[Example, ...]

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern)

    @cached_property
    def context(self) -> re.Pattern[str] | None:
        return None if self.context_pattern is None else re.compile(self.context_pattern)

    @cached_property
    def allowlist(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(a) for a in self.allowlist_patterns)

    def secret_span(self, match: re.Match[str]) -> tuple[int, int]:
        for name in self.regex.groupindex:
            if name.startswith("secret") and match.group(name) is not None:
                return match.span(name)
        if self.regex.groups and match.group(1) is not None:
            return match.span(1)
        return match.span()


def _checked(pattern: str, where: str, check: bool) -> str:
    if check:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise CatalogueError(f"{where}: bad regex: {exc}") from None
    return pattern


def _entry(raw: dict[str, Any], source: str, check: bool) -> Entry:
    ident = str(raw.get("id") or "")
    where = f"{source}: entry {ident or '?'}"
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", ident):
        raise CatalogueError(f"{where}: id must be kebab-case")
    for key in ("description", "regex", "keywords"):
        if not raw.get(key):
            raise CatalogueError(f"{where}: missing {key}")
    keywords = tuple(str(k).lower() for k in raw["keywords"])
    context_raw = raw.get("context") or {}
    scope = str(context_raw.get("scope", "line")) if context_raw else "line"
    if scope not in CONTEXT_SCOPES:
        raise CatalogueError(f"{where}: context scope must be one of {CONTEXT_SCOPES}")
    validate = raw.get("validate")
    if validate is not None and validate not in VALIDATORS:
        raise CatalogueError(f"{where}: unknown validator {validate!r}")
    samples = raw.get("examples") or {}
    positives = samples.get("true", samples.get(True, [])) or []
    negatives = samples.get("false", samples.get(False, [])) or []
    examples = tuple(
        [Example(str(t), True) for t in positives] + [Example(str(t), False) for t in negatives]
    )
    return Entry(
        id=ident,
        description=str(raw["description"]),
        pattern=_checked(str(raw["regex"]), where, check),
        keywords=keywords,
        entropy=float(raw.get("entropy", 0.0)),
        context_pattern=_checked(str(context_raw["pattern"]), where, check)
        if context_raw
        else None,
        context_scope=scope,
        allowlist_patterns=tuple(
            _checked(str(a), where, check) for a in raw.get("allowlist") or ()
        ),
        validate=validate,
        severity=Severity.parse(str(raw.get("severity", "error"))),
        placeholder_check=bool(raw.get("placeholder_check", True)),
        examples=examples,
    )


def parse_catalogue(text: str, source: str, *, check: bool = True) -> tuple[Entry, ...]:
    """Parse a catalogue document (``rules: [...]``); raise :class:`CatalogueError`.

    ``check=False`` leaves the regexes unchecked until first use: for the built-in catalogue,
    whose every pattern a test compiles.
    """
    try:
        doc = yaml.load(text, Loader=SAFE_LOADER)  # a safe loader (see SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{source}: not YAML: {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("rules"), list):
        raise CatalogueError(f"{source}: expected a mapping with a 'rules' list")
    entries = tuple(_entry(raw, source, check) for raw in doc["rules"] if isinstance(raw, dict))
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            raise CatalogueError(f"{source}: entry {entry.id} defined twice")
        seen.add(entry.id)
    return entries


@lru_cache(maxsize=8)
def load_catalogue(extra: tuple[str, ...] = (), *, checksum: bool = True) -> tuple[Entry, ...]:
    """The built-in catalogue plus ``extra`` files (absolute paths), compiled once per process.

    ``checksum=False`` drops the ``github-crc32`` validator (the SEC001 option).
    """
    builtin = pack_path("secrets")
    entries = list(parse_catalogue(builtin.read_text("utf-8"), "secrets.yml", check=False))
    ids = {e.id for e in entries}
    for name in extra:
        for entry in parse_catalogue(Path(name).read_text("utf-8"), name):
            if entry.id in ids:
                entries = [e for e in entries if e.id != entry.id]
            entries.append(entry)
            ids.add(entry.id)
    if not checksum:
        entries = [
            dataclasses.replace(e, validate=None) if e.validate == "github-crc32" else e
            for e in entries
        ]
    return tuple(entries)


def is_catalogue_file(path: str, text: str) -> bool:
    """A catalogue file of ours (skipped by the scan: its examples are synthetic secrets)."""
    parts = path.split("/")
    in_packs = len(parts) >= 2 and parts[-2] in ("rules", "_packs") and parts[-1] == "secrets.yml"
    return in_packs and text.startswith(CATALOGUE_MARKER)
