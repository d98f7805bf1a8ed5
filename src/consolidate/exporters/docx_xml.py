"""Low-level WordprocessingML for the DOCX exporters: runs, revisions, deterministic files.

Imported only when a DOCX is rendered: it imports python-docx (and so lxml).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import docx
from docx.blkcntnr import BlockItemContainer
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml
from docx.shared import Emu, Pt

from consolidate.exporters.common import clean

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
DROPPED_RELATIONSHIPS = (
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
)
KEPT_TABLE_STYLES = frozenset({"TableNormal", "TableGrid"})
CONTENT_TYPES = "[Content_Types].xml"
Element = Any  # an lxml element of python-docx's oxml classes


@dataclass
class RevisionIds:
    """Hands out the ``w:id`` of revisions: unique across the whole document."""

    last: int = field(default=0)

    def next(self) -> str:
        self.last += 1
        return str(self.last)


def _text_element(tag: str, text: str) -> Element:
    element = OxmlElement(tag)
    element.text = text
    if text != text.strip():
        element.set(qn("xml:space"), "preserve")
    return element


def run(text: str, *, deleted: bool = False, italic: bool = False, bold: bool = False) -> Element:
    """A ``w:r`` holding *text* (``w:delText`` if deleted); tabs and line breaks kept."""
    element = OxmlElement("w:r")
    if italic or bold:
        properties = OxmlElement("w:rPr")
        if bold:
            properties.append(OxmlElement("w:b"))
        if italic:
            properties.append(OxmlElement("w:i"))
        element.append(properties)
    tag = "w:delText" if deleted else "w:t"
    for line_index, line in enumerate(clean(text).split("\n")):
        if line_index:
            element.append(OxmlElement("w:br"))
        for tab_index, chunk in enumerate(line.split("\t")):
            if tab_index:
                element.append(OxmlElement("w:tab"))
            if chunk:
                element.append(_text_element(tag, chunk))
    return element


def revision(tag: str, ids: RevisionIds, author: str, date: str) -> Element:
    """An empty ``w:ins`` or ``w:del`` with its id, author and date."""
    element = OxmlElement(tag)
    element.set(qn("w:id"), ids.next())
    element.set(qn("w:author"), clean(author))
    element.set(qn("w:date"), date)
    return element


def revised_run(tag: str, text: str, ids: RevisionIds, author: str, date: str) -> Element:
    """*text* inserted (``w:ins``) or deleted (``w:del``, in ``w:delText``)."""
    element = revision(tag, ids, author, date)
    element.append(run(text, deleted=tag == "w:del"))
    return element


def mark_paragraph(paragraph: Element, tag: str, ids: RevisionIds, author: str, date: str) -> None:
    """Mark the paragraph mark itself inserted or deleted (``w:pPr/w:rPr/w:ins|w:del``)."""
    properties = paragraph.get_or_add_pPr()
    run_properties = OxmlElement("w:rPr")
    run_properties.append(revision(tag, ids, author, date))
    properties.append(run_properties)


def new_document(styles: Iterable[str] = ()) -> Any:
    """A python-docx Document with extra paragraph styles (based on Normal) of these names."""
    document = docx.Document()
    for name in styles:
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.paragraph_format.space_after = Pt(6)
        style.quick_style = True
    return document


class Stage:
    """Builds blocks in a small detached body and moves them into the document.

    python-docx adds every block by searching the whole body for its section properties,
    so a long document costs time quadratic in its length. A stage adds blocks to a body
    of a few elements, and :meth:`flush` moves them before the (once found) ``w:sectPr``.
    """

    def __init__(self, document: Any) -> None:
        self.document = document
        body = document.element.body
        self.anchor = body.sectPr
        self.body = body
        self.style_ids: dict[str, str | None] = {}
        self._fresh()

    def _fresh(self) -> None:
        self.element = OxmlElement("w:body")
        self.blocks = BlockItemContainer(self.element, self.document)

    def paragraph(self, text: str = "", style: str | None = None) -> Any:
        """A new paragraph (python-docx ``Paragraph``) with *text* in one run.

        The style is named; its id is looked up once (python-docx looks it up every time).
        """
        paragraph = self.blocks.add_paragraph(clean(text))
        if style is not None:
            if style not in self.style_ids:
                found = self.document.styles[style]
                self.style_ids[style] = None if found.style_id == "Normal" else found.style_id
            paragraph._p.style = self.style_ids[style]
        return paragraph

    def flush(self) -> None:
        """Move what was built into the document, before its section properties."""
        for child in list(self.element):
            if self.anchor is not None:
                self.anchor.addprevious(child)
            else:
                self.body.append(child)
        self._fresh()


_RUN_BREAK_RE = re.compile(r"([\t\r\n])")
_RUN_BREAKS = {"\t": "<w:tab/>", "\r": "<w:br/>", "\n": "<w:br/>"}


def xml_text(text: str) -> str:
    """*text* escaped for XML character data or a double-quoted attribute value."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def run_xml(text: str, *, bold: bool = False, italic: bool = False) -> str:
    """A ``w:r`` as XML text, the run python-docx's ``add_run(text)`` makes.

    Control characters are dropped; a tab is a ``w:tab``, a carriage return or line feed
    a ``w:br``; white space at the ends of a ``w:t`` is preserved.
    """
    properties = ""
    if bold or italic:
        properties = "<w:rPr>" + ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
        properties += "</w:rPr>"
    content: list[str] = []
    for chunk in _RUN_BREAK_RE.split(clean(text)):
        if not chunk:
            continue
        if chunk in _RUN_BREAKS:
            content.append(_RUN_BREAKS[chunk])
        elif len(chunk.strip()) < len(chunk):
            content.append(f'<w:t xml:space="preserve">{xml_text(chunk)}</w:t>')
        else:
            content.append(f"<w:t>{xml_text(chunk)}</w:t>")
    if not properties and not content:
        return "<w:r/>"
    return f"<w:r>{properties}{''.join(content)}</w:r>"


class BodyXml:
    """Builds the blocks of a document body as XML text, and parses them in one go.

    python-docx's object API costs about a millisecond per block (it keeps every child in
    schema order by searching the siblings): thousands of amendment forms took seconds. The
    XML written here is what python-docx writes for the same calls (``add_paragraph``,
    ``add_run``, ``bold``/``italic``, ``alignment``, ``add_table``, a page break), so the
    document is the same; :meth:`close` puts the blocks before the section properties.
    """

    def __init__(self, document: Any) -> None:
        self.document = document
        section = document.sections[0]
        self.width = section.page_width - section.left_margin - section.right_margin
        self.parts: list[str] = []
        self.style_ids: dict[str, str | None] = {}

    def style_id(self, name: str) -> str | None:
        """The id of the paragraph style *name* (None for Normal), looked up once."""
        if name not in self.style_ids:
            found = self.document.styles[name]
            self.style_ids[name] = None if found.style_id == "Normal" else found.style_id
        return self.style_ids[name]

    def paragraph(self, runs: str = "", style: str | None = None, align: str | None = None) -> None:
        """A paragraph of *runs* (``run_xml`` text), with a style and an alignment."""
        self.parts.append(self.paragraph_xml(runs, style, align))

    def paragraph_xml(self, runs: str = "", style: str | None = None,
                      align: str | None = None) -> str:
        style_id = self.style_id(style) if style is not None else None
        properties = ""
        if style_id or align:
            properties = "<w:pPr>"
            if style_id:
                properties += f'<w:pStyle w:val="{xml_text(style_id)}"/>'
            if align:
                properties += f'<w:jc w:val="{align}"/>'
            properties += "</w:pPr>"
        if not properties and not runs:
            return "<w:p/>"
        return f"<w:p>{properties}{runs}</w:p>"

    def text(self, text: str, style: str | None = None, *, bold: bool = False,
             align: str | None = None) -> None:
        """A paragraph holding *text* in one run (no run when the text is empty)."""
        text = clean(text)
        self.paragraph(run_xml(text, bold=bold) if text or bold else "", style, align)

    def page_break(self) -> None:
        """A paragraph holding a page break."""
        self.parts.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')

    def table(self, rows: list[list[str]], style: str = "TableGrid") -> None:
        """A full-width table; each cell is the runs of its one paragraph."""
        cols = max((len(row) for row in rows), default=0)
        twips = Emu(self.width // cols).twips if cols else 0
        grid = f'<w:gridCol w:w="{twips}"/>' * cols
        cell = f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{twips}"/></w:tcPr>'
        body = "".join(
            "<w:tr>" + "".join(
                cell + (f"<w:p>{runs}</w:p>" if runs else "<w:p/>") + "</w:tc>" for runs in row
            ) + "</w:tr>"
            for row in rows
        )
        self.parts.append(
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:type="auto" w:w="0"/>'
            '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
            'w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>"
        )

    def close(self) -> None:
        """Parse what was built and put it into the document, before its ``w:sectPr``."""
        parsed = parse_xml(f"<w:body {nsdecls('w')}>{''.join(self.parts)}</w:body>")
        self.parts = []
        body = self.document.element.body
        anchor = body.sectPr
        for child in list(parsed):
            if anchor is not None:
                anchor.addprevious(child)
            else:
                body.append(child)


def slim(document: Any) -> None:
    """Drop what the template carries but a document does not need.

    The template's thumbnail (a picture of another document), the Word 2010 copy of the
    styles, and the hundred table styles nobody uses: 780 kB of the 840 kB file.
    """
    for rels in (document.part.package.rels, document.part.rels):
        for rel_id, rel in list(rels.items()):
            if rel.reltype in DROPPED_RELATIONSHIPS:
                del rels[rel_id]
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        unused = style.get(qn("w:styleId")) not in KEPT_TABLE_STYLES
        if style.get(qn("w:type")) == "table" and unused:
            styles.remove(style)


def set_properties(document: Any, title: str, stamp: str) -> None:
    """Fixed core properties, so that two builds are the same file."""
    when = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    props = document.core_properties
    props.title = clean(title)
    props.author = "consolidate"
    props.last_modified_by = "consolidate"
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    props.comments = ""
    props.subject = ""
    props.keywords = ""
    props.category = ""
    props.content_status = ""
    props.identifier = ""
    props.language = ""
    props.version = ""


def deterministic_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and order, stored uncompressed.

    ``[Content_Types].xml`` comes first, the other parts in name order. Entries are stored
    rather than deflated: deflate output differs between zlib implementations, and the
    same workspace must give the same bytes on every machine.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(source.namelist(), key=lambda n: (n != CONTENT_TYPES, n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, source.read(name))
    return out.getvalue()


def save(document: Any, title: str, stamp: str) -> bytes:
    """The document as DOCX bytes, the same on every run."""
    slim(document)
    set_properties(document, title, stamp)
    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic_zip(buffer.getvalue())
