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


class TextIndex:
    """Line starts of a text, computed once, for offset → (line, column) lookups."""

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self.starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of ``offset``."""
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def line_bounds(self, offset: int) -> tuple[int, int]:
        """Start and end offsets (end exclusive, without ``\\n``) of the line holding offset."""
        line = bisect.bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        end = self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.text)
        return start, end

    def line_text(self, offset: int) -> str:
        start, end = self.line_bounds(offset)
        return self.text[start:end]
