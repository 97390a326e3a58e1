"""Shared fixtures. ``CI`` is unset for every test except those that ask for it."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _dev_null_stays_a_device() -> Iterator[None]:
    """Nothing we run may replace /dev/null (it happened once on a shared machine)."""
    yield
    if os.path.exists("/dev/null"):
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode), "/dev/null was replaced by a file"


@pytest.fixture(autouse=True)
def _no_ci(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[None]:
    if "keep_ci" not in request.keywords:
        monkeypatch.delenv("CI", raising=False)
        monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "keep_ci: keep the CI environment variable for this test")
    os.environ.setdefault("GIT_CONFIG_NOSYSTEM", "1")
