"""Where every word of a text comes from, across stages: blame, and redlines between stages.

A :class:`Lineage` holds each clause as runs of text, each run with its :class:`Origin` (the
original text, an amendment adopted at a stage, or a direct edit of the clause files). It is
moved forward one step at a time: by a consolidation (its attributed changes, exactly as the
engine made them) or by a new version of the text (a word diff, for edits made outside the
procedure). Deleted runs are kept, marked, so that the lineage also gives the redline from
where it started. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from consolidate.core.model import (
    Amendment,
    ChangeKind,
    Clause,
    ClauseKind,
    ClauseStatus,
    ConsolidatedClause,
    Consolidation,
    Span,
    Text,
    number_clauses,
)
from consolidate.core.patching import DELETE, EQUAL, word_diff


@dataclass(frozen=True)
class Origin:
    """Who put a run of words in the text: ``kind`` is original, amendment or edit."""

    kind: str
    amendment: str = ""  # the amendment's id
    number: str = ""
    sponsor: str = ""  # 'Anna SCHMIDT (Germany)'
    stage: str = ""  # the stage it was promoted to; "" when not promoted (yet)
    commit: str = ""  # for a direct edit: the commit, and its subject in ``note``
    note: str = ""

    @property
    def label(self) -> str:
        """'AM 4' or 'original' or 'edit 1a2b3c4'."""
        if self.kind == "amendment":
            return f"AM {self.number}"
        if self.kind == "edit":
            return f"edit {self.commit[:7]}" if self.commit else "edit (uncommitted)"
        return "original"


ORIGINAL = Origin("original")


def amendment_origin(amendment: Amendment | None, amendment_id: str, stage: str) -> Origin:
    """The origin of words an amendment inserted (or deleted), at *stage*."""
    if amendment is None:
        return Origin("amendment", amendment_id, amendment_id, "", stage)
    sponsor = amendment.sponsor.short if amendment.sponsor else ""
    return Origin("amendment", amendment.id, amendment.number, sponsor, stage)


@dataclass
class Run:
    """Words with one origin; ``deleted`` when a later step removed them."""

    text: str
    origin: Origin
    deleted: Origin | None = None


@dataclass
class _Clause:
    id: str
    kind: ClauseKind
    runs: list[Run] = field(default_factory=list)
    gone: Origin | None = None  # the clause itself was deleted
    fixed: bool = False

    def text(self) -> str:
        return "".join(r.text for r in self.runs if r.deleted is None)


class _Cursor:
    """Walks the living runs of a clause, splitting them where a change starts or ends."""

    def __init__(self, runs: list[Run]) -> None:
        self.runs = list(runs)
        self.out: list[Run] = []

    def take(self, length: int, deleted: Origin | None) -> None:
        while length > 0:
            if not self.runs:
                raise ValueError("a change runs past the end of the clause")
            run = self.runs.pop(0)
            if run.deleted is not None:
                self.out.append(run)
                continue
            if len(run.text) > length:
                self.runs.insert(0, Run(run.text[length:], run.origin))
                run = Run(run.text[:length], run.origin)
            self.out.append(Run(run.text, run.origin, deleted))
            length -= len(run.text)

    def insert(self, text: str, origin: Origin) -> None:
        if text:
            self.out.append(Run(text, origin))

    def finish(self) -> list[Run]:
        if any(r.deleted is None and r.text for r in self.runs):
            raise ValueError("the changes do not cover the clause")
        return self.out + self.runs


class Lineage:
    """Every clause of a text as attributed runs; see the module's docstring."""

    def __init__(self, text: Text, origin: Origin = ORIGINAL) -> None:
        self.text = text
        self.clauses: dict[str, _Clause] = {}
        self.order: list[str] = []
        for clause in text.clauses:
            runs = [Run(clause.text, origin)] if clause.text else []
            self.clauses[clause.id] = _Clause(clause.id, clause.kind, runs,
                                              fixed=not clause.amendable)
            self.order.append(clause.id)

    def current(self) -> dict[str, str]:
        """The living text of every living clause."""
        return {cid: c.text() for cid, c in self.clauses.items() if c.gone is None}

    def apply_consolidation(self, consolidation: Consolidation,
                            amendments: Mapping[str, Amendment], stage: str) -> None:
        """Move forward by the attributed changes of *consolidation* (made on this text)."""
        origins: dict[str, Origin] = {}

        def origin(amendment_id: str | None) -> Origin:
            key = amendment_id or ""
            if key not in origins:
                origins[key] = amendment_origin(amendments.get(key), key, stage)
            return origins[key]

        order: list[str] = []
        for found in consolidation.clauses:
            order.append(found.id)
            known = self.clauses.get(found.id)
            if known is None:
                known = self.clauses[found.id] = _Clause(found.id, found.kind)
            known.kind = found.kind
            if found.kind is ClauseKind.FIXED:
                continue
            cursor = _Cursor(known.runs)
            for span in found.spans:
                if span.kind is ChangeKind.INSERT:
                    cursor.insert(span.text, origin(span.amendment))
                else:
                    deleted = origin(span.amendment) if span.kind is ChangeKind.DELETE else None
                    cursor.take(len(span.text), deleted)
            known.runs = cursor.finish()
            if found.status is ClauseStatus.DELETED:
                known.gone = origin(found.amendments[-1] if found.amendments else None)
        self.order = _merge_order(self.order, order)

    def apply_text(self, text: Text, origin: Origin) -> None:
        """Move forward to *text* by a word diff: the changes are direct edits by *origin*."""
        present = {c.id for c in text.clauses}
        for clause in text.clauses:
            known = self.clauses.get(clause.id)
            if known is None or known.gone is not None:
                runs = [Run(clause.text, origin)] if clause.text else []
                self.clauses[clause.id] = _Clause(clause.id, clause.kind, runs,
                                                  fixed=not clause.amendable)
                continue
            known.kind = clause.kind
            if known.text() != clause.text:
                known.runs = _diffed(known.runs, known.text(), clause.text, origin)
        for cid, known in self.clauses.items():
            if cid not in present and known.gone is None:
                known.runs = [Run(r.text, r.origin, r.deleted or origin) for r in known.runs]
                known.gone = origin
        self.order = _merge_order(self.order, [c.id for c in text.clauses])

    def settle(self, amendment_ids: Collection[str]) -> None:
        """Take the changes of *amendment_ids* as if they had always been there: their
        words become original, the words they deleted (and the clauses) are gone for good.

        A redline then starts from the text as those amendments left it (e.g. the
        consolidated text at an earlier revision) instead of from the original.
        """
        def old(origin: Origin | None) -> bool:
            return origin is not None and origin.kind == "amendment" and \
                origin.amendment in amendment_ids

        for cid in list(self.order):
            clause = self.clauses[cid]
            if old(clause.gone):
                del self.clauses[cid]
                self.order.remove(cid)
                continue
            clause.runs = [Run(r.text, ORIGINAL if old(r.origin) else r.origin, r.deleted)
                           for r in clause.runs if not old(r.deleted)]

    def blame(self) -> list[tuple[str, ClauseKind, list[tuple[str, Origin]]]]:
        """Each living clause in order: its id, kind, and its words by origin."""
        out = []
        for cid in self.order:
            clause = self.clauses[cid]
            if clause.gone is not None:
                continue
            pieces: list[tuple[str, Origin]] = []
            for run in clause.runs:
                if run.deleted is not None or not run.text:
                    continue
                if pieces and pieces[-1][1] == run.origin:
                    pieces[-1] = (pieces[-1][0] + run.text, run.origin)
                else:
                    pieces.append((run.text, run.origin))
            out.append((cid, clause.kind, pieces))
        return out

    def redline(self, start: Text) -> tuple[ConsolidatedClause, ...]:
        """The redline from *start* (the text the lineage began with, all of it "original")
        to now: each change attributed to its amendment; direct edits are unattributed.
        """
        original_numbers = start.numbers()
        living = [Clause(cid, self.clauses[cid].kind, "") for cid in self.order
                  if self.clauses[cid].gone is None]
        numbers = number_clauses(living)
        out = []
        for cid in self.order:
            clause = self.clauses[cid]
            before = start.clause(cid)
            spans = _spans(clause.runs)
            original = before.text if before is not None else ""
            status = _status(clause, before, spans)
            authors = tuple(dict.fromkeys(s.amendment for s in spans if s.amendment))
            out.append(ConsolidatedClause(
                cid, clause.kind, original, "" if clause.gone else clause.text(), status,
                tuple(spans), numbers.get(cid), original_numbers.get(cid), authors))
        return tuple(out)


def consolidated_text(consolidation: Consolidation) -> Text:
    """The consolidated text as a text of its own: its living clauses, in order."""
    text = consolidation.text
    clauses = tuple(Clause(c.id, c.kind, c.text) for c in consolidation.clauses
                    if c.status is not ClauseStatus.DELETED)
    return Text(text.id, text.title, clauses, text.kind, text.language, text.front_matter)


def _diffed(runs: list[Run], old: str, new: str, origin: Origin) -> list[Run]:
    cursor = _Cursor(runs)
    for op, chunk in word_diff(old, new):
        if op == EQUAL:
            cursor.take(len(chunk), None)
        elif op == DELETE:
            cursor.take(len(chunk), origin)
        else:
            cursor.insert(chunk, origin)
    return cursor.finish()


def _merge_order(previous: list[str], new: list[str]) -> list[str]:
    """*new*, with the clauses of *previous* that are not in it kept after their neighbour."""
    placed = set(new)
    out = list(new)
    for index, cid in enumerate(previous):
        if cid in placed:
            continue
        anchor = next((p for p in reversed(previous[:index]) if p in placed), None)
        out.insert(out.index(anchor) + 1 if anchor is not None else 0, cid)
        placed.add(cid)
    return out


def _key(origin: Origin) -> str | None:
    return origin.amendment if origin.kind == "amendment" else None


def _spans(runs: Iterable[Run]) -> list[Span]:
    spans: list[Span] = []
    for run in runs:
        if not run.text:
            continue
        inserted = run.origin.kind != "original"
        if run.deleted is not None and inserted:
            continue  # inserted and deleted again since the start: in neither text
        if run.deleted is not None:
            span = Span(ChangeKind.DELETE, run.text, _key(run.deleted))
        elif inserted:
            span = Span(ChangeKind.INSERT, run.text, _key(run.origin))
        else:
            span = Span(ChangeKind.EQUAL, run.text)
        if spans and spans[-1].kind is span.kind and spans[-1].amendment == span.amendment:
            span = Span(span.kind, spans.pop().text + span.text, span.amendment)
        spans.append(span)
    return spans


def _status(clause: _Clause, before: Clause | None, spans: list[Span]) -> ClauseStatus:
    if clause.gone is not None:
        return ClauseStatus.DELETED
    if before is None:
        return ClauseStatus.INSERTED
    if any(s.kind is not ChangeKind.EQUAL for s in spans):
        return ClauseStatus.AMENDED
    return ClauseStatus.UNCHANGED
