"""Amendment forms and the two-column sheet, as DOCX (python-docx; deterministic files)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

from consolidate.core.model import Action, Amendment, Sponsor
from consolidate.exporters import docx_xml as wx
from consolidate.exporters.base import ExportContext
from consolidate.exporters.common import clean, sponsor_line
from consolidate.exporters.drafting import Drafted, Fragment, columns, drafted, select, stamp
from consolidate.exporters.forms_html import SPONSOR_HEAD, form_heading, sponsor_cells


def _bold_paragraph(document: Any, text: str, *, centre: bool = False) -> Any:
    paragraph = document.add_paragraph()
    paragraph.add_run(clean(text)).bold = True
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def _sponsor_table(document: Any, sponsors: Sequence[Sponsor | None]) -> None:
    rows = list(sponsors) or [None]
    table = wx.grid_table(document, 1 + len(rows), len(SPONSOR_HEAD))
    for cell, head in zip(table.rows[0].cells, SPONSOR_HEAD):
        cell.paragraphs[0].add_run(head).bold = True
    for row, sponsor in zip(table.rows[1:], rows):
        for cell, value in zip(row.cells, sponsor_cells(sponsor)):
            cell.paragraphs[0].add_run(clean(value))


def _justification(document: Any, amendment: Amendment) -> None:
    if amendment.justification.strip():
        _bold_paragraph(document, "Justification")
        document.add_paragraph(clean(amendment.justification))


def _page_break(document: Any, first: bool) -> None:
    if not first:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _form(document: Any, ctx: ExportContext, draft: Drafted) -> None:
    amendment = draft.amendment
    number = document.add_paragraph()
    number.add_run(clean(amendment.label)).bold = True
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _bold_paragraph(document, form_heading(ctx.consolidation.text.title), centre=True)
    document.add_paragraph(clean(draft.instruction))
    _bold_paragraph(document, "Principal Sponsor:")
    _sponsor_table(document, [amendment.sponsor])
    _bold_paragraph(document, "Co-sponsored by:")
    _sponsor_table(document, list(amendment.cosponsors))
    _justification(document, amendment)


def render_forms_docx(ctx: ExportContext, ids: Sequence[str] | None = None) -> bytes:
    """The forms of the amendments *ids* (all, by number, when None), one page each."""
    amendments = select(ctx, ids)
    document = wx.new_document()
    for index, amendment in enumerate(amendments):
        _page_break(document, index == 0)
        _form(document, ctx, drafted(ctx, amendment))
    return wx.save(document, form_heading(ctx.consolidation.text.title), stamp(amendments))


def _fill(cell: Any, fragments: Sequence[Fragment]) -> None:
    paragraph = cell.paragraphs[0]
    for fragment in fragments:
        run = paragraph.add_run(clean(fragment.text))
        if fragment.changed:
            run.bold = run.italic = True


def _sheet_columns(draft: Drafted) -> tuple[list[Fragment], list[Fragment]]:
    action = draft.amendment.action
    if action is Action.DELETE:
        return [Fragment(draft.base, False)], [Fragment("deleted", True)]
    if action.inserts:
        return [], [Fragment(draft.proposed, True)]
    return columns(draft)


def _sheet_item(document: Any, draft: Drafted) -> None:
    amendment = draft.amendment
    document.add_heading(clean(f"Amendment {amendment.number}"), level=2)
    document.add_paragraph(clean(sponsor_line(amendment)))
    target = draft.label[:1].upper() + draft.label[1:]
    if amendment.action.inserts:
        word = "after" if amendment.action is Action.INSERT_AFTER else "before"
        target = f"New paragraph, {word} {draft.label}"
    _bold_paragraph(document, f"{target} ({amendment.status.value})")
    table = wx.grid_table(document, 2, 2)
    for cell, head in zip(table.rows[0].cells, ("Text proposed", "Amendment")):
        cell.paragraphs[0].add_run(head).bold = True
    left, right = _sheet_columns(draft)
    _fill(table.rows[1].cells[0], left)
    _fill(table.rows[1].cells[1], right)
    _justification(document, amendment)


def render_sheet_docx(ctx: ExportContext, ids: Sequence[str] | None = None) -> bytes:
    """The two-column sheet of the amendments *ids* (all, by number, when None)."""
    amendments = select(ctx, ids)
    title = f"Amendments to {ctx.consolidation.text.title}"
    document = wx.new_document()
    document.add_heading(clean(title), level=1)
    for amendment in amendments:
        _sheet_item(document, drafted(ctx, amendment))
    return wx.save(document, title, stamp(amendments))
