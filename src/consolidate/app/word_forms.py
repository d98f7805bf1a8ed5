"""Amendments from filled-in amendment forms (``consolidate amend --form FILE.docx``).

Each form becomes the amendment it describes: its amending instruction read by the
instruction parser (exactly as ``amend --instruction`` reads one), its principal sponsor and
co-sponsors from the form's tables (title, name with the FAMILY NAME in capitals, country),
its justification. A form that cannot be read whole is refused with the reason, and nothing
is tabled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from consolidate.app.state import TextState, today
from consolidate.app.word import open_package
from consolidate.core.errors import InvalidInput
from consolidate.core.instruction_apply import amendment_from_instructions
from consolidate.core.instruction_parse import InstructionError
from consolidate.core.model import Problem, Sponsor, Status
from consolidate.core.requests import AmendRequest
from consolidate.core.sponsors import TITLES, SponsorError, form_kind, from_form_cells, parse_sponsor
from consolidate.importers.docx_form import FilledForm, SponsorRow, read_forms
from consolidate.importers.docx_package import DocxError
from consolidate.importers.wordml import read_blocks

_LIVE = (Status.DRAFT, Status.TABLED, Status.ADOPTED)


@dataclass(frozen=True)
class FormProposal:
    """One form's amendment, and its instruction as written on the form."""

    request: AmendRequest
    instruction: str
    number: str  # the number the form gives ("9" of "AM 9"), or ""


class _FormProblem(Exception):
    """One form that cannot be read; the message says why."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def _sponsor(row: SponsorRow) -> Sponsor:
    if form_kind(row.title) is not None:  # 'Organisation' or 'Group' in the Mr/Mrs column
        try:
            return from_form_cells(row.title, row.name, row.country)
        except SponsorError as error:
            raise _FormProblem(f"the sponsor '{row.name.strip()}' cannot be read: "
                               f"{error.reason}", error.hint) from None
    title = row.title.strip().rstrip(".") if row.title.strip().rstrip(".") in TITLES \
        else row.title.strip()
    if title and title not in TITLES:
        raise _FormProblem(f"the sponsor title '{title}' is not one of "
                           f"{', '.join(TITLES)}", "write one of those titles, or none")
    words = " ".join(part for part in (title, row.name.strip()) if part)
    written = f"{words} ({row.country.strip()})" if row.country.strip() else words
    try:
        return parse_sponsor(written)
    except SponsorError as error:
        raise _FormProblem(f"the sponsor '{written}' cannot be read: {error.reason}",
                           error.hint) from None


def _request(session: TextState, form: FilledForm, extra: set[str], status: Status,
             tabled: str) -> FormProposal:
    if form.unread:
        text, reason = form.unread[0]
        raise _FormProblem(f"the amendment text '{text}' cannot be read: {reason}",
                           "write it as an amending instruction, e.g. \"In paragraph 10, "
                           "replace 'a' with 'b'\"")
    if not form.instructions:
        raise _FormProblem("the form holds no amending instruction",
                           "set out the text of the amendment, e.g. \"In paragraph 10, "
                           "replace 'a' with 'b'\"")
    try:
        parsed = amendment_from_instructions(session.text, form.instructions, extra)
    except InstructionError as error:
        raise _FormProblem(f"the instruction is refused: {error.message}", error.hint) from None
    principal = _sponsor(form.principal[0]) if form.principal else None
    cosponsors = tuple(_sponsor(row) for row in form.principal[1:] + form.cosponsors)
    request = AmendRequest(
        action=parsed.action, clause=parsed.clause, proposed=parsed.proposed, sponsor=principal,
        cosponsors=cosponsors, justification="\n".join(form.justification), status=status,
        new_kind=parsed.new_kind, tabled=tabled, where=f"form {form.position}")
    return FormProposal(request, "; ".join(form.instructions), form.number)


def _title_note(session: TextState, forms: Sequence[FilledForm]) -> list[str]:
    title = " ".join(session.text.title.split()).casefold()
    item = " ".join(session.text.item.split()).casefold()  # 'AMENDMENT TO SUPPLEMENTARY ITEM'
    notes = []
    for form in forms:
        heading = " ".join(" ".join(form.heading).split()).casefold()
        if title and title not in heading and not (item and item in heading):
            notes.append(f"form {form.position}: its heading ('{' '.join(form.heading)}') does not "
                         f"name the text's title ('{session.text.title}')")
    return notes


def plan_forms(session: TextState, data: bytes, source: str, *, status: str = "tabled",
               tabled: str | None = None) -> tuple[list[FormProposal], list[str]]:
    """The amendment of each form of the document, and notes; InvalidInput when one form
    cannot be read (nothing is tabled)."""
    try:
        forms = read_forms(read_blocks(open_package(data, source)), source)
    except DocxError as error:
        raise InvalidInput.from_format(error) from None
    extra = {a.new_clause for a in session.amendments if a.action.inserts and a.status in _LIVE}
    proposals: list[FormProposal] = []
    problems: list[Problem] = []
    for form in forms:
        try:
            proposals.append(_request(session, form, extra, Status(status), tabled or today()))
        except _FormProblem as problem:
            where = f"form {form.position}" + (f" (AM {form.number})" if form.number else "")
            problems.append(Problem(f"{where}: {problem.message}", source, None, problem.hint))
    if problems:
        raise InvalidInput(problems[0].message, problems=problems)
    return proposals, _title_note(session, forms)


def describe_forms(proposals: Sequence[FormProposal]) -> list[str]:
    """What each form would table (--dry-run)."""
    lines = []
    for proposal in proposals:
        request = proposal.request
        who = request.sponsor.display if request.sponsor else "no sponsor"
        lines.append(f"{who}: {proposal.instruction}")
    return lines

