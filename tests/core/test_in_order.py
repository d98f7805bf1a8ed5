"""``in_order`` puts the amendments in the given order, the others after them in voting order:
the same as sorting the whole voting order by the given ranks, which it no longer does."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from support import SHIPPED_TEXT

from consolidate.app.state import TextState
from consolidate.core.procedure import in_order, voting_order


def _reference(text, amendments, order):  # the definition: a stable sort of the whole order
    ranks = {amendment_id: rank for rank, amendment_id in enumerate(order)}
    return sorted(voting_order(text, amendments), key=lambda a: ranks.get(a.id, len(ranks)))


@pytest.mark.parametrize("seed", range(20))
def test_in_order_is_the_voting_order_sorted_by_the_given_ranks(shipped, seed):
    session = TextState.open(shipped, SHIPPED_TEXT)
    rng = random.Random(seed)
    amendments = list(session.amendments)
    rng.shuffle(amendments)
    ids = [a.id for a in amendments]
    order = rng.sample(ids, rng.randint(0, len(ids))) + ["unknown-id"] * (seed % 2)
    assert in_order(session.text, amendments, order) == _reference(session.text, amendments, order)
    # An id twice (a workspace to refuse, still read): ties keep the voting order.
    twice = [*amendments, replace(amendments[0], number="99")]
    assert in_order(session.text, twice, order) == _reference(session.text, twice, order)
