"""Fixtures for the review app: a git workspace copied from the repository's demo workspace.

The demo workspace (texts/ and amendments/ at the root of the repository) is copied into a new
git repository; the bases the amendments were drafted on that are not in the copied texts are
read from the repository's git objects and kept as committed base files, so the copy
consolidates exactly like the demo. The repository itself is never changed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from consolidate.app.session import Session
from consolidate.tui.app import ReviewApp, build_app

from .helpers import ROOT, TEXT, GatedCommitter, git


def _copy_bases(root: Path) -> None:
    amendments = root / "amendments" / TEXT
    blobs = set(re.findall(r"^Base: ([0-9a-f]{40})$",
                           "\n".join(p.read_text(encoding="utf-8")
                                     for p in amendments.glob("*.patch")), re.M))
    bases = amendments / "bases"
    for blob in sorted(blobs):
        target = bases / f"{blob}.txt"
        found = subprocess.run(["git", "-C", str(ROOT), "cat-file", "blob", blob],
                               capture_output=True)
        if found.returncode == 0 and not target.exists():
            bases.mkdir(exist_ok=True)
            target.write_bytes(found.stdout)


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace in a new git repository (made once; copy it before changing it)."""
    root = tmp_path_factory.mktemp("template") / "ws"
    root.mkdir()
    for name in ("texts", "amendments"):
        shutil.copytree(ROOT / name, root / name)
    _copy_bases(root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "-m", "Demo workspace")
    return root


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
