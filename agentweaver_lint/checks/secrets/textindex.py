"""Offsets to (line, column) for one text, and the hit record every SEC scanner returns."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Hit:
    """A secret found at ``start:end`` (code-point offsets into the scanned text)."""

    code: str
    start: int
    end: int
    value: str
    secret_type: str
    extra: dict[str, Any] = field(default_factory=dict)
    generic: bool = False
    """A generic (SEC004) hit: downgraded in test files."""


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def lowered(text: str) -> str:
    """``text.lower()`` with the same length (offsets stay valid for every character)."""
    lower = text.lower()
    return lower if len(lower) == len(text) else text.translate(_ASCII_LOWER)


class TextIndex:
    """Line starts of a text, computed once, for offset → (line, column) lookups."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        """Offsets where lines start (computed on first use: most texts hold no secret)."""
        if self._starts is None:
            starts = [0]
            find = self.text.find
            pos = find("\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
            self._starts = starts
        return self._starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of ``offset``."""
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def line_bounds(self, offset: int) -> tuple[int, int]:
        """Start and end offsets (end exclusive, without ``\\n``) of the line holding offset."""
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        return start, len(self.text) if end == -1 else end

    def line_text(self, offset: int) -> str:
        start, end = self.line_bounds(offset)
        return self.text[start:end]
