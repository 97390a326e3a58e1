"""Which files the ERR rules judge, and ``# noqa`` comments read the way ruff reads them."""

from __future__ import annotations

import io
import re
import tokenize
from typing import TYPE_CHECKING

from agentweaver_lint.globs import globset

if TYPE_CHECKING:
    from agentweaver_lint.settings import Settings
    from agentweaver_lint.workspace import SourceFile

JS_LANGUAGES = frozenset({"javascript", "typescript", "tsx"})
NOQA_RE = re.compile(
    r"#\s*noqa(?::\s?(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?", re.IGNORECASE
)
ALL_CODES = "*"
FILE_NOQA_RE = re.compile(
    r"^#\s*(?:ruff|flake8)\s*:\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?\s*$",
    re.IGNORECASE,
)


def _named_codes(match: re.Match[str]) -> list[str] | None:
    """The codes a noqa directive names; None for a bare one (every code)."""
    codes = match.group("codes")
    if codes is None:
        return None
    return [c.upper() for c in re.split(r"[,\s]+", codes) if c]


def file_noqa_codes(lines: list[str]) -> frozenset[str]:
    """Codes exempted for the whole file by ``# ruff: noqa[: codes]`` (``{"*"}`` for all)."""
    found: set[str] = set()
    for line in lines:
        stripped = line.strip()
        if not stripped.startswith("#") or "noqa" not in stripped.lower():
            continue
        match = FILE_NOQA_RE.match(stripped)
        if match is None:
            continue
        codes = _named_codes(match)
        if codes is None:
            return frozenset({ALL_CODES})
        found.update(codes)
    return frozenset(found)


def in_scope(file: SourceFile, settings: Settings, code: str) -> bool:
    """Application code by default; tests and scripts when the rule's options say so."""
    if "source" not in file.roles or "migration" in file.roles:
        return False
    if "test" in file.roles and not settings.option(code, "include_tests"):
        return False
    if settings.option(code, "include_scripts"):
        return True
    return not globset(tuple(settings.option(code, "script_paths"))).matches(file.path)


def noqa_codes(line: str) -> frozenset[str]:
    """Codes a ``# noqa`` comment on ``line`` names; ``{"*"}`` for a bare ``# noqa``."""
    if "noqa" not in line.lower():
        return frozenset()
    comments: list[str] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(line + "\n").readline):
            if token.type == tokenize.COMMENT:
                comments.append(token.string)
    except (tokenize.TokenError, SyntaxError):
        return frozenset()
    found: set[str] = set()
    for comment in comments:
        match = NOQA_RE.search(comment)
        if match is None:
            continue
        codes = _named_codes(match)
        if codes is None:
            return frozenset({ALL_CODES})
        found.update(codes)
    return frozenset(found)
