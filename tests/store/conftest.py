"""Fixtures of the store tests: a small git repository with committed files."""

from __future__ import annotations

from pathlib import Path

import pytest

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
