"""What is on screen, computed from the state: the consolidation, the blocks, the rows.

A :class:`Painter` keeps the block of each clause and re-renders a clause only when its
consolidated form or its notes changed, so that a decision costs one clause, not the text.
No Textual here.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from consolidate.core.model import Consolidation, Status
from consolidate.tui.render import Block, Renderer, clause_notes
from consolidate.tui.rows import (
    AmendmentRow,
    ClauseNumber,
    ConflictItem,
    Filters,
    OutlineRow,
    RowMaker,
    clause_place,
    conflict_clauses,
    conflict_items,
    numbering,
    outline_rows,
)
from consolidate.tui.state import ReviewState

if TYPE_CHECKING:
    from consolidate.app.session import Session


@dataclass(frozen=True)
class Frame:
    """Everything the main screen shows for one state."""

    consolidation: Consolidation
    blocks: list[Block]
    outline: list[OutlineRow]
    rows: list[AmendmentRow]
    conflicts: list[ConflictItem]


class Painter:
    """Turns a :class:`ReviewState` into a :class:`Frame`, reusing unchanged clauses."""

    def __init__(self, session: Session, plain: bool = False) -> None:
        self.session = session  # used for what_if only (already warmed by the loader)
        self.lock = threading.Lock()  # held by whoever uses the session: one thread at a time
        self.plain = plain
        self._blocks: dict[tuple[str, str], tuple[object, tuple[str, ...], Block]] = {}
        self._renderer: Renderer | None = None
        self._amendments: object = None
        self._fixed: dict[str, tuple[str, str, str]] = {}  # table cells of each amendment
        self._preview: tuple[frozenset[str], Consolidation] | None = None  # adopted -> result
        # The numbering of the redline last shown, and the consolidation it comes from.
        self._numbered: tuple[Consolidation, dict[str, ClauseNumber]] | None = None

    def renderer(self, state: ReviewState) -> Renderer:
        amendments = state.snapshot.amendments
        if self._renderer is None or amendments is not self._amendments:
            self._renderer = Renderer(amendments, state.snapshot.bases, self.plain)
            self._amendments = amendments
            self._fixed = {}
        return self._renderer

    def consolidation(self, state: ReviewState) -> Consolidation:
        """The recorded consolidation, or a preview with pending and what-if statuses.

        The engine applies the adopted amendments and nothing else, so a rejection, a
        withdrawal or a tabling changes no text: the consolidation is computed again (with
        ``Session.what_if``) only when the set of adopted amendments on screen changes.
        """
        shown = state.shown()
        adopted = frozenset(key for key, status in shown.items() if status is Status.ADOPTED)
        if adopted == frozenset(key for key, a in state.snapshot.amendments.items()
                                if a.status is Status.ADOPTED):
            return state.snapshot.consolidation
        if self._preview is not None and self._preview[0] == adopted:
            return self._preview[1]
        with self.lock:
            preview = self.session.what_if(shown)
        self._preview = (adopted, preview)
        return preview

    def numbers(self, state: ReviewState,
                consolidation: Consolidation | None = None) -> dict[str, ClauseNumber]:
        """The clause numbers of *consolidation*'s redline; without one, of the redline last
        shown (the recorded one at first)."""
        self.renderer(state)
        if consolidation is None:
            consolidation = (self._numbered[0] if self._numbered is not None
                             else state.snapshot.consolidation)
        if self._numbered is not None and self._numbered[0] is consolidation:
            return self._numbered[1]
        numbers = numbering(consolidation)
        if self._numbered is None or self._numbered[1] != numbers:
            self._fixed = {}  # the clause cells say the numbers
        self._numbered = (consolidation, numbers)
        return numbers

    def rows(self, state: ReviewState, filters: Filters,
             consolidation: Consolidation | None = None) -> list[AmendmentRow]:
        """The rows of the amendments table (cheap: without *consolidation*, numbered as the
        redline last shown)."""
        numbers = self.numbers(state, consolidation)
        maker = RowMaker(state, numbers, self._fixed)
        return [maker.row(i) for i in maker.visible(filters)]

    def rows_of(self, state: ReviewState, ids: Iterable[str]) -> list[AmendmentRow]:
        """The table rows of the amendments *ids* alone (numbered as :meth:`rows`)."""
        maker = RowMaker(state, self.numbers(state), self._fixed)
        return [maker.row(i) for i in ids if i in state.snapshot.amendments]

    def frame(self, state: ReviewState, view: str, filters: Filters, selected: str, *,
              stage: Consolidation | None = None) -> Frame:
        """The screen for *state*; with *stage*, the redline view shows that consolidation
        (the redline from an earlier stage) instead of the one on screen."""
        consolidation = self.consolidation(state)
        rows = self.rows(state, filters, consolidation)
        outline = outline_rows(consolidation, conflict_clauses(state, consolidation))
        if view == "redline" and stage is not None:
            blocks = self.blocks(state, "stage", stage, selected)
        else:
            blocks = self.blocks(state, view, consolidation, selected)
        return Frame(consolidation, blocks, outline, rows, conflict_items(state, consolidation))

    def blocks(self, state: ReviewState, view: str, consolidation: Consolidation,
               selected: str) -> list[Block]:
        renderer = self.renderer(state)
        if view == "amendment":
            amendment = state.snapshot.amendments.get(selected)
            if amendment is None:
                return []
            return renderer.amendment(amendment, self.heading(state, selected))
        notes: dict[str, list[str]] = {}
        if view == "redline":
            labels = {key: a.label for key, a in state.snapshot.amendments.items()}
            notes = clause_notes(consolidation, state.live_collisions(), labels)
        out = list(renderer.title(consolidation))
        make = {"redline": renderer.redline, "stage": renderer.redline,
                "consolidated": renderer.consolidated, "original": renderer.original,
                "side": renderer.side_by_side}[view]
        for clause in consolidation.clauses:
            clause_notes_ = tuple(notes.get(clause.id, ()))
            cached = self._blocks.get((view, clause.id))
            if cached is not None and (cached[0] is clause or cached[0] == clause) \
                    and cached[1] == clause_notes_:
                block: Block | None = cached[2]
            else:
                block = (renderer.redline(clause, clause_notes_) if view == "redline"
                         else make(clause))
                if block is not None:
                    self._blocks[(view, clause.id)] = (clause, clause_notes_, block)
            if block is not None:
                out.append(block)
        return out

    def forget(self) -> None:
        """Drop every rendered block (after a reload or a theme change)."""
        self._blocks.clear()
        self._renderer = None
        self._fixed = {}
        self._preview = None
        self._numbered = None

    def heading(self, state: ReviewState, amendment_id: str) -> str:
        """'AM 12 — Hans MUELLER (Switzerland) — §13 — tabled' for the amendment view."""
        amendment = state.snapshot.amendments[amendment_id]
        parts = [amendment.label]
        if amendment.sponsor:
            parts.append(amendment.sponsor.short)
        parts.append(clause_place(amendment, self.numbers(state)))
        parts.append(state.shown()[amendment_id].value)
        return " — ".join(parts) + "\n(its own change against the text it was drafted on)"
