"""Fixtures of the hardening tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def workspace(seed_workspace: Path) -> Path:
    """A fresh workspace holding the seed resolution as text ``seed`` (tests/conftest.py)."""
    return seed_workspace
