"""Shared set-up for the procedure tests: the shipped workspace in a fresh clone, the CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TEXT = "osce-2008-children"


def run(workspace: Path, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
    """``consolidate -C workspace args...`` through the real entry point."""
    return subprocess.run([sys.executable, "-m", "consolidate", "-C", str(workspace), *args],
                          capture_output=True, text=True, input=input, timeout=300,
                          encoding="utf-8")


def git(workspace: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(workspace), *args], capture_output=True, text=True,
                          check=True, encoding="utf-8").stdout


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """A fresh clone of this repository: the shipped workspace as committed."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", "--local", "--no-hardlinks", str(ROOT), str(clone)],
                   check=True, capture_output=True)
    git(clone, "checkout", "--quiet", "-B", "main")
    return clone
