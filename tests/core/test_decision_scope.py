"""A decision compares each amendment decided with its clause's neighbours only: the plan must
be the one the whole text gives (every amendment of every clause compared), on varied texts:
collisions, identical amendments, insertions at one anchor and chained on new clauses,
deletions of clauses, amendments on inserted clauses, stale bases, every status."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from enginekit import Amendments, make_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consolidate.core.decisions import DecisionPlan, plan_decision
from consolidate.core.errors import ConsolidateError
from consolidate.core.model import Action, Amendment, Status, Text
from consolidate.core.patching import apply_edits, patch_edits

CLAUSES = (
    "The States shall protect the child from abuse in Europe and elsewhere .",
    "Member States shall report each year to the Commission on the measures taken .",
    "This Regulation shall enter into force on the day of its publication .",
    "The Commission shall adopt implementing acts in accordance with the procedure .",
)
WORDS = ["Union", "child", "never", "each", "shall", "report", "État", "Конвенция", "🙂", ","]
STATUSES = [Status.TABLED, Status.TABLED, Status.TABLED, Status.ADOPTED, Status.ADOPTED,
            Status.ADOPTED, Status.DRAFT, Status.FALLEN, Status.REJECTED, Status.WITHDRAWN]
SHORT = ("The States shall protect the child .", "Member States shall report each year .",
         "This shall enter into force .")
DECISIONS = [Status.ADOPTED, Status.ADOPTED, Status.REJECTED, Status.TABLED, Status.WITHDRAWN]


def outcome(text: Text, amendments: Sequence[Amendment], bases: dict[str, str],
            order: Sequence[str], ids: Sequence[str], decision: Status,
            whole_text: bool) -> DecisionPlan | tuple[str, str, str]:
    """The plan, or the refusal (its kind, message and hint)."""
    try:
        return plan_decision(text, amendments, bases, order, ids, decision, "2026-01-02",
                             whole_text=whole_text)
    except ConsolidateError as error:
        return type(error).__name__, str(error), error.problem.hint


def assert_same_both_ways(text: Text, amendments: Sequence[Amendment], bases: dict[str, str],
                          order: Sequence[str], ids: Sequence[str], decision: Status
                          ) -> DecisionPlan | tuple[str, str, str]:
    scoped = outcome(text, amendments, bases, order, ids, decision, whole_text=False)
    whole = outcome(text, amendments, bases, order, ids, decision, whole_text=True)
    assert scoped == whole
    return scoped


@st.composite
def edited(draw: st.DrawFn, base: str) -> str:
    words = base.split(" ")
    for _ in range(draw(st.integers(1, 2))):
        at = draw(st.integers(0, len(words) - 1))
        choice = draw(st.sampled_from(["replace", "insert", "delete"]))
        word = draw(st.sampled_from(WORDS))
        if choice == "insert":
            words.insert(at, word)
        elif choice == "replace":
            words[at] = word
        elif len(words) > 1:
            del words[at]
    return " ".join(words)


@st.composite
def workspaces(draw: st.DrawFn) -> tuple[Text, Amendments]:
    """A text of three short clauses (amendments often collide) and up to 14 amendments of
    every kind, in random statuses."""
    text = make_text(*SHORT)
    made = Amendments()
    inserted: dict[str, str] = {}  # new clause -> its text, as some insertion proposes it
    for _ in range(draw(st.integers(2, 14))):
        status = draw(st.sampled_from(STATUSES))
        kind = draw(st.sampled_from(["modify", "modify", "modify", "same", "insert",
                                     "on-new", "delete", "stale"]))
        clause = draw(st.sampled_from([c.id for c in text.clauses]))
        base = text.clause(clause).text  # type: ignore[union-attr]
        modifies = [a for a in made.items if a.action is Action.MODIFY]
        if kind == "same" and modifies:
            twin = draw(st.sampled_from(modifies))
            twin_base = made.bases[twin.base]
            proposed = outcome_of(twin, twin_base)
            made.add(twin.clause, twin_base, proposed, status=status)
        elif kind == "insert":
            anchor = draw(st.sampled_from([clause, *inserted, *inserted]))
            new_id = draw(st.sampled_from(["n1", "n2", "n3"]))
            proposed = draw(st.sampled_from(["New words .", "Other new words .", "New words ."]))
            action = draw(st.sampled_from([Action.INSERT_AFTER, Action.INSERT_AFTER,
                                           Action.INSERT_BEFORE]))
            made.add(anchor, "", proposed, status=status, action=action, new_clause=new_id)
            inserted.setdefault(new_id, proposed)
        elif kind == "on-new" and inserted:
            new_id = draw(st.sampled_from(sorted(inserted)))
            made.add(new_id, inserted[new_id], draw(edited(inserted[new_id])), status=status)
        elif kind == "delete":
            made.add(clause, base, "", status=status, action=Action.DELETE)
        elif kind == "stale":
            drafted_on = draw(edited(base))
            made.add(clause, drafted_on, draw(edited(drafted_on)), status=status)
        else:
            made.add(clause, base, draw(edited(base)), status=status)
    return text, made


def outcome_of(amendment: Amendment, base: str) -> str:
    return apply_edits(base, patch_edits(amendment.patch, base))


@given(workspaces(), st.data())
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_decision_on_its_clause_alone_is_the_decision_on_the_whole_text(workspace, data):
    text, made = workspace
    ids = [a.id for a in made.items]
    chosen = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=4))
    decision = data.draw(st.sampled_from(DECISIONS))
    order = data.draw(st.one_of(st.just([]), st.permutations(ids), st.permutations(ids)))
    assert_same_both_ways(text, made.items, made.bases, order, chosen, decision)


def varied() -> tuple[Text, Amendments]:
    """A text where a decision touches collisions, twins, insertions and deletions at once."""
    text = make_text(*CLAUSES)
    made = Amendments()
    p1, p2, p3 = (text.clause(c).text for c in ("p1", "p2", "p3"))  # type: ignore[union-attr]
    made.add("p1", p1, p1.replace("child", "children"), status=Status.TABLED)  # 1
    made.add("p1", p1, p1.replace("the child", "every child"), status=Status.TABLED)  # 2 collides
    made.add("p1", p1, p1.replace("child", "children"), status=Status.TABLED)  # 3 same as 1
    made.add("p1", p1, p1.replace("Europe", "the Union"), status=Status.TABLED)  # 4 elsewhere
    made.add("p2", "", "New clause .", status=Status.TABLED, action=Action.INSERT_AFTER,
             new_clause="n1")  # 5
    made.add("p2", "", "Another clause .", status=Status.TABLED, action=Action.INSERT_AFTER,
             new_clause="n2")  # 6 same anchor
    made.add("n1", "", "Chained clause .", status=Status.TABLED, action=Action.INSERT_AFTER,
             new_clause="n3")  # 7 anchored on a new clause
    made.add("n1", "New clause .", "New clause here .", status=Status.TABLED)  # 8 on new
    made.add("p3", p3, "", status=Status.ADOPTED, action=Action.DELETE)  # 9 deleted
    made.add("p3", p3, p3.replace("day", "fifth day"), status=Status.TABLED)  # 10 on deleted
    made.add("p2", p2, p2.replace("each year", "every year"), status=Status.ADOPTED)  # 11
    made.add("p2", p2, p2.replace("each year", "yearly"), status=Status.TABLED)  # 12 falls
    made.add("p2", p2, p2.replace("each year", "annually"), status=Status.FALLEN)  # 13 fell
    return text, made


@pytest.mark.parametrize(("numbers", "decision"), [
    (["1", "2", "4"], Status.ADOPTED),
    (["2", "1"], Status.ADOPTED),
    (["5", "6", "7", "8"], Status.ADOPTED),
    (["8"], Status.ADOPTED),
    (["10"], Status.ADOPTED),
    (["12"], Status.ADOPTED),
    (["1"], Status.REJECTED),
    (["13"], Status.TABLED),
    (["9"], Status.TABLED),
])
def test_the_varied_text_decides_the_same_both_ways(numbers, decision):
    text, made = varied()
    ids = [f"am-{n}" for n in numbers]
    assert_same_both_ways(text, made.items, made.bases, (), ids, decision)


def test_the_varied_text_exercises_falls_twins_chains_and_refusals():
    """The cases above are not vacuous: each rule of a decision shows in them."""
    text, made = varied()
    adopt = plan_decision(text, made.items, made.bases, (), ["am-1", "am-4"], Status.ADOPTED,
                          "2026-01-02")
    assert adopt.statuses() == {"am-1": Status.ADOPTED, "am-3": Status.ADOPTED,
                                "am-2": Status.FALLEN, "am-4": Status.ADOPTED}
    chain = plan_decision(text, made.items, made.bases, (), ["am-5", "am-7", "am-8"],
                          Status.ADOPTED, "2026-01-02")
    assert set(chain.statuses().values()) == {Status.ADOPTED}
    refused = assert_same_both_ways(text, made.items, made.bases, (), ["am-10"], Status.ADOPTED)
    assert isinstance(refused, tuple) and "deletes its clause" in refused[1]
    refused = assert_same_both_ways(text, made.items, made.bases, (), ["am-12"], Status.ADOPTED)
    assert isinstance(refused, tuple) and "changes the same words" in refused[1]
    refused = assert_same_both_ways(text, made.items, made.bases, (), ["am-13"], Status.TABLED)
    assert isinstance(refused, tuple) and "cannot be tabled again" in refused[1]
