"""Amendment forms and the two-column sheet, as DOCX (python-docx; deterministic files)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

from consolidate.core.model import Amendment, Sponsor
from consolidate.exporters import docx_xml as wx
from consolidate.exporters.base import ExportContext
from consolidate.exporters.common import clean, sponsor_line
from consolidate.exporters.drafting import (
    Drafted,
    Fragment,
    drafted_all,
    sheet_columns,
    sheet_target,
    stamp,
)
from consolidate.exporters.forms_html import SPONSOR_HEAD, form_heading, sponsor_cells


def _sponsor_table(stage: wx.Stage, sponsors: Sequence[Sponsor | None]) -> None:
    rows = list(sponsors) or [None]
    table = stage.table(1 + len(rows), len(SPONSOR_HEAD))
    for cell, head in zip(table.rows[0].cells, SPONSOR_HEAD):
        cell.paragraphs[0].add_run(head).bold = True
    for row, sponsor in zip(table.rows[1:], rows):
        for cell, value in zip(row.cells, sponsor_cells(sponsor)):
            cell.paragraphs[0].add_run(clean(value))


def _justification(stage: wx.Stage, amendment: Amendment) -> None:
    if amendment.justification.strip():
        stage.bold("Justification")
        stage.paragraph(amendment.justification)


def _form(stage: wx.Stage, ctx: ExportContext, draft: Drafted, first: bool) -> None:
    amendment = draft.amendment
    if not first:
        stage.paragraph().add_run().add_break(WD_BREAK.PAGE)
    stage.bold(amendment.label, WD_ALIGN_PARAGRAPH.RIGHT)
    stage.bold(form_heading(ctx.consolidation.text.title), WD_ALIGN_PARAGRAPH.CENTER)
    stage.paragraph(draft.instruction)
    stage.bold("Principal Sponsor:")
    _sponsor_table(stage, [amendment.sponsor])
    stage.bold("Co-sponsored by:")
    _sponsor_table(stage, list(amendment.cosponsors))
    _justification(stage, amendment)


def render_forms_docx(ctx: ExportContext, ids: Sequence[str] | None = None) -> bytes:
    """The forms of the amendments *ids* (all, by number, when None), one page each."""
    drafts = drafted_all(ctx, ids)
    document = wx.new_document()
    stage = wx.Stage(document)
    for index, draft in enumerate(drafts):
        _form(stage, ctx, draft, index == 0)
        stage.flush()
    title = form_heading(ctx.consolidation.text.title)
    return wx.save(document, title, stamp(d.amendment for d in drafts))


def _fill(cell: Any, fragments: Sequence[Fragment]) -> None:
    paragraph = cell.paragraphs[0]
    for fragment in fragments:
        run = paragraph.add_run(clean(fragment.text))
        if fragment.changed:
            run.bold = run.italic = True


def _sheet_item(stage: wx.Stage, draft: Drafted) -> None:
    amendment = draft.amendment
    stage.paragraph(f"Amendment {amendment.number}", "Heading 2")
    stage.paragraph(sponsor_line(amendment))
    stage.bold(f"{sheet_target(draft)} ({amendment.status.value})")
    table = stage.table(2, 2)
    for cell, head in zip(table.rows[0].cells, ("Text proposed", "Amendment")):
        cell.paragraphs[0].add_run(head).bold = True
    left, right = sheet_columns(draft)
    _fill(table.rows[1].cells[0], left)
    _fill(table.rows[1].cells[1], right)
    _justification(stage, amendment)


def render_sheet_docx(ctx: ExportContext, ids: Sequence[str] | None = None) -> bytes:
    """The two-column sheet of the amendments *ids* (all, by number, when None)."""
    drafts = drafted_all(ctx, ids)
    title = f"Amendments to {ctx.consolidation.text.title}"
    document = wx.new_document()
    stage = wx.Stage(document)
    stage.paragraph(title, "Heading 1")
    for draft in drafts:
        _sheet_item(stage, draft)
        stage.flush()
    return wx.save(document, title, stamp(d.amendment for d in drafts))
