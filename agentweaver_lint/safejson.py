"""``json.loads`` for untrusted text: too-deep nesting is a ValueError, never a RecursionError."""

from __future__ import annotations

import json
from typing import Any


def loads(text: str | bytes) -> Any:
    """Parse JSON; raise ValueError (never RecursionError or MemoryError) on bad input."""
    try:
        return json.loads(text)
    except (RecursionError, MemoryError):
        raise ValueError("JSON nested too deeply or too large") from None
