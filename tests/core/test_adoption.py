"""The adoption rule and decisions on several amendments (core/adoption.py, core/decisions.py),
on texts built in memory."""

from __future__ import annotations

import pytest
from enginekit import Amendments, make_text

from consolidate.core.adoption import adoption
from consolidate.core.decisions import plan_decision
from consolidate.core.errors import ConflictRefused, InvalidInput
from consolidate.core.model import Status

P1 = "Calls on participating States to ratify the Convention without delay;"


def tabled(amendments: Amendments, old: str, new: str, base: str = P1, **kw) -> str:
    return amendments.add("p1", base, base.replace(old, new), status=Status.TABLED, **kw).id


def plan(amendments: Amendments, ids: list[str], decision: Status = Status.ADOPTED,
         text_clauses: tuple[str, ...] = (P1,)):
    text = make_text(*text_clauses)
    order = [a.id for a in amendments.items]
    return plan_decision(text, amendments.items, amendments.bases, order, ids, decision,
                         "2008-07-02")


def test_adopting_one_adopts_its_identical_twins_and_makes_the_colliding_ones_fall():
    items = Amendments()
    a = tabled(items, "ratify", "sign")
    b = tabled(items, "ratify", "sign")
    c = tabled(items, "without delay", "promptly")  # apart: stays tabled
    d = tabled(items, "ratify the", "accede to the")
    found = adoption(make_text(P1), items.items, items.bases, [a, b, c, d], a)
    assert found.together == (b,) and found.blocked is None
    assert [(f.amendment, f.by, f.words) for f in found.falls] == [(d, a, "ratify")]


def test_several_at_once_follow_the_order_and_report_what_earlier_ones_decided():
    items = Amendments()
    a = tabled(items, "ratify", "sign")
    b = tabled(items, "ratify", "sign")
    d = tabled(items, "ratify the", "accede to the")
    result = plan(items, [d, b, a])  # named in any order
    assert [(x.amendment, x.after) for x in result.decisions] == [
        (a, Status.ADOPTED), (b, Status.ADOPTED), (d, Status.FALLEN)]
    assert result.decisions[1].reason == "identical to AM 1, voted together"
    assert result.decisions[2].reason == "falls: AM 1 was adopted and changes the same words " \
                                         "('ratify')"
    assert [x.decided for x in result.changed] == ["2008-07-02"] * 3


def test_rejecting_one_of_identical_amendments_rejects_the_vote_withdrawing_does_not():
    items = Amendments()
    a = tabled(items, "ratify", "sign")
    b = tabled(items, "ratify", "sign")
    assert plan(items, [a], Status.REJECTED).statuses() == {a: Status.REJECTED,
                                                             b: Status.REJECTED}
    assert plan(items, [a], Status.WITHDRAWN).statuses() == {a: Status.WITHDRAWN}


def test_an_adoption_that_collides_with_an_earlier_one_names_it():
    items = Amendments()
    first = items.add("p1", P1, P1.replace("ratify", "sign")).id  # adopted
    late = tabled(items, "ratify", "accede to")
    with pytest.raises(ConflictRefused) as refused:
        plan(items, [late])
    assert refused.value.problem.message == (
        "AM 2 (am-2) cannot be adopted: AM 1 (am-1), adopted first, changes the same words "
        "('ratify')")
    assert "reject AM 2" in refused.value.problem.hint
    assert first in {a.id for a in items.items}


def test_a_fallen_amendment_is_not_tabled_again_while_its_adopter_stands():
    items = Amendments()
    items.add("p1", P1, P1.replace("ratify", "sign"))
    fallen = items.add("p1", P1, P1.replace("ratify", "accede to"), status=Status.FALLEN).id
    with pytest.raises(InvalidInput, match="cannot be tabled again: it fell because AM 1"):
        plan(items, [fallen], Status.TABLED)
    rejected = items.add("p1", P1, P1.replace("ratify the", "join the"),
                         status=Status.REJECTED).id
    result = plan(items, [rejected], Status.TABLED)
    assert result.statuses() == {rejected: Status.TABLED}
    assert "already adopted: it falls" in result.warnings[0]
