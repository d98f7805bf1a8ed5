"""The side panels as Rich text: one amendment, and one collision. No Textual here."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text

from consolidate.core.model import Amendment, Status
from consolidate.exporters.common import clean
from consolidate.tui.render import CONFLICT, HEADING, NOTE, Renderer
from consolidate.tui.rows import ClauseNumber, ConflictItem, clause_place
from consolidate.tui.state import ReviewState


def _line(text: Text, label: str, value: str, style: str = "") -> None:
    if value:
        text.append(f"{label}: ", style=NOTE)
        text.append(clean(value) + "\n", style=style)


def amendment_detail(state: ReviewState, amendment: Amendment, renderer: Renderer,
                     numbers: Mapping[str, ClauseNumber]) -> Text:
    """Everything about one amendment: status, place (numbered as the redline on screen,
    *numbers*), sponsors, collisions, its own change."""
    snapshot = state.snapshot
    shown, believed = state.shown(), state.believed()
    labels = {key: a.label for key, a in snapshot.amendments.items()}
    text = Text()
    text.append(f"{amendment.label}", style=HEADING)
    text.append(f"  ({amendment.id})  ", style=NOTE)
    status = believed[amendment.id]
    text.append(status.value, style=_status_style(status))
    if any(amendment.id in op.statuses for op in state.pending):
        text.append("  committing…", style=NOTE)
    if shown[amendment.id] is not status:
        text.append(f"  what-if: {shown[amendment.id].value}", style="italic")
    text.append("\n")
    place = clause_place(amendment, numbers)
    where = f"{place}, {amendment.action.value}"
    if amendment.target not in place:
        where += f" — clause id {amendment.target}"
    _line(text, "Clause", where)
    _line(text, "Sponsor", amendment.sponsor.display if amendment.sponsor else "")
    for cosponsor in amendment.cosponsors:
        _line(text, "Co-sponsor", cosponsor.display)
    _line(text, "Tabled", amendment.tabled)
    _line(text, "Decided", amendment.decided)
    _line(text, "Reason", amendment.reason)
    collisions = [c for c in state.live_collisions() if amendment.id in (c.first, c.second)]
    for collision in collisions:
        other = collision.second if collision.first == amendment.id else collision.first
        _line(text, "Collides with", f"{labels[other]} on '{collision.words}'", CONFLICT)
    falls = [i for i in snapshot.conflicts.falls.get(amendment.id, ())
             if shown.get(i) is Status.TABLED]
    if falls and shown[amendment.id] is Status.TABLED:
        _line(text, "If adopted, these fall", ", ".join(labels[i] for i in falls))
    for group in snapshot.conflicts.identical:
        if amendment.id in group:
            _line(text, "Identical to", ", ".join(labels[i] for i in group if i != amendment.id)
                  + " (voted together)")
    _line(text, "Justification", amendment.justification)
    text.append("\n")
    for block in renderer.amendment(amendment, "Its change:")[1:]:
        text.append_text(block.text)
    return text


def _status_style(status: Status) -> str:
    return {Status.ADOPTED: "bold green", Status.FALLEN: "red", Status.REJECTED: "red",
            Status.WITHDRAWN: "dim", Status.TABLED: "bold"}.get(status, "")


def conflict_detail(item: ConflictItem | None, position: int, count: int,
                    amendments: Mapping[str, Amendment], statuses: Mapping[str, Status],
                    clause_label: str) -> Text:
    """Which words collide, between which amendments; or why an adopted one cannot apply."""
    text = Text()
    if item is None:
        if count == 0:
            text.append("No collisions on screen.", style=NOTE)
        else:
            text.append(f"{count} collision{'s' * (count != 1)}: ", style=NOTE)
            text.append("] next, [ previous", style=NOTE)
        return text
    text.append(f"Collision {position} of {count}", style=CONFLICT)
    text.append(f" — {clause_label}\n", style=HEADING)
    if item.message:
        text.append(clean(item.message) + "\n")
        return text
    first, second = (amendments[i] for i in item.amendments[:2])
    for one in (first, second):
        who = one.sponsor.short if one.sponsor else ""
        text.append(f"{one.label}", style=HEADING)
        text.append(f" {clean(who)} — {statuses[one.id].value}\n")
    text.append("both change: ", style=NOTE)
    text.append(f"'{clean(item.words)}'\n", style=CONFLICT)
    text.append("If one is adopted, the other falls.", style=NOTE)
    return text
