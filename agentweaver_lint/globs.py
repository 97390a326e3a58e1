"""Glob sets with brace expansion, matched with gitignore semantics (``pathspec``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

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

        self.patterns = tuple(patterns)
        expanded: list[str] = []
        for pattern in patterns:
            expanded.extend(expand_braces(pattern))
        self._spec = pathspec.GitIgnoreSpec.from_lines(expanded)

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def matches(self, path: str) -> bool:
        return bool(self.patterns) and self._spec.match_file(path)

    def filter(self, paths: Iterable[str]) -> list[str]:
        return [p for p in paths if self.matches(p)]


@lru_cache(maxsize=256)
def globset(patterns: tuple[str, ...]) -> GlobSet:
    """A cached :class:`GlobSet` for a tuple of patterns."""
    return GlobSet(patterns)
