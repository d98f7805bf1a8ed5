"""Turning command-line options and batch lines into amendment requests."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import IO

from consolidate.app.state import TextState, today
from consolidate.core.errors import InvalidInput
from consolidate.core.model import Action, Problem, Sponsor, Status
from consolidate.core.requests import AmendRequest
from consolidate.core.sponsors import SponsorError, parse_sponsor

BATCH_FIELDS = {"text", "clause", "action", "new_id", "proposed", "sponsor", "cosponsors",
                "justification", "status", "number", "order", "compromise", "tabled", "new_kind",
                "against"}


def single_request(*, clause: str | None, delete: str | None, insert_after: str | None,
                   insert_before: str | None, new_id: str, proposed: str | None,
                   sponsor: str | None, cosponsors: Sequence[str], justification: str,
                   status: str, against: str, order: int | None, compromise: bool,
                   tabled: str | None = None) -> AmendRequest:
    targets = [(Action.MODIFY, clause), (Action.DELETE, delete),
               (Action.INSERT_AFTER, insert_after), (Action.INSERT_BEFORE, insert_before)]
    given = [(action, cid) for action, cid in targets if cid]
    if len(given) != 1:
        raise InvalidInput("say what the amendment does, once",
                           hint="give exactly one of --clause, --delete, --insert-after, --insert-before")
    action, clause_id = given[0]
    if new_id and not action.inserts:
        raise InvalidInput("--new-id is only for --insert-after and --insert-before")
    return AmendRequest(
        action=action, clause=clause_id, proposed=proposed, sponsor=_sponsor(sponsor, "--sponsor"),
        cosponsors=_cosponsors(cosponsors, "--cosponsor"),
        justification=justification, status=Status(status), new_id=new_id, against=against,
        order=order, compromise=compromise, tabled=tabled or today(),
    )


def instruction_request(session: TextState, instructions: list[str],
                        instruction_file: IO[str] | None, *, given: Sequence[object],
                        new_id: str, sponsor: str | None, cosponsors: Sequence[str],
                        justification: str, status: str, order: int | None, compromise: bool,
                        tabled: str | None = None) -> AmendRequest:
    """An amendment read from amending instructions (``--instruction``, ``--instruction-file``)."""
    from consolidate.core.instruction_apply import amendment_from_instructions
    from consolidate.core.instruction_parse import InstructionError

    if any(given):
        raise InvalidInput("an amendment is given by instructions or by --clause, --delete, "
                           "--insert-after, --insert-before and --proposed, not both")
    sources = list(instructions)
    name = "--instruction"
    if instruction_file is not None:
        name = getattr(instruction_file, "name", "instructions")
        sources += [line.strip() for line in instruction_file.read().split("\n")
                    if line.strip() and not line.lstrip().startswith("#")]
    live = (Status.DRAFT, Status.TABLED, Status.ADOPTED)
    extra = {a.new_clause for a in session.amendments if a.action.inserts and a.status in live}
    try:
        parsed = amendment_from_instructions(session.text, sources, extra)
    except InstructionError as error:
        raise InvalidInput(f"{name}: the instruction is refused: {error.message}",
                           hint=error.hint) from None
    if new_id and not parsed.action.inserts:
        raise InvalidInput("--new-id is only for an instruction that inserts a new paragraph")
    return AmendRequest(
        action=parsed.action, clause=parsed.clause, proposed=parsed.proposed,
        sponsor=_sponsor(sponsor, "--sponsor"),
        cosponsors=_cosponsors(cosponsors, "--cosponsor"),
        justification=justification, status=Status(status), new_id=new_id,
        new_kind=parsed.new_kind, order=order, compromise=compromise, tabled=tabled or today(),
        exact=True,
    )


def _cosponsors(values: Iterable[str], where: str) -> tuple[Sponsor, ...]:
    return tuple(s for s in (_sponsor(v, where) for v in values) if s is not None)


def _sponsor(value: str | None, where: str) -> Sponsor | None:
    if not value:
        return None
    try:
        return parse_sponsor(value)
    except SponsorError as error:
        raise InvalidInput(f"{where}: {error}",
                           hint='write it as "Mr Pierre DUPONT (France)"') from None


def batch_requests(lines: IO[str], text_id: str, against: str) -> list[AmendRequest]:
    """One request per non-empty line of a JSON Lines file; every bad line is reported."""
    requests: list[AmendRequest] = []
    problems: list[Problem] = []
    name = getattr(lines, "name", "batch")
    for number, line in _numbered(lines):
        try:
            requests.append(_batch_line(line, text_id, against, f"{name}:{number}"))
        except InvalidInput as error:
            problems.append(Problem(error.problem.message, name, number, error.problem.hint))
    if problems:
        raise InvalidInput(problems[0].message, problems=problems)
    if not requests:
        raise InvalidInput("the batch file holds no amendment", path=name,
                           hint="write one JSON object per line")
    return requests


def _numbered(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield number, line


def _batch_line(line: str, text_id: str, against: str, where: str) -> AmendRequest:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise InvalidInput(f"not JSON: {error.msg} at column {error.colno}",
                           hint="write one JSON object per line") from None
    if not isinstance(data, dict):
        raise InvalidInput("the line is not a JSON object", hint='write e.g. {"clause": "p1", ...}')
    unknown = sorted(set(data) - BATCH_FIELDS)
    if unknown:
        raise InvalidInput(f"unknown field(s) {', '.join(unknown)}",
                           hint=f"the fields are {', '.join(sorted(BATCH_FIELDS))}")
    if data.get("text") not in (None, "", text_id):
        raise InvalidInput(f"the line names text '{data['text']}' but the batch is for '{text_id}'",
                           hint="one batch file per text, or pass --text")
    try:
        action = Action(data.get("action", "modify"))
        status = Status(data.get("status") or "tabled")
    except ValueError as error:
        raise InvalidInput(str(error), hint="action: modify, delete, insert-after, insert-before; "
                                            "status: draft or tabled") from None
    if status not in (Status.DRAFT, Status.TABLED):
        raise InvalidInput(f"status '{status.value}' cannot be given when tabling",
                           hint="use draft or tabled; decisions are recorded with adopt/reject")
    proposed = data.get("proposed")
    if action is not Action.DELETE and not isinstance(proposed, str):
        raise InvalidInput("'proposed' (the proposed text of the clause) is missing")
    cosponsors = data.get("cosponsors") or []
    if isinstance(cosponsors, str):
        cosponsors = [cosponsors]
    clause = data.get("clause")
    if not isinstance(clause, str) or not clause:
        raise InvalidInput("'clause' is missing")
    return AmendRequest(
        action=action, clause=clause, proposed=proposed if action is not Action.DELETE else "",
        sponsor=_sponsor(data.get("sponsor"), "sponsor"),
        cosponsors=_cosponsors(cosponsors, "cosponsors"),
        justification=str(data.get("justification") or ""), status=status,
        new_id=str(data.get("new_id") or ""), new_kind=str(data.get("new_kind") or ""),
        against=str(data.get("against") or against), order=data.get("order"),
        compromise=bool(data.get("compromise")), tabled=str(data.get("tabled") or today()),
        number=str(data.get("number") or ""), where=where, exact=True,
    )
