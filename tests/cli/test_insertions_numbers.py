"""New clauses in voting order, anchored on clauses other amendments insert; a proposal that
starts with its own paragraph number; `import --language`."""

from __future__ import annotations

from pathlib import Path

from support import SEED, SHIPPED_TEXT, cli, ok

from consolidate.app.session import Session


def order(workspace: Path) -> list[str]:
    return [c.id for c in Session.open(workspace, SHIPPED_TEXT).consolidation.clauses]


def insert(workspace: Path, anchor: str, new_id: str, words: str, *extra: str) -> str:
    return ok(cli(workspace, "amend", "--insert-after", anchor, "--new-id", new_id,
                  "--proposed", "-", "--sponsor", "Mr Ivan PETROV (Bulgaria)", *extra,
                  input=words + "\n")).split()[-1]


def test_new_clauses_after_the_same_anchor_land_in_voting_order(shipped: Path):
    insert(shipped, "p12", "p12-x", "Welcomes x;")
    insert(shipped, "p12", "p12-y", "Welcomes y;")
    voting = [a.new_clause for a in Session.open(shipped, SHIPPED_TEXT).voting_order()
              if a.new_clause in ("p12-x", "p12-y")]
    ok(cli(shipped, "adopt", "16", "15"))
    clauses = order(shipped)
    at = clauses.index("p12")
    assert clauses[at + 1:at + 3] == voting
    assert "voting order" in ok(cli(None, "amend", "--help"))


def test_a_new_clause_may_be_anchored_on_a_clause_another_tabled_amendment_inserts(
        shipped: Path):
    insert(shipped, "p12", "p12-x", "Welcomes x;")
    insert(shipped, "p12-x", "p12-x2", "Welcomes x2;")  # AM 15 is only tabled
    ok(cli(shipped, "adopt", "15", "16"))
    clauses = order(shipped)
    at = clauses.index("p12")
    assert clauses[at + 1:at + 3] == ["p12-x", "p12-x2"]


def test_a_proposal_starting_with_its_own_paragraph_number_is_warned_and_the_number_left_out(
        shipped: Path):
    path = shipped / "texts" / SHIPPED_TEXT / "p9.txt"
    committed = path.read_text(encoding="utf-8")
    out = cli(shipped, "amend", "--clause", "p9", "--proposed", "-", "--sponsor",
              "Mr Ivan PETROV (Bulgaria)", input="9. " + committed.replace("all", "every"))
    ok(out)
    assert "starts with the paragraph number '9.'" in out.stderr
    session = Session.open(shipped, SHIPPED_TEXT)
    new = session.amendment("15")
    proposed = session.what_if({new.id: new.status.ADOPTED}).clause("p9")
    assert proposed is not None and proposed.text.startswith("Condemns")
    # another number is words the sponsor wrote: kept
    out = cli(shipped, "amend", "--clause", "p9", "--proposed", "-", input="12. " + committed)
    assert "paragraph number" not in out.stderr


def test_the_paragraph_number_of_the_consolidated_text_is_left_out_too(shipped: Path):
    # after AM 5 (a new paragraph after 11), paragraph 13 is printed as 14 by build
    text = ok(cli(shipped, "build", "--format", "text"))
    line = next(line for line in text.splitlines() if line.startswith("14. Calls on"))
    out = cli(shipped, "amend", "--clause", "p13", "--against", "consolidated", "--proposed",
              "-", input=line.replace("convicted", "found guilty"))
    ok(out)
    assert "starts with the paragraph number '14.'" in out.stderr


def test_import_language_is_the_text_language_of_the_exports(tmp_path: Path):
    workspace = tmp_path / "ws"
    ok(cli(None, "init", str(workspace)))
    ok(cli(workspace, "import", str(SEED), "--text", "seed", "--language", "fr"))
    assert 'language = "fr"' in (workspace / "texts" / "seed" / "text.toml").read_text()
    assert '<html lang="fr">' in ok(cli(workspace, "build", "--format", "html"))
    out = cli(workspace, "import", str(SEED), "--text", "other", "--language", "français")
    assert out.returncode == 2 and "not a language tag" in out.stderr
