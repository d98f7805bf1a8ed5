"""The request to table one amendment: what every way of proposing one (an option, a batch
line, an amending instruction, a working-tree edit, a Word document) is turned into before
the application makes it a patch.

:func:`checked` is the one check of a request's fields, whatever made it: every value must
be one the amendment file can hold and read back as it is.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, replace

from consolidate.core.errors import InvalidInput
from consolidate.core.ids import ID_HINT, NUMBER_HINT, id_problem, number_problem
from consolidate.core.model import Action, ClauseKind, Sponsor, Status
from consolidate.core.normalise import TextRefused, field_text

AGAINST_ORIGINAL = "original"
AGAINST_CONSOLIDATED = "consolidated"
AGAINST = (AGAINST_ORIGINAL, AGAINST_CONSOLIDATED)
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


@dataclass(frozen=True)
class AmendRequest:
    """One amendment to create. ``proposed`` None means: take the edit in the working tree.

    ``proposed`` is what the sponsor wrote; the clause's text is made from it by
    :func:`consolidate.core.normalise.clause_proposal`, the same way for every source.
    """

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


@dataclass(frozen=True)
class EditRequest:
    """What to change in an amendment still draft or tabled; None (or ``proposed`` None with
    no edit of the clause file in the working tree) leaves a field as it is."""

    proposed: str | None = None
    sponsor: Sponsor | None = None
    cosponsors: tuple[Sponsor, ...] | None = None
    justification: str | None = None
    where: str = ""  # e.g. "--proposed new.txt", for messages


def is_date(value: str) -> bool:
    """True for a real date written YYYY-MM-DD (the whole value)."""
    if not _DATE_RE.fullmatch(value):
        return False
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def checked(request: AmendRequest) -> AmendRequest:
    """*request* with its free text as it is stored (CRLF becomes LF in the justification);
    :class:`InvalidInput` naming the field when a value cannot be stored and read back."""
    _check_id(request.clause)
    if request.new_id:
        if not request.action.inserts:
            raise InvalidInput("a new clause id is only for an insertion",
                               hint="leave the new id out, or insert a clause")
        _check_id(request.new_id)
    if request.new_kind and request.new_kind not in {k.value for k in ClauseKind}:
        raise InvalidInput(f"unknown clause kind {request.new_kind!r}",
                           hint="use one of: " + ", ".join(k.value for k in ClauseKind))
    if request.number:
        problem = number_problem(request.number)
        if problem is not None:
            raise InvalidInput(f"the amendment number {request.number!r} {problem}",
                               hint=NUMBER_HINT)
    if request.tabled and not is_date(request.tabled):
        raise InvalidInput(f"the tabling date {request.tabled!r} is not a date",
                           hint="write it YYYY-MM-DD, e.g. 2008-07-02")
    if request.against not in AGAINST:
        raise InvalidInput(f"against {request.against!r} is neither 'original' nor "
                           "'consolidated'", hint="draft on the original or on the "
                                                  "consolidated clause")
    try:
        justification = field_text(request.justification, "justification")
        for sponsor in (request.sponsor, *request.cosponsors):
            if sponsor is not None:
                field_text(sponsor.display, "sponsor")
    except TextRefused as error:
        raise InvalidInput(error.problem.message, hint=error.problem.hint) from None
    return replace(request, justification=justification)


def _check_id(value: str) -> None:
    problem = id_problem(value)
    if problem is not None:
        raise InvalidInput(f"{value!r} is not a valid clause id: it {problem}", hint=ID_HINT)
