"""consolidate: a version-controlled diff and consolidation engine for parliamentary drafters.

The Python API, for scripts and CI jobs (the command line and the review app use the same
application layer; README.md, "Python API", has examples the tests run)::

    from consolidate import Status, open_text
    session = open_text(".")                   # the only text of the workspace here
    print(session.consolidation.ok, len(session.amendments))
    session.conflicts                          # the conflict report: collisions, who falls
    session.decide(["13"], Status.ADOPTED)     # recorded and committed at once
    session.render("docx")                     # any format of FORMATS, as bytes

- open a workspace: :func:`open_text` (a :class:`Session`), :func:`init_workspace`,
  :func:`import_text`;
- table: :meth:`Session.amend` with :class:`AmendRequest` (:class:`Action`,
  :func:`parse_sponsor`), giving an :class:`AmendResult`;
- decide: :meth:`Session.decide` with a :class:`Status`, giving a :class:`DecisionResult` of
  :class:`Decision`; :meth:`Session.promote` makes a stage (:class:`PromoteResult`);
- consolidate: :attr:`Session.consolidation` (a :class:`Consolidation`: clauses, applied
  amendments, :class:`Finding`); :attr:`Session.vote_list` (a :class:`VoteList`);
- export: :meth:`Session.render` in any format of :data:`FORMATS`;
- the conflict report: :attr:`Session.conflicts` (a :class:`ConflictReport`);
- errors: :class:`ConsolidateError` (:class:`InvalidInput` exit 2, :class:`ConflictRefused`
  exit 1), each with its problems (:class:`Problem`: what, file, line, how to fix).

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
    "Text": "consolidate.core.model",
    "Problem": "consolidate.core.model",
    "VoteList": "consolidate.core.votelist",
    "PromoteResult": "consolidate.app.stages",
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
    "Problem",
    "PromoteResult",
    "Session",
    "Sponsor",
    "Status",
    "Text",
    "VoteList",
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
    from consolidate.app.stages import PromoteResult
    from consolidate.core.collisions import ConflictReport
    from consolidate.core.decisions import Decision, DecisionResult
    from consolidate.core.errors import ConflictRefused, ConsolidateError, InvalidInput
    from consolidate.core.model import (
        Action,
        Amendment,
        Consolidation,
        Finding,
        Problem,
        Sponsor,
        Status,
        Text,
    )
    from consolidate.core.requests import AmendRequest
    from consolidate.core.sponsors import parse_sponsor
    from consolidate.core.votelist import VoteList
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
