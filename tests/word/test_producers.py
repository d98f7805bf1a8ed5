"""Documents from other producers than pandoc: LibreOffice re-saving pandoc's documents (new
runs, ids and attributes), LibreOffice's own comparison of two documents (it makes the tracked
changes itself), and a document whose runs are cut inside words. For each, the amendments
tabled and adopted give the document with every change accepted, word for word."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from lxml import etree
from support import cli

from consolidate.app.session import Session

from .documents import ANNA, MARIA, NEW_PARAGRAPH
from .kit import (
    accepted_text,
    adopt_all,
    amendment_ids,
    consolidated,
    draft_workspace,
    needs_pandoc,
    needs_soffice,
    rewrite_part,
    soffice_compare,
    soffice_resave,
    words,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
pytestmark = needs_pandoc


def _round(workspace: Path, tracked: Path) -> tuple[list[str], str]:
    ids = amendment_ids(cli(workspace, "amend", "--docx", str(tracked), codes=[0]))
    adopt_all(workspace, ids)
    return ids, consolidated(workspace)


@pytest.fixture(scope="module")
def resaved(typed_pair, numbered_pair, tmp_path_factory):
    """pandoc's tracked documents, opened and saved again by LibreOffice."""
    root = tmp_path_factory.mktemp("resaved")
    paths = [typed_pair.tracked, numbered_pair.tracked]
    typed, numbered = soffice_resave(paths, root / "out", root / "profile")
    return {"typed": typed, "numbered": numbered}


@needs_soffice
@pytest.mark.parametrize("name", ["typed", "numbered"])
def test_documents_resaved_by_libreoffice(resaved, request, name, tmp_path):
    pair = request.getfixturevalue(f"{name}_pair")
    document = resaved[name]
    assert document.read_bytes() != pair.tracked.read_bytes()
    workspace = draft_workspace(tmp_path, pair.draft)
    ids, text = _round(workspace, document)
    assert len(ids) == 8
    assert words(text) == words(accepted_text(document)) == words(accepted_text(pair.tracked))
    sponsors = [a.sponsor.short for a in Session.open(workspace).amendments if a.sponsor]
    assert sponsors.count("Anna SCHMIDT (Germany)") == 2


@needs_soffice
@pytest.mark.parametrize("name", ["typed", "numbered"])
def test_libreoffice_compares_two_documents_and_its_changes_become_amendments(request, name,
                                                                             tmp_path):
    pair = request.getfixturevalue(f"{name}_pair")
    from .kit import pandoc

    edited = pandoc(pair.tracked, tmp_path / "edited.docx", "--track-changes=accept",
                    fmt="docx")
    compared = soffice_compare(pair.draft, edited, tmp_path / "compared.docx",
                               tmp_path / "profile", "Anna SCHMIDT (Germany)")
    workspace = draft_workspace(tmp_path, pair.draft)
    ids, text = _round(workspace, compared)
    assert ids
    assert words(text) == words(accepted_text(edited))
    assert NEW_PARAGRAPH in text
    amendments = Session.open(workspace).amendments
    assert {a.sponsor.short for a in amendments} == {"Anna SCHMIDT (Germany)"}
    assert {a.action.value for a in amendments} >= {"modify", "delete", "insert-after"}


def _split_runs(xml: bytes, seed: int) -> bytes:
    """Cut every run into runs of one to three characters, with spell-check marks and
    bookmarks between them, and every revision into several revisions of the same author."""
    rng = random.Random(seed)
    root = etree.fromstring(xml)
    for run_element in list(root.iter(W + "r")):
        texts = [c for c in run_element if c.tag in (W + "t", W + "delText")]
        if len(texts) != 1 or len(run_element) - len(texts) > 1:
            continue
        text_element = texts[0]
        value = text_element.text or ""
        properties = run_element.find(W + "rPr")
        pieces, start = [], 0
        while start < len(value):
            end = min(len(value), start + rng.randint(1, 3))
            pieces.append(value[start:end])
            start = end
        parent = run_element.getparent()
        index = parent.index(run_element)
        parent.remove(run_element)
        for offset, piece in enumerate(pieces):
            new = etree.Element(W + "r")
            new.set(W + "rsidR", f"00{rng.randint(100000, 999999)}")
            if properties is not None:
                new.append(etree.fromstring(etree.tostring(properties)))
            t = etree.SubElement(new, text_element.tag)
            t.text = piece
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            parent.insert(index + 2 * offset, new)
            marker = etree.Element(W + ("proofErr" if offset % 2 else "bookmarkEnd"))
            marker.set(W + ("type" if offset % 2 else "id"), "spellStart" if offset % 2 else "9")
            parent.insert(index + 2 * offset + 1, marker)
    for revision in list(root.iter(W + "ins", W + "del")):
        runs = list(revision)
        if len(runs) < 2 or revision.getparent().tag != W + "p":
            continue
        parent = revision.getparent()
        index = parent.index(revision)
        half = len(runs) // 2
        twin = etree.Element(revision.tag, dict(revision.attrib))
        twin.set(W + "id", str(rng.randint(5000, 9000)))
        for child in runs[half:]:
            twin.append(child)
        parent.insert(index + 1, twin)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def test_runs_cut_inside_words_give_the_same_amendments(typed_pair, tmp_path):
    cut = rewrite_part(typed_pair.tracked, tmp_path / "cut.docx", "word/document.xml",
                       lambda data: _split_runs(data, 7))
    xml = cut.read_bytes()
    assert xml != typed_pair.tracked.read_bytes()
    one = draft_workspace(tmp_path / "one", typed_pair.draft)
    other = draft_workspace(tmp_path / "other", typed_pair.draft)
    said = cli(one, "amend", "--docx", str(typed_pair.tracked), "--dry-run", codes=[0]).stdout
    assert cli(other, "amend", "--docx", str(cut), "--dry-run", codes=[0]).stdout == said
    cli(one, "amend", "--docx", str(typed_pair.tracked), "--tabled", "2008-07-01", codes=[0])
    cli(other, "amend", "--docx", str(cut), "--tabled", "2008-07-01", codes=[0])
    patches = [[(a.number, a.clause, a.patch, a.sponsor) for a in
                sorted(Session.open(ws).amendments, key=lambda a: a.number_key())]
               for ws in (one, other)]
    assert patches[0] == patches[1]
    assert "’" in said or "“" in said
    assert "\u00a0" in said


def test_runs_cut_inside_words_keep_no_break_spaces_and_quotes(typed_pair, tmp_path):
    cut = rewrite_part(typed_pair.tracked, tmp_path / "cut.docx", "word/document.xml",
                       lambda data: _split_runs(data, 11))
    workspace = draft_workspace(tmp_path, typed_pair.draft)
    _, text = _round(workspace, cut)
    assert "credit card companies,\u00a0banks and “payment” services" in text
    assert re.search(r"Decision No\.\u00a09/07", text)
    assert words(text) == words(accepted_text(typed_pair.tracked))


def test_authors_of_the_test_documents(typed_pair, tmp_path):
    """The sponsors read from pandoc's authors: names in their parts, countries kept."""
    workspace = draft_workspace(tmp_path, typed_pair.draft)
    cli(workspace, "amend", "--docx", str(typed_pair.tracked), codes=[0])
    by_sponsor = {a.sponsor.display for a in Session.open(workspace).amendments if a.sponsor}
    assert ANNA in by_sponsor and MARIA in by_sponsor
    assert "Olena KOVALENKO (Ukraine)" in by_sponsor
    assert "jsmith" in by_sponsor
