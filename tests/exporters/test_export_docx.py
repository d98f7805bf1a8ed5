"""DOCX with tracked changes: checked in its XML and with pandoc, a real client."""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from consolidate.core.model import Consolidation
from consolidate.exporters import ExportContext, get_exporter

from .helpers import SCRIPT, small_consolidation, words

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None, reason="needs pandoc")


def docx(ctx: ExportContext) -> bytes:
    return get_exporter("docx").render(ctx)


def document_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/document.xml"))


def pandoc(data: bytes, tmp_path: Path, mode: str, to: str = "plain") -> str:
    path = tmp_path / f"{mode}.docx"
    path.write_bytes(data)
    result = subprocess.run(
        ["pandoc", f"--track-changes={mode}", "-f", "docx", "-t", to, "-s", "--wrap=none",
         str(path)],
        capture_output=True, check=True,
    )
    return result.stdout.decode("utf-8")


def test_every_revision_has_a_unique_id_an_author_and_a_date(ctx: ExportContext) -> None:
    root = document_xml(docx(ctx))
    revisions = root.xpath("//w:ins|//w:del", namespaces=NS)
    assert len(revisions) >= 12
    ids = Counter(r.get(f"{{{W}}}id") for r in revisions)
    assert all(count == 1 for count in ids.values())
    for revision in revisions:
        assert revision.get(f"{{{W}}}author")
        assert DATE_RE.match(revision.get(f"{{{W}}}date"))


def test_deleted_text_is_only_in_deltext(ctx: ExportContext) -> None:
    root = document_xml(docx(ctx))
    assert not root.xpath("//w:del//w:t", namespaces=NS)
    assert not root.xpath("//w:delText[not(ancestor::w:del)]", namespaces=NS)
    deleted = "".join(root.xpath("//w:delText/text()", namespaces=NS))
    assert "pornography" in deleted and "credit card companies, banks," in deleted


def test_authors_and_dates_come_from_the_amendments(ctx: ExportContext) -> None:
    root = document_xml(docx(ctx))
    stamps = {
        (r.get(f"{{{W}}}author"), r.get(f"{{{W}}}date"))
        for r in root.xpath("//w:ins|//w:del", namespaces=NS)
    }
    assert ("AM 1 – Pierre DUPONT (France)", "2008-07-02T00:00:00Z") in stamps
    assert (f"AM 2 – Eve & <b> {SCRIPT} (Ruritania)", "2008-06-30T00:00:00Z") in stamps  # tabled
    assert ("AM 4 – Jan NOVÁK (Czech Republic)", "1970-01-01T00:00:00Z") in stamps  # no dates
    assert ("consolidate – renumbering", "2008-07-02T00:00:00Z") in stamps


def test_whole_paragraphs_mark_their_paragraph_mark(ctx: ExportContext) -> None:
    root = document_xml(docx(ctx))
    deleted = root.xpath("//w:p[w:pPr/w:rPr/w:del]", namespaces=NS)
    inserted = root.xpath("//w:p[w:pPr/w:rPr/w:ins]", namespaces=NS)
    assert len(deleted) == 1 and len(inserted) == 1
    deleted_text = "".join(deleted[0].xpath(".//w:delText/text()", namespaces=NS))
    assert deleted_text.startswith("14. Requests")
    assert "".join(inserted[0].xpath(".//w:t/text()", namespaces=NS)).startswith("12. Urges")


def test_styles_and_control_characters(ctx: ExportContext) -> None:
    data = docx(ctx)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml")
        styles = package.read("word/styles.xml").decode()
        infos = package.infolist()
    assert b"\x07" not in xml and b"]]&gt;" in xml
    assert 'w:styleId="Preamble"' in styles and 'w:styleId="Operative"' in styles
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    root = etree.fromstring(xml)
    italic = root.xpath("//w:r[w:rPr/w:i]/w:t/text()", namespaces=NS)
    assert italic[:2] == ["Acknowledging", "Recognizing"]


@needs_pandoc
def test_pandoc_accepting_every_change_gives_the_consolidated_text(
    ctx: ExportContext, tmp_path: Path
) -> None:
    accepted = pandoc(docx(ctx), tmp_path, "accept")
    assert words(accepted) == words(get_exporter("text").render(ctx).decode())


@needs_pandoc
def test_pandoc_rejecting_every_change_gives_the_original(
    ctx: ExportContext, tmp_path: Path, original_text: str
) -> None:
    assert words(pandoc(docx(ctx), tmp_path, "reject")) == words(original_text)


@needs_pandoc
def test_pandoc_shows_every_change_with_its_author(ctx: ExportContext, tmp_path: Path) -> None:
    out = pandoc(docx(ctx), tmp_path, "all", to="html")
    authors = {html.unescape(a) for a in re.findall(r'data-author="([^"]*)"', out)}
    expected = {ctx.amendments[a].author for a in ctx.consolidation.applied}
    assert authors == expected | {"consolidate – renumbering"}
    assert re.search(r'class="deletion" data-author="AM 1 – Pierre DUPONT \(France\)"[^>]*>'
                     r"pornography</span>", out)


@needs_pandoc
@pytest.mark.parametrize(
    "rows",
    [
        [("a", "First.", None), ("b", "Second.", "Second, amended.")],
        [("a", "Tab\there", "Tab\tthere"), ("b", None, "New\nwith a line break")],
        [("a", "Only one.", None)],
    ],
)
def test_pandoc_round_trips_small_texts(tmp_path: Path, rows) -> None:
    consolidation: Consolidation = small_consolidation(rows)
    ctx = ExportContext(consolidation, {})
    data = docx(ctx)
    from .helpers import document

    assert words(pandoc(data, tmp_path, "accept")) == words(document(consolidation, original=False))
    assert words(pandoc(data, tmp_path, "reject")) == words(document(consolidation, original=True))
