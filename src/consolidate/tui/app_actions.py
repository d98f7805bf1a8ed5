"""The actions of the review app (keys, palette and help all lead here): decide, undo,
views, navigation, what-if, export, theme, reload, quit."""

from __future__ import annotations

import datetime
import queue
import threading
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work

from consolidate.app import exporting
from consolidate.app.stages import redline_starts
from consolidate.core.model import Amendment, Consolidation, Status
from consolidate.tui.jobs import Committer, Job
from consolidate.tui.render import VIEWS
from consolidate.tui.rows import Filters
from consolidate.tui.screens import (
    NOW,
    ConfirmAdoption,
    DateScreen,
    ExportRequest,
    ExportScreen,
    HelpScreen,
    StageScreen,
)
from consolidate.tui.state import DECISIONS, Prediction, Refused, Snapshot, decision_date

if TYPE_CHECKING:
    from textual.worker import Worker

    from consolidate.app.session import Session
    from consolidate.tui.painter import Frame, Painter
    from consolidate.tui.state import ReviewState


class ActionsMixin:
    """What each command does; mixed into :class:`~consolidate.tui.app.ReviewApp`."""

    # Provided by ReviewApp (and Textual's App).
    session: Session
    review: ReviewState | None
    painter: Painter
    jobs: queue.Queue[Job | None]
    committer: Committer
    frame: Frame | None
    conflict_index: int
    closing: bool
    export_waiting: ExportRequest | None
    view_name: str
    amendment_id: str
    what_if_mode: bool
    filters: Filters
    _commit_worker: Worker[None] | None
    query_one: Any
    notify: Any
    push_screen: Any
    exit: Any
    run_worker: Any
    call_from_thread: Any
    call_after_refresh: Any
    theme: str
    say: Any
    refresh_screen: Any
    show_conflict: Any
    show_decision: Any
    _go_to_match: Any
    _load: Any
    _load_stage: Any
    _show_rows: Any
    _set_titles: Any
    decision_date: str  # written on the decisions taken from now on; "": today
    stage: Any  # the redline from an earlier stage on screen (StageRedline), or None

    # -- deciding -----------------------------------------------------------------------------

    def action_adopt(self) -> None:
        self._decide("adopt")

    def action_reject(self) -> None:
        self._decide("reject")

    def action_withdraw(self) -> None:
        self._decide("withdraw")

    def action_table(self) -> None:
        self._decide("table")

    def _decide(self, verb: str) -> None:
        if self.review is None or not self.amendment_id or self.closing:
            return
        if self.what_if_mode:
            self.say("What-if mode records nothing: press x to leave it, then decide.", error=True)
            return
        if self._stale():
            return
        try:
            prediction = self.review.predict(verb, self.amendment_id)
        except Refused as refused:
            self.say(f"Not recorded: {refused}", error=True)
            return
        if verb != "adopt":
            self._record(prediction)
            return
        self.push_screen(ConfirmAdoption(self._falls_text(prediction)),
                         lambda yes: self._record(prediction) if yes else self.say("Not adopted."))

    def _stale(self) -> bool:
        """True (and the workspace read again) when another process committed since the
        screen's state was read: a decision is never predicted on a stale state. While the
        app's own decisions are being committed, the committer checks instead."""
        assert self.review is not None
        if self.review.pending:
            return False
        head = self.session.current_commit()
        if head == self.review.snapshot.commit:
            return False
        self.say(f"Not recorded: the workspace changed since it was read (HEAD is now "
                 f"{(head or 'empty')[:10]}); reading it again: decide once it is shown.",
                 error=True)
        self._read_again()
        return True

    def _read_again(self) -> None:
        with self.painter.lock:
            self.session.reload()
        self._load()

    def _falls_text(self, prediction: Prediction) -> Text:
        assert self.review is not None
        amendments = self.review.snapshot.amendments
        adopted = amendments[prediction.ids[0]]
        who = f" — {adopted.sponsor.short}" if adopted.sponsor else ""
        text = Text.assemble(("Adopt ", "bold"), (adopted.label, "bold"), f"{who}?\n\n")
        for other in prediction.together:
            text.append(f"{amendments[other].label} is identical and is adopted with it.\n")
        if not prediction.falls:
            text.append("No other amendment falls.\n")
        for fall in prediction.falls:
            text.append(f"{amendments[fall.amendment].label} falls", style="bold red")
            text.append(f": it changes the same words ('{fall.words}').\n")
        dated = f", dated {self.decision_date}," if self.decision_date else ""
        text.append(f"\nThe decision{dated} is written to the amendment files and committed "
                    "to git.")
        return text

    def _record(self, prediction: Prediction) -> None:
        assert self.review is not None
        # Decided on the recorded state (no decision pending): git must still be there.
        head = None if self.review.pending else self.review.snapshot.commit or ""
        op, _entry = self.review.start(prediction)
        dated = f" (dated {self.decision_date})" if self.decision_date else ""
        self.say(f"Committing: {op.title}{dated}…")
        for warning in prediction.warnings:
            self.notify(warning, title=f"{op.title}: warning", severity="warning", timeout=8)
        self._queue(Job(op.ticket, op.title, prediction.ids, DECISIONS[prediction.verb],
                        head=head, ready=threading.Event(), date=self.decision_date or None))

    def action_set_date(self) -> None:
        check = partial(decision_date, today=datetime.date.today())
        self.push_screen(DateScreen(self.decision_date, check), self._date_set)

    def _date_set(self, date: str | None) -> None:
        if date is None:
            return
        self.decision_date = date
        self.say(f"Decisions taken from now on are dated {date}." if date
                 else "Decisions taken from now on are dated today.")
        if self.frame is not None:
            self._show_rows(self.frame.rows)  # the table's title says the date

    def _queue(self, job: Job) -> None:
        """Show *job* and queue it now (nothing can overtake it); git starts once the screen
        shows it (see ``show_decision``), so that the two do not compete."""
        self.jobs.put(job)
        assert self.review is not None
        changed = self.review.pending[-1].statuses  # the job's own: started just before
        self.show_decision(changed, job.ready.set if job.ready is not None else None)

    def action_undo(self) -> None:
        if self.review is None or self.closing:
            return
        started = self.review.start_undo()
        if started is None:
            self.say("Nothing to undo: no decision was taken in this session.")
            return
        op, entry = started
        self.say(f"Committing: {op.title}…")
        self._queue(Job(op.ticket, op.title, undoes=entry.ticket, ready=threading.Event()))

    # -- views and navigation -----------------------------------------------------------------

    def action_view(self, name: str) -> None:
        if name in VIEWS:
            self.view_name = name

    def action_redline_from(self) -> None:
        if self.review is None:
            return
        if self.what_if_mode:
            self.say("In what-if mode the redline starts from the text as it stands: press x "
                     "to leave it first.", error=True)
            return
        starts = redline_starts(self.session.workspace.root, self.session.text_id)
        if not starts:
            self.say("The text has no committed history to start a redline from.", error=True)
            return
        current = self.stage.rev if self.stage is not None else NOW
        self.push_screen(StageScreen(starts, current),
                         partial(self._stage_chosen, {s.rev: s.name for s in starts}))

    def _stage_chosen(self, names: dict[str, str], rev: str | None) -> None:
        if rev is None:
            return
        if rev == NOW:
            self.stage = None
            self.say("The redline starts from the text as it stands.")
            self.view_name = "redline"
            self.refresh_screen(keep_place=False)
            return
        self.say(f"Reading the redline from {names[rev]}…")
        self._load_stage(rev, names[rev])

    def action_next_change(self) -> None:
        self._change(1)

    def action_previous_change(self) -> None:
        self._change(-1)

    def _change(self, step: int) -> None:
        from consolidate.tui.textview import TextView

        amendment = self.query_one(TextView).select_change(step)
        if amendment:
            self.amendment_id = amendment
        else:
            self.say("No change in this view.")

    def action_next_conflict(self) -> None:
        self._conflict(1)

    def action_previous_conflict(self) -> None:
        self._conflict(-1)

    def _conflict(self, step: int) -> None:
        from consolidate.tui.textview import TextView

        items = self.frame.conflicts if self.frame else []
        if not items:
            self.say("No collisions on screen.")
            self.conflict_index = -1
            self.show_conflict()
            return
        if self.conflict_index < 0:
            self.conflict_index = 0 if step > 0 else len(items) - 1
        else:
            self.conflict_index = (self.conflict_index + step) % len(items)
        item = items[self.conflict_index]
        if self.view_name == "amendment":
            self.view_name = "redline"
        self.query_one(TextView).scroll_to_key(item.clause)
        self.amendment_id = item.amendments[0]
        self.show_conflict()

    def action_search(self) -> None:
        self.query_one("#f-search").focus()

    def action_next_match(self) -> None:
        self._go_to_match(1)

    def action_previous_match(self) -> None:
        self._go_to_match(-1)

    def action_filter(self) -> None:
        self.query_one("#f-status").focus()

    def action_focus_table(self) -> None:
        from consolidate.tui.textview import TextView
        from consolidate.tui.widgets import AmendmentTable

        table = self.query_one(AmendmentTable)
        if table.has_focus:
            self.query_one(TextView).focus()
        else:
            table.focus()

    def action_clear_filters(self) -> None:
        from consolidate.tui.textview import TextView
        from consolidate.tui.widgets import FilterBar

        self.query_one(FilterBar).clear()
        self.filters = Filters()
        self.query_one(TextView).focus()

    def action_toggle_outline(self) -> None:
        outline = self.query_one("#outline")
        shown = outline.display
        outline.set_class(shown, "-hidden")
        outline.set_class(not shown, "-shown")

    # -- what-if ------------------------------------------------------------------------------

    def action_what_if(self) -> None:
        if self.review is None:
            return
        self.review.what_if = None if self.what_if_mode else {}
        if not self.what_if_mode:
            self.stage = None  # the preview is of the text as it stands
        self.what_if_mode = not self.what_if_mode
        self.say("What-if mode: nothing is recorded." if self.what_if_mode
                 else "What-if mode left: the screen shows the recorded decisions.")

    def action_toggle_amendment(self) -> None:
        if self.review is None or not self.amendment_id:
            return
        if not self.what_if_mode:
            self.say("Space switches amendments on and off in what-if mode (x).")
            return
        status = self.review.toggle(self.amendment_id)
        label = self.review.snapshot.amendments[self.amendment_id].label
        self.say(f"What-if: {label} {'on' if status is Status.ADOPTED else 'off'} "
                 f"({status.value}); nothing is recorded.")
        self.refresh_screen()

    # -- export -------------------------------------------------------------------------------

    def action_export(self) -> None:
        if self.review is None:
            return
        note = ("the WHAT-IF preview on screen (not recorded)" if self.what_if_mode
                else "the consolidation with the decisions recorded")
        self.push_screen(ExportScreen(self.session.text_id, note), self._export)

    def _export(self, request: ExportRequest | None) -> None:
        if request is None or self.review is None:
            return
        self.export_waiting = request
        self.export_when_ready()

    def export_when_ready(self) -> None:
        """Run the export asked for once the state it exports is settled: in what-if mode at
        once (the preview on screen); otherwise once every decision is committed and the
        voting list is in, so that each format is byte for byte what `consolidate build`
        writes for the same state."""
        request = self.export_waiting
        if request is None or self.review is None:
            return
        review = self.review
        snapshot = review.snapshot
        path = exporting.resolve(self.session.workspace.root, request.path)
        if self.what_if_mode and self.frame is not None:
            shown = review.shown()
            amendments = {key: a if shown[key] is a.status else replace(a, status=shown[key])
                          for key, a in snapshot.amendments.items()}
            consolidation = self.frame.consolidation
        elif review.pending or not snapshot.voting_list:
            self.say(f"Exporting {request.format} to {path} once the decisions being committed "
                     "and the voting list are in…")
            return
        else:
            amendments, consolidation = dict(snapshot.amendments), snapshot.consolidation
        self.export_waiting = None
        self.say(f"Exporting {request.format} to {path}…")
        self._write_export(request.format, path, consolidation, amendments, snapshot)

    @work(thread=True, group="export", exit_on_error=False)
    def _write_export(self, fmt: str, path: Any, consolidation: Consolidation,
                      amendments: dict[str, Amendment], snapshot: Snapshot) -> None:
        try:
            data = exporting.render(consolidation, amendments, snapshot.bases, snapshot.order,
                                    fmt)
            size = exporting.write(data, path)
        except Exception as error:
            self.call_from_thread(self.say, f"Export failed ({fmt}): {type(error).__name__}: "
                                  f"{error}", error=True)
            return
        self.call_from_thread(self.say, f"Wrote {path} ({size:,} bytes, {fmt})")

    # -- other --------------------------------------------------------------------------------

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def action_reload(self) -> None:
        if self.review is not None and self.review.pending:
            self.say("Wait for the decisions being committed, then reload.", error=True)
            return
        self.say("Reading the workspace again…")
        self._read_again()

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        """Quit once every queued decision is committed: nothing is lost."""
        if self.closing:
            return
        self.closing = True
        self.committer.closing = True
        waiting = len(self.review.pending) if self.review else 0
        if waiting:
            self.say(f"Committing {waiting} decision{'s' * (waiting > 1)} before quitting…")
        self.jobs.put(None)
        self.run_worker(self._quit_when_committed(), group="quit")

    async def _quit_when_committed(self) -> None:
        worker = self._commit_worker
        if worker is not None and worker.is_running:
            await worker.wait()
        self.exit()

