"""The text views as Rich text: redline, consolidated, original, side by side, one amendment.

Each clause becomes a :class:`Block`; each change in it keeps its range and its amendment, and
carries the amendment in its style's meta so that a click on it can say which one it is.
No Textual here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text

from consolidate.core.engine import read_edits
from consolidate.core.model import (
    Amendment,
    ChangeKind,
    ClauseKind,
    ClauseStatus,
    Collision,
    ConsolidatedClause,
    Consolidation,
    Span,
)
from consolidate.exporters.common import (
    Change,
    clause_body,
    clean,
    display_number,
    number_prefix,
    pieces,
    renumbered,
    separate_title,
    whole_clause_amendment,
    whole_clause_pieces,
)

DELETE = "red strike"
INSERT = "green underline"
LABEL = "dim cyan"
NOTE = "dim"
CONFLICT = "bold magenta"
FINDING = "yellow"
HEADING = "bold"
TITLE_KEY = "#title"
VIEWS = ("redline", "consolidated", "original", "amendment", "side")
VIEW_TITLES = {
    "redline": "Redline", "consolidated": "Consolidated", "original": "Original",
    "amendment": "Amendment", "side": "Original | Consolidated",
}


@dataclass(frozen=True)
class ChangeMark:
    """One attributed change in a block: where it is, and which amendment made it."""

    amendment: str | None
    start: int
    end: int
    right: bool = False  # in the right column of the side-by-side view


@dataclass(frozen=True)
class Block:
    """One clause (or the title) of a view; *right* is the right column when side by side."""

    key: str
    text: Text
    changes: tuple[ChangeMark, ...] = ()
    right: Text | None = None


class Writer:
    """Appends runs to a Rich text, recording the attributed changes."""

    def __init__(self, plain: bool, right: bool = False) -> None:
        self.text = Text()
        self.plain = plain
        self.right = right
        self.changes: list[ChangeMark] = []

    def add(self, chunk: str, style: str = "") -> None:
        self.text.append(clean(chunk), style=style)

    def change(self, amendment: str | None, deleted: str, inserted: str, label: str) -> None:
        """A deletion and/or insertion by one amendment, followed by its label when given."""
        start = len(self.text)
        for chunk, style, (left, right) in ((deleted, DELETE, ("[-", "-]")),
                                            (inserted, INSERT, ("{+", "+}"))):
            if chunk:
                marked = f"{left}{clean(chunk)}{right}" if self.plain else clean(chunk)
                self.text.append(marked, style=style)
        if label:
            self.text.append(f"[{label}]", style=LABEL)
        meta = Style.from_meta({"amendment": amendment or "", "right": self.right})
        self.text.stylize(meta, start, len(self.text))
        self.changes.append(ChangeMark(amendment, start, len(self.text), self.right))


class Renderer:
    """Renders a consolidation (or one amendment) for one view."""

    def __init__(self, amendments: Mapping[str, Amendment], bases: Mapping[str, str],
                 plain: bool = False) -> None:
        self.amendments = amendments
        self.bases = bases
        self.plain = plain

    def label(self, amendment: str | None) -> str:
        if amendment is None:
            return "change"
        found = self.amendments.get(amendment)
        return found.label if found else amendment

    # -- whole views ---------------------------------------------------------------------------

    def title(self, consolidation: Consolidation) -> Iterator[Block]:
        title = separate_title(consolidation)
        if title:
            yield Block(TITLE_KEY, Text(clean(title), style=HEADING))

    # -- one clause per view -------------------------------------------------------------------

    def redline(self, clause: ConsolidatedClause, notes: Iterable[str] = ()) -> Block:
        """The clause with its changes marked and labelled, then its notes."""
        out = Writer(self.plain)
        number = display_number(clause)
        if clause.status in (ClauseStatus.DELETED, ClauseStatus.INSERTED):
            # Each amendment's own words: a new clause may have been amended after it came in.
            for piece in whole_clause_pieces(clause, number_prefix(number)):
                out.change(piece.amendment, piece.deleted, piece.inserted, self.label(piece.amendment))
        else:
            out.add(number_prefix(number))
            if renumbered(clause):
                out.add(f"(was {clause.original_number}) ", NOTE)
            self._spans(out, clause)
        for note in notes:
            out.add("\n" + note, CONFLICT if note.startswith("!") else FINDING)
        return Block(clause.id, out.text, tuple(out.changes))

    def _spans(self, out: Writer, clause: ConsolidatedClause) -> None:
        style = HEADING if clause.kind is ClauseKind.HEADING else ""
        parts = pieces(clause.spans) if clause.spans else []
        if not parts:
            out.add(clause_body(clause.text), style)
        for index, part in enumerate(parts):
            if isinstance(part, Change):
                out.change(part.amendment, part.deleted, part.inserted, self.label(part.amendment))
            else:
                out.add(clause_body(part.text) if index == len(parts) - 1 else part.text, style)

    def consolidated(self, clause: ConsolidatedClause) -> Block | None:
        """The clause as it reads after consolidation; None for a deleted clause."""
        if clause.status is ClauseStatus.DELETED:
            return None
        style = HEADING if clause.kind is ClauseKind.HEADING else ""
        text = Text(number_prefix(display_number(clause)))
        text.append(clean(clause_body(clause.text)), style=style)
        return Block(clause.id, text)

    def original(self, clause: ConsolidatedClause) -> Block | None:
        """The clause as tabled; None for a new clause."""
        if clause.status is ClauseStatus.INSERTED:
            return None
        style = HEADING if clause.kind is ClauseKind.HEADING else ""
        text = Text(number_prefix(clause.original_number if clause.kind is not ClauseKind.HEADING
                                  and clause.original_number else None))
        text.append(clean(clause_body(clause.original)), style=style)
        return Block(clause.id, text)

    def side_by_side(self, clause: ConsolidatedClause) -> Block:
        """Original on the left (removed words marked), consolidated on the right (added words)."""
        left, right = Writer(self.plain), Writer(self.plain, right=True)
        if clause.status is not ClauseStatus.INSERTED:
            left.add(number_prefix(clause.original_number if clause.original_number else None))
        if clause.status is not ClauseStatus.DELETED:
            right.add(number_prefix(clause.number))
        spans = clause.spans or (Span(ChangeKind.EQUAL, clause.text),)
        parts = pieces(spans)
        if clause.status in (ClauseStatus.DELETED, ClauseStatus.INSERTED):
            parts = whole_clause_pieces(clause)
        for part in parts:
            if isinstance(part, Change):
                if part.deleted:
                    left.change(part.amendment, clause_body(part.deleted), "", "")
                if part.inserted:
                    right.change(part.amendment, "", clause_body(part.inserted), "")
            else:
                left.add(clause_body(part.text))
                right.add(clause_body(part.text))
        if clause.status is ClauseStatus.DELETED:
            right.add(f"(deleted by {self.label(whole_clause_amendment(clause))})", NOTE)
        if clause.status is ClauseStatus.INSERTED:
            left.add(f"(new, by {self.label(whole_clause_amendment(clause))})", NOTE)
        left.text.rstrip()
        right.text.rstrip()
        return Block(clause.id, left.text, tuple(left.changes + right.changes), right.text)

    # -- one amendment ---------------------------------------------------------------------------

    def amendment(self, amendment: Amendment, heading: str) -> list[Block]:
        """The amendment's own change against the base it was drafted on."""
        head = Block("#amendment", Text(clean(heading), style=HEADING))
        drafted = read_edits(amendment, self.bases)
        if drafted.finding:
            return [head, Block(amendment.target, Text(clean(drafted.finding.message),
                                                      style=FINDING))]
        base = drafted.base or ""
        out = Writer(self.plain)
        position = 0
        for edit in drafted.edits:
            out.add(base[position:edit.start])
            out.change(amendment.id, base[edit.start:edit.end], edit.text, "")
            position = edit.end
        out.add(clause_body(base[position:]))
        out.text.rstrip()
        return [head, Block(amendment.target, out.text, tuple(out.changes))]


def clause_notes(consolidation: Consolidation, collisions: Iterable[Collision],
                 labels: Mapping[str, str]) -> dict[str, list[str]]:
    """The lines shown under each clause: its live collisions, then the engine's findings."""
    notes: dict[str, list[str]] = {}
    for collision in collisions:
        first, second = labels.get(collision.first, collision.first), labels.get(
            collision.second, collision.second)
        notes.setdefault(collision.clause, []).append(
            f"! {first} and {second} collide on '{clean(collision.words)}'")
    for finding in consolidation.findings:
        mark = "!" if finding.blocking else "·"
        notes.setdefault(finding.clause, []).append(f"{mark} {clean(finding.message)}")
    return notes
