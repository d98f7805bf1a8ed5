"""Tabling amendments: a proposed clause text becomes a word-level patch on a committed base."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

from consolidate.app.state import TextState
from consolidate.core.errors import InvalidInput
from consolidate.core.model import (
    EMPTY_BLOB_ID,
    Action,
    Amendment,
    ClauseKind,
    Problem,
    Status,
    is_valid_id,
)
from consolidate.core.normalise import clause_text_problem, normalise
from consolidate.core.patching import make_patch
from consolidate.core.requests import AGAINST_CONSOLIDATED, AmendRequest
from consolidate.store.files import atomic_write_text, workspace_lock
from consolidate.store.gitrepo import text_blob_id
from consolidate.store.transaction import transaction


@dataclass(frozen=True)
class AmendResult:
    amendments: tuple[Amendment, ...]
    commit: str
    warnings: tuple[str, ...] = field(default_factory=tuple)


@dataclass
class _Plan:
    """What one call to amend will write."""

    amendments: list[Amendment] = field(default_factory=list)
    snapshots: dict[str, str] = field(default_factory=dict)  # blob id -> base text
    restore: dict[str, str] = field(default_factory=dict)  # clause path -> committed text
    warnings: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    committed: dict[str, str] | None = None  # path -> blob id in HEAD


def amend(session: TextState, requests: Sequence[AmendRequest]) -> AmendResult:
    """Create the amendments of *requests* in one commit; refuse all of them if one is wrong."""
    workspace = session.workspace
    with workspace_lock(workspace.git.git_dir):
        session.reload()
        plan = _Plan()
        numbers = _Numbering(session)
        new_ids = {a.new_clause for a in session.amendments if a.action.inserts}
        for request in requests:
            try:
                amendment = _build(session, request, plan, numbers, new_ids)
            except InvalidInput as error:
                where = f"{request.where}: " if request.where else ""
                plan.problems.extend(
                    Problem(where + p.message, p.path, p.line, p.hint) for p in error.problems
                )
                continue
            plan.amendments.append(amendment)
            if amendment.action.inserts:
                new_ids.add(amendment.new_clause)
        if plan.problems:
            raise InvalidInput(plan.problems[0].message, problems=plan.problems)
        commit = _write(session, plan)
        session.reload()
    return AmendResult(tuple(plan.amendments), commit, tuple(plan.warnings))


class _Numbering:
    """Next free amendment numbers and ids."""

    def __init__(self, session: TextState) -> None:
        self.shared = session.workspace.git.has_remote()
        self.used_numbers = {a.number for a in session.amendments}
        self.used_ids = {a.id for a in session.amendments}
        folder = session.workspace.amendments_dir(session.text_id)
        if folder.is_dir():
            self.used_ids |= {p.stem for p in folder.glob("*.patch")}
        numeric = [int(m.group()) for n in self.used_numbers if (m := re.match(r"\d+", n))]
        self.next = max(numeric, default=0) + 1

    def take(self, wanted: str = "") -> tuple[str, str]:
        if wanted:
            if wanted in self.used_numbers:
                raise InvalidInput(f"amendment number {wanted} is already used",
                                   hint="leave the number out to get the next free one")
            number = wanted
        else:
            while str(self.next) in self.used_numbers:
                self.next += 1
            number = str(self.next)
        amendment_id = unique_id("am-", self.used_ids)
        self.used_numbers.add(number)
        self.used_ids.add(amendment_id)
        return amendment_id, number


# Ids are drawn at random, so that clones tabling at the same time never pick the same one
# (docs/format.md, "Many clones"): 8 characters of a 32-letter alphabet without look-alikes.
_ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"


def unique_id(prefix: str, taken: set[str]) -> str:
    """*prefix* and 8 random characters, not in *taken*."""
    while True:
        candidate = prefix + "".join(secrets.choice(_ID_ALPHABET) for _ in range(8))
        if candidate not in taken:
            return candidate


def _build(session: TextState, request: AmendRequest, plan: _Plan, numbers: _Numbering,
           new_ids: set[str]) -> Amendment:
    text = session.text
    if not is_valid_id(request.clause):
        raise InvalidInput(f"'{request.clause}' is not a valid clause id",
                           hint="clause ids are letters, digits, '.', '_' and '-', with no path in them")
    if request.action.inserts:
        base_id, base, proposed, new_clause = _insertion(session, request, new_ids, plan)
    else:
        base_id, base = _base(session, request, plan)
        proposed = "" if request.action is Action.DELETE else _proposal(session, request, base, plan)
        new_clause = ""
    if proposed == base and request.action is Action.MODIFY:
        plan.warnings.append(f"{request.where or request.clause}: the proposed text is the same "
                             "as its base (a no-op amendment)")
    if request.action.inserts and not proposed.strip():
        plan.warnings.append(f"{request.where or request.clause}: the new clause is empty")
    amendment_id, number = numbers.take(request.number)
    return Amendment(
        id=amendment_id, number=number, text_id=text.id, clause=request.clause,
        action=request.action, base=base_id, status=request.status,
        patch=make_patch(base, proposed), sponsor=request.sponsor,
        cosponsors=request.cosponsors, tabled=request.tabled, justification=request.justification,
        new_clause=new_clause, new_kind=request.new_kind, order=request.order,
        compromise=request.compromise,
        # shared through a remote, a number given here is provisional until `sync`
        provisional=numbers.shared and not request.number,
    )


def _insertion(session: TextState, request: AmendRequest, new_ids: set[str],
               plan: _Plan) -> tuple[str, str, str, str]:
    text = session.text
    if text.clause(request.clause) is None and request.clause not in new_ids:
        raise InvalidInput(f"there is no clause '{request.clause}' to insert next to",
                           hint="`consolidate show` lists the clause ids; use one of them")
    new_clause = request.new_id or _fresh_clause_id(session, request.clause, new_ids)
    if not is_valid_id(new_clause):
        raise InvalidInput(f"'{new_clause}' is not a valid clause id",
                           hint="clause ids are letters, digits, '.', '_' and '-'")
    if text.clause(new_clause) is not None or new_clause in new_ids:
        raise InvalidInput(f"clause id '{new_clause}' is already used",
                           hint="choose another --new-id, or leave it out to get a fresh one")
    if request.new_kind:
        ClauseKind(request.new_kind)
    if request.proposed is None:
        raise InvalidInput("a new clause needs its text",
                           hint="pass --proposed FILE (or - for standard input)")
    proposed = _normalised(request.proposed, request, plan)
    anchor = text.clause(request.clause)
    if not request.exact and proposed.endswith("\n") and not (anchor and anchor.text.endswith("\n")):
        proposed = proposed[:-1]  # an editor's final newline is not part of the clause
    return EMPTY_BLOB_ID, "", proposed, new_clause


def _normalised(proposed: str, request: AmendRequest, plan: _Plan | None) -> str:
    """The proposal in the form of clause files (LF, NFC); refuse what cannot be a clause."""
    result = normalise(proposed)
    if plan is not None:
        plan.warnings.extend(f"{request.where or request.clause}: {note} in the proposal"
                             for note in result.notes)
    problem = clause_text_problem(result.text)
    if problem is not None:
        raise InvalidInput(f"the proposed text cannot be a clause: {problem[0]}", hint=problem[1])
    return result.text


def _fresh_clause_id(session: TextState, anchor: str, new_ids: set[str]) -> str:
    """A new clause's id: its anchor's, and a random part no other clone will pick."""
    taken = {c.id for c in session.text.clauses} | new_ids
    return unique_id(f"{anchor}-", taken)


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
        raise InvalidInput(f"clause '{clause_id}' is not in text '{session.text_id}'",
                           hint="a clause inserted by an adopted amendment is amended with "
                                "--against consolidated")
    if not clause.amendable:
        raise InvalidInput(f"clause '{clause_id}' is a fixed line and cannot be amended")
    path = workspace.rel(workspace.clause_path(session.text_id, clause_id))
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
        proposed = _normalised(request.proposed, request, plan)
        if not request.exact and proposed.endswith("\n") and not base.endswith("\n"):
            proposed = proposed[:-1]  # an editor's final newline is not part of the clause
        return proposed
    workspace = session.workspace
    path = workspace.clause_path(session.text_id, request.clause)
    edited = path.read_text(encoding="utf-8")
    if edited == base:
        raise InvalidInput(
            f"no proposal: {workspace.rel(path)} is unchanged",
            hint="pass --proposed FILE, or edit the clause file in the working tree first",
        )
    plan.restore[workspace.rel(path)] = base
    return edited


def _write(session: TextState, plan: _Plan) -> str:
    workspace = session.workspace
    with transaction(workspace.git, locked=True) as change:
        for blob, base in plan.snapshots.items():
            change.write(workspace.rel(workspace.base_snapshot_path(session.text_id, blob)), base)
        workspace.write_amendments(plan.amendments, change)
        commit = change.commit(_message(plan.amendments))
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
