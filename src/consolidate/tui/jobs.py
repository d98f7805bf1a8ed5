"""The git side of the review app: decisions and undos, one after the other, off the screen.

The app queues :class:`Job`s; a single worker thread runs them in order with a
:class:`Committer`, which has its own session (never the one the screen reads), and answers
each with an :class:`Outcome` holding the new recorded state. No Textual here.

Never on a stale state: a decision is committed only if HEAD is still the commit the app
decided on (the state it read, or the commit of its own previous decision); when another
process committed meanwhile, the decision is refused and the outcome carries the state
recorded now. An undo reverts only what the app's own commit wrote, and is refused when a
later commit changed one of those amendments.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from consolidate.app.deciding import WorkspaceMoved
from consolidate.app.session import Session
from consolidate.core.decisions import Decision
from consolidate.core.errors import ConsolidateError
from consolidate.core.model import Amendment, Status
from consolidate.tui.state import Snapshot


@dataclass(frozen=True)
class Job:
    """A decision on amendments, or the undo of the decision with ticket *undoes*."""

    ticket: int
    title: str
    ids: tuple[str, ...] = ()
    status: Status | None = None
    undoes: int | None = None
    date: str | None = None  # the date written on the decision; None: today
    # The commit the decision was predicted on; None: the one the previous job left.
    head: str | None = None
    # Set once the screen shows the decision: git waits for it (at most READY_WAIT seconds),
    # so that the two do not compete for the interpreter.
    ready: threading.Event | None = field(default=None, compare=False)


READY_WAIT = 0.5


@dataclass(frozen=True)
class Outcome:
    """What came of a job: committed (with the new recorded state) or refused (with why)."""

    ticket: int
    title: str
    ok: bool
    message: str  # the error, when refused
    commit: str = ""
    decisions: tuple[Decision, ...] = ()
    snapshot: Snapshot | None = None  # None when refused, or when the app is closing
    stale: bool = False  # refused: another process committed since the app read the state


class Committer:
    """Runs jobs on its own session of the workspace; call from one thread only."""

    def __init__(self, root: Path, text_id: str,
                 open_session: Callable[[Path, str], Session] = Session.open) -> None:
        self.root = root
        self.text_id = text_id
        self._open = open_session
        self._session: Session | None = None
        self._done: dict[int, _Done] = {}  # ticket -> what its commit changed
        self._expected: str | None = None  # HEAD the app believes in after the jobs so far
        self.closing = False  # set when the app quits: no new state to read for the screen

    @property
    def session(self) -> Session:
        if self._session is None:
            self._session = self._open(self.root, self.text_id)
        return self._session

    def run(self, job: Job) -> Outcome:
        """Run one job; a refusal (or a git failure) is an outcome, not an exception."""
        if job.ready is not None:
            job.ready.wait(READY_WAIT)
        try:
            if job.undoes is not None:
                return self._undo(job)
            return self._decide(job)
        except WorkspaceMoved as error:
            self.session.reload()
            return Outcome(job.ticket, job.title, False, error.problem.message,
                           snapshot=self._snapshot(), stale=True)
        except ConsolidateError as error:
            self.session.reload()
            return Outcome(job.ticket, job.title, False, error.render())
        except OSError as error:
            self.session.reload()
            return Outcome(job.ticket, job.title, False, f"git or the disk failed: {error}")

    def _decide(self, job: Job) -> Outcome:
        assert job.status is not None
        session = self.session
        session.reload()  # another process may have changed the workspace
        if job.head is not None:
            self._expected = job.head
        before = {a.id: a for a in session.amendments}
        result = session.decide(job.ids, job.status, date=job.date, expect_head=self._expected)
        self._expected = result.commit
        after = {a.id: a for a in session.amendments}
        changed = [d.amendment for d in result.decisions]
        self._done[job.ticket] = _Done(result.commit, tuple(before[i] for i in changed),
                                       {i: after[i] for i in changed if i in after})
        return Outcome(job.ticket, job.title, True, "", result.commit, result.decisions,
                       self._snapshot())

    def _undo(self, job: Job) -> Outcome:
        done = self._done.pop(job.undoes or 0, None)
        if done is None:
            return Outcome(job.ticket, job.title, False, "there is nothing to undo: "
                           "the decision was not recorded")
        session = self.session
        session.reload()
        moved = session.current_commit() != self._expected
        # the rule of `consolidate undo`: refused when a later change or decision depends on it
        result = session.undo(name=done.commit)
        if not moved:  # else decisions queued after it were predicted on a stale state
            self._expected = result.commit
        return Outcome(job.ticket, job.title, True, "", result.commit, result.decisions,
                       self._snapshot())

    def _snapshot(self) -> Snapshot | None:
        """The recorded state after a job, for the screen (none when the app is closing)."""
        return None if self.closing else Snapshot.read(self.session)


@dataclass(frozen=True)
class _Done:
    """What a committed decision changed: to undo it, and to see whether anyone changed it
    since."""

    commit: str
    previous: tuple[Amendment, ...]  # the amendments before it
    written: Mapping[str, Amendment]  # the amendments as its commit wrote them, by id
