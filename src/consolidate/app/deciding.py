"""Recording decisions: table, adopt, reject, withdraw, and undoing one.

What a decision changes (who is adopted with an amendment, who falls, what is refused) is
the pure rule :func:`consolidate.core.decisions.plan_decision`, the one the review app uses
to show a decision before it is committed; here it is applied to the workspace, under its
lock, in one commit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from consolidate.app.progress import Progress, report
from consolidate.app.state import TextState
from consolidate.core.decisions import VERBS, Decision, DecisionPlan, DecisionResult, plan_decision
from consolidate.core.errors import InvalidInput
from consolidate.core.model import Amendment, Status
from consolidate.store.files import workspace_lock
from consolidate.store.transaction import transaction


def decide(session: TextState, ids: Sequence[str], decision: Status, *, date: str,
           expect_head: str | None = None, progress: Progress | None = None) -> DecisionResult:
    """Take *decision* on each amendment of *ids*, in voting order, in one commit.

    With *expect_head*, the decision is refused (nothing written) when the workspace's HEAD
    is another commit: the caller decided on a state that another process has changed since.
    """
    workspace = session.workspace
    with workspace_lock(workspace.git.git_dir):
        session.reload()
        refuse_moved(session, expect_head)
        session.require_valid()
        refuse_dirty_texts(session)
        report(progress, 0, 3)  # steps: plan, write, commit
        planned = plan(session, ids, decision, date)
        report(progress, 1, 3)
        with transaction(workspace.git, locked=True) as change:
            workspace.write_amendments(planned.changed, change)
            report(progress, 2, 3)
            commit = change.commit(_message(planned.decisions, session.amendments,
                                            planned.changed))
        report(progress, 3, 3)
        session.reload()
    return DecisionResult(planned.decisions, commit, planned.warnings, planned.changed)


def plan(session: TextState, ids: Sequence[str], decision: Status, date: str) -> DecisionPlan:
    """What *decision* on *ids* (ids or numbers) would change now; nothing is written."""
    if not ids:
        raise InvalidInput("no amendment given", hint="name one or more amendment ids or numbers")
    known = {a.number: a.id for a in session.amendments} | {a.id: a.id for a in session.amendments}
    found = [known[i] if i in known else session.amendment(i).id for i in ids]
    return plan_decision(session.text, session.amendments, session.bases, session.voting_ids(),
                         found, decision, date, cache=session.cache)


class WorkspaceMoved(InvalidInput):
    """A decision taken on a state that another commit has changed since: nothing recorded."""


def refuse_moved(session: TextState, expect_head: str | None) -> None:
    """Refuse to act when HEAD is not *expect_head* (None: no expectation)."""
    if expect_head is None:
        return
    head = session.current_commit()
    if head != expect_head:
        raise WorkspaceMoved(
            f"the workspace changed since it was read: HEAD is now {_commit_name(session, head)}",
            hint="read the workspace again and decide on what it holds now",
        )


def _commit_name(session: TextState, commit: str | None) -> str:
    if commit is None:
        return "no commit"
    subject = session.commit_subject(commit)
    return f"{commit[:10]} ('{subject}')" if subject else commit[:10]


def refuse_dirty_texts(session: TextState) -> None:
    # Against the commit the session read (under the lock, when deciding): HEAD itself.
    dirty = session.uncommitted_texts()
    if dirty:
        raise InvalidInput(
            f"the text has uncommitted changes ({', '.join(dirty[:3])})",
            hint="commit them, turn them into an amendment with `consolidate amend`, "
                 "or undo them with `git checkout -- texts/` before recording a decision",
        )


def _message(decisions: Sequence[Decision], before: Sequence[Amendment],
             changed: Sequence[Amendment]) -> str:
    """'Adopt AM 7 (am-007)', or 'Adopt 50 amendments' with the list in the body."""
    labels = {a.id: a.label for a in (*before, *changed)}
    head = [d for d in decisions if not d.reason]
    names = [f"{labels[d.amendment]} ({d.amendment})" for d in head]
    verbs = {VERBS[d.after] for d in head}
    if len(head) <= 3:
        title = "; ".join(f"{VERBS[d.after]} {name}" for d, name in zip(head, names))
        listed: list[str] = []
    else:
        verb = verbs.pop() if len(verbs) == 1 else "Decide on"
        title = f"{verb} {len(head)} amendments"
        listed = [f"{VERBS[d.after]} {name}" for d, name in zip(head, names)]
    consequences = [f"{labels[d.amendment]} ({d.amendment}) {d.after.value}: {d.reason}"
                    for d in decisions if d.reason]
    body = "\n".join(listed + consequences)
    return title + ("\n\n" + body if body else "")


def restore(session: TextState, previous: Sequence[Amendment], message: str, *,
            written: Mapping[str, Amendment] | None = None, since: str = "") -> str:
    """Write earlier versions of amendments back, as they were, and commit (an undo).

    With *written* (what the decision being undone wrote, by id), the undo is refused when
    one of those amendments changed since (a later commit, *since* the decision's commit,
    touched it): an undo reverts only what the decision did, never someone's later work.
    The commit's message ends with ``Undoes: <since>`` (see :mod:`consolidate.app.undoing`).
    """
    workspace = session.workspace
    if since:
        message += f"\n\n{UNDOES}{since}"
    with workspace_lock(workspace.git.git_dir):
        session.reload()
        if written is not None:
            refuse_changed_since(session, written, since)
        with transaction(workspace.git, locked=True) as change:
            workspace.write_amendments(previous, change)
            commit = change.commit(message)
        session.reload()
    return commit


UNDOES = "Undoes: "  # the line of an undo's message naming the decision it undid


def refuse_changed_since(session: TextState, written: Mapping[str, Amendment], since: str, *,
                         current: Mapping[str, Amendment] | None = None) -> None:
    """Refuse when an amendment differs from what a decision wrote (see :func:`restore`);
    *current*: the amendments as they stand (default: as recorded)."""
    now_by_id = current if current is not None else {a.id: a for a in session.amendments}
    changed = [a for key, a in written.items() if _differs(now_by_id.get(key), a)]
    if not changed:
        return
    first = changed[0]
    now = now_by_id.get(first.id)
    what = f"is now {now.status.value}" if now is not None and now.status is not first.status \
        else "was changed" if now is not None else "was deleted"
    path = session.workspace.rel(session.workspace.amendment_path(session.text_id, first.id))
    later = session.later_commits(since, path) if since else []
    by = f" by {_commit_name(session, later[0])}" if later else ""
    raise InvalidInput(
        f"{first.label} ({first.id}) {what}{by} after the decision to undo; undoing it would "
        "overwrite that later change",
        hint=f"undo the later decision first (`consolidate undo {first.number}`), or decide "
             f"on {first.label} again as it stands now (`consolidate show {first.number}`)",
    )


def _differs(now: Amendment | None, written: Amendment) -> bool:
    """True when *now* is not what was written (where each was read from aside)."""
    return now is None or replace(now, source="") != replace(written, source="")
