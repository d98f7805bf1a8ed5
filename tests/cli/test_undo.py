"""`consolidate undo`: a recorded decision reverted by a new commit (the last one, the last N,
or a named one), refused with the reason when a later change or decision depends on it; the
hints of collisions and falls point to it."""

from __future__ import annotations

from pathlib import Path

from support import SHIPPED_TEXT, cli, git, head, ok, validate_json

from consolidate.app.session import Session
from consolidate.core.model import Status


def status(workspace: Path, number: str) -> Status:
    return Session.open(workspace, SHIPPED_TEXT).amendment(number).status


def message(workspace: Path) -> str:
    return git(workspace, "log", "-1", "--format=%B")


def test_undo_reverts_the_last_decision_with_a_new_commit(shipped: Path):
    ok(cli(shipped, "adopt", "13"))
    adoption = head(shipped)
    assert status(shipped, "12") is Status.FALLEN
    out = cli(shipped, "undo")
    assert "AM 13 (am-013): adopted -> tabled" in ok(out)
    assert "AM 12 (am-012): fallen -> tabled" in out.stdout
    assert status(shipped, "13") is status(shipped, "12") is Status.TABLED
    assert git(shipped, "rev-parse", "HEAD~1").strip() == adoption  # a new commit, no reset
    assert message(shipped).startswith("Undo: Adopt AM 13 (am-013)")
    assert f"Undoes: {adoption}" in message(shipped)
    assert git(shipped, "show", "HEAD~1:amendments/" + SHIPPED_TEXT + "/am-012.patch") != \
        git(shipped, "show", "HEAD:amendments/" + SHIPPED_TEXT + "/am-012.patch")
    assert git(shipped, "diff", "HEAD~2", "HEAD", "--", "amendments").strip() == ""
    # undo again: one decision further back (never the undo itself)
    assert "AM 9 (am-009): adopted -> tabled" in ok(cli(shipped, "undo"))
    assert status(shipped, "8") is Status.TABLED
    assert status(shipped, "13") is Status.TABLED


def test_undo_the_last_n_decisions_in_one_commit(shipped: Path):
    start = head(shipped)
    out = ok(cli(shipped, "undo", "-n", "2"))
    assert "AM 7 (am-007): withdrawn -> tabled" in out
    assert "AM 8 (am-008): adopted -> tabled" in out
    assert git(shipped, "rev-parse", "HEAD~1").strip() == start
    assert message(shipped).startswith("Undo 2 decisions")
    assert message(shipped).count("Undoes: ") == 2


def test_undo_a_named_decision_leaves_later_ones(shipped: Path):
    ok(cli(shipped, "undo", "6"))
    assert status(shipped, "6") is Status.TABLED
    assert status(shipped, "7") is Status.WITHDRAWN  # decided after it: untouched
    assert status(shipped, "9") is Status.ADOPTED
    listed = ok(cli(shipped, "undo", "--list"))
    assert "Reject AM 6" not in listed and "Withdraw AM 7 (am-007)" in listed


def test_undo_by_commit_and_as_json(shipped: Path):
    ok(cli(shipped, "reject", "10"))
    rejection = head(shipped)
    ok(cli(shipped, "withdraw", "13"))
    out = cli(shipped, "undo", rejection[:12], "--json")
    data = validate_json(out, "decisions")
    assert data["decisions"][0]["amendment"] == "am-010"
    assert (data["decisions"][0]["before"], data["decisions"][0]["after"]) == ("rejected",
                                                                              "tabled")
    assert status(shipped, "13") is Status.WITHDRAWN


def test_undo_refused_when_a_later_commit_changed_the_amendment(shipped: Path):
    ok(cli(shipped, "withdraw", "10"))
    withdrawal = head(shipped)
    ok(cli(shipped, "table", "10"))
    ok(cli(shipped, "adopt", "13"))
    start = head(shipped)
    out = cli(shipped, "undo", withdrawal)
    assert out.returncode == 2
    assert "AM 10 (am-010) is now tabled by" in out.stderr
    assert "Table AM 10" in out.stderr  # the later commit, named
    assert "consolidate undo 10" in out.stderr
    assert head(shipped) == start


def test_undo_refused_when_an_amendment_back_to_tabled_collides_with_a_later_adoption(
        shipped: Path):
    ok(cli(shipped, "reject", "12"))
    ok(cli(shipped, "adopt", "13"))
    start = head(shipped)
    out = cli(shipped, "undo", "12")
    assert out.returncode == 2, out.stderr
    assert "cannot undo 'Reject AM 12 (am-012)'" in out.stderr
    assert "AM 13 (am-013), adopted, changes the same words ('convicted')" in out.stderr
    assert "To fix: undo the adoption of AM 13 first (`consolidate undo 13`)" in out.stderr
    assert head(shipped) == start
    ok(cli(shipped, "undo", "13"))
    ok(cli(shipped, "undo", "12"))
    assert status(shipped, "12") is Status.TABLED


def test_undo_refused_when_a_later_adoption_builds_on_it(shipped: Path):
    ok(cli(shipped, "adopt", "13"))
    proposed = Session.open(shipped, SHIPPED_TEXT).consolidation.clause("p13")
    assert proposed is not None
    ok(cli(shipped, "amend", "--clause", "p13", "--against", "consolidated", "--proposed", "-",
           "--sponsor", "Mr Ivan PETROV (Bulgaria)",
           input=proposed.text.replace("found guilty", "finally found guilty")))
    ok(cli(shipped, "adopt", "15"))
    start = head(shipped)
    out = cli(shipped, "undo", "13")
    assert out.returncode == 2, out.stderr
    assert "AM 15" in out.stderr and "depends on it" in out.stderr
    assert "consolidate undo 15" in out.stderr
    assert head(shipped) == start


def test_nothing_to_undo_is_said_plainly(seed_workspace: Path):
    out = cli(seed_workspace, "undo")
    assert out.returncode == 2
    assert "there is no decision to undo on text 'seed'" in out.stderr
    out = cli(seed_workspace, "undo", "nothing-here")
    assert out.returncode == 2 and "neither an amendment" in out.stderr


def test_an_undo_recorded_by_the_review_app_is_not_undone_again(shipped: Path):
    session = Session.open(shipped, SHIPPED_TEXT)
    before = {a.id: a for a in session.amendments}
    result = session.decide(["13"], Status.ADOPTED)
    after = {a.id: a for a in session.amendments}
    changed = [d.amendment for d in result.decisions]
    session.restore([before[i] for i in changed], "Undo: Adopt AM 13 (am-013)",
                    written={i: after[i] for i in changed}, since=result.commit)
    assert f"Undoes: {result.commit}" in message(shipped)
    assert "AM 9 (am-009): adopted -> tabled" in ok(cli(shipped, "undo"))


def test_collision_and_falls_hints_point_to_undo(shipped: Path):
    ok(cli(shipped, "adopt", "13"))
    out = cli(shipped, "adopt", "12")
    assert "`consolidate undo 13`" in out.stderr
    out = cli(shipped, "table", "12")
    assert "`consolidate undo 13`" in out.stderr
