"""What the review app shows, as plain data: no Textual here.

The app keeps one :class:`ReviewState` on the main thread. Its :class:`Snapshot` is the
recorded state of the workspace, read from a session in a worker thread; on top of it come the
decisions still being committed (predicted at once, so the screen never waits for git) and,
in what-if mode, the amendments switched on and off by hand.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

from consolidate.core.adoption import Fall, Neighbourhoods
from consolidate.core.cache import EngineCache
from consolidate.core.collisions import ConflictReport
from consolidate.core.decisions import VERBS, Decision, plan_decision
from consolidate.core.errors import ConsolidateError
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
    commit: str | None = None  # HEAD when it was read: another commit makes it stale

    @classmethod
    def read(cls, session: Session, *, voting_list: bool = True) -> Snapshot:
        """Read (and compute) everything the app shows; slow on large texts: call in a worker.

        Without *voting_list*, the amendments are in text order (instant), and the session's
        voting order (which builds the whole voting list) is left for :meth:`with_order`.
        """
        commit = session.loaded_commit  # first: the files are read after it
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
            commit=commit,
        )

    def with_order(self, order: tuple[str, ...]) -> Snapshot:
        """This snapshot with the voting list's order."""
        return replace(self, order=order, voting_list=True)

    def statuses(self) -> dict[str, Status]:
        """The recorded status of every amendment."""
        return dict(self._statuses)

    @cached_property
    def _statuses(self) -> dict[str, Status]:  # read at every paint: made once
        return {key: a.status for key, a in self.amendments.items()}

    @cached_property
    def nearby(self) -> Neighbourhoods:
        """The amendments near each clause, for the predictions (ids and targets only: the
        same whatever the statuses)."""
        return Neighbourhoods(list(self.amendments.values()))


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def decision_date(typed: str, today: _dt.date) -> str:
    """The date to write on the decisions, from what the user typed: '' for today (the
    default); ValueError, with what to type, for anything but a real date up to *today*."""
    typed = typed.strip()
    if not typed or typed == today.isoformat():
        return ""
    try:
        day = _dt.date.fromisoformat(typed) if ISO_DATE.fullmatch(typed) else None
    except ValueError:
        day = None
    if day is None:
        raise ValueError(f"'{typed}' is not a date: type it as {today.isoformat()}")
    if day > today:
        raise ValueError(f"{typed} is after today ({today.isoformat()}): a vote is recorded "
                         "on the day it was taken or later")
    return typed


class Refused(Exception):
    """A decision the app refuses before asking git: the amendment is in the wrong state."""


@dataclass(frozen=True)
class Prediction:
    """What a decision will do: :func:`consolidate.core.decisions.plan_decision` on the
    statuses the app believes in, the rule the commit applies."""

    verb: str  # "adopt", "reject", "withdraw", "table"
    ids: tuple[str, ...]  # the amendments decided
    statuses: Mapping[str, Status]  # every status it changes, fallen ones included
    falls: tuple[Fall, ...] = ()  # the amendments that fall, with the words
    together: tuple[str, ...] = ()  # identical amendments decided with it
    decisions: tuple[Decision, ...] = ()
    warnings: tuple[str, ...] = ()


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
    cache: EngineCache = field(default_factory=EngineCache)  # for predictions (main thread)

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
        """What deciding *verb* on one amendment will change; :class:`Refused` when it cannot
        be decided (the procedure forbids it, or it collides with an adopted amendment)."""
        decision = DECISIONS[verb]
        believed = self.believed()
        snapshot = self.snapshot
        amendments = [a if believed[key] is a.status else replace(a, status=believed[key])
                      for key, a in snapshot.amendments.items()]
        try:
            plan = plan_decision(snapshot.text, amendments, snapshot.bases, snapshot.order,
                                 (amendment_id,), decision, "", cache=self.cache,
                                 nearby=snapshot.nearby)
        except ConsolidateError as error:
            problem = error.problem
            raise Refused(problem.message + (f" — {problem.hint}" if problem.hint else "")) \
                from None
        together = tuple(d.amendment for d in plan.decisions
                         if d.amendment != amendment_id and d.after is decision)
        return Prediction(verb, (amendment_id,), plan.statuses(), plan.falls, together,
                          plan.decisions, plan.warnings)

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
        """A pending operation ended: committed or refused; *snapshot* (if read) is the state
        recorded now."""
        self.pending = [op for op in self.pending if op.ticket != ticket]
        if not ok:
            for entry in self.undo:
                if entry.ticket == ticket:
                    entry.refused = True
            self.undo = [entry for entry in self.undo if not entry.refused]
        if snapshot is not None:
            self.snapshot = snapshot

    def describe(self, prediction: Prediction) -> str:
        """'Adopt AM 12 (AM 13 falls)': a decision being committed, in the future tense."""
        return summary(prediction.decisions, self.labels(), done=False)

    def labels(self) -> dict[str, str]:
        """'AM 12' for each amendment id."""
        return {key: a.label for key, a in self.snapshot.amendments.items()}

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


def summary(decisions: Sequence[Decision], labels: Mapping[str, str], *, done: bool = True) -> str:
    """'Adopt AM 12 (AM 13 fell)', worded from the decisions themselves: what a commit did
    (*done*) or what a decision being committed does."""
    named = [d for d in decisions if not d.reason]
    text = "; ".join(f"{VERBS[d.after]} {labels.get(d.amendment, d.amendment)}" for d in named)
    together = [labels.get(d.amendment, d.amendment) for d in decisions
                if d.reason and d.after is not Status.FALLEN]
    fallen = [labels.get(d.amendment, d.amendment) for d in decisions if d.after is Status.FALLEN]
    notes = []
    if together:
        notes.append("with " + ", ".join(together) + ", identical")
    if fallen:
        verb = ("fell" if done else "falls") if len(fallen) == 1 else ("fell" if done else "fall")
        notes.append(", ".join(fallen) + " " + verb)
    return text + (f" ({'; '.join(notes)})" if notes else "")
