"""What the review app shows, as plain data: no Textual here.

The app keeps one :class:`ReviewState` on the main thread. Its :class:`Snapshot` is the
recorded state of the workspace, read from a session in a worker thread; on top of it come the
decisions still being committed (predicted at once, so the screen never waits for git) and,
in what-if mode, the amendments switched on and off by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from consolidate.core.collisions import ConflictReport
from consolidate.core.decisions import ALLOWED_FROM, VERBS
from consolidate.core.model import (
    LIVE_STATUSES,
    Amendment,
    Collision,
    Consolidation,
    Status,
    Text,
)
from consolidate.core.procedure import voting_order as text_order

if TYPE_CHECKING:
    from consolidate.app.session import Session

DECISIONS: dict[str, Status] = {
    "adopt": Status.ADOPTED,
    "reject": Status.REJECTED,
    "withdraw": Status.WITHDRAWN,
    "table": Status.TABLED,
}


@dataclass(frozen=True)
class Snapshot:
    """The recorded state of one text: read once from a warmed session, then only read."""

    text: Text
    amendments: Mapping[str, Amendment]  # by id
    order: tuple[str, ...]  # amendment ids in voting order
    consolidation: Consolidation
    conflicts: ConflictReport
    bases: Mapping[str, str]  # blob id -> text
    voting_list: bool = True  # False: ``order`` is the text order, the voting list is coming

    @classmethod
    def read(cls, session: Session, *, voting_list: bool = True) -> Snapshot:
        """Read (and compute) everything the app shows; slow on large texts: call in a worker.

        Without *voting_list*, the amendments are in text order (instant), and the session's
        voting order (which builds the whole voting list) is left for :meth:`with_order`.
        """
        if voting_list:
            order = tuple(a.id for a in session.voting_order())
        else:
            order = tuple(a.id for a in text_order(session.text, list(session.amendments)))
        return cls(
            text=session.text,
            amendments={a.id: a for a in session.amendments},
            order=order,
            consolidation=session.consolidation,
            conflicts=session.conflicts,
            bases=session.bases,
            voting_list=voting_list,
        )

    def with_order(self, order: tuple[str, ...]) -> Snapshot:
        """This snapshot with the voting list's order."""
        return replace(self, order=order, voting_list=True)

    def statuses(self) -> dict[str, Status]:
        """The recorded status of every amendment."""
        return {key: a.status for key, a in self.amendments.items()}


class Refused(Exception):
    """A decision the app refuses before asking git: the amendment is in the wrong state."""


@dataclass(frozen=True)
class Prediction:
    """What a decision will do, as far as the app can tell before it is committed."""

    verb: str  # "adopt", "reject", "withdraw", "table"
    ids: tuple[str, ...]  # the amendments decided
    statuses: Mapping[str, Status]  # every status it changes, fallen ones included
    falls: tuple[Collision, ...] = ()  # (collision with the adopted one) per fallen amendment
    together: tuple[str, ...] = ()  # identical amendments adopted with it


@dataclass
class PendingOp:
    """A decision or an undo sent to git and not yet committed."""

    ticket: int
    title: str
    statuses: Mapping[str, Status]  # predicted statuses once it is committed


@dataclass
class UndoEntry:
    """One recorded decision that can be undone: the amendments as they were before it."""

    ticket: int
    title: str
    decision: str  # as in its commit message: 'Adopt AM 12 (am-012)'
    before: Mapping[str, Status]  # predicted statuses before it, for the screen
    previous: tuple[Amendment, ...] | None = None  # set when its commit lands
    refused: bool = False


@dataclass
class ReviewState:
    """The app's state on the main thread: recorded snapshot + pending decisions + what-if."""

    snapshot: Snapshot
    pending: list[PendingOp] = field(default_factory=list)
    undo: list[UndoEntry] = field(default_factory=list)
    what_if: dict[str, Status] | None = None  # None: what-if mode is off
    _tickets: int = 0

    # -- statuses ------------------------------------------------------------------------------

    def believed(self) -> dict[str, Status]:
        """Recorded statuses with the pending decisions applied: what will be on disk."""
        statuses = self.snapshot.statuses()
        for op in self.pending:
            statuses.update(op.statuses)
        return statuses

    def shown(self) -> dict[str, Status]:
        """The statuses the screen shows: believed ones, then the what-if switches."""
        statuses = self.believed()
        if self.what_if:
            statuses.update(self.what_if)
        return statuses

    def needs_preview(self) -> bool:
        """True when the screen differs from the recorded consolidation."""
        return bool(self.pending) or bool(self.what_if)

    def next_ticket(self) -> int:
        self._tickets += 1
        return self._tickets

    def keep_undo(self, previous: ReviewState) -> None:
        """Take over the undo stack (and the ticket count) of the state this one replaces."""
        self.undo, self._tickets = previous.undo, previous._tickets

    # -- deciding ------------------------------------------------------------------------------

    def predict(self, verb: str, amendment_id: str) -> Prediction:
        """What deciding *verb* on one amendment will change; :class:`Refused` when it cannot."""
        decision = DECISIONS[verb]
        believed = self.believed()
        amendment = self.snapshot.amendments[amendment_id]
        current = believed[amendment_id]
        if current not in ALLOWED_FROM[decision]:
            allowed = ", ".join(sorted(s.value for s in ALLOWED_FROM[decision]))
            raise Refused(f"{amendment.label} is {current.value}; only an amendment that is "
                          f"{allowed} can be {decision.value}")
        statuses: dict[str, Status] = {amendment_id: decision}
        if decision is not Status.ADOPTED:
            return Prediction(verb, (amendment_id,), statuses)
        together = self._identical_tabled(amendment_id, believed)
        statuses.update({other: Status.ADOPTED for other in together})
        falls = []
        for collision in self.snapshot.conflicts.collisions:
            for one, other in ((collision.first, collision.second),
                               (collision.second, collision.first)):
                if one in (amendment_id, *together) and believed.get(other) is Status.TABLED \
                        and other not in statuses:
                    statuses[other] = Status.FALLEN
                    falls.append(collision)
        return Prediction(verb, (amendment_id,), statuses, tuple(falls), together)

    def _identical_tabled(self, amendment_id: str, believed: Mapping[str, Status]) -> tuple[str, ...]:
        for group in self.snapshot.conflicts.identical:
            if amendment_id in group:
                return tuple(i for i in group
                             if i != amendment_id and believed.get(i) is Status.TABLED)
        return ()

    def start(self, prediction: Prediction) -> tuple[PendingOp, UndoEntry]:
        """Record a decision as pending (the screen shows it at once) and undoable."""
        before = self.believed()
        ticket = self.next_ticket()
        title = self.describe(prediction)
        op = PendingOp(ticket, title, dict(prediction.statuses))
        amendments = self.snapshot.amendments
        decision = "; ".join(f"{VERBS[DECISIONS[prediction.verb]]} {amendments[i].label} ({i})"
                             for i in prediction.ids)
        entry = UndoEntry(ticket, title, decision,
                          {key: before[key] for key in prediction.statuses})
        self.pending.append(op)
        self.undo.append(entry)
        return op, entry

    def start_undo(self) -> tuple[PendingOp, UndoEntry] | None:
        """Take the last decision off the undo stack, and predict its undo; None if there is none."""
        while self.undo:
            entry = self.undo.pop()
            if not entry.refused:
                op = PendingOp(self.next_ticket(), f"Undo: {entry.decision}", dict(entry.before))
                self.pending.append(op)
                return op, entry
        return None

    def finish(self, ticket: int, ok: bool, snapshot: Snapshot | None) -> None:
        """A pending operation ended: committed (with the new *snapshot*, if read) or refused."""
        self.pending = [op for op in self.pending if op.ticket != ticket]
        if not ok:
            for entry in self.undo:
                if entry.ticket == ticket:
                    entry.refused = True
            self.undo = [entry for entry in self.undo if not entry.refused]
        elif snapshot is not None:
            self.snapshot = snapshot

    def describe(self, prediction: Prediction) -> str:
        """'Adopt AM 12' for a prediction, with the amendments that fall with it."""
        amendments = self.snapshot.amendments
        labels = ", ".join(amendments[i].label for i in prediction.ids)
        text = f"{VERBS[DECISIONS[prediction.verb]]} {labels}"
        fallen = [i for i, s in prediction.statuses.items() if s is Status.FALLEN]
        if fallen:
            text += " (" + ", ".join(amendments[i].label for i in fallen) + " fell)"
        return text

    # -- what-if -------------------------------------------------------------------------------

    def toggle(self, amendment_id: str) -> Status:
        """Switch one amendment on (adopted) or off in what-if mode; returns its new status."""
        if self.what_if is None:
            self.what_if = {}
        believed = self.believed()[amendment_id]
        shown = self.what_if.get(amendment_id, believed)
        wanted = Status.TABLED if shown is Status.ADOPTED else Status.ADOPTED
        if wanted is believed:
            self.what_if.pop(amendment_id, None)
        else:
            self.what_if[amendment_id] = wanted
        return self.shown()[amendment_id]

    # -- collisions ------------------------------------------------------------------------------

    def live_collisions(self) -> list[Collision]:
        """The recorded collisions between amendments still live (tabled or adopted) on screen."""
        shown = self.shown()
        return [c for c in self.snapshot.conflicts.collisions
                if shown.get(c.first) in LIVE_STATUSES and shown.get(c.second) in LIVE_STATUSES]
