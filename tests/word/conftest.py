"""Fixtures of the Word tests: the test documents, written once by pandoc (and LibreOffice)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from .documents import base_paragraphs, markdown, tracked_paragraphs
from .kit import PANDOC, pandoc


@dataclass(frozen=True)
class Pair:
    """A draft and the same draft with tracked changes."""

    draft: Path
    tracked: Path


def _pair(folder: Path, name: str, typed: bool) -> Pair:
    if PANDOC is None:
        pytest.skip("pandoc is not installed")
    draft = pandoc(markdown(base_paragraphs(), typed=typed), folder / f"{name}-draft.docx")
    tracked = pandoc(markdown(tracked_paragraphs(), typed=typed), folder / f"{name}-tracked.docx")
    return Pair(draft, tracked)


@pytest.fixture(scope="session")
def typed_pair(tmp_path_factory: pytest.TempPathFactory) -> Pair:
    """pandoc's documents with typed paragraph numbers ("1. ")."""
    return _pair(tmp_path_factory.mktemp("typed"), "typed", True)


@pytest.fixture(scope="session")
def numbered_pair(tmp_path_factory: pytest.TempPathFactory) -> Pair:
    """pandoc's documents with Word's automatic numbering."""
    return _pair(tmp_path_factory.mktemp("numbered"), "numbered", False)


@pytest.fixture(params=["typed", "numbered"])
def pair(request: pytest.FixtureRequest) -> Pair:
    """Each pair of pandoc documents in turn."""
    return request.getfixturevalue(f"{request.param}_pair")
