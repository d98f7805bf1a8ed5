"""`consolidate edit`: an amendment changed after tabling (proposal, sponsors, justification)
through the one proposal path, committed; refused with the reason once decided."""

from __future__ import annotations

from pathlib import Path

from support import SHIPPED_TEXT, cli, git, head, ok

from consolidate.app.session import Session
from consolidate.core.model import Status


def amendment(workspace: Path, number: str):
    return Session.open(workspace, SHIPPED_TEXT).amendment(number)


def consolidated(workspace: Path, clause: str) -> str:
    found = Session.open(workspace, SHIPPED_TEXT).consolidation.clause(clause)
    assert found is not None
    return found.text


def clause_file(workspace: Path, clause: str) -> Path:
    return workspace / "texts" / SHIPPED_TEXT / f"{clause}.txt"


def test_edit_changes_the_proposed_text_and_keeps_id_number_and_base(shipped: Path):
    before = amendment(shipped, "13")
    proposed = clause_file(shipped, "p13").read_text(encoding="utf-8")
    new = proposed.replace("Calls", "Urges")
    assert new != proposed
    out = cli(shipped, "edit", "13", "--proposed", "-", input=new)
    assert ok(out).strip() == before.id
    after = amendment(shipped, "13")
    assert (after.id, after.number, after.base, after.status, after.sponsor) == (
        before.id, before.number, before.base, Status.TABLED, before.sponsor)
    assert after.patch != before.patch
    assert git(shipped, "log", "-1", "--format=%s").strip() == \
        f"Edit AM 13 ({before.id}): proposed text"
    ok(cli(shipped, "adopt", "13"))
    assert consolidated(shipped, "p13") == new
    assert git(shipped, "status", "--porcelain").strip() == ""


def test_edit_fixes_a_sponsor_cosponsors_and_justification(shipped: Path):
    before = amendment(shipped, "10")
    ok(cli(shipped, "edit", "10", "--sponsor", "Mr Ivan PETROFF (Bulgaria)",
           "--cosponsor", "Ms Anna SCHMIDT (Germany)", "--cosponsor", "Mr Lars NIELSEN (Denmark)",
           "--justification", "A typo fixed."))
    after = amendment(shipped, "10")
    assert after.sponsor is not None and after.sponsor.family_name == "PETROFF"
    assert [c.family_name for c in after.cosponsors] == ["SCHMIDT", "NIELSEN"]
    assert after.justification == "A typo fixed."
    assert after.patch == before.patch
    assert "sponsor, co-sponsors, justification" in git(shipped, "log", "-1", "--format=%s")
    ok(cli(shipped, "edit", "10", "--no-cosponsors"))
    assert amendment(shipped, "10").cosponsors == ()


def test_edit_takes_the_working_tree_edit_as_amend_does_and_restores_the_file(shipped: Path):
    path = clause_file(shipped, "p9")
    committed = path.read_text(encoding="utf-8")
    path.write_text(committed.replace("Condemns", "Strongly condemns"), encoding="utf-8")
    ok(cli(shipped, "edit", "14"))
    assert path.read_text(encoding="utf-8") == committed
    session = Session.open(shipped, SHIPPED_TEXT)
    assert session.what_if({amendment(shipped, "14").id: Status.ADOPTED}).clause(
        "p9").text.startswith("Strongly condemns")
    assert amendment(shipped, "14").status is Status.DRAFT


def test_editing_a_decided_amendment_is_refused_with_the_reason(shipped: Path):
    start = head(shipped)
    for number, status, fix in (("2", "adopted", "consolidate undo 2"),
                                ("6", "rejected", "consolidate undo 6"),
                                ("7", "withdrawn", "consolidate table 7"),
                                ("3", "fallen", "consolidate amend")):
        out = cli(shipped, "edit", number, "--justification", "x")
        assert out.returncode == 2, out.stderr
        assert f"AM {number} (am-00{number}) is {status}: only an amendment that is draft or " \
               "tabled can be edited" in out.stderr
        assert fix in out.stderr
    assert head(shipped) == start


def test_edit_with_nothing_new_is_refused_and_writes_nothing(shipped: Path):
    start = head(shipped)
    out = cli(shipped, "edit", "10")
    assert out.returncode == 2
    assert "nothing to change in AM 10" in out.stderr
    same = amendment(shipped, "10").justification
    assert cli(shipped, "edit", "10", "--justification", same).returncode == 2
    assert head(shipped) == start


def test_a_bad_proposal_is_refused_like_amend_refuses_it(shipped: Path):
    start = head(shipped)
    out = cli(shipped, "edit", "13", "--proposed", "-", input=b"Urges\xff states")
    assert out.returncode == 2 and "UTF-8" in out.stderr
    out = cli(shipped, "edit", "6", "--proposed", "-", input="x")
    assert out.returncode == 2
    out = cli(shipped, "edit", "13", "--sponsor", "Mr DUPONT; Ms ROSSI")
    assert out.returncode == 2 and "--sponsor" in out.stderr
    assert head(shipped) == start


def test_edit_of_an_inserted_clause_keeps_its_place(shipped: Path):
    ok(cli(shipped, "amend", "--insert-after", "p12", "--new-id", "p12-new", "--proposed", "-",
           "--sponsor", "Mr Ivan PETROV (Bulgaria)", input="Welcomes the new clause;\n"))
    ok(cli(shipped, "edit", "15", "--proposed", "-", input="Welcomes the edited clause;\n"))
    after = amendment(shipped, "15")
    assert after.new_clause == "p12-new"
    ok(cli(shipped, "adopt", "15"))
    assert consolidated(shipped, "p12-new") == "Welcomes the edited clause;"
