"""Turning command-line options, batch files and amending instructions into amendment requests.

Files come in as bytes (``--proposed``, ``--batch``, ``--instruction-file``): bytes that are
not UTF-8 are refused with the file, the line and the byte. What a request's values mean is
checked once for every source, when the amendment is made (``core.requests.checked``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import IO

from consolidate.app.state import TextState, today
from consolidate.core.errors import InvalidInput
from consolidate.core.instruction_apply import amendment_from_instructions
from consolidate.core.instruction_parse import InstructionError, split_instructions
from consolidate.core.model import Action, Sponsor, Status
from consolidate.core.normalise import TextRefused, decode, normalise
from consolidate.core.requests import AmendRequest, EditRequest
from consolidate.core.sponsors import SponsorError, parse_sponsor
from consolidate.importers.batch import BatchError, read_batch


def read_text(stream: IO[bytes]) -> str:
    """The whole of *stream* as UTF-8 text; refused (naming the file, line and byte) if not."""
    name = _name(stream)
    try:
        return decode(stream.read(), name)
    except TextRefused as error:
        raise InvalidInput.from_format(error) from None


def _name(stream: IO[bytes]) -> str:
    """The file's name for messages ('standard input' for '-', or a stream without a name)."""
    name = getattr(stream, "name", None)
    return name if isinstance(name, str) and name not in ("<stdin>", "-") else "standard input"


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


def edit_request(*, proposed: str | None, where: str, sponsor: str | None,
                 cosponsors: Sequence[str], no_cosponsors: bool,
                 justification: str | None) -> EditRequest:
    """What ``consolidate edit`` changes: only the values given (co-sponsors given replace
    the list; *no_cosponsors* empties it)."""
    if no_cosponsors and cosponsors:
        raise InvalidInput("--cosponsor and --no-cosponsors contradict each other",
                           hint="give the new co-sponsors, or --no-cosponsors to remove them all")
    listed = _cosponsors(cosponsors, "--cosponsor") if cosponsors else None
    return EditRequest(proposed=proposed, sponsor=_sponsor(sponsor, "--sponsor"),
                       cosponsors=() if no_cosponsors else listed,
                       justification=justification, where=where)


def instruction_request(session: TextState, instructions: list[str],
                        instruction_file: IO[bytes] | None, *, given: Sequence[object],
                        new_id: str, sponsor: str | None, cosponsors: Sequence[str],
                        justification: str, status: str, order: int | None, compromise: bool,
                        tabled: str | None = None) -> AmendRequest:
    """An amendment read from amending instructions (``--instruction``, ``--instruction-file``).

    The instructions are in the form ``consolidate instruction`` writes them (quotations of
    several lines included), so that its output read back gives the same amendment.
    """
    if any(given):
        raise InvalidInput("an amendment is given by instructions or by --clause, --delete, "
                           "--insert-after, --insert-before and --proposed, not both")
    sources = [normalise(i).text for i in instructions]
    name = "--instruction"
    if instruction_file is not None:
        name = _name(instruction_file)
        sources += split_instructions(normalise(read_text(instruction_file)).text)
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


def batch_requests(stream: IO[bytes], text_id: str, against: str) -> list[AmendRequest]:
    """One request per non-empty line of a JSON Lines file; every bad line is reported."""
    name = _name(stream)
    try:
        return read_batch(stream.read(), name, text_id=text_id, against=against, today=today())
    except BatchError as error:
        raise InvalidInput.from_format(error) from None
