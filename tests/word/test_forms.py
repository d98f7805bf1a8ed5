"""`consolidate amend --form`: the seed's amendment form filled in by a member (sponsor lines
with tabs, or a table), and several instructions on one form."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import cli

from consolidate.app.session import Session
from consolidate.core.model import Action, Sponsor

from .kit import draft_workspace, make_docx, paragraph

TAB = "<w:r><w:tab/></w:r>"


def _row(*cells: str) -> str:
    runs: list[str] = []
    for index, cell in enumerate(cells):
        if index:
            runs.append(TAB)
        if cell:
            runs.append(cell)
    return paragraph(*runs)


def _table(*rows: tuple[str, ...]) -> str:
    body = "".join("<w:tr>" + "".join(f"<w:tc>{paragraph(c) if c else '<w:p/>'}</w:tc>"
                                      for c in row) + "</w:tr>" for row in rows)
    return f"<w:tbl>{body}</w:tbl>"


HEAD = ("Mr/Mrs", "Family Name in Capital Letters", "Country", "Signature")
SEED_HEADING = (paragraph("AMENDMENT TO SUPPLEMENTARY ITEM") + paragraph("on")
                + paragraph("COMBATING THE SEXUAL EXPLOITATION ", "<w:r><w:br/></w:r>",
                            "OF CHILDREN"))


@pytest.fixture
def workspace(typed_pair, tmp_path) -> Path:
    return draft_workspace(tmp_path, typed_pair.draft)


def _tabled(workspace: Path, body: str, *options: str):
    form = make_docx(workspace.parent / "form.docx", body)
    result = cli(workspace, "amend", "--form", str(form), *options, codes=[0])
    return result, sorted(Session.open(workspace).amendments, key=lambda a: a.number_key())


def test_the_seed_form_filled_in_with_sponsor_lines(workspace):
    body = (SEED_HEADING
            + paragraph("[Set out text of Amendment here:]")
            + paragraph("In paragraph 5, replace \u2018child sexual exploitation\u2019 with "
                        "\u2018the sexual exploitation of children\u2019")
            + paragraph("Principal Sponsor:") + _row(*HEAD)
            + _row("Mr", "Pierre DUPONT", "France", "")
            + paragraph("Co-sponsored by:") + _row(*HEAD)
            + _row("Ms", "Anna SCHMIDT", "Germany") + _row("Dr", "Jean-Marie LE PEN", "France"))
    result, (amendment,) = _tabled(workspace, body)
    assert amendment.clause == "p5"
    assert amendment.sponsor == Sponsor("DUPONT", "Pierre", "Mr", "France")
    assert amendment.cosponsors == (Sponsor("SCHMIDT", "Anna", "Ms", "Germany"),
                                    Sponsor("LE PEN", "Jean-Marie", "Dr", "France"))
    assert "Warning" not in result.stderr
    cli(workspace, "adopt", amendment.id, codes=[0])
    assert "Condemns the sexual exploitation of children in all its forms;" in \
        cli(workspace, "build", "--format", "text", codes=[0]).stdout


def test_a_form_with_sponsor_tables_several_instructions_and_a_justification(workspace):
    body = (paragraph("AM 15") + paragraph("AMENDMENT TO COMBATING THE SEXUAL EXPLOITATION OF "
                                           "CHILDREN")
            + paragraph("In paragraph 7, replace 'on-line' with 'online'")
            + paragraph("In paragraph 7, after 'POLIS website', insert 'and elsewhere'")
            + paragraph("Principal Sponsor:")
            + _table(HEAD, ("Mrs.", "Maria ROSSI", "Italy", ""))
            + paragraph("Co-sponsored by:") + _table(HEAD, ("", "", "", ""))
            + paragraph("Justification") + paragraph("Modern spelling."))
    _, (amendment,) = _tabled(workspace, body)
    assert (amendment.action, amendment.clause) == (Action.MODIFY, "p7")
    assert amendment.sponsor == Sponsor("ROSSI", "Maria", "Mrs", "Italy")
    assert amendment.cosponsors == ()
    assert amendment.justification == "Modern spelling."
    cli(workspace, "adopt", amendment.id, codes=[0])
    assert "organizing OSCE online workshops through the POLIS website and elsewhere;" in \
        cli(workspace, "build", "--format", "text", codes=[0]).stdout


def test_a_form_deleting_and_one_inserting_a_paragraph(workspace):
    body = (paragraph("AMENDMENT TO COMBATING THE SEXUAL EXPLOITATION OF CHILDREN")
            + paragraph("Delete paragraph 8")
            + paragraph("Principal Sponsor:") + _table(HEAD, ("Mr", "John SMITH", "Malta", ""))
            + paragraph("AMENDMENT TO COMBATING THE SEXUAL EXPLOITATION OF CHILDREN")
            + paragraph("After paragraph 9, insert a new paragraph: 'Calls for a report.'")
            + paragraph("Principal Sponsor:") + _table(HEAD, ("Ms", "Ewa KOWALSKA", "Poland", "")))
    result, tabled = _tabled(workspace, body, "--dry-run")
    assert result.stdout.splitlines() == [
        "Mr John SMITH (Malta): Delete paragraph 8",
        "Ms Ewa KOWALSKA (Poland): After paragraph 9, insert a new paragraph: 'Calls for a "
        "report.'"]
    assert tabled == []
    _, tabled = _tabled(workspace, body)
    assert [(a.action, a.clause) for a in tabled] == [(Action.DELETE, "p8"),
                                                      (Action.INSERT_AFTER, "p9")]


def test_a_form_for_another_text_is_tabled_with_a_warning(workspace):
    body = (paragraph("AMENDMENT TO THE BUDGET") + paragraph("Delete paragraph 8")
            + paragraph("Principal Sponsor:") + _table(HEAD, ("Mr", "John SMITH", "Malta", "")))
    result, tabled = _tabled(workspace, body)
    assert "does not name the text's title ('COMBATING THE SEXUAL EXPLOITATION OF CHILDREN')" \
        in result.stderr
    assert len(tabled) == 1


def test_an_unknown_title_on_a_form_is_refused(workspace):
    body = (paragraph("AMENDMENT TO COMBATING THE SEXUAL EXPLOITATION OF CHILDREN")
            + paragraph("Delete paragraph 8") + paragraph("Principal Sponsor:")
            + _table(HEAD, ("Herr", "Hans MUELLER", "Switzerland", "")))
    form = make_docx(workspace.parent / "form.docx", body)
    result = cli(workspace, "amend", "--form", str(form), codes=[2])
    assert "form 1: the sponsor title 'Herr' is not one of Mr, Mrs, Ms" in result.stderr
    assert Session.open(workspace).amendments == ()


def test_sponsor_options_are_for_documents_with_tracked_changes(workspace):
    body = paragraph("AMENDMENT TO X") + paragraph("Delete paragraph 8")
    form = make_docx(workspace.parent / "form.docx", body)
    result = cli(workspace, "amend", "--form", str(form), "--sponsor", "Mr A B (C)", codes=[2])
    assert "a form names its own sponsors" in result.stderr
