"""What changed between two revisions of a workspace: amendments tabled, edited, decided,
removed, and clauses of the text changed. For reviews of a pull request and for CI.

Both revisions are read as committed (:class:`~consolidate.store.tree.TreeWorkspace`), with
the same readers every other command uses; nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from consolidate.core.errors import InvalidInput
from consolidate.core.model import Amendment, Text
from consolidate.store.gitrepo import GitRepo
from consolidate.store.tree import TreeWorkspace

# Fields of an amendment whose change is an edit (the status and the decision are not).
_EDITABLE = ("patch", "base", "clause", "action", "new_clause", "new_kind", "sponsor",
             "cosponsors", "justification", "tabled", "order", "compromise")
_DECISION = ("status", "decided", "reason")


@dataclass(frozen=True)
class AmendmentChange:
    """One amendment between two revisions: ``kind`` is tabled, edited, decided or removed
    (an amendment tabled and decided in the range is both: ``kind`` tabled, ``after`` says
    its status)."""

    kind: str
    before: Amendment | None
    after: Amendment | None
    fields: tuple[str, ...] = ()  # what an edit changed; "number" when it was renumbered

    @property
    def amendment(self) -> Amendment:
        found = self.after or self.before
        assert found is not None
        return found


@dataclass(frozen=True)
class ClauseChange:
    """A clause of the text that is new, gone or changed between the two revisions."""

    clause: str
    kind: str  # "inserted", "deleted", "changed"


@dataclass(frozen=True)
class ChangeSet:
    """Everything that changed in one text between two commits."""

    text_id: str
    since: str  # commit ids
    until: str
    amendments: tuple[AmendmentChange, ...]
    clauses: tuple[ClauseChange, ...]


def parse_range(spec: str) -> tuple[str, str]:
    """'REV1..REV2' (REV2 defaults to HEAD); a single revision means REV..HEAD."""
    if "..." in spec:
        raise InvalidInput(f"'{spec}': give two revisions as REV1..REV2",
                           hint="e.g. `consolidate changes origin/main..HEAD`")
    since, _, until = spec.partition("..")
    if not since:
        raise InvalidInput(f"'{spec}' names no starting revision",
                           hint="e.g. `consolidate changes origin/main..HEAD`")
    return since, until or "HEAD"


def changes(root: str | Path, text_id: str | None, spec: str) -> ChangeSet:
    """The changes of the text between the two revisions of *spec* (see :func:`parse_range`)."""
    since, until = parse_range(spec)
    repo = GitRepo(Path(root))
    first, last = repo.resolve(since), repo.resolve(until)
    after = TreeWorkspace(Path(root), last)
    chosen = after.resolve_text_id(text_id)
    before = TreeWorkspace(Path(root), first)
    old = _amendments(before, chosen)
    new = _amendments(after, chosen)
    return ChangeSet(chosen, first, last, tuple(_amendment_changes(old, new)),
                     tuple(_clause_changes(_text(before, chosen), after.load_text(chosen))))


def _amendments(workspace: TreeWorkspace, text_id: str) -> dict[str, Amendment]:
    if text_id not in workspace.text_ids():
        return {}
    found = workspace.load_amendments(text_id)
    if found.problems:
        problem = found.problems[0]
        raise InvalidInput(f"at {workspace.rev}: {problem.message}", path=problem.path,
                           line=problem.line, hint=problem.hint, problems=found.problems)
    return {a.id: a for a in found.amendments}


def _text(workspace: TreeWorkspace, text_id: str) -> Text | None:
    return workspace.load_text(text_id) if text_id in workspace.text_ids() else None


def _differing(old: Amendment, new: Amendment, names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name for name in names if getattr(old, name) != getattr(new, name))


def _amendment_changes(old: dict[str, Amendment],
                       new: dict[str, Amendment]) -> list[AmendmentChange]:
    out = []
    for amendment_id, amendment in new.items():
        previous = old.get(amendment_id)
        if previous is None:
            out.append(AmendmentChange("tabled", None, amendment))
            continue
        edited = _differing(previous, amendment, _EDITABLE)
        if previous.number != amendment.number:
            edited += ("number",)
        if _differing(previous, amendment, _DECISION):
            out.append(AmendmentChange("decided", previous, amendment, edited))
        elif edited:
            out.append(AmendmentChange("edited", previous, amendment, edited))
    out += [AmendmentChange("removed", amendment, None)
            for amendment_id, amendment in old.items() if amendment_id not in new]
    return sorted(out, key=lambda c: c.amendment.number_key())


def _clause_changes(old: Text | None, new: Text) -> list[ClauseChange]:
    before = {c.id: c.text for c in old.clauses} if old is not None else {}
    after = {c.id: c.text for c in new.clauses}
    out = [ClauseChange(cid, "inserted") for cid in after if cid not in before]
    out += [ClauseChange(cid, "changed") for cid, text in after.items()
            if cid in before and before[cid] != text]
    out += [ClauseChange(cid, "deleted") for cid in before if cid not in after]
    order = {cid: i for i, cid in enumerate([*after, *before])}
    return sorted(out, key=lambda c: order[c.clause])

