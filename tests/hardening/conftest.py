"""Fixtures of the hardening tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from .kit import SEED, cli


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    cli(tmp_path, "init", str(root), check=True)
    cli(root, "import", str(SEED), "--text", "seed", check=True)
    return root
