"""Fixtures of the store tests: a small git repository with committed files."""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from consolidate.store import known_files
from consolidate.store.gitrepo import GitRepo


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """A repository with texts/t/a.txt and texts/t/b.txt committed."""
    root = tmp_path / "ws"
    repo = GitRepo.init(root)
    for name, text in (("a", "Alpha.\n"), ("b", "Beta.\n")):
        path = root / "texts" / "t" / f"{name}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    repo.commit(["texts/t/a.txt", "texts/t/b.txt"], "First")
    return repo


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch) -> None:
    """The clock moved on: every file was written long enough ago to be remembered by its
    signature (store/known_files.py)."""
    ahead = (known_files.SETTLED_SECONDS + 1) * 1_000_000_000
    monkeypatch.setattr(known_files, "time",
                        SimpleNamespace(time_ns=lambda: time.time_ns() + ahead))
