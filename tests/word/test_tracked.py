"""How tracked changes are read: paragraphs split and joined, edits inside another author's
insertion, moves, field codes, numbering, and who the sponsor is."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import cli

from consolidate.app.session import Session
from consolidate.app.word import sponsor_of, tabling_date
from consolidate.core.model import Action, Sponsor
from consolidate.importers.docx_package import read_package
from consolidate.importers.numbering import ListCounter, NumberingRef
from consolidate.importers.tracked import read_tracked
from consolidate.importers.wordml import read_document

from .kit import delete, document_xml, ins, make_docx, paragraph

DATE = "2008-06-30T00:00:00Z"
TITLE = '<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>THE TEXT</w:t></w:r></w:p>'
FIRST = "First paragraph of some words."
SECOND = "Second paragraph with more words."
THIRD = "Third paragraph at the end."


def _mark(kind: str, author: str, rid: int = 9) -> str:
    return f'<w:rPr><w:{kind} w:id="{rid}" w:author="{author}" w:date="{DATE}"/></w:rPr>'


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    body = TITLE + "".join(paragraph(f"{n}. {t}") for n, t in
                           enumerate((FIRST, SECOND, THIRD), start=1))
    workspace = tmp_path / "workspace"
    cli(tmp_path, "init", str(workspace), codes=[0])
    cli(workspace, "import", str(make_docx(tmp_path / "draft.docx", body)), "--text", "t", codes=[0])
    return workspace


def _amend(workspace: Path, body: str, *options: str):
    document = make_docx(workspace.parent / "tracked.docx", TITLE + body)
    result = cli(workspace, "amend", "--docx", str(document), *options, codes=[0])
    return result, sorted(Session.open(workspace).amendments, key=lambda a: a.number_key())


def _adopt_all(workspace: Path) -> str:
    cli(workspace, "adopt", *[a.id for a in Session.open(workspace).amendments], codes=[0])
    return cli(workspace, "build", "--format", "text", codes=[0]).stdout


def test_a_paragraph_split_in_two_is_a_change_and_a_new_paragraph(workspace):
    body = (paragraph("1. First paragraph", delete(" ", "A B"), properties=_mark("ins", "A B"))
            + paragraph("of some words.")
            + paragraph(f"2. {SECOND}") + paragraph(f"3. {THIRD}"))
    _, tabled = _amend(workspace, body)
    assert [(a.action, a.clause) for a in tabled] == [(Action.MODIFY, "p1"),
                                                      (Action.INSERT_AFTER, "p1")]
    text = _adopt_all(workspace)
    assert "1. First paragraph\n\n2. of some words.\n\n3. Second" in text


def test_two_paragraphs_joined_are_a_change_and_a_deletion(workspace):
    body = (paragraph(f"1. {FIRST}", properties=_mark("del", "A B"))
            + paragraph(delete("2. ", "A B", rid=3), SECOND)
            + paragraph(f"3. {THIRD}"))
    _, tabled = _amend(workspace, body)
    assert [(a.action, a.clause) for a in tabled] == [(Action.MODIFY, "p1"), (Action.DELETE, "p2")]
    assert f"1. {FIRST}{SECOND}\n\n2. {THIRD}" in _adopt_all(workspace)


def test_a_paragraph_deleted_with_its_mark_and_one_inserted_with_its_mark(workspace):
    body = (paragraph(f"1. {FIRST}")
            + paragraph(delete(f"2. {SECOND}", "A B"), properties=_mark("del", "A B"))
            + paragraph(ins("2. A new second paragraph.", "C D"), properties=_mark("ins", "C D"))
            + paragraph(f"3. {THIRD}"))
    _, tabled = _amend(workspace, body)
    assert [(a.action, a.clause, a.sponsor.family_name) for a in tabled] == [
        (Action.DELETE, "p2", "A B"), (Action.INSERT_AFTER, "p2", "C D")]
    text = _adopt_all(workspace)
    assert text.endswith(f"1. {FIRST}\n\n2. A new second paragraph.\n\n3. {THIRD}\n")


def test_a_paragraph_whose_text_is_replaced_whole_is_changed_not_deleted(workspace):
    body = (paragraph(delete(f"1. {FIRST}", "A B"), ins("1. Entirely new words.", "A B", rid=3))
            + paragraph(f"2. {SECOND}") + paragraph(f"3. {THIRD}"))
    _, tabled = _amend(workspace, body)
    assert [(a.action, a.clause) for a in tabled] == [(Action.MODIFY, "p1")]
    assert "1. Entirely new words.\n\n2. Second" in _adopt_all(workspace)


def test_edits_inside_another_authors_insertion_are_part_of_that_amendment(workspace):
    inner = ('<w:ins w:id="5" w:author="A B" w:date="2008-06-29T00:00:00Z"><w:r><w:t>very </w:t>'
             '</w:r></w:ins><w:ins w:id="6" w:author="C D" w:date="2008-06-30T00:00:00Z"><w:r>'
             '<w:t>much </w:t></w:r></w:ins><w:ins w:id="7" w:author="A B" '
             'w:date="2008-06-29T00:00:00Z"><w:r><w:t>more </w:t></w:r></w:ins>')
    body = (paragraph("1. First paragraph of ", inner, "some words.")
            + paragraph(f"2. {SECOND}") + paragraph(f"3. {THIRD}"))
    result, tabled = _amend(workspace, body)
    assert [(a.clause, a.sponsor.family_name) for a in tabled] == [("p1", "A B")]
    assert "the changes of C D inside words inserted by another author" in result.stderr
    assert "1. First paragraph of very much more some words." in _adopt_all(workspace)


def test_a_move_is_a_deletion_and_an_insertion(workspace):
    move_from = (f'<w:moveFrom w:id="1" w:author="A B" w:date="{DATE}"><w:r>'
                 '<w:delText xml:space="preserve">of some words</w:delText></w:r></w:moveFrom>')
    move_to = (f'<w:moveTo w:id="2" w:author="A B" w:date="{DATE}"><w:r>'
               '<w:t xml:space="preserve"> of some words</w:t></w:r></w:moveTo>')
    body = (paragraph("1. First paragraph ", move_from, ".")
            + paragraph(f"2. {SECOND[:-1]}", move_to, ".") + paragraph(f"3. {THIRD}"))
    result, tabled = _amend(workspace, body)
    assert [(a.action, a.clause) for a in tabled] == [(Action.MODIFY, "p1"), (Action.MODIFY, "p2")]
    assert "2 moved passages read as a deletion and an insertion" in result.stderr
    assert "2. Second paragraph with more words of some words." in _adopt_all(workspace)


def test_field_codes_hyperlinks_and_content_controls(workspace):
    field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText>'
             '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>')
    link = '<w:hyperlink r:id="rId9"><w:r><w:t>some</w:t></w:r></w:hyperlink>'
    control = '<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t> words</w:t></w:r></w:sdtContent></w:sdt>'
    body = (paragraph("1. First paragraph ", field, "of ", link.replace("r:id", "w:anchor"),
                      control, ".", ins(" Indeed.", "A B"))
            + paragraph(f"2. {SECOND}") + paragraph(f"3. {THIRD}"))
    _, tabled = _amend(workspace, body)
    assert [a.clause for a in tabled] == ["p1"]
    assert "1. First paragraph of some words. Indeed." in _adopt_all(workspace)


def test_renumbering_by_consolidate_is_no_amendment(workspace):
    renumber = "consolidate – renumbering"
    body = (paragraph(f"1. {FIRST}")
            + paragraph(delete(f"2. {SECOND}", "A B"), properties=_mark("del", "A B"))
            + paragraph(delete("3.", renumber, rid=4), ins("2.", renumber, rid=5), f" {THIRD}"))
    _, tabled = _amend(workspace, body)
    assert [(a.action, a.clause) for a in tabled] == [(Action.DELETE, "p2")]


def test_only_renumbering_is_no_change_at_all(workspace):
    body = paragraph(delete("1.", "consolidate – renumbering"),
                     ins("4.", "consolidate – renumbering", rid=3), f" {FIRST}")
    document = make_docx(workspace.parent / "renumbered.docx", TITLE + body)
    result = cli(workspace, "amend", "--docx", str(document), codes=[2])
    assert "only tracked changes are the renumbering" in result.stderr


@pytest.mark.parametrize(("author", "sponsor"), [
    ("Ms Anna SCHMIDT (Germany)", Sponsor("SCHMIDT", "Anna", "Ms", "Germany")),
    ("AM 9 – Olena KOVALENKO (Ukraine)", Sponsor("KOVALENKO", "Olena", "", "Ukraine")),
    ("AM 12", None),
    ("AM 7b – Jean-Marie LE PEN (France)", Sponsor("LE PEN", "Jean-Marie", "", "France")),
    ("jsmith", Sponsor("jsmith")),
    ("John Smith", Sponsor("Smith", "John")),
    ("Smith; Jones (Malta", Sponsor("Malta", "Smith Jones")),
    ("", None),
    ("  ", None),
])
def test_who_the_sponsor_of_a_revision_is(author, sponsor):
    assert sponsor_of(author) == sponsor


def test_the_tabling_date_is_the_revision_date():
    assert tabling_date("2008-06-30T10:11:12Z", "2020-01-01") == "2008-06-30"
    assert tabling_date("2008-02-30T10:11:12Z", "2020-01-01") == "2020-01-01"
    assert tabling_date("", "2020-01-01") == "2020-01-01"


NUMBERING = """<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="5"/><w:numFmt w:val="decimal"/>
<w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/>
<w:lvlText w:val="%1.%2"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>
</w:lvlOverride></w:num></w:numbering>"""


def test_words_list_counters():
    from lxml import etree

    counter = ListCounter(etree.fromstring(NUMBERING))
    labels = [counter.number(NumberingRef(num, level)).label for num, level in
              [("1", 0), ("1", 1), ("1", 1), ("2", 0), ("2", 1), ("3", 0), ("1", 0)]]
    assert labels == ["5.", "5.i", "5.ii", "6.", "6.i", "1.", "2."]
    assert counter.number(NumberingRef("0")) is None
    assert counter.number(NumberingRef("99")) is None


def test_runs_and_revisions_read_from_a_document(tmp_path):
    body = paragraph("A", ins("B", "X"), delete("C", "Y"), '<w:r><w:tab/><w:t>D</w:t><w:br/>'
                     '<w:br w:type="page"/><w:softHyphen/><w:sym w:char="2013"/></w:r>')
    document = read_document(read_package(make_docx(tmp_path / "x.docx", body).read_bytes()))
    (only,) = document.paragraphs
    assert only.text == "ABC\tD\n\u00ad\u2013"
    tracked = read_tracked(document)
    (group,) = tracked.groups
    assert group.originals[0].text == "AC\tD\n\u00ad\u2013"
    assert {v.author: v.paragraphs[0].text for v in group.versions} == {
        "X": "ABC\tD\n\u00ad\u2013", "Y": "A\tD\n\u00ad\u2013"}


def test_a_document_part_is_read_as_utf8_text(tmp_path):
    docx = make_docx(tmp_path / "x.docx", document=document_xml(paragraph("Ça — “x”")).encode())
    document = read_document(read_package(docx.read_bytes()))
    assert document.paragraphs[0].text == "Ça — “x”"
