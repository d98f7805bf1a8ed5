"""Tabling amendments: a proposed clause text becomes a word-level patch on a committed base.

Every way of proposing an amendment (``amend --proposed``, a batch line, amending
instructions, an edit of the clause file, a Word document) arrives here as an
:class:`~consolidate.core.requests.AmendRequest` and takes the same road: its fields are
checked (:func:`~consolidate.core.requests.checked`), its proposal becomes the clause's text
by :func:`~consolidate.core.normalise.clause_proposal` (measured against the base, or for a
new clause against the clause it goes next to, a clause inserted by another amendment
included), and the amendment built from it must read back as itself before anything is
written. So the bytes of a clause never depend on the road taken.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from consolidate.app.progress import Progress, counted
from consolidate.app.search import nearest_ids
from consolidate.app.state import TextState
from consolidate.app.taken import Inserted, Numbering, fresh_clause_id
from consolidate.core.amendment_format import ReadBack
from consolidate.core.errors import InvalidInput
from consolidate.core.model import (
    EMPTY_BLOB_ID,
    Action,
    Amendment,
    Clause,
    Problem,
    Status,
)
from consolidate.core.normalise import TextRefused, clause_proposal
from consolidate.core.patching import make_patch
from consolidate.core.requests import AGAINST_CONSOLIDATED, AmendRequest, EditRequest, checked
from consolidate.store.files import atomic_write_text, workspace_lock
from consolidate.store.gitobjects import text_blob_id
from consolidate.store.reading import read_utf8
from consolidate.store.transaction import transaction


@dataclass(frozen=True)
class AmendResult:
    amendments: tuple[Amendment, ...]
    commit: str
    warnings: tuple[str, ...] = field(default_factory=tuple)
    # ids of the tabled amendments written on a clause an adopted amendment changed: they
    # may fall (the caller reads the workspace again only for them)
    on_adopted: tuple[str, ...] = ()


@dataclass
class _Plan:
    """What one call to amend will write."""

    amendments: list[Amendment] = field(default_factory=list)
    files: list[ReadBack] = field(default_factory=list)  # each amendment's file, read back
    snapshots: dict[str, str] = field(default_factory=dict)  # blob id -> base text
    restore: dict[str, str] = field(default_factory=dict)  # clause path -> committed text
    warnings: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    committed: dict[str, str] | None = None  # path -> blob id in HEAD
    bases: dict[str, tuple[str, str]] = field(default_factory=dict)  # clause id -> committed


def amend(session: TextState, requests: Sequence[AmendRequest],
          progress: Progress | None = None) -> AmendResult:
    """Create the amendments of *requests* in one commit; refuse all of them if one is wrong.

    *progress* is told of each request worked out, ``(done, total)``."""
    workspace = session.workspace
    with workspace_lock(workspace.git.git_dir):
        session.reload()
        plan = _Plan()
        numbers = Numbering(session)
        inserted = Inserted(session)
        for request in counted(progress, requests):
            try:
                amendment = _build(session, checked(request), plan, numbers, inserted)
            except InvalidInput as error:
                where = f"{request.where}: " if request.where else ""
                plan.problems.extend(
                    Problem(where + p.message, p.path, p.line, p.hint) for p in error.problems
                )
                continue
            plan.amendments.append(amendment)
        if plan.problems:
            raise InvalidInput(plan.problems[0].message, problems=plan.problems)
        on_adopted = _on_adopted(session.amendments, plan.amendments)
        commit = _write(session, plan, _message(plan.amendments))
        session.reload()
    return AmendResult(tuple(plan.amendments), commit, tuple(plan.warnings), on_adopted)


def _on_adopted(before: Sequence[Amendment], written: Sequence[Amendment]) -> tuple[str, ...]:
    """The ids of the tabled amendments of *written* on a clause that an adopted amendment
    (of *before*, read under the lock, or of *written*) changed."""
    adopted = {a.target for a in [*before, *written] if a.status is Status.ADOPTED}
    return tuple(a.id for a in written if a.status is Status.TABLED and a.target in adopted)


EDITABLE = (Status.DRAFT, Status.TABLED)


def edit(session: TextState, amendment_id: str, change: EditRequest) -> AmendResult:
    """Change an amendment still draft or tabled (its proposal, sponsors, justification) and
    commit it: the same id, number and base; the new proposal takes the road of every
    proposal (:func:`amend`), read-back check included. Refused once it is decided."""
    workspace = session.workspace
    with workspace_lock(workspace.git.git_dir):
        session.reload()
        old = session.amendment(amendment_id)
        refuse_decided(old)
        plan = _Plan()
        request = checked(AmendRequest(
            action=old.action, clause=old.clause, proposed=change.proposed,
            sponsor=old.sponsor if change.sponsor is None else change.sponsor,
            cosponsors=old.cosponsors if change.cosponsors is None else change.cosponsors,
            justification=old.justification if change.justification is None
            else change.justification,
            status=old.status, new_id=old.new_clause, tabled=old.tabled,
            where=change.where or old.label))
        patch = _edited_patch(session, old, request, plan)
        amendment = replace(old, patch=patch, sponsor=request.sponsor,
                            cosponsors=request.cosponsors, justification=request.justification)
        changed = _changed_fields(old, amendment)
        if not changed:
            raise InvalidInput(
                f"nothing to change in {old.label} ({old.id}): the values given are the "
                "ones it has",
                hint="pass --proposed FILE, --sponsor, --cosponsor or --justification with a "
                     "new value, or edit the clause file in the working tree first")
        plan.files.append(_read_back(session, amendment))
        plan.amendments.append(amendment)
        on_adopted = _on_adopted(session.amendments, plan.amendments)
        commit = _write(session, plan, f"Edit {old.label} ({old.id}): " + ", ".join(changed))
        session.reload()
    return AmendResult((amendment,), commit, tuple(plan.warnings), on_adopted)


def refuse_decided(amendment: Amendment) -> None:
    """Refuse to edit an amendment that is no longer draft or tabled, with what to do."""
    if amendment.status in EDITABLE:
        return
    if amendment.status is Status.WITHDRAWN:
        hint = (f"table it again first (`consolidate table {amendment.number}`), or table a "
                "new amendment")
    elif amendment.status is Status.ADOPTED or amendment.status is Status.REJECTED:
        hint = (f"undo the vote first (`consolidate undo {amendment.number}`), or table a new "
                "amendment")
    else:
        hint = "table a new amendment (`consolidate amend`)"
    raise InvalidInput(
        f"{amendment.label} ({amendment.id}) is {amendment.status.value}: only an amendment "
        "that is draft or tabled can be edited", hint=hint)


def _edited_patch(session: TextState, old: Amendment, request: AmendRequest,
                  plan: _Plan) -> str:
    """The amendment's patch on its own base, from the new proposal (the old patch when
    there is none)."""
    if old.action is Action.DELETE:
        if request.proposed is not None:
            raise InvalidInput(f"{old.label} deletes its clause: it has no proposed text",
                               hint="leave --proposed out, or table a new amendment")
        return old.patch
    if old.action.inserts:
        if request.proposed is None:
            return old.patch
        reference = _neighbour(session, request, Inserted(session))
        return make_patch("", _made(session, request, request.proposed, reference, plan))
    base = session.bases.get(old.base)
    if base is None:
        raise InvalidInput(f"the base of {old.label} ({old.base[:10]}) is not in the "
                           "repository", hint="`consolidate check` says what is missing")
    proposed = request.proposed
    if proposed is None:
        proposed = _tree_edit(session, old, base, plan)
        if proposed is None:
            return old.patch
    made = _made(session, request, proposed, base, plan)
    if made == base:
        plan.warnings.append(f"{request.where}: the proposed text is the same as its base "
                             "(a no-op amendment)")
    return make_patch(base, made)


def _tree_edit(session: TextState, old: Amendment, base: str, plan: _Plan) -> str | None:
    """The clause file's text when it was edited in the working tree (None if it was not):
    the proposal, as for `amend`; the file then goes back to the committed text."""
    workspace = session.workspace
    path = workspace.clause_path(session.text_id, old.clause)
    rel = workspace.rel(path)
    committed = _committed_ids(session, plan).get(rel)
    if committed is None or not path.is_file():
        return None
    text = read_utf8(path, rel)
    if text_blob_id(text) == committed:
        return None
    if committed != old.base:
        raise InvalidInput(
            f"{rel} is edited, but {old.label} was drafted on another text of the clause "
            "(an earlier stage, or the consolidated text): the edit cannot be measured "
            "against its base",
            hint=f"pass the whole proposed clause with --proposed FILE, and undo the edit "
                 f"with `git checkout -- {rel}`")
    plan.restore[rel] = base  # the committed text: it is the base
    return text


def _changed_fields(old: Amendment, new: Amendment) -> list[str]:
    names = [("proposed text", old.patch != new.patch), ("sponsor", old.sponsor != new.sponsor),
             ("co-sponsors", old.cosponsors != new.cosponsors),
             ("justification", old.justification != new.justification)]
    return [name for name, changed in names if changed]


def _build(session: TextState, request: AmendRequest, plan: _Plan, numbers: Numbering,
           inserted: Inserted) -> Amendment:
    text = session.text
    if request.action.inserts:
        base_id, base, proposed, new_clause = _insertion(session, request, inserted, plan)
    else:
        base_id, base = _base(session, request, plan)
        proposed = "" if request.action is Action.DELETE else _proposal(session, request, base,
                                                                          plan)
        new_clause = ""
    if proposed == base and request.action is Action.MODIFY:
        plan.warnings.append(f"{request.where or request.clause}: the proposed text is the same "
                             "as its base (a no-op amendment)")
    if request.action.inserts and not proposed.strip():
        plan.warnings.append(f"{request.where or request.clause}: the new clause is empty")
    amendment_id, number = numbers.take(request.number)
    amendment = Amendment(
        id=amendment_id, number=number, text_id=text.id, clause=request.clause,
        action=request.action, base=base_id, status=request.status,
        patch=make_patch(base, proposed), sponsor=request.sponsor,
        cosponsors=request.cosponsors, tabled=request.tabled, justification=request.justification,
        new_clause=new_clause, new_kind=request.new_kind, order=request.order,
        compromise=request.compromise,
        # shared through a remote, a number given here is provisional until `sync`
        provisional=numbers.shared and not request.number,
    )
    plan.files.append(_read_back(session, amendment))
    if new_clause:
        inserted.add(new_clause, proposed)
    return amendment


def _read_back(session: TextState, amendment: Amendment) -> ReadBack:
    """The amendment's file, rendered and read back once: what is written must read back as
    itself (the same content is written, and the next read takes what it read back as)."""
    found = session.workspace.amendment_file(amendment)
    if found.problem is not None:
        raise InvalidInput(found.problem.message, hint=found.problem.hint)
    return found


def _insertion(session: TextState, request: AmendRequest, inserted: Inserted,
               plan: _Plan) -> tuple[str, str, str, str]:
    text = session.text
    if text.clause(request.clause) is None and request.clause not in inserted:
        raise InvalidInput(f"there is no clause '{request.clause}' to insert next to",
                           hint=nearest_ids(request.clause, [c.id for c in text.clauses]
                                            + sorted(inserted.ids())))
    new_clause = request.new_id or fresh_clause_id(request.clause, inserted)
    if inserted.taken(new_clause):
        raise InvalidInput(f"clause id '{new_clause}' is already used",
                           hint="choose another --new-id, or leave it out to get a fresh one")
    twin = inserted.twin(new_clause)
    if twin is not None:
        raise InvalidInput(f"clause id '{new_clause}' differs from clause '{twin}' only by case: "
                           "they would be one file on macOS and Windows",
                           hint="choose another --new-id, or leave it out to get a fresh one")
    if request.proposed is None:
        raise InvalidInput("a new clause needs its text",
                           hint="pass --proposed FILE (or - for standard input)")
    proposed = _made(session, request, request.proposed,
                     _neighbour(session, request, inserted), plan)
    return EMPTY_BLOB_ID, "", proposed, new_clause


def _neighbour(session: TextState, request: AmendRequest, inserted: Inserted) -> str:
    """The text a new clause takes its final newline from: the clause it is inserted next to,
    or, next to a fixed line, the nearest clause that is not one (on the new clause's side)."""
    text = session.text
    anchor = text.clause(request.clause)
    if anchor is None:
        return inserted.text(request.clause)
    if anchor.amendable:
        return anchor.text
    position = text.position(anchor.id) or 0
    after = list(text.clauses[position + 1:])
    before = list(reversed(text.clauses[:position]))
    sides = (after, before) if request.action is Action.INSERT_AFTER else (before, after)
    for side in sides:
        for clause in side:
            if clause.amendable:
                return clause.text
    return ""


def _made(session: TextState, request: AmendRequest, proposed: str, reference: str,
          plan: _Plan) -> str:
    """The clause's text from the proposal (the one way: core.normalise.clause_proposal)."""
    try:
        result = clause_proposal(_without_own_number(session, request, proposed, reference,
                                                     plan), reference)
    except TextRefused as error:
        raise InvalidInput(error.problem.message, hint=error.problem.hint) from None
    plan.warnings.extend(f"{request.where or request.clause}: {note} in the proposal"
                         for note in result.notes)
    return result.text


_NUMBERED_RE = re.compile(r"[ \t]*([0-9]+)\.[ \t]+")


def _without_own_number(session: TextState, request: AmendRequest, proposed: str,
                        reference: str, plan: _Plan) -> str:
    """*proposed* without the paragraph number it starts with when that is the clause's own
    ("9. Condemns…", as `build --format text` prints it): the number is computed, never
    words of the clause. A clause that itself starts with such a number keeps it."""
    match = _NUMBERED_RE.match(proposed)
    if match is None or _NUMBERED_RE.match(reference):
        return proposed
    own = _own_numbers(session, request)
    if int(match.group(1)) not in own:
        return proposed
    plan.warnings.append(
        f"{request.where or request.clause}: the proposal starts with the paragraph number "
        f"'{match.group(1)}.', which is not part of the clause's text: it is left out")
    return proposed[match.end():]


def _own_numbers(session: TextState, request: AmendRequest) -> set[int]:
    """The numbers a reader may see on the clause: in the text as tabled and as consolidated
    (for a new clause: those of its anchor, and the next one)."""
    numbers = {session.text.numbers().get(request.clause)}
    consolidated = session.consolidation.clause(request.clause)
    if consolidated is not None:
        numbers.add(consolidated.number)
    found = {n for n in numbers if n is not None}
    if request.action.inserts:
        found |= {n + 1 for n in found}
    return found


def _base(session: TextState, request: AmendRequest, plan: _Plan) -> tuple[str, str]:
    """(blob id, text) of the base the proposal is diffed against."""
    workspace = session.workspace
    clause_id = request.clause
    clause = session.text.clause(clause_id)
    if request.against == AGAINST_CONSOLIDATED:
        consolidated = session.consolidation.clause(clause_id)
        if consolidated is None or consolidated.status.value == "deleted":
            raise InvalidInput(f"clause '{clause_id}' is not in the consolidated text",
                               hint="check the clause id with `consolidate build`")
        base = consolidated.text
        blob = text_blob_id(base)
        path = workspace.rel(workspace.clause_path(session.text_id, clause_id))
        committed = _committed_ids(session, plan).get(path)
        if committed != blob:
            plan.snapshots[blob] = base
        return blob, base
    if clause is None:
        inserted = any(a.new_clause == clause_id for a in session.amendments)
        raise InvalidInput(f"clause '{clause_id}' is not in text '{session.text_id}'",
                           hint="a clause inserted by an adopted amendment is amended with "
                                "--against consolidated" if inserted else
                           nearest_ids(clause_id, [c.id for c in session.text.clauses]))
    if not clause.amendable:
        raise InvalidInput(f"clause '{clause_id}' is a fixed line and cannot be amended")
    if clause_id not in plan.bases:  # the same for every amendment of the clause in this call
        plan.bases[clause_id] = _committed_base(session, clause, plan)
    return plan.bases[clause_id]


def _committed_base(session: TextState, clause: Clause, plan: _Plan) -> tuple[str, str]:
    """(blob id, text) of *clause* as committed in HEAD."""
    workspace = session.workspace
    path = workspace.rel(workspace.clause_path(session.text_id, clause.id))
    committed = _committed_ids(session, plan).get(path)
    if committed is None:
        raise InvalidInput(f"{path} is not committed, so it cannot be the base of an amendment",
                           hint="commit the text first (`consolidate import` does it)")
    if text_blob_id(clause.text) == committed:  # the working tree holds the committed text
        return committed, clause.text
    return committed, workspace.git.read_blobs([committed])[committed].decode("utf-8")


def _committed_ids(session: TextState, plan: _Plan) -> dict[str, str]:
    """Blob id of every committed file of the text (read once per call of amend)."""
    if plan.committed is None:
        folder = session.workspace.rel(session.workspace.text_dir(session.text_id))
        plan.committed = session.workspace.git.head_blob_ids(folder)
    return plan.committed


def _proposal(session: TextState, request: AmendRequest, base: str, plan: _Plan) -> str:
    if request.proposed is not None:
        return _made(session, request, request.proposed, base, plan)
    workspace = session.workspace
    path = workspace.clause_path(session.text_id, request.clause)
    rel = workspace.rel(path)
    proposed = _made(session, request, read_utf8(path, rel), base, plan)
    if proposed == base:
        raise InvalidInput(
            f"no proposal: {rel} is unchanged (its final newline follows the clause's)",
            hint="pass --proposed FILE, or edit the clause file in the working tree first",
        )
    plan.restore[rel] = base
    return proposed


def _write(session: TextState, plan: _Plan, message: str) -> str:
    workspace = session.workspace
    with transaction(workspace.git, locked=True) as change:
        for blob, base in plan.snapshots.items():
            change.write(workspace.rel(workspace.base_snapshot_path(session.text_id, blob)), base)
        workspace.write_read_back(plan.files, change)
        commit = change.commit(message)
    for rel, content in plan.restore.items():  # the working-tree edit is now an amendment
        atomic_write_text(workspace.root / rel, content)
    return commit


def _message(amendments: Sequence[Amendment]) -> str:
    if len(amendments) == 1:
        a = amendments[0]
        verb = "Table" if a.status is Status.TABLED else f"Add {a.status.value}"
        who = f" by {a.sponsor.short}" if a.sponsor else ""
        return f"{verb} {a.label} ({a.id}) on {a.target}{who}"
    first, last = amendments[0], amendments[-1]
    return f"Table {len(amendments)} amendments ({first.label} to {last.label})"
