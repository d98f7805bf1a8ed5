"""`consolidate import FILE.docx`: a draft written in Word becomes a text, as the plain-text
importer makes one: title, numbered paragraphs (typed or Word-numbered), the fixed line,
trailing matter left out; laws as articles and headings; text kept exactly."""

from __future__ import annotations

import filecmp
from pathlib import Path

from support import cli

from consolidate.app.session import Session
from consolidate.core.model import ClauseKind

from .kit import FIXTURES_SEED, make_docx, needs_pandoc, pandoc, paragraph

NUMBERING = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="7">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="8">
<w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="7"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="8"/></w:num>
</w:numbering>"""
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:styleId="Titre"><w:name w:val="Title"/></w:style>
<w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/>
<w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Liste"><w:name w:val="List Number"/>
<w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>
</w:styles>"""
REL_PARTS = {
    "word/_rels/document.xml.rels":
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/numbering" Target="numbering.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/styles" Target="styles.xml"/></Relationships>',
    "word/numbering.xml": NUMBERING,
    "word/styles.xml": STYLES,
}


def _numbered(text: str, num: int = 1, level: int = 0) -> str:
    return paragraph(text, properties=f'<w:numPr><w:ilvl w:val="{level}"/>'
                                      f'<w:numId w:val="{num}"/></w:numPr>')


def _styled(text: str, style: str) -> str:
    return paragraph(text, properties=f'<w:pStyle w:val="{style}"/>')


def _import(tmp_path: Path, document: Path, text_id: str = "draft") -> Session:
    workspace = tmp_path / "workspace"
    cli(tmp_path, "init", str(workspace), codes=[0])
    cli(workspace, "import", str(document), "--text", text_id, codes=[0])
    return Session.open(workspace, text_id)


@needs_pandoc
def test_the_seed_written_by_pandoc_imports_as_the_plain_text_seed(tmp_path):
    docx = pandoc(FIXTURES_SEED, tmp_path / "seed.docx")
    workspace = tmp_path / "workspace"
    cli(tmp_path, "init", str(workspace), codes=[0])
    cli(workspace, "import", str(docx), "--text", "from-docx", codes=[0])
    cli(workspace, "import", str(FIXTURES_SEED), "--text", "from-text", codes=[0])
    folders = workspace / "texts" / "from-docx", workspace / "texts" / "from-text"
    names = sorted(p.name for p in folders[0].iterdir())
    assert names == sorted(p.name for p in folders[1].iterdir())
    assert len(names) == 18  # text.toml, the title, 16 paragraphs
    _, mismatch, errors = filecmp.cmpfiles(*folders, names, shallow=False)
    assert (mismatch, errors) == ([], [])
    text = Session.open(workspace, "from-docx").text
    assert [c.kind for c in text.clauses].count(ClauseKind.PREAMBLE) == 8
    assert text.clause("assembly").text == "The OSCE Parliamentary Assembly:"


def test_text_is_kept_exactly_and_a_soft_break_is_a_line_end(tmp_path):
    body = (_styled("DRAFT RESOLUTION", "Titre")
            + paragraph("1. Recalling “the” Decision No.\u00a09/07 – of 2007,")
            + paragraph("2.\tNoting the tab\there and a line", "<w:r><w:br/></w:r>",
                        "break,", '<w:r><w:noBreakHyphen/><w:t>x</w:t></w:r>')
            + paragraph("The Assembly:")
            + paragraph("3. Calls on States;")
            + paragraph("AMENDMENT TO DRAFT RESOLUTION")
            + paragraph("Principal Sponsor:"))
    text = _import(tmp_path, make_docx(tmp_path / "d.docx", body, parts=REL_PARTS)).text
    assert text.title == "DRAFT RESOLUTION"
    assert text.clause("p1").text == "Recalling “the” Decision No.\u00a09/07 – of 2007,"
    assert text.clause("p2").text == "Noting the tab\there and a line\nbreak,\u2011x"
    assert [c.id for c in text.clauses] == ["title", "p1", "p2", "assembly", "p3"]
    assert text.clause("p3").kind is ClauseKind.OPERATIVE


def test_words_automatic_numbering_with_sub_points(tmp_path):
    body = (_styled("DRAFT RESOLUTION", "berschrift1")
            + _numbered("Acknowledging the estimates,")
            + _numbered("Recognizing the images,")
            + paragraph("The Assembly:")
            + _numbered("Calls on participating States:", num=2)
            + _numbered("to ratify the Convention;", num=2, level=1)
            + _numbered("to implement it;", num=2, level=1)
            + _styled("Urges the Secretariat to act.", "Liste")
            + paragraph("• a bullet after the last paragraph is left out"))
    text = _import(tmp_path, make_docx(tmp_path / "d.docx", body, parts=REL_PARTS)).text
    assert [c.id for c in text.clauses] == ["title", "p1", "p2", "assembly", "p3", "p4"]
    assert text.clause("p3").text == ("Calls on participating States:\n(a)\tto ratify the "
                                      "Convention;\n(b)\tto implement it;")
    assert text.clause("p4").text == "Urges the Secretariat to act."
    assert text.numbers() == {"p1": 1, "p2": 2, "p3": 3, "p4": 4}


def test_a_law_is_read_as_headings_and_articles(tmp_path):
    body = (_styled("Loi relative au mariage", "Titre")
            + _styled("Chapitre Ier – Des qualités requises", "berschrift1")
            + paragraph("Article 144")
            + paragraph("Le mariage ne peut être contracté avant dix-huit ans révolus.")
            + paragraph("Article 144-1 (nouveau)")
            + paragraph("Le procureur peut accorder des dispenses.")
            + paragraph("Il le fait pour des motifs graves.")
            + _styled("Chapitre II", "berschrift1")
            + paragraph("§ 3 Begriffe")
            + paragraph("Im Sinne dieses Gesetzes…"))
    text = _import(tmp_path, make_docx(tmp_path / "law.docx", body, parts=REL_PARTS)).text
    assert text.kind == "law"
    assert text.title == "Loi relative au mariage"
    assert [(c.id, c.kind.value) for c in text.clauses] == [
        ("Chapitre-Ier", "heading"), ("Article-144", "article"), ("Article-144-1", "article"),
        ("Chapitre-II", "heading"), ("Paragraph-3", "article")]
    assert text.clause("Article-144-1").text == ("Article 144-1 (nouveau)\nLe procureur peut "
                                                 "accorder des dispenses.\nIl le fait pour des "
                                                 "motifs graves.")


def test_typed_numbers_out_of_order_are_refused_with_the_paragraph(tmp_path):
    body = _styled("TITLE", "Titre") + paragraph("1. One,") + paragraph("3. Three,")
    workspace = tmp_path / "workspace"
    cli(tmp_path, "init", str(workspace), codes=[0])
    result = cli(workspace, "import", str(make_docx(tmp_path / "d.docx", body, parts=REL_PARTS)),
                 codes=[2])
    assert "paragraph 3 of the document: paragraph 3 comes where paragraph 2 is expected" \
        in result.stderr
    assert not (workspace / "texts" / "d").exists()


def test_a_draft_without_numbered_paragraphs_or_articles_is_refused(tmp_path):
    workspace = tmp_path / "workspace"
    cli(tmp_path, "init", str(workspace), codes=[0])
    document = make_docx(tmp_path / "d.docx", paragraph("Just some prose."))
    result = cli(workspace, "import", str(document), codes=[2])
    assert "no numbered paragraph and no article found" in result.stderr
