"""Sponsors from the command line: organisations and groups kept whole, warnings on tabling."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from support import cli, ok, validate_json

ORG = "EUROISPA [organisation]"
GROUP = "Group of the Greens/EFA [group]"


def _amend(workspace: Path, *sponsors: str, status: str = "tabled") -> tuple[str, str]:
    """Table an amendment to p10 of the seed; (its id, what was said on stderr)."""
    text = (workspace / "texts" / "seed" / "p10.txt").read_text(encoding="utf-8")
    args = ["amend", "--clause", "p10", "--proposed", "-", "--status", status]
    if sponsors:
        args += ["--sponsor", sponsors[0]]
    for cosponsor in sponsors[1:]:
        args += ["--cosponsor", cosponsor]
    outcome = cli(workspace, *args, input=text.replace("Reiterates", "Repeats"))
    return ok(outcome).split()[-1], outcome.stderr


def test_an_organisation_sponsor_is_read_back_exactly(seed_workspace: Path) -> None:
    am, said = _amend(seed_workspace, ORG, GROUP, "Mr Pierre DUPONT (France)")
    assert "Warning" not in said
    patch = next((seed_workspace / "amendments" / "seed").glob(f"{am}.patch")).read_text("utf-8")
    assert f"Sponsor: {ORG}\n" in patch
    assert GROUP in patch
    shown = validate_json(cli(seed_workspace, "show", am, "--json"), "show")
    amendment = shown
    assert amendment["sponsor"] == {"title": "", "given_names": "", "family_name": "",
                                    "country": "", "display": ORG, "kind": "organisation",
                                    "name": "EUROISPA"}
    assert [c["kind"] for c in amendment["cosponsors"]] == ["group", "person"]
    assert amendment["cosponsors"][0]["name"] == "Group of the Greens/EFA"
    assert amendment["cosponsors"][1]["family_name"] == "DUPONT"


def test_the_form_puts_an_organisation_in_the_name_column(seed_workspace: Path) -> None:
    am, _ = _amend(seed_workspace, ORG, GROUP)
    html = ok(cli(seed_workspace, "show", am, "--form", "html"))
    assert "<td>Organisation</td><td>EUROISPA</td><td></td>" in html
    assert "<td>Group</td><td>Group of the Greens/EFA</td>" in html
    docx = cli(seed_workspace, "show", am, "--form", "docx", "-o", str(seed_workspace / "f.docx"))
    ok(docx)
    rows = [[c.text for c in row.cells] for t in Document(str(seed_workspace / "f.docx")).tables
            for row in t.rows]
    assert ["Organisation", "EUROISPA", "", ""] in rows
    assert not any("EUROISPA" in cell and cell != "EUROISPA" for row in rows for cell in row)


def test_tabling_without_a_sponsor_warns(seed_workspace: Path) -> None:
    _, said = _amend(seed_workspace)
    assert "Warning: AM 1" in said and "is tabled without a sponsor" in said


def test_a_sponsor_not_written_as_on_the_form_warns_and_is_still_tabled(
        seed_workspace: Path) -> None:
    am, said = _amend(seed_workspace, "pierre dupont", "EUROISPA")
    assert "the sponsor 'pierre dupont' is not written 'Title Given FAMILY (Country)'" in said
    assert "lacks a title, the FAMILY NAME in capitals and a country" in said
    assert "the co-sponsor 'EUROISPA'" in said and "'EUROISPA [organisation]'" in said
    assert validate_json(cli(seed_workspace, "show", am, "--json"), "show")[
        "status"] == "tabled"


def test_a_draft_is_not_warned_about_until_it_is_tabled(seed_workspace: Path) -> None:
    am, said = _amend(seed_workspace, "pierre dupont", status="draft")
    assert "Warning" not in said
    tabled = cli(seed_workspace, "table", am)
    ok(tabled)
    assert "the sponsor 'pierre dupont' is not written" in tabled.stderr


def test_a_bad_kind_mark_is_refused_and_nothing_is_committed(seed_workspace: Path) -> None:
    before = sorted((seed_workspace / "amendments").rglob("*.patch"))
    refused = cli(seed_workspace, "amend", "--clause", "p10", "--proposed", "-", "--sponsor",
                  "EUROISPA [club]", input="Repeats.")
    assert refused.returncode == 2
    assert "[club] is not a kind of sponsor" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert sorted((seed_workspace / "amendments").rglob("*.patch")) == before


def test_a_form_with_an_organisation_reads_back_as_the_same_sponsors(seed_workspace: Path) -> None:
    am, _ = _amend(seed_workspace, ORG, GROUP, "Mr Pierre DUPONT (France)")
    form = seed_workspace / "form.docx"
    ok(cli(seed_workspace, "show", am, "--form", "docx", "-o", str(form)))
    again = cli(seed_workspace, "amend", "--form", str(form))
    ok(again)
    assert "does not name the text's title" not in again.stderr  # headed by the item
    new = again.stdout.split()[-1]
    first, second = (validate_json(cli(seed_workspace, "show", i, "--json"), "show")
                     for i in (am, new))
    assert second["sponsor"] == first["sponsor"]
    assert second["cosponsors"] == first["cosponsors"]
    assert second["sponsor"]["kind"] == "organisation"
