"""The session: one text of one workspace, and every operation the CLI, the review app and
scripts use (see the Python API in ``consolidate/__init__.py``).

A :class:`Session` is a :class:`~consolidate.app.state.TextState` (what the text, its
amendments, the consolidation and the voting list are) with the use cases that change the
workspace: table, decide, undo, promote. Every change happens under the workspace lock, is
written atomically and is committed at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from consolidate.app import deciding
from consolidate.app.progress import Progress
from consolidate.app.state import TextState, today
from consolidate.core.decisions import DecisionPlan, DecisionResult, tabled_against_adopted
from consolidate.core.model import Amendment, Status
from consolidate.core.requests import AmendRequest, EditRequest
from consolidate.core.sponsors import sponsors_warnings

if TYPE_CHECKING:  # imported by the operations that use them: a decision loads no tabling
    from consolidate.app import amending, stages, undoing

__all__ = ["Session", "today"]


class Session(TextState):
    """One text of a workspace: read it, table amendments, decide them, promote the result."""

    def amend(self, requests: Sequence[AmendRequest],
              progress: Progress | None = None) -> amending.AmendResult:
        """Create amendments (one commit for all of them).

        The result warns about each tabled amendment that changes words an adopted amendment
        already changed (it falls: the voting list shows it falling), and about each tabled
        amendment without a sponsor or with one not written 'Title Given FAMILY (Country)'.
        """
        from consolidate.app import amending

        self.refuse_read_only()
        return self._falling(_with_sponsor_warnings(amending.amend(self, requests, progress)))

    def edit(self, amendment_id: str, change: EditRequest) -> amending.AmendResult:
        """Change an amendment still draft or tabled (proposal, sponsors, justification), in
        one commit; refused once it is decided. Warns as :meth:`amend` does."""
        from consolidate.app import amending

        self.refuse_read_only()
        patch = self.amendment(amendment_id).patch
        result = _with_sponsor_warnings(amending.edit(self, amendment_id, change))
        # a new proposal may now change words already adopted: say so, as amend does
        return result if result.amendments[0].patch == patch else self._falling(result)

    def _falling(self, result: amending.AmendResult) -> amending.AmendResult:
        if not result.on_adopted:  # nothing adopted on their clauses: nothing to read again
            return result
        falling = tabled_against_adopted(self.text, self.amendments, self.bases, (),
                                         list(result.on_adopted), cache=self.cache)
        return replace(result, warnings=result.warnings + tuple(falling))

    def decide(self, ids: Sequence[str], decision: Status, *, date: str | None = None,
               expect_head: str | None = None, progress: Progress | None = None) -> DecisionResult:
        """Record a decision (table, adopt, reject, withdraw) on amendments, and commit it.

        Several amendments are decided in voting order (see
        :func:`consolidate.core.decisions.plan_decision`); with *expect_head*, nothing is
        recorded when HEAD is another commit (the state decided on is stale).
        """
        self.refuse_read_only()
        result = deciding.decide(self, ids, decision, date=date or today(),
                                 expect_head=expect_head, progress=progress)
        if decision is not Status.TABLED:
            return result
        tabled = [a for a in self.amendments if a.id in {d.amendment for d in result.decisions}]
        return replace(result, warnings=result.warnings + sponsors_warnings(tabled))

    def plan(self, ids: Sequence[str], decision: Status, *,
             date: str | None = None) -> DecisionPlan:
        """What a decision would change now, without recording anything."""
        return deciding.plan(self, ids, decision, date or today())

    def restore(self, previous: Sequence[Amendment], message: str, *,
                written: Mapping[str, Amendment] | None = None, since: str = "") -> str:
        """Write earlier versions of amendment files back (undo), and commit; with *written*
        (what the undone decision wrote), refused when a later commit changed them."""
        self.refuse_read_only()
        return deciding.restore(self, previous, message, written=written, since=since)

    def undo(self, count: int = 1, name: str | None = None) -> undoing.UndoResult:
        """Undo the last *count* decisions, or the last one on an amendment (id or number) or
        of a commit (*name*), in one new commit; refused with the reason when a later change
        or decision depends on it (see :mod:`consolidate.app.undoing`)."""
        from consolidate.app import undoing

        self.refuse_read_only()
        return undoing.undo(self, count, name)

    def undoable(self, limit: int = 10) -> list[undoing.RecordedDecision]:
        """The last decisions that can be undone (at most *limit*), newest first."""
        from consolidate.app import undoing

        return [d for _, d in zip(range(limit), undoing.recorded_decisions(self))]

    def promote(self, *, tag: str | None = None, date: str = "",
                progress: Progress | None = None) -> stages.PromoteResult:
        """Make the consolidated text the text's new base, as a new stage."""
        from consolidate.app import stages

        self.refuse_read_only()
        return stages.promote(self, tag=tag, date=date, progress=progress)


def _with_sponsor_warnings(result: amending.AmendResult) -> amending.AmendResult:
    """*result* warning about each tabled amendment without a sponsor, or with one not written
    'Title Given FAMILY (Country)'."""
    return replace(result, warnings=result.warnings + sponsors_warnings(result.amendments))
