"""Shared test set-up: a git identity for the repositories the tests make, and paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

os.environ.setdefault("GIT_AUTHOR_NAME", "consolidate tests")
os.environ.setdefault("GIT_AUTHOR_EMAIL", "tests@consolidate.invalid")
os.environ.setdefault("GIT_COMMITTER_NAME", "consolidate tests")
os.environ.setdefault("GIT_COMMITTER_EMAIL", "tests@consolidate.invalid")


@pytest.fixture
def seed_file() -> Path:
    return FIXTURES / "seed_resolution.txt"
