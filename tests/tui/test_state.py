"""The app's model without Textual: predictions, what-if switches, filters, the committer."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import cli

from consolidate.app.session import Session
from consolidate.core import adoption, decisions
from consolidate.core.decisions import Decision
from consolidate.core.model import Action, Amendment, Sponsor, Status
from consolidate.tui import state as tui_state
from consolidate.tui.jobs import Committer, Job
from consolidate.tui.rows import ClauseNumber, Filters, fold, matches
from consolidate.tui.state import Refused, ReviewState, Snapshot, summary

from .helpers import TEXT, git, status_of


@pytest.fixture
def state(workspace: Path) -> ReviewState:
    return ReviewState(Snapshot.read(Session.open(workspace, TEXT)))


def test_adopting_predicts_who_falls_and_who_is_adopted_with_it(state: ReviewState):
    prediction = state.predict("adopt", "am-012")
    assert prediction.statuses == {"am-012": Status.ADOPTED, "am-013": Status.FALLEN}
    assert [c.words for c in prediction.falls] == ["convicted"]
    together = state.predict("adopt", "am-010")
    assert together.together == ("am-011",)
    assert together.statuses["am-011"] is Status.ADOPTED


def test_predictions_index_the_amendments_near_each_clause_once_per_recorded_state(
        state: ReviewState, monkeypatch: pytest.MonkeyPatch):
    made: list[int] = []
    index = adoption.Neighbourhoods

    def counted(amendments):
        made.append(len(amendments))
        return index(amendments)

    monkeypatch.setattr(adoption, "Neighbourhoods", counted)
    monkeypatch.setattr(decisions, "Neighbourhoods", counted)
    monkeypatch.setattr(tui_state, "Neighbourhoods", counted)
    first = state.predict("adopt", "am-012")
    state.start(first)
    assert state.predict("reject", "am-010").statuses == {"am-010": Status.REJECTED,
                                                          "am-011": Status.REJECTED}
    with pytest.raises(Refused, match="fell"):  # with AM 12's pending adoption
        state.predict("adopt", "am-013")
    assert made == [len(state.snapshot.amendments)]


def test_rejecting_one_of_identical_amendments_predicts_the_whole_vote(state: ReviewState):
    prediction = state.predict("reject", "am-011")
    assert prediction.statuses == {"am-011": Status.REJECTED, "am-010": Status.REJECTED}
    assert prediction.together == ("am-010",)
    assert state.predict("withdraw", "am-011").statuses == {"am-011": Status.WITHDRAWN}


def test_decisions_are_worded_from_what_they_did():
    labels = {"am-010": "AM 10", "am-011": "AM 11", "am-012": "AM 12", "am-013": "AM 13"}
    fell = (Decision("am-013", Status.TABLED, Status.ADOPTED),
            Decision("am-012", Status.TABLED, Status.FALLEN, "falls: AM 13 was adopted"))
    assert summary(fell, labels) == "Adopt AM 13 (AM 12 fell)"
    assert summary(fell, labels, done=False) == "Adopt AM 13 (AM 12 falls)"
    together = (Decision("am-010", Status.TABLED, Status.REJECTED),
                Decision("am-011", Status.TABLED, Status.REJECTED, "identical to AM 10"))
    assert summary(together, labels) == "Reject AM 10 (with AM 11, identical)"
    assert summary(fell[:1], labels) == "Adopt AM 13"


def test_a_decision_the_procedure_forbids_is_refused_before_git(state: ReviewState):
    with pytest.raises(Refused, match=r"AM 3 \(am-003\) is fallen"):
        state.predict("adopt", "am-003")
    with pytest.raises(Refused, match=r"AM 1 \(am-001\) is adopted"):
        state.predict("reject", "am-001")
    assert state.predict("table", "am-014").statuses == {"am-014": Status.TABLED}


def test_pending_decisions_are_believed_and_undone_in_order(state: ReviewState):
    op, entry = state.start(state.predict("adopt", "am-012"))
    assert state.believed()["am-013"] is Status.FALLEN and state.needs_preview()
    with pytest.raises(Refused):
        state.predict("adopt", "am-013")  # it falls with AM 12
    undo, undone = state.start_undo()
    assert undone is entry and undo.title == "Undo: Adopt AM 12 (am-012)"
    assert state.believed()["am-013"] is Status.TABLED
    state.finish(op.ticket, True, None)
    state.finish(undo.ticket, True, None)
    assert not state.pending and state.start_undo() is None


def test_a_refused_decision_leaves_the_undo_stack(state: ReviewState):
    op, _ = state.start(state.predict("reject", "am-010"))
    state.finish(op.ticket, False, None)
    assert state.believed()["am-010"] is Status.TABLED
    assert state.start_undo() is None


def test_what_if_switches_amendments_on_and_off(state: ReviewState):
    assert state.toggle("am-012") is Status.ADOPTED
    assert state.toggle("am-012") is Status.TABLED and state.what_if == {}
    assert state.toggle("am-001") is Status.TABLED  # an adopted one, off
    assert state.believed()["am-001"] is Status.ADOPTED  # nothing recorded


def test_collisions_are_live_only_between_tabled_or_adopted_amendments(state: ReviewState):
    assert [(c.first, c.second) for c in state.live_collisions()] in (
        [("am-012", "am-013")], [("am-013", "am-012")])
    state.start(state.predict("withdraw", "am-013"))
    assert state.live_collisions() == []


def _amendment(sponsor: Sponsor, clause: str = "p3") -> Amendment:
    return Amendment("am-x", "9", TEXT, clause, Action.MODIFY, "0" * 40, Status.TABLED, "",
                     sponsor=sponsor, cosponsors=(Sponsor("DUPONT", "Pierre", "Mr", "France"),))


def test_filters_ignore_case_and_accents_and_match_co_sponsors():
    amendment = _amendment(Sponsor("MURPHY", "Sinéad", "Ms", "Éire"))
    numbers = {"p3": ClauseNumber(3, was=2)}  # renumbered: the redline says "3. (was 2)"
    assert fold("Sinéad ÉIRE") == "sinead eire"
    assert matches(amendment, Status.TABLED, Filters(who="sinead"), numbers)
    assert matches(amendment, Status.TABLED, Filters(who="eire"), numbers)
    assert matches(amendment, Status.TABLED, Filters(who="france"), numbers)  # co-sponsor
    assert not matches(amendment, Status.TABLED, Filters(who="germany"), numbers)
    assert matches(amendment, Status.TABLED, Filters(clause="§3"), numbers)
    assert matches(amendment, Status.TABLED, Filters(clause="2"), numbers)
    assert not matches(amendment, Status.TABLED, Filters(clause="13"), numbers)
    assert matches(amendment, Status.TABLED, Filters(status="tabled", clause="p3"), numbers)
    assert not matches(amendment, Status.TABLED, Filters(status="adopted"), numbers)


def test_the_committer_refuses_an_undo_of_nothing(workspace: Path):
    committer = Committer(workspace, TEXT)
    outcome = committer.run(Job(1, "Undo: nothing", undoes=99))
    assert not outcome.ok and "nothing to undo" in outcome.message


def test_the_committer_decides_and_undoes_with_commits(workspace: Path):
    committer = Committer(workspace, TEXT)
    decided = committer.run(Job(1, "Reject AM 10", ("am-010",), Status.REJECTED))
    assert decided.ok and decided.snapshot.amendments["am-010"].status is Status.REJECTED
    assert status_of(workspace, "am-010") == "rejected"
    undone = committer.run(Job(2, "Undo: Reject AM 10 (am-010)", undoes=1))
    assert undone.ok and status_of(workspace, "am-010") == "tabled"
    body = git(workspace, "log", "-1", "--format=%B")
    assert body.startswith("Undo: Reject AM 10 (am-010)") and "back to tabled" in body


def test_review_refuses_to_start_without_a_terminal(workspace: Path):
    result = cli(workspace, "review")
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr
