"""The voting list, by the European Parliament's rule: furthest first, identical together,
compromise first, falls; the chair's order; preambular paragraphs last; the measure."""

from __future__ import annotations

from dataclasses import replace

import pytest
from enginekit import Amendments, make_text
from hypothesis import given, settings
from hypothesis import strategies as st

from consolidate.core.engine import consolidate
from consolidate.core.model import Action, Clause, ClauseKind, Status, Text
from consolidate.core.procedure import share_changed, voting_order
from consolidate.core.votelist import (
    OrderFileError,
    VoteList,
    parse_order_file,
    vote_list,
)

P11 = ("Calls on participating States to ratify the Council of Europe Convention on the "
       "Protection of Children against Sexual Exploitation and Sexual Abuse;")
P12 = "Encourages participating States to establish operational centers;"
PRE = "Recognizing that cyberspace is home to images of abuse,"


def tabled(amendments: Amendments) -> list:
    return [replace(a, status=Status.TABLED) for a in amendments.items]


def votes(result: VoteList) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [(v.amendments, v.falls_if_adopted) for v in result.votes]


def test_mutually_exclusive_amendments_are_voted_furthest_from_the_original_first():
    text = make_text(P11)
    amendments = Amendments()
    amendments.add("p1", P11, P11.replace("ratify", "sign"))  # 2 words of 26
    amendments.add("p1", P11, P11.replace("to ratify the Council", "to accede to that"))  # 7
    amendments.add("p1", P11, "", action=Action.DELETE)  # the whole paragraph
    result = vote_list(text, tabled(amendments), amendments.bases)
    assert votes(result) == [
        (("am-3",), ("am-2", "am-1")),
        (("am-2",), ("am-1",)),
        (("am-1",), ()),
    ]


@pytest.mark.parametrize(
    ("proposed", "share"),
    [
        (P11, 0.0),
        (P11.replace("ratify", "sign"), 2 / 23),  # 1 deleted + 1 inserted of 22 (+1)
        (P11.replace("to ratify", "to ratify and fully implement"), 3 / 25),
        (P11.replace("Calls on participating States to ", ""), 5 / 22),
        ("Urges everyone now;", 1.0),  # every word replaced
    ],
)
def test_the_measure_is_the_share_of_words_changed(proposed: str, share: float):
    text = make_text(P11)
    amendments = Amendments()
    amendment = amendments.add("p1", P11, proposed)
    assert share_changed(text, amendment) == pytest.approx(share, abs=1e-9)


def test_identical_amendments_are_one_vote_and_fall_together():
    text = make_text(P12)
    amendments = Amendments()
    amendments.add("p1", P12, P12.replace("centers", "centres"))
    amendments.add("p1", P12, P12.replace("operational centers", "centres of operation"))
    amendments.add("p1", P12, P12.replace("centers", "centres"))
    result = vote_list(text, tabled(amendments), amendments.bases)
    assert votes(result) == [
        (("am-2",), ("am-1", "am-3")),
        (("am-1", "am-3"), ()),
    ]


def test_a_compromise_is_voted_first_even_when_it_departs_less():
    text = make_text(P11)
    amendments = Amendments()
    amendments.add("p1", P11, P11.replace("to ratify the Council", "to accede to that"))
    amendments.add("p1", P11, P11.replace("ratify", "sign"))
    items = tabled(amendments)
    items[1] = replace(items[1], compromise=True)
    result = vote_list(text, items, amendments.bases)
    assert votes(result) == [(("am-2",), ("am-1",)), (("am-1",), ())]


def test_amendments_apart_from_a_block_keep_their_number_order_and_fall_only_later_ones():
    text = make_text(P11)
    amendments = Amendments()
    amendments.add("p1", P11, P11.replace("Calls on", "Invites"))
    amendments.add("p1", P11, P11.replace("Sexual Abuse;", "Sexual Abuse without delay;"))
    amendments.add("p1", P11, P11.replace("Calls on participating", "Urges all"))
    result = vote_list(text, tabled(amendments), amendments.bases)
    assert votes(result) == [
        (("am-3",), ("am-1",)),
        (("am-1",), ()),
        (("am-2",), ()),
    ]


def test_clauses_are_voted_in_text_order_new_ones_at_their_place():
    text = make_text(P11, P12)
    amendments = Amendments()
    amendments.add("p2", P12, P12.replace("centers", "centres"))
    amendments.add("p1", "", "Urges participating States to act;", action=Action.INSERT_AFTER,
                   new_clause="n1")
    amendments.add("p1", P11, P11.replace("ratify", "sign"))
    result = vote_list(text, tabled(amendments), amendments.bases)
    assert [(v.clause, v.amendments) for v in result.votes] == [
        ("p1", ("am-3",)), ("n1", ("am-2",)), ("p2", ("am-1",))]


def test_preambular_paragraphs_can_be_voted_after_the_operative_ones():
    text = Text("t", "A text", (Clause("p1", ClauseKind.PREAMBLE, PRE),
                                Clause("assembly", ClauseKind.FIXED, "The Assembly:"),
                                Clause("p2", ClauseKind.OPERATIVE, P11)))
    amendments = Amendments()
    amendments.add("p1", PRE, PRE.replace("images", "pictures"))
    amendments.add("p2", P11, P11.replace("ratify", "sign"))
    items = tabled(amendments)
    in_order = vote_list(text, items, amendments.bases)
    last = vote_list(text, items, amendments.bases, preamble_last=True)
    assert [v.clause for v in in_order.votes] == ["p1", "p2"]
    assert [v.clause for v in last.votes] == ["p2", "p1"]


def test_the_chair_order_overrides_the_computed_order_within_the_clause():
    text = make_text(P11)
    amendments = Amendments()
    amendments.add("p1", P11, P11.replace("ratify", "sign"))
    amendments.add("p1", P11, P11.replace("to ratify the Council", "to accede to that"))
    result = vote_list(text, tabled(amendments), amendments.bases, chair_order=["am-1"])
    assert votes(result) == [(("am-1",), ("am-2",)), (("am-2",), ())]
    assert result.votes[0].chair


def test_the_engine_follows_the_chair_order_for_new_clauses_at_one_place():
    text = make_text(P11, P12)
    amendments = Amendments()
    amendments.add("p1", "", "First new.", action=Action.INSERT_AFTER, new_clause="n1")
    amendments.add("p1", "", "Second new.", action=Action.INSERT_AFTER, new_clause="n2")
    plain = consolidate(text, amendments.items, amendments.bases)
    chaired = consolidate(text, amendments.items, amendments.bases, order=["am-2", "am-1"])
    assert [c.id for c in plain.clauses] == ["p1", "n1", "n2", "p2"]
    assert [c.id for c in chaired.clauses] == ["p1", "n2", "n1", "p2"]
    listed = voting_order(text, amendments.items, chair_order=["am-2", "am-1"])
    assert [a.id for a in listed] == ["am-2", "am-1"]


def test_decided_amendments_stay_in_the_list_drafts_and_withdrawn_do_not():
    text = make_text(P11)
    amendments = Amendments()
    for status in (Status.ADOPTED, Status.REJECTED, Status.DRAFT, Status.WITHDRAWN,
                   Status.INCORPORATED, Status.TABLED):
        amendments.add("p1", P11, P11.replace("Council", f"Council {status.value}"),
                       status=status)
    result = vote_list(text, amendments.items, amendments.bases)
    assert sorted(result.sequence()) == ["am-1", "am-2", "am-6"]


# -- the order file ----------------------------------------------------------------------------

def _amendments():
    amendments = Amendments()
    for word in ("sign", "accede to", "implement"):
        amendments.add("p1", P11, P11.replace("ratify", word))
    return amendments.items


def test_the_order_file_takes_ids_numbers_comments_and_the_preamble_rule():
    content = "# chair's order, 2 July\nam-3\n  AM 1   # by number\n\npreamble: last\n"
    order = parse_order_file(content, "amendments/t/order.txt", _amendments())
    assert order.ids == ("am-3", "am-1") and order.preamble_last


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ("am-1\nam-9\n", 2, "'am-9' is not an amendment of this text"),
        ("am-1\n# x\n1\n", 3, "AM 1 (am-1) is listed twice (first on line 1)"),
        ("am-1 am-2\n", 1, "'am-1 am-2' is not an amendment of this text"),
        ("colour: red\n", 1, "unknown rule 'colour'"),
        ("preamble: sometimes\n", 1, "'sometimes' is neither 'last' nor 'first'"),
    ],
)
def test_a_bad_order_file_is_refused_with_its_line(content: str, line: int, message: str):
    with pytest.raises(OrderFileError) as caught:
        parse_order_file(content, "amendments/t/order.txt", _amendments())
    problem = caught.value.problems[0]
    assert (problem.path, problem.line, problem.message) == ("amendments/t/order.txt", line,
                                                            message)


# -- going down the list: never a collision, the same text in any order ----------------------

WORDS = P11.split(" ")


@st.composite
def proposals(draw):
    """Up to six amendments to P11, each changing one to three neighbouring words."""
    out = []
    for _ in range(draw(st.integers(1, 6))):
        words = list(WORDS)
        start = draw(st.integers(0, len(words) - 1))
        length = draw(st.integers(1, 3))
        replacement = draw(st.sampled_from(["X", "Y Z", "", "all the"]))
        words[start : start + length] = [replacement] if replacement else []
        out.append(" ".join(words))
    return out


@given(proposals(), st.randoms(use_true_random=False))
@settings(max_examples=150, deadline=None)
def test_going_down_the_list_never_adopts_a_collision(cases, rng):
    text = make_text(P11)
    amendments = Amendments()
    for proposed in cases:
        amendments.add("p1", P11, proposed, status=Status.TABLED)
    items = list(amendments.items)
    listed = vote_list(text, items, amendments.bases)
    statuses = {a.id: a.status for a in items}
    for vote in listed.votes:  # the chair goes down the list: adopt, or reject
        if statuses[vote.amendments[0]] is not Status.TABLED:
            continue
        adopted = rng.random() < 0.5
        for member in vote.amendments:
            statuses[member] = Status.ADOPTED if adopted else Status.REJECTED
        if adopted:
            for fallen in vote.falls_if_adopted:
                statuses[fallen] = Status.FALLEN
    decided = [replace(a, status=statuses[a.id]) for a in items]
    in_list_order = consolidate(text, decided, amendments.bases, order=listed.sequence())
    by_number = consolidate(text, decided, amendments.bases)
    assert in_list_order.ok
    assert set(in_list_order.applied) == {a for a, s in statuses.items() if s is Status.ADOPTED}
    assert list(in_list_order.applied) == [a for a in listed.sequence() if a in statuses
                                           and statuses[a] is Status.ADOPTED]
    assert [c.text for c in in_list_order.clauses] == [c.text for c in by_number.clauses]
