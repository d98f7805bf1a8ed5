"""The review app: a Textual workbench for reviewing and deciding amendments.

``build_app(session)`` makes the app for the command line (``run_review``) and for the tests.
The command line reads the session before the app starts (:mod:`consolidate.tui.starting`);
otherwise a loader worker reads it. A single committer worker records decisions in git, and
the screen shows each decision at once, predicted, then confirms it when its commit lands.
"""

from __future__ import annotations

import asyncio
import gc
import os
import queue
import signal
import threading
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header, Input
from textual.worker import Worker, WorkerState, get_current_worker

from consolidate.app.session import Session
from consolidate.app.stages import stage_redline
from consolidate.core.errors import ConsolidateError
from consolidate.core.model import Consolidation
from consolidate.tui.actions import COMMANDS, FOOTER
from consolidate.tui.app_actions import ActionsMixin
from consolidate.tui.jobs import Committer, Job, Outcome
from consolidate.tui.painter import Frame, Painter
from consolidate.tui.render import VIEW_TITLES
from consolidate.tui.rows import AmendmentRow, ConflictItem, Filters
from consolidate.tui.screens import ExportRequest
from consolidate.tui.starting import read_session, reading_notice, settle_memory
from consolidate.tui.state import ReviewState, Snapshot, summary
from consolidate.tui.terminal import ignore_hangups, watch_terminal
from consolidate.tui.textview import TextView
from consolidate.tui.widgets import AmendmentTable, FilterBar, Outline, Panel, StatusLine


@dataclass
class Loaded(Message):
    """The session was read: the recorded state to show."""

    snapshot: Snapshot


@dataclass
class Ordered(Message):
    """The voting list is computed: the amendments in voting order."""

    order: tuple[str, ...]


@dataclass(frozen=True)
class StageRedline:
    """The redline from an earlier stage (``redline --from``), as recorded now."""

    rev: str
    name: str
    consolidation: Consolidation


@dataclass
class StageRead(Message):
    """The redline from an earlier stage was computed, or could not be (*error*)."""

    rev: str
    name: str
    consolidation: Consolidation | None
    error: str = ""


@dataclass
class Committed(Message):
    """A decision or an undo was committed, or refused."""

    outcome: Outcome


def command_bindings() -> list[BindingType]:
    """The key bindings of every command of :data:`COMMANDS`."""
    ordered = sorted(COMMANDS, key=lambda c: FOOTER.index(c.action) if c.action in FOOTER
                     else len(FOOTER))
    bindings: list[BindingType] = [Binding(c.keys, c.action, c.title, show=c.action in FOOTER)
                                   for c in ordered]
    # Ctrl+Q and Ctrl+C quit from anywhere, a text field too (where q is typed): the footer
    # shows "^q Quit" there, and "q Quit" elsewhere (one key per action).
    bindings.append(Binding("ctrl+q", "quit", "Quit", priority=True))
    bindings.append(Binding("ctrl+c", "quit", "Quit", show=False, priority=True))
    return bindings


class ReviewApp(ActionsMixin, App[None], inherit_bindings=False):
    """Review the redline of one text and record the committee's decisions."""

    CSS_PATH = "review.tcss"
    TITLE = "consolidate review"
    BINDINGS = command_bindings()
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]

    view_name: reactive[str] = reactive("redline", init=False)
    amendment_id: reactive[str] = reactive("")
    what_if_mode: reactive[bool] = reactive(False)
    filters: reactive[Filters] = reactive(Filters)

    def __init__(self, session: Session, *, committer: Committer | None = None,
                 snapshot: Snapshot | None = None) -> None:
        super().__init__()
        self.session = session
        self.review: ReviewState | None = None
        self._read_first = snapshot  # read before the app started: no loader needed
        self.painter = Painter(session, plain=self.no_color)
        self.committer = committer or Committer(session.workspace.root, session.text_id)
        self.jobs: queue.Queue[Job | None] = queue.Queue()
        self.frame: Frame | None = None
        self.conflict_index = -1
        self.closing = False
        self.export_waiting: ExportRequest | None = None  # asked for, waits for a settled state
        self.committed_all = threading.Event()  # set when the committer has stopped
        self._commit_worker: Worker[None] | None = None
        self.decision_date = ""  # written on the decisions taken from now on; "": today
        self.stage: StageRedline | None = None  # the redline shown starts from this stage
        self.sub_title = session.text_id

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(icon="§")
        yield StatusLine("", id="banner")
        with Horizontal(id="main"):
            yield Outline(id="outline")
            yield TextView(id="text")
            with Vertical(id="side"):
                yield Panel(id="detail")
                yield Panel(id="conflict")
        yield FilterBar(id="filters")
        yield AmendmentTable(id="table")
        yield StatusLine("", id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#outline").border_title = "Clauses"
        self.query_one("#detail").border_title = "Amendment"
        self.query_one("#conflict").border_title = "Collisions"
        self._set_titles()
        self._commit_worker = self.run_worker(self._commit_loop, thread=True, group="commit",
                                              name="committer")
        if self._read_first is not None:
            self.post_message(Loaded(self._read_first))
            self._read_first = None
        else:
            self._load()
        self._catch_signals()

    def _catch_signals(self) -> None:
        """Termination quits the way `q` does; a closed terminal finishes the commits, then
        exits (see :mod:`consolidate.tui.terminal`)."""
        if self.is_headless:
            return
        try:
            loop = asyncio.get_running_loop()
            for number in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(number, lambda: self.call_later(self.action_quit))
        except (NotImplementedError, RuntimeError):
            pass  # q and Ctrl+C still work
        if ignore_hangups():
            watch_terminal(self.committed_all, self._hang_up)

    def _hang_up(self) -> None:
        """The terminal is gone, and Textual cannot draw or restore it (its writes block).

        Every queued decision is still committed, by the committer thread; then the process
        ends at once, from this thread, whatever the main thread is stuck on.
        """
        self.closing = True
        self.committer.closing = True
        self.jobs.put(None)
        self.committed_all.wait(timeout=600)
        os._exit(128 + signal.SIGHUP)

    # -- loading ------------------------------------------------------------------------------

    @work(thread=True, group="load", exclusive=True)
    def _load(self) -> None:
        """Read the session; the voting list (slow on large texts) comes after the screen."""
        with self.painter.lock:
            snapshot = read_session(self.session)
        self.post_message(Loaded(snapshot))

    @work(thread=True, group="load", exclusive=True)
    def _load_order(self) -> None:
        with self.painter.lock:
            order = tuple(a.id for a in self.session.voting_order())
        self.post_message(Ordered(order))
        with self.painter.lock:
            self.session.keep()

    @work(thread=True, group="stage", exclusive=True, exit_on_error=False)
    def _load_stage(self, rev: str, name: str) -> None:
        """The redline from *rev* to the consolidation as recorded (reads git: a thread)."""
        try:
            found = stage_redline(self.session.workspace.root, self.session.text_id, rev)
        except ConsolidateError as error:
            self.post_message(StageRead(rev, name, None, error.render()))
            return
        self.post_message(StageRead(rev, name, found))

    def on_stage_read(self, message: StageRead) -> None:
        if message.consolidation is None:
            self.say(f"No redline from {message.name}: {message.error}", error=True)
            return
        if self.what_if_mode:
            return  # asked for before what-if mode began
        first = self.stage is None or self.stage.rev != message.rev
        self.stage = StageRedline(message.rev, message.name, message.consolidation)
        if first:
            self.say(f"The redline starts from {message.name}: what was decided since, as "
                     "recorded. s chooses another start.")
        if self.view_name != "redline":
            self.view_name = "redline"  # painted by watch_view_name
        else:
            self.refresh_screen(keep_place=not first)

    def _stage_again(self) -> None:
        """A new recorded state: the redline from the stage follows it."""
        if self.stage is not None:
            self._load_stage(self.stage.rev, self.stage.name)

    def on_loaded(self, message: Loaded) -> None:
        previous = self.review
        self.review = ReviewState(message.snapshot)
        if previous is not None:  # a reload: what was decided here can still be undone
            self.review.keep_undo(previous)
        self.painter.forget()
        if not self.amendment_id or self.amendment_id not in message.snapshot.amendments:
            first = message.snapshot.order[0] if message.snapshot.order else ""
            self.set_reactive(ReviewApp.amendment_id, first)
        self.refresh_screen(keep_place=False)
        self.query_one(TextView).focus()
        self._stage_again()
        self.call_after_refresh(self._load_order)
        self.call_after_refresh(settle_memory)

    def on_ordered(self, message: Ordered) -> None:
        if self.review is not None and not self.review.snapshot.voting_list:
            self.review.snapshot = self.review.snapshot.with_order(message.order)
            self.refresh_screen()
            self.export_when_ready()

    # -- committing ---------------------------------------------------------------------------

    def _commit_loop(self) -> None:
        """The committer worker: runs the queued jobs in order until told to stop."""
        worker = get_current_worker()
        try:
            while True:
                try:
                    job = self.jobs.get(timeout=0.1)
                except queue.Empty:
                    if worker.is_cancelled:
                        return
                    continue
                if job is None:
                    return
                self.post_message(Committed(self.committer.run(job)))
        finally:
            self.committed_all.set()

    def on_committed(self, message: Committed) -> None:
        outcome = message.outcome
        if self.review is None:
            return
        self.review.finish(outcome.ticket, outcome.ok, outcome.snapshot)
        if outcome.snapshot is not None:
            self.call_after_refresh(gc.freeze)
            self._stage_again()
        waiting = len(self.review.pending)
        if outcome.ok:
            # Worded from what the commit did, not from what was predicted.
            what = outcome.title if outcome.title.startswith("Undo") else \
                summary(outcome.decisions, self.review.labels())
            more = f" ({waiting} more being committed)" if waiting else ""
            self.say(f"Committed {outcome.commit[:10]}: {what}{more}")
        else:
            again = "; the screen now shows the workspace as recorded" if outcome.stale else ""
            self.say(f"Not recorded: {outcome.title}: {outcome.message}{again}", error=True)
            self.notify(outcome.message + again, title=f"Not recorded: {outcome.title}",
                        severity="error", timeout=8)
            if outcome.stale and not waiting:
                self._read_again()  # the screen's session too (the previews read it)
        self.refresh_screen()
        self.export_when_ready()

    def say(self, message: str, *, error: bool = False) -> None:
        """Show *message* on the status line."""
        status = self.query_one("#status", StatusLine)
        status.message, status.error = message, error

    # -- painting -----------------------------------------------------------------------------

    def refresh_screen(self, *, keep_place: bool = True) -> None:
        """Show the current state: text, outline, table and panels."""
        if self.review is None:
            return
        stage = self.stage.consolidation if self.stage is not None else None
        frame = self.painter.frame(self.review, self.view_name, self.filters, self.amendment_id,
                                   stage=stage)
        self.frame = frame
        text = self.query_one(TextView)
        text.show(frame.blocks, keep_place=keep_place)
        if self.amendment_id:
            text.select_amendment(self.amendment_id, scroll=False)
        self.query_one(Outline).show_rows(frame.outline)
        self._show_rows(frame.rows)
        self.show_conflict()
        self._set_titles()

    def show_decision(self, changed: Collection[str],
                      then: Callable[[], object] | None = None) -> None:
        """A decision on screen: the rows of the *changed* amendments and the panel at once;
        the other rows (their collisions), the text and the collision markers (which may need
        a new consolidation) after that paint; then *then* (git may start)."""
        if self.review is None:
            return
        rows = self.painter.rows_of(self.review, changed)
        if self.frame is not None:
            new = {row.id: row for row in rows}
            self.frame = replace(self.frame, rows=[new.get(r.id, r) for r in self.frame.rows])
        self._show_rows(rows, only=True)

        def text() -> None:
            self.refresh_screen()
            if then is not None:
                self.call_after_refresh(then)

        # Twice: a refresh may already be due (a dialog just closed) before the row's.
        self.call_after_refresh(self.call_after_refresh, text)

    def _show_rows(self, rows: list[AmendmentRow], *, only: bool = False) -> None:
        """Show *rows* in the table (*only*: these rows change, the others stay), its title
        and the amendment panel."""
        assert self.review is not None
        table = self.query_one(AmendmentTable)
        if only:
            table.update_rows(rows)
        else:
            table.show_rows(rows, self.amendment_id)
        table.border_title = f"Amendments {len(rows)}/{len(self.review.snapshot.order)}" + (
            "" if self.review.snapshot.voting_list else " (text order; voting order coming)") + (
            f" — decisions dated {self.decision_date}" if self.decision_date else "")
        self.show_amendment()

    def show_amendment(self) -> None:
        from consolidate.tui.detail import amendment_detail

        panel = self.query_one("#detail", Panel)
        amendment = self.review.snapshot.amendments.get(self.amendment_id) if self.review else None
        if amendment is None or self.review is None:
            panel.content = Text("No amendment selected.", style="dim")
            return
        panel.content = amendment_detail(self.review, amendment,
                                         self.painter.renderer(self.review),
                                         self.painter.numbers(self.review))
        panel.border_title = amendment.label

    def show_conflict(self) -> None:
        from consolidate.tui.detail import conflict_detail

        if self.frame is None or self.review is None:
            return
        items = self.frame.conflicts
        item: ConflictItem | None = None
        if 0 <= self.conflict_index < len(items):
            item = items[self.conflict_index]
        numbers = self.painter.numbers(self.review, self.frame.consolidation)
        label = item.clause if item else ""
        if item is not None and item.clause in numbers:
            label = f"§{numbers[item.clause]}"  # as the redline numbers it
        panel = self.query_one("#conflict", Panel)
        panel.content = conflict_detail(item, self.conflict_index + 1, len(items),
                                        self.review.snapshot.amendments, self.review.shown(),
                                        label)
        panel.border_title = f"Collisions {len(items)}"

    def _set_titles(self) -> None:
        title = VIEW_TITLES[self.view_name]
        if self.stage is not None and self.view_name == "redline":
            title += f" from {self.stage.name} (as recorded)"
        if self.what_if_mode:
            title += " — WHAT-IF preview, nothing is recorded"
        self.query_one(TextView).border_title = title
        banner = self.query_one("#banner", StatusLine)
        banner.message = ("WHAT-IF: Space switches an amendment on or off. Nothing is "
                          "recorded. x leaves." if self.what_if_mode else "")
        banner.display = self.what_if_mode

    def watch_view_name(self) -> None:
        """Another view: from its top, or at the selected change when it has one."""
        if self.review is None:
            return
        self.refresh_screen(keep_place=False)
        self.call_after_refresh(self.query_one(TextView).scroll_to_selected)

    def watch_amendment_id(self, amendment: str) -> None:
        if self.review is None:
            return
        self.query_one(AmendmentTable).move_to(amendment)
        if self.view_name == "amendment":
            self.refresh_screen(keep_place=False)
            return
        self.query_one(TextView).select_amendment(amendment)
        self.show_amendment()

    def watch_filters(self) -> None:
        self.refresh_screen()

    def watch_what_if_mode(self) -> None:
        self.refresh_screen()

    # -- messages from the widgets ------------------------------------------------------------

    def on_outline_clause_chosen(self, message: Outline.ClauseChosen) -> None:
        if not self.query_one(TextView).scroll_to_key(message.clause):
            self.say(f"{message.clause} is not shown in this view")

    def on_amendment_table_amendment_chosen(self, message: AmendmentTable.AmendmentChosen) -> None:
        self.amendment_id = message.amendment

    def on_text_view_change_chosen(self, message: TextView.ChangeChosen) -> None:
        self.amendment_id = message.amendment

    def on_filter_bar_changed(self, message: FilterBar.Changed) -> None:
        self.filters = message.filters

    def on_filter_bar_done(self, message: FilterBar.Done) -> None:
        self.query_one(AmendmentTable).focus()

    def on_filter_bar_search(self, message: FilterBar.Search) -> None:
        text = self.query_one(TextView)
        if message.step == 0:
            count = text.search(message.query)
            self.say(f"{count} match{'es' * (count != 1)} for '{message.query}'"
                     if message.query.strip() else "")
        else:
            self._go_to_match(message.step)

    def _go_to_match(self, step: int) -> None:
        number, count = self.query_one(TextView).next_match(step)
        self.say(f"Match {number} of {count}" if count else "No match")

    # -- command palette ----------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every action of :data:`COMMANDS`, then Textual's own (theme, keys, quit...)."""
        for command in COMMANDS:
            yield SystemCommand(command.title, command.help,
                                partial(self.call_later, self.run_action, command.action))
        for system in super().get_system_commands(screen):
            if system.title != "Quit":
                yield system

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "load" and event.state is WorkerState.ERROR:
            self.say(f"Cannot read the workspace: {event.worker.error}", error=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()


def build_app(session: Session, *, committer: Committer | None = None,
              snapshot: Snapshot | None = None) -> ReviewApp:
    """The review app on *session*: the one factory for the command line and the tests.
    With *snapshot* (:func:`read_session`), the first screen shows it at once; without, a
    loader reads it while the screen says "Loading…"."""
    return ReviewApp(session, committer=committer, snapshot=snapshot)


def run_review(session: Session) -> None:
    """Run the review app in the terminal until the user quits; every decision is committed.

    The session is read before the app starts: its first screen is then drawn once, whole,
    without a loader competing with the drawing of an empty screen (a sixth of the start)."""
    with reading_notice(session.text_id):
        snapshot = read_session(session)
    build_app(session, snapshot=snapshot).run()

