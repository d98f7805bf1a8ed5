"""Decisions from the command line (in process), on a fresh clone of the shipped workspace:
several amendments at once follow the voting list; what cannot be decided is refused with the
amendment and the decision in the way; amendments drafted against an adopted one fall."""

from __future__ import annotations

from pathlib import Path

from support import Outcome, cli, git, head, ok, validate_json

from consolidate.app.session import Session
from consolidate.core.model import Status

from .conftest import TEXT


def invoke(workspace: Path, *args: str, input: str | None = None) -> Outcome:
    """``consolidate -C workspace args...`` in this process."""
    return cli(workspace, *args, input=input)


def statuses(workspace: Path) -> dict[str, Status]:
    return {a.id: a.status for a in Session.open(workspace, TEXT).amendments}


def id_of(workspace: Path, number: str) -> str:
    """The id of amendment *number* (new amendments get random ids)."""
    return Session.open(workspace, TEXT).amendment(number).id


def clause(workspace: Path, clause_id: str) -> str:
    return (workspace / "texts" / TEXT / f"{clause_id}.txt").read_text(encoding="utf-8")


def amend(workspace: Path, clause_id: str, old: str, new: str, sponsor: str) -> Outcome:
    proposed = clause(workspace, clause_id)
    assert old in proposed
    return invoke(workspace, "amend", "--clause", clause_id, "--proposed", "-", "--sponsor",
                  sponsor, input=proposed.replace(old, new))


# -- several amendments at once ---------------------------------------------------------------

def test_identical_amendments_named_together_are_adopted_together(shipped: Path):
    out = ok(invoke(shipped, "adopt", "10", "11"))
    assert statuses(shipped)["am-010"] is statuses(shipped)["am-011"] is Status.ADOPTED
    assert "AM 11 (am-011): tabled -> adopted — identical to AM 10, voted together" in out
    assert git(shipped, "log", "-1", "--format=%s").strip() == "Adopt AM 10 (am-010)"


def test_an_amendment_that_falls_in_the_same_command_is_reported_as_fallen(shipped: Path):
    for order in (("13", "12"), ("12", "13")):  # named in any order: the voting list's
        start = head(shipped)
        out = ok(invoke(shipped, "adopt", *order))
        now = statuses(shipped)
        assert (now["am-013"], now["am-012"]) == (Status.ADOPTED, Status.FALLEN)
        assert out.index("AM 13 (am-013): tabled -> adopted") < out.index(
            "AM 12 (am-012): tabled -> fallen — falls: AM 13 was adopted and changes the same "
            "words ('convicted')")
        git(shipped, "reset", "-q", "--hard", start)


def test_adopting_every_amendment_at_once_equals_going_down_the_voting_list(shipped: Path):
    start = head(shipped)
    everything = sorted(statuses(shipped))
    result = invoke(shipped, "adopt", *everything)
    # Already decided before the command: refused, nothing written.
    assert result.returncode == 2 and "AM 1 (am-001) is adopted" in result.output
    assert head(shipped) == start
    tabled = [i for i, s in statuses(shipped).items() if s is Status.TABLED]
    ok(invoke(shipped, "adopt", *reversed(tabled)))
    at_once = statuses(shipped)
    git(shipped, "reset", "-q", "--hard", start)
    while invoke(shipped, "adopt", "--next").returncode == 0:
        pass
    assert statuses(shipped) == at_once
    assert at_once["am-010"] is at_once["am-011"] is at_once["am-013"] is Status.ADOPTED
    assert invoke(shipped, "check").returncode == 0


def test_rejecting_one_of_identical_amendments_rejects_its_vote(shipped: Path):
    out = ok(invoke(shipped, "reject", "11", "10"))
    assert statuses(shipped)["am-010"] is statuses(shipped)["am-011"] is Status.REJECTED
    assert "AM 11 (am-011): tabled -> rejected — identical to AM 10, voted together" in out
    git(shipped, "reset", "-q", "--hard", "HEAD~1")
    ok(invoke(shipped, "reject", "11"))
    assert statuses(shipped)["am-010"] is Status.REJECTED
    # Withdrawal is the sponsor's: only the amendment named.
    git(shipped, "reset", "-q", "--hard", "HEAD~1")
    ok(invoke(shipped, "withdraw", "10"))
    now = statuses(shipped)
    assert (now["am-010"], now["am-011"]) == (Status.WITHDRAWN, Status.TABLED)


# -- identical deletions after a promotion ----------------------------------------------------

def test_identical_deletions_rebased_by_promote_are_adopted_together(shipped: Path):
    # Two identical deletions of words of paragraph 7, near the words AM 1 (adopted) adds.
    first = amend(shipped, "p7", "to legislative ", "", "Mr Jan NOVAK (Czech Republic)")
    second = amend(shipped, "p7", "to legislative ", "", "Ms Eva LUND (Sweden)")
    assert first.returncode == second.returncode == 0
    ok(invoke(shipped, "promote"))
    out = ok(invoke(shipped, "adopt", "15"))
    assert f"AM 16 ({id_of(shipped, '16')}): tabled -> adopted — identical to AM 15" in out
    assert invoke(shipped, "check").returncode == 0
    text = ok(invoke(shipped, "build", "--format", "text"))
    assert "software, access drafting assistance, training for investigators and/or" in text


# -- a fallen amendment is not tabled again while its adopter stands ---------------------------

def test_a_fallen_amendment_cannot_be_tabled_again_while_its_adopter_stands(shipped: Path):
    ok(invoke(shipped, "adopt", "13"))
    before = head(shipped)
    result = invoke(shipped, "table", "12")
    assert result.returncode == 2
    assert ("AM 12 (am-012) cannot be tabled again: it fell because AM 13 (am-013) is adopted "
            "and changes the same words ('convicted')") in result.output
    assert "undo the adoption of AM 13 first (`consolidate undo 13`)" in result.output
    assert head(shipped) == before and statuses(shipped)["am-012"] is Status.FALLEN
    # AM 3 fell with AM 2: the same.
    assert "AM 2 (am-002) is adopted" in invoke(shipped, "table", "3").output


def test_tabling_again_an_amendment_that_collides_with_an_adopted_one_warns(shipped: Path):
    ok(invoke(shipped, "reject", "12"))
    ok(invoke(shipped, "adopt", "13"))
    result = invoke(shipped, "table", "12")
    assert result.returncode == 0
    assert ("Warning: AM 12 (am-012) changes the same words ('convicted') as AM 13 (am-013), "
            "already adopted: it falls") in result.stderr


# -- an amendment drafted against an adopted one ----------------------------------------------

def test_an_amendment_drafted_on_words_already_adopted_warns_falls_and_is_skipped(shipped: Path):
    ok(invoke(shipped, "adopt", "10", "13"))
    later = amend(shipped, "p14", "Requests the", "Asks the", "Ms Eva LUND (Sweden)")
    assert later.returncode == 0 and "Warning" not in later.stderr  # AM 15, on paragraph 14
    # AM 16, drafted on the original paragraph 13, on the words AM 13 changed; it departs
    # further than AM 13.
    tabled = amend(shipped, "p13", "on persons convicted of child",
                   "on any individual sentenced for child", "Mr Erik LINDQVIST (Sweden)")
    assert tabled.returncode == 0
    am16 = id_of(shipped, "16")
    assert (f"Warning: AM 16 ({am16}) changes the same words ('persons convicted of') as AM 13 "
            "(am-013), already adopted: it falls") in tabled.stderr
    votes = validate_json(ok(invoke(shipped, "votelist", "--json")), "votelist")["votes"]
    p13 = [(v["amendments"], v["falls_with_adopted"], v["falls_if_adopted"])
           for v in votes if v["clause"] == "p13"]
    assert p13 == [(["am-013"], [], [am16, "am-012"]),  # voted, then the one that falls
                   ([am16], ["am-013"], []),
                   (["am-012"], [], [])]
    shown = ok(invoke(shipped, "votelist"))
    assert "AM 16          tabled (falls: AM 13 adopted)" in shown
    # Adopting it is refused, naming the adoption in the way (not the other way round).
    before = head(shipped)
    refused = invoke(shipped, "adopt", "16")
    assert refused.returncode == 1 and head(shipped) == before
    assert (f"AM 16 ({am16}) cannot be adopted: AM 13 (am-013), adopted first on "
            in refused.output)
    assert "changes the same words ('persons convicted of')" in refused.output
    assert "reject AM 16" in refused.output and "reconsider" not in refused.output
    # The next vote skips it, and says so.
    result = invoke(shipped, "adopt", "--next")
    assert result.returncode == 0
    assert ("Skipped: AM 16 falls: AM 13 is adopted and changes the same words "
            "('persons convicted of')") in result.stderr
    now = statuses(shipped)
    assert now[id_of(shipped, "15")] is Status.ADOPTED and now[am16] is Status.TABLED
    left = invoke(shipped, "adopt", "--next")
    assert left.returncode == 2 and "the amendments still tabled fall (AM 16 falls" in left.output


def test_an_adoption_voted_before_an_adopted_one_is_refused_in_the_right_words(shipped: Path):
    """The engine reports the adopted one as displaced; the refusal says who came first."""
    ok(invoke(shipped, "adopt", "12"))  # 'or suspected', after 'convicted'; AM 13 falls
    result = amend(shipped, "p13", "persons convicted of", "people sentenced for",
                   "Mr Erik LINDQVIST (Sweden)")
    assert result.returncode == 0
    refused = invoke(shipped, "adopt", "15")
    assert refused.returncode == 1
    assert (f"AM 15 ({id_of(shipped, '15')}) cannot be adopted: AM 12 (am-012), adopted first"
            in refused.output)
    assert "AM 12: its change" not in refused.output
