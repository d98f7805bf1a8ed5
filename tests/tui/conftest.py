"""Fixtures for the review app: a fresh clone of the repository's demo workspace.

The demo workspace (texts/ and amendments/ at the root of the repository) is cloned once per
test process (``shipped_template`` of tests/conftest.py) and copied for each test; the
repository itself is never changed.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from consolidate.app.session import Session
from consolidate.tui.app import ReviewApp, build_app

from .helpers import TEXT, GatedCommitter


@pytest.fixture(scope="session")
def template(shipped_template: Path) -> Path:
    """The demo workspace in a git repository (made once; copy it before changing it)."""
    return shipped_template


@pytest.fixture
def workspace(template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo workspace, git history included."""
    root = tmp_path / "ws"
    shutil.copytree(template, root, symlinks=True)
    return root


@pytest.fixture
def make_app(workspace: Path) -> Callable[[], ReviewApp]:
    """Build the review app on the workspace, the way `consolidate review` does."""
    return lambda: build_app(Session.open(workspace, TEXT))


@pytest.fixture
def gated_app(workspace: Path) -> tuple[ReviewApp, GatedCommitter]:
    """The app with a committer that holds every decision until ``committer.gate.set()``."""
    committer = GatedCommitter(workspace, TEXT)
    return build_app(Session.open(workspace, TEXT), committer=committer), committer


@pytest.fixture(autouse=True)
def colours(monkeypatch: pytest.MonkeyPatch) -> None:
    """Colours on, whatever the shell running the tests says (a test may set NO_COLOR)."""
    monkeypatch.delenv("NO_COLOR", raising=False)
