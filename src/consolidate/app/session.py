"""The session: one text of one workspace, and every operation the CLI, the review app and
scripts use (see the Python API in ``consolidate/__init__.py``).

A :class:`Session` is a :class:`~consolidate.app.state.TextState` (what the text, its
amendments, the consolidation and the voting list are) with the use cases that change the
workspace: table, decide, undo, promote. Every change happens under the workspace lock, is
written atomically and is committed at once.
"""

from __future__ import annotations

from collections.abc import Sequence

from consolidate.app import amending, deciding, stages
from consolidate.app.state import TextState, today
from consolidate.core.decisions import DecisionResult
from consolidate.core.model import Amendment, Status
from consolidate.core.requests import AmendRequest

__all__ = ["Session", "today"]


class Session(TextState):
    """One text of a workspace: read it, table amendments, decide them, promote the result."""

    def amend(self, requests: Sequence[AmendRequest]) -> amending.AmendResult:
        """Create amendments (one commit for all of them)."""
        self.refuse_read_only()
        return amending.amend(self, requests)

    def decide(self, ids: Sequence[str], decision: Status, *,
               date: str | None = None) -> DecisionResult:
        """Record a decision (table, adopt, reject, withdraw) on amendments, and commit it."""
        self.refuse_read_only()
        return deciding.decide(self, ids, decision, date=date or today())

    def restore(self, previous: Sequence[Amendment], message: str) -> str:
        """Write earlier versions of amendment files back (undo), and commit."""
        self.refuse_read_only()
        return deciding.restore(self, previous, message)

    def promote(self, *, tag: str | None = None, date: str = "") -> stages.PromoteResult:
        """Make the consolidated text the text's new base, as a new stage."""
        self.refuse_read_only()
        return stages.promote(self, tag=tag, date=date)
