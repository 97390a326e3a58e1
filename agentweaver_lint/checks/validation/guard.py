"""Keep one odd file from sinking the whole inventory: failures become notices."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass
class Problems:
    """What could not be analysed, as ``path: error`` lines for the run's notices."""

    messages: list[str] = field(default_factory=list)

    def run(self, where: str, action: Callable[..., T], *args: Any) -> T | None:
        """``action(*args)``, or None (and a note) if it fails on this file's content."""
        try:
            return action(*args)
        except (
            RuntimeError,  # RecursionError included
            MemoryError,
            ValueError,  # UnicodeError included
            TypeError,
            AttributeError,
            LookupError,
            ArithmeticError,
            AssertionError,
            OSError,
        ) as exc:
            self.messages.append(f"{where}: skipped by VAL ({type(exc).__name__}: {exc})")
            return None
