"""Amendment forms and the two-column sheet: the entry points.

``render_amendment_form(ctx, amendment_id, "html"|"docx")`` is what ``consolidate show ID
--form`` calls; the other functions are the registry's ``forms``, ``forms-docx``, ``sheet``
and ``sheet-docx`` formats. The DOCX code (python-docx) is imported only when needed.
"""

from __future__ import annotations

from collections.abc import Sequence

from consolidate.exporters.base import ExportContext
from consolidate.exporters.forms_html import render_forms_html, render_sheet_html

FORM_FORMATS = ("html", "docx")


def render_forms_docx(ctx: ExportContext, ids: Sequence[str] | None = None) -> bytes:
    """The amendment forms as DOCX (see :mod:`consolidate.exporters.forms_docx`)."""
    from consolidate.exporters.forms_docx import render_forms_docx as render_docx

    return render_docx(ctx, ids)


def render_sheet_docx(ctx: ExportContext, ids: Sequence[str] | None = None) -> bytes:
    """The two-column sheet as DOCX."""
    from consolidate.exporters.forms_docx import render_sheet_docx as render_docx

    return render_docx(ctx, ids)


def render_amendment_form(ctx: ExportContext, amendment_id: str, fmt: str = "html") -> bytes:
    """The form of one amendment, as HTML (UTF-8) or DOCX bytes.

    Raises KeyError for an unknown amendment and ValueError for an unknown format.
    """
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
