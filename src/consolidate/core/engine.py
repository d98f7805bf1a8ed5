"""Consolidation: the adopted amendments, in voting order, applied exactly.

Each amendment's edits are read from its patch on the base it was drafted on (never by fuzzy
match). An amendment is applied whole or not at all; when it cannot be applied, a finding
says why and names the amendments in the way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from consolidate.core.cache import EngineCache, amendment_key
from consolidate.core.clause_state import ClauseState, Refusal
from consolidate.core.model import (
    Action,
    Amendment,
    ChangeKind,
    Clause,
    ClauseKind,
    ClauseStatus,
    ConsolidatedClause,
    Consolidation,
    Edit,
    Finding,
    FindingKind,
    Span,
    Status,
    Text,
    number_clauses,
)
from consolidate.core.patching import PatchError, apply_edits, patch_edits, widen_to_words
from consolidate.core.procedure import in_order


@dataclass(frozen=True)
class Drafted:
    """An amendment's edits on its base text, or why they cannot be read."""

    base: str | None
    edits: tuple[Edit, ...] = ()
    finding: Finding | None = None


def read_edits(amendment: Amendment, bases: Mapping[str, str],
               cache: EngineCache | None = None) -> Drafted:
    """The amendment's edits on its base: the base from *bases* (blob id -> text)."""
    deletes = amendment.action is Action.DELETE
    key = ("edits", amendment.base, amendment.patch, deletes, amendment.base in bases)
    read = cache.get(key) if cache is not None else None
    if read is None:
        read = _read(bases.get(amendment.base), amendment, deletes)
        if cache is not None:
            cache.put(key, read)
    base, edits, problem = read
    if problem is None:
        return Drafted(base, edits)
    return Drafted(base, finding=_finding(problem[0], amendment, problem[1]))


# What reading a patch gives: the base, the edits on it, and (kind, message) when it fails.
_Read = tuple[str | None, tuple[Edit, ...], tuple[FindingKind, str] | None]


def _read(base: str | None, amendment: Amendment, deletes: bool) -> _Read:
    if base is None:
        return None, (), (FindingKind.MISSING_BASE,
                          f"its base {amendment.base[:12]} is not in the repository")
    try:
        edits = tuple(widen_to_words(base, patch_edits(amendment.patch, base)))
    except PatchError as error:
        return base, (), (FindingKind.BAD_PATCH, f"its patch does not fit its base: {error}")
    if deletes and apply_edits(base, edits) != "":
        return base, (), (FindingKind.BAD_PATCH,
                          "it is a deletion, but its patch does not delete the whole clause")
    return base, edits, None


def _finding(kind: FindingKind, amendment: Amendment, message: str,
             others: Sequence[str] = ()) -> Finding:
    return Finding(kind, amendment.id, amendment.target, f"{amendment.label}: {message}",
                   tuple(others))


class _Consolidator:
    def __init__(self, text: Text, amendments: Sequence[Amendment], bases: Mapping[str, str],
                 cache: EngineCache | None, order: Sequence[str] | None,
                 keep_clauses: bool = True):
        self.text = text
        self.keep_clauses = keep_clauses  # False: clause results are not worth keeping
        self.by_id = {a.id: a for a in amendments}
        self.bases = bases
        self.cache = cache
        self.ordered = [a for a in in_order(text, amendments, order) if a.status is Status.ADOPTED]
        self.states: dict[str, ClauseState] = {
            c.id: ClauseState.original_clause(c.id, c.text)
            for c in text.clauses if c.amendable
        }
        self.kinds: dict[str, ClauseKind] = {c.id: c.kind for c in text.clauses}
        self.layout = [c.id for c in text.clauses]
        self.after_tail: dict[str, str] = {}
        self.findings: list[Finding] = []
        self.applied: list[str] = []

    def run(self) -> Consolidation:
        self.apply()
        clauses = self._result_clauses()
        order = {a.id: i for i, a in enumerate(self.ordered)}
        applied = tuple(sorted(self.applied, key=order.__getitem__))
        return Consolidation(self.text, clauses, applied, tuple(self.findings))

    def apply(self) -> None:
        """Apply the adopted amendments to the working clauses, recording the findings."""
        self._insertions([a for a in self.ordered if a.action.inserts])
        groups: dict[str, list[Amendment]] = {}
        for amendment in self.ordered:
            if not amendment.action.inserts:
                groups.setdefault(amendment.clause, []).append(amendment)
        for clause_id, members in groups.items():
            self._modify_clause(clause_id, members)

    # -- new clauses -----------------------------------------------------------------------

    def _insertions(self, pending: list[Amendment]) -> None:
        """Insert new clauses in voting order; an anchor may itself be a new clause."""
        while pending:
            placed = set(self.layout)
            ready = [a for a in pending if a.clause in placed]
            if not ready:
                break
            for amendment in ready:
                self._insert(amendment)
            done = {a.id for a in ready}
            pending = [a for a in pending if a.id not in done]
        for amendment in pending:
            self._report(FindingKind.UNKNOWN_TARGET, amendment,
                         f"it inserts next to clause '{amendment.clause}', which is not in the text")

    def _insert(self, amendment: Amendment) -> None:
        drafted = read_edits(amendment, self.bases, self.cache)
        if drafted.finding:
            self.findings.append(drafted.finding)
            return
        new_text = apply_edits(drafted.base or "", drafted.edits)
        existing = self.states.get(amendment.new_clause)
        if existing is not None or amendment.new_clause in self.layout:
            self._insert_clash(amendment, existing, new_text)
            return
        if not new_text:
            self._report(FindingKind.NO_OP, amendment, "it inserts an empty clause")
        self.states[amendment.new_clause] = ClauseState.new_clause(
            amendment.new_clause, new_text, amendment.id)
        self.kinds[amendment.new_clause] = self._new_kind(amendment)
        self._place(amendment)
        self.applied.append(amendment.id)

    def _insert_clash(self, amendment: Amendment, existing: ClauseState | None, new_text: str) -> None:
        if existing is not None and existing.inserted_by and existing.current_text() == new_text:
            self._report(FindingKind.DUPLICATE, amendment,
                         f"it inserts the same clause as {self._label(existing.inserted_by)}",
                         [existing.inserted_by])
            self.applied.append(amendment.id)
        elif existing is not None and existing.inserted_by:
            self._report(FindingKind.COLLISION, amendment,
                         f"{self._label(existing.inserted_by)} already inserted a different "
                         f"clause '{amendment.new_clause}'", [existing.inserted_by])
        else:
            self._report(FindingKind.UNKNOWN_TARGET, amendment,
                         f"the new clause id '{amendment.new_clause}' is already used in the text")

    def _new_kind(self, amendment: Amendment) -> ClauseKind:
        if amendment.new_kind:
            return ClauseKind(amendment.new_kind)
        anchor_kind = self.kinds.get(amendment.clause, ClauseKind.OPERATIVE)
        return anchor_kind if anchor_kind is not ClauseKind.FIXED else ClauseKind.OPERATIVE

    def _place(self, amendment: Amendment) -> None:
        anchor, new = amendment.clause, amendment.new_clause
        if amendment.action is Action.INSERT_AFTER:
            previous = self.after_tail.get(anchor, anchor)
            self.layout.insert(self.layout.index(previous) + 1, new)
            self.after_tail[anchor] = new
        else:
            self.layout.insert(self.layout.index(anchor), new)

    # -- modifications and deletions ---------------------------------------------------------

    def _modify_clause(self, clause_id: str, members: list[Amendment]) -> None:
        """Apply the clause's adopted amendments in order, or reuse the result of last time."""
        state = self.states.get(clause_id)
        if state is None or self.cache is None or not self.keep_clauses:
            for amendment in members:
                self._modify(amendment)
            return
        inserter = self.by_id.get(state.inserted_by or "")
        key = ("clause", clause_id, state.original, state.current_text(),
               amendment_key(inserter) if inserter else None,
               tuple(amendment_key(a) for a in members))
        cached = self.cache.get(key)
        if cached is None:
            findings, applied = len(self.findings), len(self.applied)
            for amendment in members:
                self._modify(amendment)
            cached = self.cache.put(key, (self.states[clause_id], self.findings[findings:],
                                          self.applied[applied:]))
        else:
            self.states[clause_id] = cached[0]
            self.findings.extend(cached[1])
            self.applied.extend(cached[2])

    def _modify(self, amendment: Amendment) -> None:
        state = self.states.get(amendment.clause)
        if state is None:
            self._unknown_target(amendment)
            return
        if state.deleted_by and amendment.action is Action.DELETE:
            self._report(FindingKind.DUPLICATE, amendment,
                         f"it deletes the clause, as {self._label(state.deleted_by)} already did",
                         [state.deleted_by])
            self.applied.append(amendment.id)
            return
        if state.deleted_by:
            self._report(FindingKind.DELETED_TARGET, amendment,
                         f"clause '{amendment.clause}' was deleted by {self._label(state.deleted_by)}",
                         [state.deleted_by])
            return
        drafted = read_edits(amendment, self.bases, self.cache)
        if drafted.finding:
            self.findings.append(drafted.finding)
            return
        if not drafted.edits:
            self._report(FindingKind.NO_OP, amendment, "it changes nothing")
            self.applied.append(amendment.id)
            return
        refusal = state.apply(amendment.id, drafted.base or "", drafted.edits)
        if refusal is None:
            if amendment.action is Action.DELETE:
                state.delete_clause(amendment.id)
            self.applied.append(amendment.id)
        else:
            self._refused(amendment, refusal)

    def _unknown_target(self, amendment: Amendment) -> None:
        clause = self.text.clause(amendment.clause)
        if clause is not None and not clause.amendable:
            message = f"clause '{amendment.clause}' is a fixed line, which cannot be amended"
        elif any(a.new_clause == amendment.clause for a in self.by_id.values()):
            message = f"clause '{amendment.clause}' would be inserted by an amendment that is not adopted"
        else:
            message = f"clause '{amendment.clause}' is not in the text"
        self._report(FindingKind.UNKNOWN_TARGET, amendment, message)

    def _refused(self, amendment: Amendment, refusal: Refusal) -> None:
        if refusal.duplicates and not refusal.others:
            # an identical amendment names its twin: the change is credited to both
            self._report(FindingKind.DUPLICATE, amendment, refusal.message,
                         [refusal.twin] if refusal.twin else [])
            self.applied.append(amendment.id)
            return
        if refusal.stale:
            self._report(FindingKind.STALE_BASE, amendment,
                         f"it cannot be rebased: {refusal.message}")
            return
        names = ", ".join(self._label(o) for o in refusal.others)
        self._report(FindingKind.COLLISION, amendment,
                     f"{refusal.message} with {names}, adopted before it; "
                     "it should have fallen", refusal.others)

    def _report(self, kind: FindingKind, amendment: Amendment, message: str,
                others: Sequence[str] = ()) -> None:
        self.findings.append(_finding(kind, amendment, message, others))

    def _label(self, amendment_id: str) -> str:
        amendment = self.by_id.get(amendment_id)
        return amendment.label if amendment else amendment_id

    # -- the result ----------------------------------------------------------------------------

    def _result_clauses(self) -> tuple[ConsolidatedClause, ...]:
        fixed = {c.id: c for c in self.text.clauses if not c.amendable}
        original_numbers = self.text.numbers()
        living = [
            Clause(cid, self.kinds[cid], "") for cid in self.layout
            if cid in fixed or not self.states[cid].deleted_by
        ]
        numbers = number_clauses(living)
        out = []
        for cid in self.layout:
            if cid in fixed:
                out.append(_fixed_clause(fixed[cid]))
                continue
            state = self.states[cid]
            out.append(ConsolidatedClause(
                id=cid,
                kind=self.kinds[cid],
                original=state.original,
                text="" if state.deleted_by else state.current_text(),
                status=_status(state),
                spans=state.spans(),
                number=numbers.get(cid),
                original_number=original_numbers.get(cid),
                amendments=tuple(state.applied),
            ))
        return tuple(out)


def _fixed_clause(clause: Clause) -> ConsolidatedClause:
    return ConsolidatedClause(clause.id, clause.kind, clause.text, clause.text,
                              ClauseStatus.UNCHANGED, (Span(ChangeKind.EQUAL, clause.text),))


def _status(state: ClauseState) -> ClauseStatus:
    if state.deleted_by:
        return ClauseStatus.DELETED
    if state.inserted_by:
        return ClauseStatus.INSERTED
    if any(span.kind is not ChangeKind.EQUAL for span in state.spans()):
        return ClauseStatus.AMENDED
    return ClauseStatus.UNCHANGED


def consolidate(text: Text, amendments: Sequence[Amendment], bases: Mapping[str, str],
                cache: EngineCache | None = None, order: Sequence[str] | None = None) -> Consolidation:
    """Apply the adopted *amendments* to *text* in voting order.

    *bases* maps each base blob id to its text (the store reads them from git). Amendments
    that are not adopted are ignored; adopted ones that cannot be applied exactly are left
    out and reported in the findings. *order* (amendment ids: the voting list) overrides the
    default voting order; *cache* keeps results for the next call (see core.cache).
    """
    return _Consolidator(text, amendments, bases, cache, order).run()


def consolidation_findings(text: Text, amendments: Sequence[Amendment], bases: Mapping[str, str],
                           cache: EngineCache | None = None,
                           order: Sequence[str] | None = None) -> tuple[Finding, ...]:
    """The findings of :func:`consolidate` alone (which adopted amendments cannot be applied,
    and why), without building the consolidated clauses and their redlines.

    For a decision's trial (see core.adoption): one clause with the statuses it would
    have, a result no other command asks for, so it is not kept in *cache* (which reading
    the patches still uses); loading and saving what is kept would cost more than the clause.
    """
    consolidator = _Consolidator(text, amendments, bases, cache, order, keep_clauses=False)
    consolidator.apply()
    return tuple(consolidator.findings)
