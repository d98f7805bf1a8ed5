"""Amendment forms and the two-column sheet, as DOCX (python-docx; deterministic files).

The blocks are written as WordprocessingML text (:class:`docx_xml.BodyXml`) and parsed once:
the forms of the 2,783 GDPR amendments take a fraction of a second this way, against seconds
through python-docx's object API.
"""

from __future__ import annotations

from collections.abc import Sequence

from consolidate.core.model import Amendment, Sponsor
from consolidate.exporters import docx_xml as wx
from consolidate.exporters.base import ExportContext
from consolidate.exporters.common import sponsor_line
from consolidate.exporters.drafting import (
    Drafted,
    Fragment,
    drafted_all,
    sheet_columns,
    sheet_target,
    stamp,
)
from consolidate.exporters.forms_html import SPONSOR_HEAD, form_heading, sponsor_cells

_HEAD_ROW = [wx.run_xml(head, bold=True) for head in SPONSOR_HEAD]
_SHEET_HEAD = [wx.run_xml(head, bold=True) for head in ("Text proposed", "Amendment")]


def _sponsor_table(body: wx.BodyXml, sponsors: Sequence[Sponsor | None]) -> None:
    rows = [_HEAD_ROW]
    for sponsor in list(sponsors) or [None]:
        rows.append([wx.run_xml(value) for value in sponsor_cells(sponsor)])
    body.table(rows)


def _justification(body: wx.BodyXml, amendment: Amendment) -> None:
    if amendment.justification.strip():
        body.text("Justification", bold=True)
        body.text(amendment.justification)


def _form(body: wx.BodyXml, heading: str, draft: Drafted, first: bool) -> None:
    amendment = draft.amendment
    if not first:
        body.page_break()
    body.text(amendment.label, bold=True, align="right")
    body.text(heading, bold=True, align="center")
    body.text(draft.instruction)
    body.text("Principal Sponsor:", bold=True)
    _sponsor_table(body, [amendment.sponsor])
    body.text("Co-sponsored by:", bold=True)
    _sponsor_table(body, list(amendment.cosponsors))
    _justification(body, amendment)


def render_forms_docx(ctx: ExportContext, ids: Sequence[str] | None = None) -> bytes:
    """The forms of the amendments *ids* (all, by number, when None), one page each."""
    drafts = drafted_all(ctx, ids)
    document = wx.new_document()
    body = wx.BodyXml(document)
    heading = form_heading(ctx.consolidation.text)
    for index, draft in enumerate(drafts):
        _form(body, heading, draft, index == 0)
    body.close()
    return wx.save(document, heading, stamp(d.amendment for d in drafts))


def _cell(fragments: Sequence[Fragment]) -> str:
    """The runs of one column: the changed words bold and italic."""
    return "".join(
        wx.run_xml(f.text, bold=f.changed, italic=f.changed) for f in fragments
    )


def _sheet_item(body: wx.BodyXml, draft: Drafted) -> None:
    amendment = draft.amendment
    body.text(f"Amendment {amendment.number}", "Heading 2")
    body.text(sponsor_line(amendment))
    body.text(f"{sheet_target(draft)} ({amendment.status.value})", bold=True)
    left, right = sheet_columns(draft)
    body.table([_SHEET_HEAD, [_cell(left), _cell(right)]])
    _justification(body, amendment)


def render_sheet_docx(ctx: ExportContext, ids: Sequence[str] | None = None) -> bytes:
    """The two-column sheet of the amendments *ids* (all, by number, when None)."""
    drafts = drafted_all(ctx, ids)
    title = f"Amendments to {ctx.consolidation.text.title}"
    document = wx.new_document()
    body = wx.BodyXml(document)
    body.text(title, "Heading 1")
    for draft in drafts:
        _sheet_item(body, draft)
    body.close()
    return wx.save(document, title, stamp(d.amendment for d in drafts))
