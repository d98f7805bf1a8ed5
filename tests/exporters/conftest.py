"""Fixtures for the exporter tests: the seed resolution consolidated with made-up amendments.

See :mod:`helpers` for what the fixture amendments cover.
"""

from __future__ import annotations

from pathlib import Path

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


# -- real workspaces (the real-client checks) ---------------------------------------------------

from realdata.conftest import code_civil_replayed  # noqa: E402,F401  (a session fixture)

from .realworkspaces import RealWorkspace  # noqa: E402


@pytest.fixture(scope="session")
def shipped_workspace(shipped_template: Path, tmp_path_factory: pytest.TempPathFactory) -> RealWorkspace:
    """The workspace shipped in this repository, in a fresh clone (read, never changed)."""
    out = tmp_path_factory.mktemp("shipped-out")
    return RealWorkspace("shipped", shipped_template, out)


@pytest.fixture(scope="session")
def code_civil_workspace(code_civil_replayed, tmp_path_factory) -> RealWorkspace:  # noqa: F811
    """The French Civil Code after replaying its 34 amending acts (tests/realdata)."""
    out = tmp_path_factory.mktemp("code-civil-out")
    return RealWorkspace("code-civil", code_civil_replayed.workspace, out)


@pytest.fixture(scope="session", params=["shipped", "code-civil"])
def real_workspace(request: pytest.FixtureRequest) -> RealWorkspace:
    """Each real workspace in turn."""
    name = {"shipped": "shipped_workspace", "code-civil": "code_civil_workspace"}[request.param]
    return request.getfixturevalue(name)
