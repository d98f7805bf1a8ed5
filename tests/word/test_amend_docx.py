"""`consolidate amend --docx`: the tracked changes of documents written by pandoc become
amendments; all adopted, the consolidated text is the document with every change accepted."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from support import cli

from consolidate.app.session import Session
from consolidate.core.model import Action

from .documents import ANNA, JSMITH, MARIA, NEW_PARAGRAPH, OLENA_OWN, PIERRE, SPONSORS
from .kit import (
    accepted_text,
    adopt_all,
    amendment_ids,
    consolidated,
    draft_workspace,
    needs_pandoc,
    pandoc,
    words,
)

pytestmark = needs_pandoc

EXPECTED = [  # (author, action, clause) in tabling order: document order, then date
    (ANNA, Action.MODIFY, "p1"),
    (ANNA, Action.MODIFY, "p2"),
    (PIERRE, Action.MODIFY, "p2"),
    (PIERRE, Action.DELETE, "p3"),
    (MARIA, Action.INSERT_AFTER, "p4"),
    (OLENA_OWN, Action.MODIFY, "p6"),
    (JSMITH, Action.MODIFY, "p7"),
    (MARIA, Action.MODIFY, "p9"),
]


def _tabled(workspace: Path):
    session = Session.open(workspace)
    return sorted(session.amendments, key=lambda a: a.number_key())


def test_each_authors_changes_to_a_paragraph_become_one_amendment(pair, tmp_path):
    workspace = draft_workspace(tmp_path, pair.draft)
    result = cli(workspace, "amend", "--docx", str(pair.tracked), codes=[0])
    tabled = _tabled(workspace)
    assert amendment_ids(result) == [a.id for a in tabled]
    assert [(a.sponsor, a.action, a.clause) for a in tabled] == [
        (SPONSORS[author], action, clause) for author, action, clause in EXPECTED]
    assert [a.tabled for a in tabled] == ["2008-06-26", "2008-06-26", "2008-06-27",
                                          "2008-06-27", "2008-06-28", "2008-06-29",
                                          "2008-06-29", "2008-06-30"]
    inserted = next(a for a in tabled if a.action.inserts)
    assert Session.open(workspace).consolidation.text.clause(inserted.clause) is not None


def test_all_adopted_the_text_is_the_document_with_every_change_accepted(pair, tmp_path):
    workspace = draft_workspace(tmp_path, pair.draft)
    ids = amendment_ids(cli(workspace, "amend", "--docx", str(pair.tracked), codes=[0]))
    adopt_all(workspace, ids)
    text = consolidated(workspace)
    assert words(text) == words(accepted_text(pair.tracked))
    assert NEW_PARAGRAPH in text
    assert "Deeply concerned" not in text
    assert "credit card companies,\u00a0banks and “payment” services" in text


def test_the_draft_before_the_changes_is_the_document_with_every_change_rejected(pair, tmp_path):
    workspace = draft_workspace(tmp_path, pair.draft)
    rejected = subprocess.run(["pandoc", "--track-changes=reject", "-t", "plain",
                               "--wrap=none", str(pair.tracked)], capture_output=True,
                              text=True, check=True).stdout
    assert words(consolidated(workspace)) == words(rejected)


def test_dry_run_prints_the_instructions_and_writes_nothing(typed_pair, tmp_path):
    workspace = draft_workspace(tmp_path, typed_pair.draft)
    head = subprocess.run(["git", "-C", str(workspace), "rev-parse", "HEAD"],
                          capture_output=True, text=True, check=True).stdout
    result = cli(workspace, "amend", "--docx", str(typed_pair.tracked), "--dry-run", codes=[0])
    lines = result.stdout.splitlines()
    assert len(lines) == len(EXPECTED)
    assert lines[0] == "Ms Anna SCHMIDT (Germany), 2008-06-26: In paragraph 1, replace " \
                       "'that some' with 'that recent'"
    assert "Delete paragraph 3" in lines[3]
    assert f"After paragraph 4, insert a new paragraph: '{NEW_PARAGRAPH}'" in lines[4]
    assert "nothing tabled" in result.stderr
    assert Session.open(workspace).amendments == ()
    after = subprocess.run(["git", "-C", str(workspace), "rev-parse", "HEAD"],
                           capture_output=True, text=True, check=True).stdout
    assert after == head
    assert not (workspace / "amendments" / "draft").exists() or \
        not list((workspace / "amendments" / "draft").glob("*.patch"))


def test_sponsor_option_makes_one_amendment_per_paragraph_by_that_sponsor(typed_pair, tmp_path):
    workspace = draft_workspace(tmp_path, typed_pair.draft)
    cli(workspace, "amend", "--docx", str(typed_pair.tracked), "--sponsor",
        "Mr Erik LINDQVIST (Sweden)", codes=[0])
    tabled = _tabled(workspace)
    assert {a.sponsor.short for a in tabled} == {"Erik LINDQVIST (Sweden)"}
    assert [a.clause for a in tabled] == ["p1", "p2", "p3", "p4", "p6", "p7", "p9"]
    adopt_all(workspace, [a.id for a in tabled])
    assert words(consolidated(workspace)) == words(accepted_text(typed_pair.tracked))


def _doc(tmp_path: Path, name: str, body: str) -> Path:
    return pandoc(body, tmp_path / name)


def test_colliding_changes_of_two_authors_are_both_tabled_and_reported(typed_pair, tmp_path):
    workspace = draft_workspace(tmp_path, typed_pair.draft)
    body = ("# COMBATING THE SEXUAL EXPLOITATION OF CHILDREN\n\n"
            "5\\. Condemns child sexual "
            '[exploitation]{.deletion author="Ms Anna SCHMIDT (Germany)" date="2008-06-26T00:00:00Z"}'
            '[abuse]{.insertion author="Ms Anna SCHMIDT (Germany)" date="2008-06-26T00:00:00Z"}'
            '[-related exploitation]{.insertion author="Mr Pierre DUPONT (France)" '
            'date="2008-06-27T00:00:00Z"} in all its forms;\n')
    result = cli(workspace, "amend", "--docx", str(_doc(tmp_path, "collide.docx", body)), codes=[0])
    first, second = amendment_ids(result)
    assert f"Collision on p5: AM 1 ({first}, tabled) and AM 2 ({second}, tabled)" in result.stderr
    conflicts = cli(workspace, "conflicts", codes=[0])
    assert f"AM 1 ({first}, tabled) and AM 2 ({second}, tabled)" in conflicts.stdout
    cli(workspace, "adopt", first, codes=[0])
    assert Session.open(workspace).amendment(second).status.value == "fallen"


def test_a_changed_paragraph_that_is_no_clause_is_refused_and_nothing_is_tabled(typed_pair, tmp_path):
    workspace = draft_workspace(tmp_path, typed_pair.draft)
    body = ("5\\. Condemns child [sexual]{.deletion author=\"A B\" date=\"2008-06-26T00:00:00Z\"}"
            " exploitation in all its forms;\n\n"
            "6\\. Calls on participating States to ratify the Convention"
            "[, now]{.insertion author=\"A B\" date=\"2008-06-26T00:00:00Z\"};\n")
    result = cli(workspace, "amend", "--docx", str(_doc(tmp_path, "stray.docx", body)), codes=[2])
    assert "paragraph 2 of the document (numbered 6) is changed, but its text" in result.stderr
    assert "the nearest, paragraph 6 (p6), has 'Council of Europe Convention – the…'" in result.stderr
    assert "where the document has 'Convention;'" in result.stderr
    assert "To fix:" in result.stderr
    assert Session.open(workspace).amendments == ()


def test_a_paragraph_whose_text_is_two_clauses_is_decided_by_its_number_or_place(tmp_path):
    draft = _doc(tmp_path, "twice.docx", "# TITLE\n\n1\\. Same words.\n\n2\\. Same words.\n")
    workspace = draft_workspace(tmp_path, draft)
    body = ("# TITLE\n\n1\\. Same words.\n\n"
            '2\\. Same [words.]{.deletion author="A B" date="2008-06-26T00:00:00Z"}'
            '[new words.]{.insertion author="A B" date="2008-06-26T00:00:00Z"}\n')
    cli(workspace, "amend", "--docx", str(_doc(tmp_path, "twice-tracked.docx", body)), codes=[0])
    assert [a.clause for a in Session.open(workspace).amendments] == ["p2"]
    unnumbered = ('# TITLE\n\nSame [words.]{.deletion author="A B" date="2008-06-26T00:00:00Z"}'
                  '[new words.]{.insertion author="A B" date="2008-06-26T00:00:00Z"}\n')
    result = cli(workspace, "amend", "--docx",
                 str(_doc(tmp_path, "twice-unnumbered.docx", unnumbered)), codes=[2])
    assert "its text is the text of 2 clauses (paragraph 1 (p1), paragraph 2 (p2))" in result.stderr
    both = ('# TITLE\n\nSame [words.]{.deletion author="A B" date="2008-06-26T00:00:00Z"}'
            '[new words.]{.insertion author="A B" date="2008-06-26T00:00:00Z"}\n\n'
            'Same [words.]{.deletion author="C D" date="2008-06-27T00:00:00Z"}'
            '[other words.]{.insertion author="C D" date="2008-06-27T00:00:00Z"}\n')
    cli(workspace, "amend", "--docx", str(_doc(tmp_path, "twice-both.docx", both)), codes=[0])
    tabled = sorted(Session.open(workspace).amendments, key=lambda a: a.number_key())
    assert [(a.clause, a.sponsor.family_name) for a in tabled] == [
        ("p2", "A B"), ("p1", "A B"), ("p2", "C D")]


def test_against_consolidated_matches_the_consolidated_text(typed_pair, tmp_path):
    workspace = draft_workspace(tmp_path, typed_pair.draft)
    ids = amendment_ids(cli(workspace, "amend", "--docx", str(typed_pair.tracked), codes=[0]))
    adopt_all(workspace, ids)
    who = 'author="Ms Ewa KOWALSKA (Poland)" date="2008-07-01T00:00:00Z"'
    body = ("7\\. Urges the OSCE Secretariat to continue organizing OSCE online "
            f"[workshops]{{.deletion {who}}}[regional workshops]{{.insertion {who}}}"
            " through the POLIS website;\n")
    later = _doc(tmp_path, "later.docx", body)
    refused = cli(workspace, "amend", "--docx", str(later), codes=[2])
    assert "matches no clause" in refused.stderr
    new = amendment_ids(cli(workspace, "amend", "--docx", str(later), "--against", "consolidated", codes=[0]))
    adopt_all(workspace, new)
    assert "organizing OSCE online regional workshops" in consolidated(workspace)


def test_comments_in_a_changed_paragraph_become_the_justification(typed_pair, tmp_path):
    workspace = draft_workspace(tmp_path, typed_pair.draft)
    who = 'author="Ms Anna SCHMIDT (Germany)" date="2008-06-26T00:00:00Z"'
    body = ("5\\. Condemns child sexual exploitation in all its "
            f"[forms;]{{.deletion {who}}}[forms, online and offline;]{{.insertion {who}}}"
            f'[To cover the Internet.]{{.comment-start id="0" {who}}}[]{{.comment-end id="0"}}\n')
    cli(workspace, "amend", "--docx", str(_doc(tmp_path, "comment.docx", body)), codes=[0])
    (amendment,) = Session.open(workspace).amendments
    assert amendment.justification == "To cover the Internet."


def test_a_document_without_tracked_changes_is_refused(typed_pair, tmp_path):
    workspace = draft_workspace(tmp_path, typed_pair.draft)
    result = cli(workspace, "amend", "--docx", str(typed_pair.draft), codes=[2])
    assert "the document has no tracked insertions or deletions" in result.stderr
    assert "Track Changes" in result.stderr


@pytest.mark.parametrize("option", [["--clause", "p1"], ["--batch", "-"]])
def test_docx_is_given_alone(typed_pair, tmp_path, option):
    workspace = draft_workspace(tmp_path, typed_pair.draft)
    result = cli(workspace, "amend", "--docx", str(typed_pair.tracked), *option, codes=[2])
    assert "cannot be given with --docx" in result.stderr


def test_dry_run_is_only_for_documents(typed_pair, tmp_path):
    workspace = draft_workspace(tmp_path, typed_pair.draft)
    result = cli(workspace, "amend", "--clause", "p1", "--dry-run", codes=[2])
    assert "--dry-run is for --docx and --form" in result.stderr
