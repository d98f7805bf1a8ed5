"""The request to table one amendment: what every way of proposing one (an option, a batch
line, an amending instruction, a working-tree edit, a Word document) is turned into before
the application makes it a patch."""

from __future__ import annotations

from dataclasses import dataclass

from consolidate.core.model import Action, Sponsor, Status

AGAINST_ORIGINAL = "original"
AGAINST_CONSOLIDATED = "consolidated"


@dataclass(frozen=True)
class AmendRequest:
    """One amendment to create. ``proposed`` None means: take the edit in the working tree."""

    action: Action
    clause: str
    proposed: str | None = None
    sponsor: Sponsor | None = None
    cosponsors: tuple[Sponsor, ...] = ()
    justification: str = ""
    status: Status = Status.TABLED
    new_id: str = ""
    new_kind: str = ""
    against: str = AGAINST_ORIGINAL
    order: int | None = None
    compromise: bool = False
    tabled: str = ""
    number: str = ""
    where: str = ""  # e.g. "batch.jsonl:12", for messages
    exact: bool = False  # the proposal is exact (batch); else an editor's final newline is dropped
