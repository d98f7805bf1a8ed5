"""Undoing recorded decisions: ``consolidate undo`` and the review app's undo, one rule.

A decision is read from the history (a commit that changed only the statuses of existing
amendments of the text, since its last promotion), never from a log of our own. An undo is a
new commit that writes those amendments back as they were before the decision, with the line
``Undoes: <commit>``, so that the next undo goes one decision further back.

An undo is refused, with the reason, when a later commit changed one of the amendments the
decision wrote (undoing it would overwrite that later work: the rule of
:func:`consolidate.app.deciding.refuse_changed_since`), or when a later decision depends on
it: an amendment adopted since would no longer apply, or an amendment going back to tabled
changes words that an amendment adopted since changed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from consolidate.app.deciding import UNDOES, refuse_changed_since, refuse_dirty_texts
from consolidate.app.state import TextState
from consolidate.core.amendment_format import parse_amendment
from consolidate.core.decisions import Decision, adopted_in_the_way
from consolidate.core.errors import FormatError, InvalidInput
from consolidate.core.model import Amendment, Status
from consolidate.store.files import workspace_lock
from consolidate.store.history import AmendmentsChange, amendment_change, amendment_changes
from consolidate.store.transaction import transaction


@dataclass(frozen=True)
class RecordedDecision:
    """A committed decision: the amendments before it and as its commit wrote them."""

    commit: str
    subject: str
    previous: tuple[Amendment, ...]
    written: tuple[Amendment, ...]

    def concerns(self, amendment_id: str) -> bool:
        return any(a.id == amendment_id for a in self.written)


@dataclass(frozen=True)
class UndoResult:
    """What an undo reverted (newest first), the status changes, and its commit."""

    undone: tuple[RecordedDecision, ...]
    decisions: tuple[Decision, ...]
    commit: str
    warnings: tuple[str, ...] = ()


def undo_trailer(commit: str) -> str:
    """The line of an undo's message that names the decision undone."""
    return f"{UNDOES}{commit}"


def recorded_decisions(session: TextState) -> Iterator[RecordedDecision]:
    """The decisions on the text that can still be undone, newest first (those already
    undone left out); read lazily from the history."""
    undone: set[str] = set()
    for change in amendment_changes(session.workspace.git, session.text_id):
        marks = {line[len(UNDOES):].strip() for line in change.message.splitlines()
                 if line.startswith(UNDOES)}
        if marks:
            undone |= marks
            continue
        if change.commit in undone:
            continue
        decision = _as_decision(change)
        if decision is not None:
            yield decision


def _as_decision(change: AmendmentsChange) -> RecordedDecision | None:
    """The change as a decision, or None when it changed more than statuses (an edit)."""
    try:
        before = {k: parse_amendment(v, k) for k, v in change.before.items()}
        after = {k: parse_amendment(v, k) for k, v in change.after.items()}
    except FormatError:
        return None
    if set(before) != set(after) or not any(before[k].status is not after[k].status
                                            for k in after):
        return None
    for key, written in after.items():
        was = before[key]
        if replace(was, status=written.status, decided=written.decided, reason=written.reason,
                   provisional=written.provisional) != written:
            return None
    ids = sorted(after)
    return RecordedDecision(change.commit, change.subject, tuple(before[k] for k in ids),
                            tuple(after[k] for k in ids))


def choose(session: TextState, count: int = 1, name: str | None = None
           ) -> list[RecordedDecision]:
    """The decisions to undo: the last *count*, or the last one on the amendment (id or
    number) or the one of the commit *name*. Refused when there is none."""
    if count < 1:
        raise InvalidInput(f"cannot undo {count} decisions", hint="give a number from 1 up")
    found = recorded_decisions(session)
    if name is None:
        chosen = [d for _, d in zip(range(count), found)]
        if len(chosen) < count:
            have = "no decision" if not chosen else \
                f"only {len(chosen)} decision{'s' if len(chosen) > 1 else ''}"
            raise InvalidInput(f"there is {have} to undo on text '{session.text_id}' (since "
                               "its last promotion)", hint="`consolidate log` or `git log` "
                                                          "shows what was recorded")
        return chosen
    target, commit = _named(session, name)
    for decision in found:
        if decision.commit == commit or (target and decision.concerns(target)):
            return [decision]
    change = amendment_change(session.workspace.git, session.text_id, commit) if commit else None
    named = _as_decision(change) if change is not None else None
    if named is not None:  # undone already, or before a promotion: the undo says why not
        return [named]
    what = f"on {name}" if target else f"in commit {name}"
    raise InvalidInput(f"there is no decision {what} to undo (since the text's last "
                       "promotion, and not undone already)",
                       hint="`consolidate undo --list` shows the decisions that can be undone")


def _named(session: TextState, name: str) -> tuple[str, str]:
    """(amendment id, "") for an amendment's id or number, ("", commit id) for a commit."""
    if any(name in (a.id, a.number) for a in session.amendments):
        return session.amendment(name).id, ""
    try:
        return "", session.workspace.git.resolve(name)
    except InvalidInput:
        raise InvalidInput(f"'{name}' is neither an amendment of text '{session.text_id}' "
                           "nor a commit", hint="name the amendment by its number or id, "
                                                "or the decision by its commit") from None


def undo(session: TextState, count: int = 1, name: str | None = None) -> UndoResult:
    """Undo the last *count* decisions (or the one *name* names) in one new commit."""
    workspace = session.workspace
    with workspace_lock(workspace.git.git_dir):
        session.reload()
        refuse_dirty_texts(session)
        chosen = choose(session, count, name)
        current = {a.id: a for a in session.amendments}
        before = dict(current)
        for decision in chosen:  # newest first: each finds what the newer ones put back
            written = {a.id: a for a in decision.written}
            refuse_changed_since(session, written, decision.commit, current=current)
            for amendment in decision.previous:
                current[amendment.id] = replace(amendment, source=current[amendment.id].source)
        restored = [current[key] for key in sorted({a.id for d in chosen for a in d.previous})]
        refuse_dependents(session, chosen, before, current, restored)
        with transaction(workspace.git, locked=True) as change:
            workspace.write_amendments(restored, change)
            commit = change.commit(_message(chosen, before, restored))
        session.reload()
    changes = tuple(Decision(a.id, before[a.id].status, a.status) for a in restored)
    return UndoResult(tuple(chosen), changes, commit)


def refuse_dependents(session: TextState, chosen: Sequence[RecordedDecision],
                      before: Mapping[str, Amendment], after: Mapping[str, Amendment],
                      restored: Sequence[Amendment]) -> None:
    """Refuse an undo that a later decision depends on (see the module's docstring)."""
    subject = chosen[-1].subject if len(chosen) == 1 else f"{len(chosen)} decisions"
    labels = {a.id: a.label for a in after.values()}
    numbers = {a.id: a.number for a in after.values()}
    now = {(f.kind, f.amendment, f.clause) for f in session.blocking_findings()}
    trial = session.what_if({key: a.status for key, a in after.items()})
    for finding in session.blocking_findings(trial):
        if (finding.kind, finding.amendment, finding.clause) in now:
            continue
        later = finding.amendment
        raise InvalidInput(
            f"cannot undo '{subject}': {labels.get(later, later)} ({later}), adopted since, "
            f"depends on it and would no longer apply ({finding.message})",
            hint=f"undo the decision on {labels.get(later, later)} first (`consolidate undo "
                 f"{numbers.get(later, later)}`)")
    amendments = list(after.values())
    for amendment in restored:
        if amendment.status is not Status.TABLED or before[amendment.id].status is Status.TABLED:
            continue
        for other, words in adopted_in_the_way(session.text, amendments, session.bases,
                                               amendment.id, cache=session.cache):
            if before[other].status is not Status.ADOPTED:
                continue
            raise InvalidInput(
                f"cannot undo '{subject}': {amendment.label} ({amendment.id}) would be tabled "
                f"again, but {labels[other]} ({other}), adopted, changes the same words "
                f"('{words}'): it would fall at once",
                hint=f"undo the adoption of {labels[other]} first (`consolidate undo "
                     f"{numbers[other]}`)")


def _message(chosen: Sequence[RecordedDecision], before: Mapping[str, Amendment],
             restored: Sequence[Amendment]) -> str:
    title = f"Undo: {chosen[0].subject}" if len(chosen) == 1 else \
        f"Undo {len(chosen)} decisions"
    listed = [] if len(chosen) == 1 else [f"Undo: {d.subject}" for d in chosen]
    lines = [f"{a.label} ({a.id}) back to {a.status.value}" for a in restored
             if before[a.id].status is not a.status]
    trailers = [undo_trailer(d.commit) for d in chosen]
    return "\n\n".join(part for part in (title, "\n".join(listed), "\n".join(lines),
                                         "\n".join(trailers)) if part)
