"""Markers of the PRF tests."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "loadtest: runs a real Locust or pytest-benchmark process (a few seconds)"
    )
