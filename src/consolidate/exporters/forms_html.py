"""Amendment forms and the two-column sheet, as standalone HTML.

The form follows the OSCE PA one: "AMENDMENT TO <title>", the amending instruction, the
principal sponsor and the co-sponsors (Mr/Mrs, Family Name in Capital Letters, Country,
Signature). The sheet follows the European Parliament's: per amendment, "Text proposed" and
"Amendment" side by side, the changed words in bold italics.
"""

from __future__ import annotations

from collections.abc import Sequence

from consolidate.core.model import Amendment, Sponsor, Text
from consolidate.core.sponsors import form_cells
from consolidate.exporters.base import ExportContext
from consolidate.exporters.common import sponsor_line
from consolidate.exporters.drafting import (
    Drafted,
    Fragment,
    drafted_all,
    sheet_columns,
    sheet_target,
)
from consolidate.exporters.htmldoc import esc, page

SPONSOR_HEAD = ("Mr/Mrs", "Family Name in Capital Letters", "Country", "Signature")
FORMS_CSS = """\
.form h1 { margin-top: 0; }
.am-number { text-align: right; font-weight: bold; }
.instruction { font-size: 1.1em; margin: 1.5em 0; white-space: pre-wrap; }
.sponsors td { height: 2em; }
.sheet td { width: 50%; }
.sheet b i, .sheet i b { font-weight: bold; font-style: italic; }
.page { margin-bottom: 3em; }
"""


def form_heading(text: Text) -> str:
    """The heading of an amendment form: 'AMENDMENT TO SUPPLEMENTARY ITEM' for a text whose
    ``item`` (text.toml) is 'Supplementary Item', else 'AMENDMENT TO <TITLE>'."""
    return f"AMENDMENT TO {(text.item or text.title).upper()}"


def sponsor_cells(sponsor: Sponsor | None) -> tuple[str, str, str, str]:
    """Title, 'Given FAMILY', country, and an empty signature box; an organisation or a
    group has its kind in the first cell and its name as written in the second
    (:func:`consolidate.core.sponsors.form_cells`)."""
    if sponsor is None:
        return ("", "", "", "")
    return (*form_cells(sponsor), "")


def _sponsor_table(sponsors: Sequence[Sponsor | None]) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in SPONSOR_HEAD)
    rows = "".join(
        "<tr>" + "".join(f"<td>{esc(c)}</td>" for c in sponsor_cells(s)) + "</tr>\n"
        for s in (sponsors or [None])
    )
    return (
        f'<table class="sponsors">\n<thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{rows}</tbody>\n</table>\n"
    )


def _justification(amendment: Amendment) -> str:
    if not amendment.justification.strip():
        return ""
    return f"<h3>Justification</h3>\n<p>{esc(amendment.justification)}</p>\n"


def form_section(ctx: ExportContext, draft: Drafted) -> str:
    """One amendment form."""
    amendment = draft.amendment
    return (
        f'<section class="page form" id="form-{esc(amendment.id)}">\n'
        f'<p class="am-number">{esc(amendment.label)}</p>\n'
        f"<h1>{esc(form_heading(ctx.consolidation.text))}</h1>\n"
        f'<p class="instruction">{esc(draft.instruction)}</p>\n'
        "<h2>Principal Sponsor:</h2>\n"
        f"{_sponsor_table([amendment.sponsor])}"
        "<h2>Co-sponsored by:</h2>\n"
        f"{_sponsor_table(list(amendment.cosponsors))}"
        f"{_justification(amendment)}</section>\n"
    )


def render_forms_html(ctx: ExportContext, ids: Sequence[str] | None = None) -> str:
    """The forms of the amendments *ids* (all, by number, when None), one page each."""
    text = ctx.consolidation.text
    sections = "".join(form_section(ctx, draft) for draft in drafted_all(ctx, ids))
    return page(form_heading(text), text.language, FORMS_CSS, sections)


def _column(fragments: Sequence[Fragment]) -> str:
    return "".join(
        f"<b><i>{esc(f.text)}</i></b>" if f.changed else esc(f.text)
        for f in fragments
    )


def sheet_section(draft: Drafted) -> str:
    """One amendment on the sheet: who, where, and the two columns."""
    amendment = draft.amendment
    target = sheet_target(draft)
    left, right = (_column(column) for column in sheet_columns(draft))
    return (
        f'<section class="page sheet-item" id="sheet-{esc(amendment.id)}">\n'
        f"<h2>Amendment {esc(amendment.number)}</h2>\n"
        f'<p class="by">{esc(sponsor_line(amendment))}</p>\n'
        f'<p class="target"><b>{esc(target)}</b> ({esc(amendment.status.value)})</p>\n'
        '<table class="sheet">\n<thead><tr><th>Text proposed</th><th>Amendment</th></tr></thead>\n'
        f"<tbody><tr><td>{left}</td><td>{right}</td></tr></tbody>\n</table>\n"
        f"{_justification(amendment)}</section>\n"
    )


def render_sheet_html(ctx: ExportContext, ids: Sequence[str] | None = None) -> str:
    """The two-column sheet of the amendments *ids* (all, by number, when None)."""
    text = ctx.consolidation.text
    title = f"Amendments to {text.title}"
    body = f"<h1>{esc(title)}</h1>\n" + "".join(sheet_section(d) for d in drafted_all(ctx, ids))
    return page(title, text.language, FORMS_CSS, body)
