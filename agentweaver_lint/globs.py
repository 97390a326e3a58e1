"""Glob sets with brace expansion, matched with gitignore semantics (``pathspec``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

_BRACE = re.compile(r"\{([^{}]*)\}")


def expand_braces(pattern: str) -> list[str]:
    """``a/{b,c}/*.{js,ts}`` → four patterns; ``{,/**}`` yields the empty alternative too."""
    match = _BRACE.search(pattern)
    if match is None:
        return [pattern]
    head, tail = pattern[: match.start()], pattern[match.end() :]
    out: list[str] = []
    for choice in match.group(1).split(","):
        out.extend(expand_braces(head + choice + tail))
    return out


class GlobSet:
    """A set of glob patterns (gitignore syntax plus braces) matched against POSIX paths."""

    def __init__(self, patterns: Sequence[str]) -> None:
        import pathspec
        import pathspec.util

        self.patterns = tuple(patterns)
        expanded: list[str] = []
        for pattern in patterns:
            expanded.extend(expand_braces(pattern))
        self._spec = pathspec.GitIgnoreSpec.from_lines(expanded)
        self._any = _any_match(self._spec.patterns)
        self._normalize = pathspec.util.normalize_file

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def matches(self, path: str) -> bool:
        if not self.patterns:
            return False
        if self._any is not None:
            return self._any.search(self._normalize(path)) is not None
        return bool(self._spec.match_file(path))

    def filter(self, paths: Iterable[str]) -> list[str]:
        return [p for p in paths if self.matches(p)]


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


def _any_match(patterns: Sequence[Any]) -> re.Pattern[str] | None:
    """One regex for patterns that all include (no ``!``): gitignore's last match decides,
    so any match includes, and one search replaces a search per pattern (the listing of a
    large repository asks thousands of times). None when a pattern negates or is unusual."""
    sources: list[str] = []
    for pattern in patterns:
        if pattern.include is None:  # a comment or a blank line
            continue
        regex = getattr(pattern, "regex", None)
        if pattern.include is not True or not isinstance(regex, re.Pattern):
            return None
        if (
            regex.flags != re.UNICODE
            or not isinstance(regex.pattern, str)
            or "(?P=" in regex.pattern
        ):
            return None
        sources.append(f"(?:{_NAMED_GROUP.sub('(?:', regex.pattern)})")
    return re.compile("|".join(sources) if sources else "(?!)")


@lru_cache(maxsize=256)
def globset(patterns: tuple[str, ...]) -> GlobSet:
    """A cached :class:`GlobSet` for a tuple of patterns."""
    return GlobSet(patterns)
