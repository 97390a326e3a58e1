"""Find the YAML rule packs: inside the wheel (``_packs``) or the checkout's ``rules/``."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def packs_dir() -> Path:
    """The folder holding ``backend-dev.yml`` and friends, installed or from a checkout."""
    for candidate in (_PACKAGE / "_packs", _PACKAGE.parent / "rules"):
        if (candidate / "backend-dev.yml").is_file():
            return candidate
    raise FileNotFoundError(
        "rule packs not found: expected agentweaver_lint/_packs (wheel) or rules/ (checkout)"
    )


def pack_path(name: str) -> Path:
    return packs_dir() / f"{name}.yml"
