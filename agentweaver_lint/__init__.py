"""agentweaver-lint: one quality gate for a backend agent's non-negotiables."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
