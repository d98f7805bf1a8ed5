"""The fast DOCX body builder writes what python-docx's object API writes."""

from __future__ import annotations

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from lxml import etree

from consolidate.exporters import docx_xml as wx
from consolidate.exporters.common import clean

TEXTS = [
    "plain words",
    "",
    "  leading and trailing  ",
    "tab\there",
    "line\nbreak and\r\nCRLF\rCR",
    "escape <b>&amp;</b> \"quotes\" 'apostrophes' ]]>",
    "control\x07bell\x0bvt\x00nul",
    "\x07",
    "non-breaking\u00a0space\u00a0",
    "Привет, 世界, عربى",
]


def body_xml(document) -> bytes:
    return etree.tostring(document.element.body)


@pytest.mark.parametrize("text", TEXTS)
def test_paragraphs_and_runs_are_what_python_docx_writes(text: str) -> None:
    by_api = wx.new_document()
    paragraph = by_api.add_paragraph(clean(text))
    paragraph = by_api.add_paragraph(clean(text), "Heading 2")
    paragraph = by_api.add_paragraph()
    paragraph.add_run(clean(text)).bold = True
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph = by_api.add_paragraph()
    run = paragraph.add_run(clean(text))
    run.bold = run.italic = True
    paragraph.add_run(clean(text))
    by_api.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    fast = wx.new_document()
    body = wx.BodyXml(fast)
    body.text(text)
    body.text(text, "Heading 2")
    body.text(text, bold=True, align="right")
    body.paragraph(wx.run_xml(text, bold=True, italic=True) + wx.run_xml(text))
    body.page_break()
    body.close()
    assert body_xml(fast) == body_xml(by_api)


@pytest.mark.parametrize("cols", [2, 4])
def test_tables_are_what_python_docx_writes(cols: int) -> None:
    by_api = wx.new_document()
    table = by_api.add_table(2, cols)  # full width, as the forms had it
    table._tbl.tblPr.style = "TableGrid"
    for cell, text in zip(table.rows[0].cells, TEXTS):
        cell.paragraphs[0].add_run(clean(text)).bold = True
    for cell, text in zip(table.rows[1].cells, reversed(TEXTS)):
        cell.paragraphs[0].add_run(clean(text))

    fast = wx.new_document()
    body = wx.BodyXml(fast)
    body.table([[wx.run_xml(t, bold=True) for t in TEXTS[:cols]],
                [wx.run_xml(t) for t in list(reversed(TEXTS))[:cols]]])
    body.close()
    assert body_xml(fast) == body_xml(by_api)


def test_blocks_go_before_the_section_properties() -> None:
    document = wx.new_document()
    body = wx.BodyXml(document)
    body.text("first")
    body.text("second")
    body.close()
    tags = [etree.QName(child).localname for child in document.element.body]
    assert tags == ["p", "p", "sectPr"]
