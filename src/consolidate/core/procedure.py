"""Voting order: which amendment is put to the vote, and so applied, before which.

Amendments are voted clause by clause, in text order (a new clause where it is inserted);
optionally the preambular clauses after all the others, as the European Parliament votes
recitals after the articles. Within a clause, :func:`voting_order` puts:

1. the chair's order: amendments listed in the order file (``amendments/<text>/order.txt``)
   first, in the file's order; then those with an ``Order`` header, by that number;
2. compromise amendments;
3. the others by number.

The voting list (core/votelist.py) keeps this order, except inside a block of mutually
exclusive (colliding) amendments, which it puts to the vote together, furthest from the
original first (:func:`departure`). The session gives the engine the voting list's order
(the engine's ``order`` argument, :func:`in_order`), so adopted amendments are applied in the
order they are voted. Pure: no I/O.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from consolidate.core.cache import EngineCache
from consolidate.core.model import Action, Amendment, ClauseKind, Text
from consolidate.core.patching import DELETE, INSERT, PatchError, parse_patch

MEASURE = (
    "share of words changed: (words deleted + words inserted) / (words of the clause as "
    "tabled + words inserted), from 0 (nothing) to 1 (every word); the deletion of the whole "
    "clause is the furthest of all"
)
_WORD_RE = re.compile(r"\w+")
_INF = math.inf


def clause_positions(text: Text, amendments: Iterable[Amendment]) -> dict[str, float]:
    """The reading position of every clause, new clauses placed at their anchor."""
    positions: dict[str, float] = {c.id: float(i) for i, c in enumerate(text.clauses)}
    inserts = [a for a in amendments if a.action.inserts]
    for _ in range(len(inserts) + 1):  # anchors may themselves be new clauses
        progressed = False
        for amendment in inserts:
            anchor = positions.get(amendment.clause)
            if anchor is None or amendment.new_clause in positions:
                continue
            step = 0.25 if amendment.action is Action.INSERT_AFTER else -0.25
            positions[amendment.new_clause] = anchor + step
            progressed = True
        if not progressed:
            break
    return positions


def count_words(text: str) -> int:
    """Words (runs of letters and digits) of *text*, in any script."""
    return len(_WORD_RE.findall(text))


@lru_cache(maxsize=65536)
def changed_words(patch: str) -> tuple[int, int]:
    """(words deleted, words inserted) by a stored patch; (0, 0) when it does not parse."""
    try:
        hunks = parse_patch(patch)
    except PatchError:
        return (0, 0)
    deleted = inserted = 0
    for hunk in hunks:
        for op, chunk in hunk.diffs:
            if op == DELETE:
                deleted += count_words(chunk)
            elif op == INSERT:
                inserted += count_words(chunk)
    return deleted, inserted


def share_changed(text: Text, amendment: Amendment, cache: EngineCache | None = None) -> float:
    """How far *amendment* departs from the clause as tabled, from 0 to 1 (see :data:`MEASURE`).

    A new clause counts as 1: all its words are new.
    """
    if amendment.action is Action.DELETE:
        return 1.0
    if amendment.action.inserts:
        return 1.0
    clause = text.clause(amendment.clause)
    original = _clause_words(clause.text) if clause is not None else 0
    deleted, inserted = _changed(amendment.patch, cache)
    total = original + inserted
    return min(1.0, (deleted + inserted) / total) if total else 0.0


@lru_cache(maxsize=65536)
def _clause_words(text: str) -> int:
    return count_words(text)


def _changed(patch: str, cache: EngineCache | None) -> tuple[int, int]:
    """:func:`changed_words`, kept in *cache* (reading a patch is the costly part)."""
    if cache is None:
        return changed_words(patch)
    key = ("changed words", patch)
    found: tuple[int, int] | None = cache.get(key)
    return found if found is not None else cache.put(key, changed_words(patch))


def departure(text: Text, amendment: Amendment,
              cache: EngineCache | None = None) -> tuple[int, float]:
    """Sort key of "furthest from the original first": the deletion of the clause, then the
    share of words changed, largest first (smaller keys come first)."""
    return (0 if amendment.action is Action.DELETE else 1, -share_changed(text, amendment, cache))


class _Keys:
    """The sort key of each amendment."""

    def __init__(self, text: Text, amendments: Sequence[Amendment], chair_order: Sequence[str],
                 preamble_last: bool) -> None:
        self.positions = clause_positions(text, amendments)
        self.chair = {amendment_id: rank for rank, amendment_id in enumerate(chair_order)}
        self.preamble_last = preamble_last
        self.kinds: dict[str, ClauseKind] = {c.id: c.kind for c in text.clauses}
        if preamble_last:
            for amendment in amendments:
                if amendment.action.inserts and amendment.new_clause not in self.kinds:
                    self.kinds[amendment.new_clause] = _new_kind(amendment, self.kinds)

    def group(self, amendment: Amendment) -> tuple[bool, float]:
        """The place of the amendment's clause in the voting list."""
        target = amendment.target
        position = self.positions.get(target, self.positions.get(amendment.clause, _INF))
        preamble = self.preamble_last and self.kinds.get(target) is ClauseKind.PREAMBLE
        return (preamble, position)

    def chair_key(self, amendment: Amendment) -> tuple[int, float]:
        if amendment.id in self.chair:
            return (0, self.chair[amendment.id])
        if amendment.order is not None:
            return (1, amendment.order)
        return (2, 0)

    def key(self, amendment: Amendment) -> tuple[object, ...]:
        return (self.group(amendment), self.chair_key(amendment), not amendment.compromise,
                amendment.number_key(), amendment.id)


def _new_kind(amendment: Amendment, kinds: Mapping[str, ClauseKind]) -> ClauseKind:
    if amendment.new_kind:
        try:
            return ClauseKind(amendment.new_kind)
        except ValueError:
            return ClauseKind.OPERATIVE
    anchor = kinds.get(amendment.clause, ClauseKind.OPERATIVE)
    return anchor if anchor is not ClauseKind.FIXED else ClauseKind.OPERATIVE


def voting_order(text: Text, amendments: Sequence[Amendment], *,
                 chair_order: Sequence[str] = (), preamble_last: bool = False) -> list[Amendment]:
    """*amendments* sorted in the order they are put to the vote (see the module's docstring).

    *chair_order* lists amendment ids in the order the chair set (the order file);
    *preamble_last* puts the preambular clauses after the operative ones.
    """
    keys = _Keys(text, amendments, chair_order, preamble_last)
    return sorted(amendments, key=keys.key)


def in_order(text: Text, amendments: Sequence[Amendment],
             order: Sequence[str] | None = None) -> list[Amendment]:
    """*amendments* in voting order: the given *order* of ids (the voting list) first, the
    rest after it in :func:`voting_order`."""
    if not order:
        return voting_order(text, amendments)
    ranks = {amendment_id: rank for rank, amendment_id in enumerate(order)}
    if len({a.id for a in amendments}) < len(amendments):  # an id twice: ties keep their order
        fallback = len(ranks)
        return sorted(voting_order(text, amendments), key=lambda a: ranks.get(a.id, fallback))
    # Only the amendments the order leaves out need the voting order's sort (the voting list
    # leaves out drafts and withdrawals: a few of thousands).
    listed = sorted((a for a in amendments if a.id in ranks), key=lambda a: ranks[a.id])
    return listed + voting_order(text, [a for a in amendments if a.id not in ranks])
