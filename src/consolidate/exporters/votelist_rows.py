"""The voting list in words, one :class:`Row` a vote: what every format of it shows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from consolidate.core.labels import clause_labels
from consolidate.core.model import Action, Amendment, Text
from consolidate.core.votelist import Vote, VoteList

HEADINGS = ("Vote", "Text", "Amendments", "Sponsors", "If adopted, these fall", "Status")


@dataclass(frozen=True)
class Row:
    """One vote, in words."""

    vote: int
    place: str  # "paragraph 10", "new paragraph after paragraph 11"
    amendments: str  # "AM 10 = AM 11 (compromise)"
    sponsors: str
    falls: str  # "AM 3, AM 7" or ""
    status: str


def place(vote: Vote, amendments: Mapping[str, Amendment], labels: Mapping[str, str]) -> str:
    """Where a vote acts, as the list says it."""
    first = amendments[vote.amendments[0]]
    label = labels.get(first.clause, f"clause {first.clause}")
    if first.action.inserts:
        word = "after" if first.action is Action.INSERT_AFTER else "before"
        return f"new paragraph {word} {label}"
    if first.action is Action.DELETE:
        return f"{label} (deletion)"
    return label


def _labels(ids: tuple[str, ...], amendments: Mapping[str, Amendment]) -> list[str]:
    return [amendments[i].label if i in amendments else i for i in ids]


def rows(vote_list: VoteList, amendments: Mapping[str, Amendment], text: Text) -> list[Row]:
    """The votes of *vote_list* in words."""
    labels = clause_labels(text)
    out = []
    for index, vote in enumerate(vote_list.votes, start=1):
        members = [amendments[i] for i in vote.amendments]
        names = " = ".join(a.label for a in members)
        if any(a.compromise for a in members):
            names += " (compromise)"
        sponsors = "; ".join(a.sponsor.short for a in members if a.sponsor)
        status = "/".join(sorted({a.status.value for a in members}))
        if vote.falls:
            adopted = dict.fromkeys(c.second for c in vote.falls_with)
            status += f" (falls: {', '.join(_labels(tuple(adopted), amendments))} adopted)"
        out.append(Row(index, place(vote, amendments, labels), names, sponsors,
                       ", ".join(_labels(vote.falls_if_adopted, amendments)), status))
    return out
