"""Amendment forms and the two-column sheet: the entry points.

``render_amendment_form(ctx, amendment_id, "text"|"html"|"docx")`` is what ``consolidate
show ID --form`` calls (plain text when no format is given); the other functions are the
registry's ``forms``, ``forms-docx``, ``sheet`` and ``sheet-docx`` formats. The DOCX code
(python-docx) is imported only when needed.
"""

from __future__ import annotations

from collections.abc import Sequence

from consolidate.core.model import Sponsor
from consolidate.exporters.base import ExportContext
from consolidate.exporters.drafting import Drafted, drafted_all
from consolidate.exporters.forms_html import (
    SPONSOR_HEAD,
    form_heading,
    render_forms_html,
    render_sheet_html,
    sponsor_cells,
)

FORM_FORMATS = ("text", "html", "docx")


def _sponsor_rows(sponsors: Sequence[Sponsor]) -> list[str]:
    """The sponsor table as aligned columns (Mr/Mrs, name, country), the empty signature
    box left out."""
    rows = [SPONSOR_HEAD[:3]] + [sponsor_cells(s)[:3] for s in sponsors]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    return ["  " + f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]}".rstrip()
            for row in rows]


def form_text(ctx: ExportContext, draft: Drafted) -> str:
    """One amendment form as plain text: number, heading, instruction, sponsors,
    justification."""
    amendment = draft.amendment
    parts = [amendment.label, "", form_heading(ctx.consolidation.text), "", draft.instruction,
             "", "Principal Sponsor:"]
    parts += _sponsor_rows([amendment.sponsor] if amendment.sponsor else [])
    parts += ["", "Co-sponsored by:", *_sponsor_rows(amendment.cosponsors)]
    if amendment.justification.strip():
        parts += ["", "Justification:", amendment.justification.strip()]
    return "\n".join(parts) + "\n"


def render_forms_docx(ctx: ExportContext, ids: Sequence[str] | None = None) -> bytes:
    """The amendment forms as DOCX (see :mod:`consolidate.exporters.forms_docx`)."""
    from consolidate.exporters.forms_docx import render_forms_docx as render_docx

    return render_docx(ctx, ids)


def render_sheet_docx(ctx: ExportContext, ids: Sequence[str] | None = None) -> bytes:
    """The two-column sheet as DOCX."""
    from consolidate.exporters.forms_docx import render_sheet_docx as render_docx

    return render_docx(ctx, ids)


def render_amendment_form(ctx: ExportContext, amendment_id: str, fmt: str = "html") -> bytes:
    """The form of one amendment, as plain text or HTML (UTF-8), or DOCX bytes.

    Raises KeyError for an unknown amendment and ValueError for an unknown format.
    """
    if fmt == "text":
        return "\n".join(form_text(ctx, d) for d in drafted_all(ctx, [amendment_id])).encode()
    if fmt == "html":
        return render_forms_html(ctx, [amendment_id]).encode("utf-8")
    if fmt == "docx":
        return render_forms_docx(ctx, [amendment_id])
    raise ValueError(f"unknown form format {fmt!r}; choose one of: {', '.join(FORM_FORMATS)}")


def render_forms(ctx: ExportContext) -> bytes:
    """The ``forms`` format: the forms of all amendments, HTML."""
    return render_forms_html(ctx).encode("utf-8")


def render_forms_docx_all(ctx: ExportContext) -> bytes:
    """The ``forms-docx`` format."""
    return render_forms_docx(ctx)


def render_sheet(ctx: ExportContext) -> bytes:
    """The ``sheet`` format: all amendments side by side with the text, HTML."""
    return render_sheet_html(ctx).encode("utf-8")


def render_sheet_docx_all(ctx: ExportContext) -> bytes:
    """The ``sheet-docx`` format."""
    return render_sheet_docx(ctx)
