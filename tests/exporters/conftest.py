"""Fixtures for the exporter tests: the seed resolution consolidated with made-up amendments.

See :mod:`helpers` for what the fixture amendments cover.
"""

from __future__ import annotations

import pytest

from consolidate.core.model import Amendment, Consolidation, Text
from consolidate.exporters.base import ExportContext

from .helpers import build_consolidation, document, seed_amendments, seed_text


@pytest.fixture
def text() -> Text:
    return seed_text()


@pytest.fixture
def amendments() -> dict[str, Amendment]:
    return seed_amendments()


@pytest.fixture
def consolidation(text: Text, amendments: dict[str, Amendment]) -> Consolidation:
    return build_consolidation(text, amendments)


@pytest.fixture
def ctx(consolidation: Consolidation, amendments: dict[str, Amendment]) -> ExportContext:
    return ExportContext(consolidation, amendments)


@pytest.fixture
def plain_ctx(consolidation: Consolidation, amendments: dict[str, Amendment]) -> ExportContext:
    return ExportContext(consolidation, amendments, color=False)


@pytest.fixture
def original_text(consolidation: Consolidation) -> str:
    """The original document in the ``text`` format's layout (original numbers)."""
    return document(consolidation, original=True)
