"""Recording decisions: table, adopt, reject, withdraw; who falls when an amendment is adopted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from consolidate.app.state import TextState
from consolidate.core.collisions import analyse
from consolidate.core.decisions import ALLOWED_FROM, VERBS, Decision, DecisionResult
from consolidate.core.engine import consolidate
from consolidate.core.errors import ConflictRefused, InvalidInput
from consolidate.core.model import Amendment, Status
from consolidate.store.files import workspace_lock
from consolidate.store.transaction import transaction


def decide(session: TextState, ids: Sequence[str], decision: Status, *,
           date: str) -> DecisionResult:
    """Take *decision* on each amendment of *ids*, in voting order, in one commit."""
    workspace = session.workspace
    with workspace_lock(workspace.git.git_dir):
        session.reload()
        session.require_valid()
        refuse_dirty_texts(session)
        targets = _targets(session, ids)
        current = {a.id: a for a in session.amendments}
        decisions: list[Decision] = []
        for amendment in targets:
            decisions += _decide_one(session, current, current[amendment.id], decision, date)
        changed = [current[d.amendment] for d in decisions]
        with transaction(workspace.git, locked=True) as change:
            workspace.write_amendments(changed, change)
            commit = change.commit(_message(decisions, current))
        session.reload()
    return DecisionResult(tuple(decisions), commit)


def refuse_dirty_texts(session: TextState) -> None:
    dirty = session.workspace.git.dirty_paths(f"texts/{session.text_id}")
    if dirty:
        raise InvalidInput(
            f"the text has uncommitted changes ({', '.join(dirty[:3])})",
            hint="commit them, turn them into an amendment with `consolidate amend`, "
                 "or undo them with `git checkout -- texts/` before recording a decision",
        )


def _targets(session: TextState, ids: Sequence[str]) -> list[Amendment]:
    if not ids:
        raise InvalidInput("no amendment given", hint="name one or more amendment ids or numbers")
    found = {session.amendment(i).id for i in ids}
    return [a for a in session.voting_order() if a.id in found]


def _decide_one(session: TextState, current: dict[str, Amendment], amendment: Amendment,
                decision: Status, date: str) -> list[Decision]:
    if amendment.status not in ALLOWED_FROM[decision]:
        raise InvalidInput(
            f"{amendment.label} ({amendment.id}) is {amendment.status.value}; "
            f"it cannot be {decision.value}",
            hint=_transition_hint(amendment, decision),
        )
    decisions = [Decision(amendment.id, amendment.status, decision)]
    current[amendment.id] = replace(amendment, status=decision, decided=date,
                                    reason="" if decision is not Status.FALLEN else amendment.reason)
    if decision is Status.ADOPTED:
        decisions += _adopt_consequences(session, current, amendment, date)
    return decisions


def _transition_hint(amendment: Amendment, decision: Status) -> str:
    if amendment.status is Status.FALLEN:
        return amendment.reason or "it fell: it collides with an adopted amendment"
    allowed = ", ".join(sorted(s.value for s in ALLOWED_FROM[decision]))
    return f"only an amendment that is {allowed} can be {decision.value}"


def _adopt_consequences(session: TextState, current: dict[str, Amendment], adopted: Amendment,
                        date: str) -> list[Decision]:
    """Refuse an adoption that collides; adopt identical amendments; mark the others fallen."""
    # Only the adopted amendment's clause can change: compare it with its neighbours alone
    # (and every insertion, which places the new clauses it may target).
    amendments = [a for a in current.values() if a.target == adopted.target or a.action.inserts]
    report = analyse(session.text, amendments, session.bases, cache=session.cache)
    identical = next((g for g in report.identical if adopted.id in g), ())
    out = []
    for other_id in identical:
        other = current[other_id]
        if other.id != adopted.id and other.status is Status.TABLED:
            current[other.id] = replace(other, status=Status.ADOPTED, decided=date,
                                        reason=f"identical to {adopted.label}, voted together")
            out.append(Decision(other.id, Status.TABLED, Status.ADOPTED, current[other.id].reason))
    neighbours = [current[a.id] for a in amendments]
    result = consolidate(session.text, neighbours, session.bases, session.cache,
                         session.engine_order())
    blocking = [f for f in result.findings if f.blocking and f.amendment == adopted.id]
    # Voted before an adopted amendment in the voting list, it may displace that one instead.
    displaced = [f for f in result.findings if f.blocking and adopted.id in f.others]
    if blocking or displaced:
        reason = blocking[0].message if blocking else (
            f"it collides with {current[displaced[0].amendment].label}, already adopted "
            f"({displaced[0].message})")
        raise ConflictRefused(
            f"{adopted.label} ({adopted.id}) cannot be adopted: {reason}",
            hint="reject it, or reconsider the earlier decision it collides with",
        )
    for collision in report.collisions:
        if adopted.id not in (collision.first, collision.second):
            continue
        other_id = collision.second if collision.first == adopted.id else collision.first
        other = current[other_id]
        if other.status is Status.TABLED:
            reason = f"falls: {adopted.label} was adopted and changes the same words ('{collision.words}')"
            current[other_id] = replace(other, status=Status.FALLEN, decided=date, reason=reason)
            out.append(Decision(other_id, Status.TABLED, Status.FALLEN, reason))
    return out


def _message(decisions: Sequence[Decision], current: dict[str, Amendment]) -> str:
    """'Adopt AM 7 (am-007)', or 'Adopt 50 amendments' with the list in the body."""
    head = [d for d in decisions if not d.reason]
    names = [f"{current[d.amendment].label} ({d.amendment})" for d in head]
    verbs = {VERBS[d.after] for d in head}
    if len(head) <= 3:
        title = "; ".join(f"{VERBS[d.after]} {name}" for d, name in zip(head, names))
        listed: list[str] = []
    else:
        verb = verbs.pop() if len(verbs) == 1 else "Decide on"
        title = f"{verb} {len(head)} amendments"
        listed = [f"{VERBS[d.after]} {name}" for d, name in zip(head, names)]
    consequences = [f"{current[d.amendment].label} ({d.amendment}) {d.after.value}: {d.reason}"
                    for d in decisions if d.reason]
    body = "\n".join(listed + consequences)
    return title + ("\n\n" + body if body else "")


def restore(session: TextState, previous: Sequence[Amendment], message: str) -> str:
    """Write earlier versions of amendments back, as they were, and commit (an undo)."""
    workspace = session.workspace
    with workspace_lock(workspace.git.git_dir):
        with transaction(workspace.git, locked=True) as change:
            workspace.write_amendments(previous, change)
            commit = change.commit(message)
        session.reload()
    return commit
