"""consolidate: a version-controlled diff and consolidation engine for parliamentary drafters.

The Python API, for scripts and CI jobs (the command line and the review app use the same)::

    from consolidate import open_text
    text = open_text(".")                      # the only text of the workspace here
    print(text.consolidation.ok, len(text.amendments))

Names are imported on first use, so ``import consolidate`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> module that defines it
_API: dict[str, str] = {
    "open_text": "consolidate.app.api",
    "init_workspace": "consolidate.app.setup",
    "import_text": "consolidate.app.setup",
    "Session": "consolidate.app.session",
    "AmendRequest": "consolidate.core.requests",
    "AmendResult": "consolidate.app.amending",
    "Decision": "consolidate.core.decisions",
    "DecisionResult": "consolidate.core.decisions",
    "Action": "consolidate.core.model",
    "Amendment": "consolidate.core.model",
    "Consolidation": "consolidate.core.model",
    "Finding": "consolidate.core.model",
    "Sponsor": "consolidate.core.model",
    "Status": "consolidate.core.model",
    "ConflictReport": "consolidate.core.collisions",
    "parse_sponsor": "consolidate.core.sponsors",
    "FORMATS": "consolidate.exporters.base",
    "ConsolidateError": "consolidate.core.errors",
    "InvalidInput": "consolidate.core.errors",
    "ConflictRefused": "consolidate.core.errors",
}

__all__ = [
    "FORMATS",
    "Action",
    "AmendRequest",
    "AmendResult",
    "Amendment",
    "ConflictRefused",
    "ConflictReport",
    "ConsolidateError",
    "Consolidation",
    "Decision",
    "DecisionResult",
    "Finding",
    "InvalidInput",
    "Session",
    "Sponsor",
    "Status",
    "__version__",
    "import_text",
    "init_workspace",
    "open_text",
    "parse_sponsor",
]

if TYPE_CHECKING:
    from consolidate.app.amending import AmendResult
    from consolidate.app.api import open_text
    from consolidate.app.session import Session
    from consolidate.app.setup import import_text, init_workspace
    from consolidate.core.collisions import ConflictReport
    from consolidate.core.decisions import Decision, DecisionResult
    from consolidate.core.errors import ConflictRefused, ConsolidateError, InvalidInput
    from consolidate.core.model import Action, Amendment, Consolidation, Finding, Sponsor, Status
    from consolidate.core.requests import AmendRequest
    from consolidate.core.sponsors import parse_sponsor
    from consolidate.exporters.base import FORMATS


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'consolidate' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
