"""Voting order: which amendment is put to the vote, and so applied, before which."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from consolidate.core.model import Amendment, Text


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
            step = 0.25 if amendment.action.value == "insert-after" else -0.25
            positions[amendment.new_clause] = anchor + step
            progressed = True
        if not progressed:
            break
    return positions


def voting_key(amendment: Amendment, positions: dict[str, float]) -> tuple:
    """Text order of the target clause, then the chair's order, then the amendment number."""
    position = positions.get(amendment.clause, math.inf)
    order = amendment.order if amendment.order is not None else math.inf
    return (position, not amendment.compromise, order, amendment.number_key(), amendment.id)


def voting_order(text: Text, amendments: Sequence[Amendment]) -> list[Amendment]:
    """*amendments* sorted in the order they are put to the vote."""
    positions = clause_positions(text, amendments)
    return sorted(amendments, key=lambda a: voting_key(a, positions))
