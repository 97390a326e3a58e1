"""``python -m agentweaver_lint``."""

from __future__ import annotations

from agentweaver_lint.cli import main

if __name__ == "__main__":
    main()
