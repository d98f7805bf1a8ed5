"""Exporters: the consolidation as text, terminal redline, HTML, CriticMarkup, Markdown,
unified diff, JSON, tracked-changes DOCX, amendment forms and the two-column sheet.

Importing this package is cheap; each format's module (and rich, lxml, python-docx) is
imported when that format is rendered. Every exporter returns bytes and never writes.
"""

from __future__ import annotations

from consolidate.exporters.base import (
    FORMATS,
    ExportContext,
    Exporter,
    UnknownFormatError,
    get_exporter,
)

__all__ = [
    "FORMATS",
    "ExportContext",
    "Exporter",
    "UnknownFormatError",
    "get_exporter",
    "render_amendment_form",
]


def render_amendment_form(ctx: ExportContext, amendment_id: str, fmt: str = "html") -> bytes:
    """The form of one amendment as HTML or DOCX (``consolidate show ID --form``)."""
    from consolidate.exporters.forms import render_amendment_form as render

    return render(ctx, amendment_id, fmt)
