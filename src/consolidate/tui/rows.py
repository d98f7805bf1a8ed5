"""The rows of the outline and of the amendments table, the filters, and the conflict list.

Plain data computed from a :class:`~consolidate.tui.state.ReviewState`; no Textual here.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from consolidate.core.model import (
    Amendment,
    ClauseKind,
    ClauseStatus,
    Collision,
    Consolidation,
    Status,
)
from consolidate.exporters.common import display_number, renumbered
from consolidate.tui.state import ReviewState

STATUS_MARKS = {
    ClauseStatus.UNCHANGED: " ",
    ClauseStatus.AMENDED: "~",
    ClauseStatus.INSERTED: "+",
    ClauseStatus.DELETED: "-",
}
CONFLICT_MARK = "!"
SNIPPET = 60


def fold(text: str) -> str:
    """Lower case without accents, for matching what a user types: 'Sinéad' -> 'sinead'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class Filters:
    """What the amendments table shows: a status, a sponsor or country, a clause."""

    status: str = ""  # a Status value, or "" for any
    who: str = ""  # part of a sponsor's or co-sponsor's name or country
    clause: str = ""  # a clause id (or part of it), or a paragraph number ("13", "§13")

    @property
    def active(self) -> bool:
        return bool(self.status or self.who.strip() or self.clause.strip())


def people(amendment: Amendment) -> str:
    """Sponsor and co-sponsors, 'Pierre DUPONT (France); Anna SCHMIDT (Germany)'."""
    sponsors = ([amendment.sponsor] if amendment.sponsor else []) + list(amendment.cosponsors)
    return "; ".join(s.short for s in sponsors)


@dataclass(frozen=True)
class ClauseNumber:
    """The number a clause has in the redline on screen, and the one it had when renumbered."""

    number: int
    was: int | None = None

    def __str__(self) -> str:
        return f"{self.number} (was {self.was})" if self.was is not None else str(self.number)

    def means(self, wanted: int) -> bool:
        """True when a reader asking for paragraph *wanted* may mean this clause."""
        return wanted in (self.number, self.was)


def numbering(consolidation: Consolidation) -> dict[str, ClauseNumber]:
    """Clause id -> its number as the redline shows it ('14. (was 13)'), for every numbered
    clause: one numbering on screen, in the table, the panels and the redline alike."""
    numbers: dict[str, ClauseNumber] = {}
    for clause in consolidation.clauses:
        number = display_number(clause)
        if number is not None:
            was = clause.original_number if renumbered(clause) else None
            numbers[clause.id] = ClauseNumber(number, was)
    return numbers


def clause_place(amendment: Amendment, numbers: Mapping[str, ClauseNumber]) -> str:
    """Where an amendment acts, numbered as in the redline: '§13', '§14 (was 13)',
    'new after §11', 'delete §14'."""
    place = f"§{numbers[amendment.clause]}" if amendment.clause in numbers else amendment.clause
    if amendment.action.inserts:
        word = "after" if amendment.action.value == "insert-after" else "before"
        return f"new {word} {place}"
    if amendment.action.value == "delete":
        return f"delete {place}"
    return place


def matches(amendment: Amendment, status: Status, filters: Filters,
            numbers: Mapping[str, ClauseNumber]) -> bool:
    """True when the amendment passes every filter."""
    if filters.status and status.value != filters.status:
        return False
    who = fold(filters.who.strip())
    if who and who not in fold(people(amendment)):
        return False
    wanted = filters.clause.strip().lstrip("§").strip()
    if not wanted:
        return True
    if wanted.isdigit():
        found = numbers.get(amendment.clause)
        return found is not None and found.means(int(wanted))
    wanted = fold(wanted)
    return wanted in fold(amendment.clause) or bool(
        amendment.new_clause and wanted in fold(amendment.new_clause))


@dataclass(frozen=True)
class AmendmentRow:
    """One row of the amendments table."""

    id: str
    number: str
    clause: str
    sponsor: str
    status: str
    collisions: str

    def cells(self) -> tuple[str, str, str, str, str]:
        return (self.number, self.status, self.clause, self.collisions, self.sponsor)


# What a vote needs first stays in sight on a narrow terminal: the status, the place and the
# collisions; the sponsor (in full in the panel) comes last, cut at the edge if need be.
COLUMNS = ("AM", "Status", "Clause", "Collides with", "Sponsor (country)")


def _partners(collisions: Iterable[Collision]) -> dict[str, list[str]]:
    partners: dict[str, list[str]] = defaultdict(list)
    for collision in collisions:
        partners[collision.first].append(collision.second)
        partners[collision.second].append(collision.first)
    return partners


class RowMaker:
    """Builds table rows for one state of the app (partners computed once).

    *numbers* is the numbering of the redline on screen (see :func:`numbering`); *fixed*
    caches the cells that only depend on the amendment and that numbering (number, clause,
    sponsor): pass the same dict again while both are the same.
    """

    def __init__(self, state: ReviewState, numbers: Mapping[str, ClauseNumber],
                 fixed: dict[str, tuple[str, str, str]] | None = None) -> None:
        self.state = state
        self.fixed = {} if fixed is None else fixed
        snapshot = state.snapshot
        self.amendments = snapshot.amendments
        self.numbers = numbers
        self.believed = state.believed()
        self.shown = state.shown()
        self.pending = {key for op in state.pending for key in op.statuses}
        self.partners = _partners(state.live_collisions())
        self.identical = {i: [j for j in group if j != i]
                          for group in snapshot.conflicts.identical for i in group}

    def status(self, amendment_id: str) -> str:
        """'tabled', 'adopted …' (being committed), 'tabled ▸ adopted' (what-if)."""
        believed = self.believed[amendment_id]
        text = believed.value + (" …" if amendment_id in self.pending else "")
        shown = self.shown[amendment_id]
        if shown is not believed:
            text += f" ▸ {shown.value}"
        return text

    def _fixed(self, amendment_id: str) -> tuple[str, str, str]:
        cells = self.fixed.get(amendment_id)
        if cells is None:
            amendment = self.amendments[amendment_id]
            sponsor = amendment.sponsor.short if amendment.sponsor else ""
            if amendment.cosponsors:
                sponsor += f" +{len(amendment.cosponsors)}"
            cells = (amendment.number, clause_place(amendment, self.numbers), sponsor)
            self.fixed[amendment_id] = cells
        return cells

    def row(self, amendment_id: str) -> AmendmentRow:
        """The table row of one amendment."""
        amendments = self.amendments
        collides = [f"×{amendments[i].label}" for i in self.partners.get(amendment_id, ())]
        collides += [f"={amendments[i].label}" for i in self.identical.get(amendment_id, ())
                     if self.shown.get(i) in (Status.TABLED, Status.ADOPTED)]
        number, clause, sponsor = self._fixed(amendment_id)
        return AmendmentRow(amendment_id, number, clause, sponsor, self.status(amendment_id),
                            " ".join(collides))

    def visible(self, filters: Filters) -> list[str]:
        """The amendment ids the table shows, in voting order."""
        if not filters.active:
            return list(self.state.snapshot.order)
        return [i for i in self.state.snapshot.order
                if matches(self.amendments[i], self.shown[i], filters, self.numbers)]


@dataclass(frozen=True)
class OutlineRow:
    """One line of the clause outline: marks, the number a reader sees, the first words."""

    clause: str
    mark: str  # STATUS_MARKS
    conflict: bool
    number: str  # "13." or "" for clauses without a number
    snippet: str
    status: ClauseStatus

    def label(self) -> str:
        flag = CONFLICT_MARK if self.conflict else " "
        return f"{flag}{self.mark} {self.number:>4} {self.snippet}"


def conflict_clauses(state: ReviewState, consolidation: Consolidation) -> set[str]:
    """The clauses with a live collision or an adopted amendment that cannot be applied."""
    clauses = {c.clause for c in state.live_collisions()}
    clauses |= {f.clause for f in consolidation.findings if f.blocking}
    return clauses


def outline_rows(consolidation: Consolidation, conflicts: set[str]) -> list[OutlineRow]:
    """One row per clause of the consolidation, in reading order."""
    rows = []
    for clause in consolidation.clauses:
        number = display_number(clause)
        body = clause.original if clause.status is ClauseStatus.DELETED else clause.text
        snippet = " ".join(body.split())[:SNIPPET]
        if clause.kind is ClauseKind.HEADING and not snippet:
            snippet = clause.id
        rows.append(OutlineRow(clause.id, STATUS_MARKS[clause.status], clause.id in conflicts,
                               f"{number}." if number is not None else "", snippet,
                               clause.status))
    return rows


@dataclass(frozen=True)
class ConflictItem:
    """A place to jump to: two live amendments that collide, or an amendment that cannot apply."""

    clause: str
    amendments: tuple[str, ...]
    words: str = ""
    message: str = ""  # for an adopted amendment that cannot be applied


def conflict_items(state: ReviewState, consolidation: Consolidation) -> list[ConflictItem]:
    """Every collision and blocking finding on screen, in text order."""
    position = {c.id: i for i, c in enumerate(consolidation.clauses)}
    items = [ConflictItem(c.clause, (c.first, c.second), c.words)
             for c in state.live_collisions()]
    items += [ConflictItem(f.clause, (f.amendment, *f.others), message=f.message)
              for f in consolidation.findings if f.blocking]
    return sorted(items, key=lambda item: position.get(item.clause, len(position)))
