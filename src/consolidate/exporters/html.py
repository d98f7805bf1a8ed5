"""A standalone HTML redline: ``<del>``/``<ins>`` attributed to amendments, and a legend.

Every change carries ``title="AM 7 – Pierre DUPONT (France)"`` and ``data-amendment``,
``data-number`` and ``data-sponsor`` attributes; changes are struck through or underlined as
well as coloured, so they survive black-and-white printing.
"""

from __future__ import annotations

from collections.abc import Iterator

from consolidate.core.model import Amendment, ClauseKind, ClauseStatus, ConsolidatedClause
from consolidate.exporters.base import ExportContext
from consolidate.exporters.common import (
    Change,
    amendment_place,
    clause_body,
    clause_findings,
    clause_labels,
    credit_author,
    credit_label,
    display_number,
    number_prefix,
    pieces,
    renumbered,
    separate_title,
    sorted_amendments,
    sponsor_line,
    title_clause,
    whole_clause_pieces,
)
from consolidate.exporters.htmldoc import esc, page

REDLINE_CSS = """\
del { color: #b00020; text-decoration: line-through; }
ins { color: #006b2d; text-decoration: underline; }
sup.am { font-size: 0.7em; color: #555; margin-left: 0.1em; }
.clause { margin: 0.8em 0; }
.clause.fixed { font-style: italic; }
.clause.heading { font-weight: bold; text-align: center; }
.clause.deleted, .clause.inserted { display: block; }
.num { font-weight: bold; }
.finding { color: #8a5a00; border-left: 3px solid #d99a00; padding-left: 0.5em; }
.legend td.status-adopted { font-weight: bold; }
@media print {
  del, ins { color: inherit; }
  .legend { page-break-before: always; break-before: page; }
}
"""


def _change_attrs(ctx: ExportContext, amendment_id: str | None) -> str:
    amendment = ctx.amendments.get(amendment_id) if amendment_id else None
    number = amendment.number if amendment else ""
    sponsor = sponsor_line(amendment) if amendment else ""
    return (
        f'title="{esc(credit_author(ctx, amendment_id))}" '
        f'data-amendment="{esc(amendment_id or "")}" data-number="{esc(number)}" '
        f'data-sponsor="{esc(sponsor)}"'
    )


def _label(ctx: ExportContext, amendment_id: str | None) -> str:
    return f'<sup class="am">{esc(credit_label(ctx, amendment_id))}</sup>'


def _change(ctx: ExportContext, change: Change) -> str:
    attrs = _change_attrs(ctx, change.amendment)
    out = ""
    if change.deleted:
        out += f"<del {attrs}>{esc(change.deleted)}</del>"
    if change.inserted:
        out += f"<ins {attrs}>{esc(change.inserted)}</ins>"
    return out + _label(ctx, change.amendment)


def _number(clause: ConsolidatedClause) -> str:
    number = display_number(clause)
    if number is None:
        return ""
    if renumbered(clause):
        was = f"was {clause.original_number}"
        return (f'<span class="num" title="{was}" data-original-number='
                f'"{clause.original_number}">{esc(number_prefix(number))}</span>')
    return f'<span class="num">{esc(number_prefix(number))}</span>'


def _whole_clause(ctx: ExportContext, clause: ConsolidatedClause) -> str:
    prefix = number_prefix(display_number(clause))
    return "".join(_change(ctx, part) for part in whole_clause_pieces(clause, prefix))


def _clause_body(ctx: ExportContext, clause: ConsolidatedClause) -> str:
    if clause.status in (ClauseStatus.DELETED, ClauseStatus.INSERTED):
        return _whole_clause(ctx, clause)
    parts = pieces(clause.spans) if clause.spans else []
    if not parts:
        return _number(clause) + esc(clause_body(clause.text))
    out = [_number(clause)]
    for index, part in enumerate(parts):
        if isinstance(part, Change):
            out.append(_change(ctx, part))
        else:
            out.append(esc(clause_body(part.text) if index == len(parts) - 1 else part.text))
    return "".join(out)


def _clause(ctx: ExportContext, clause: ConsolidatedClause, title_id: str | None) -> Iterator[str]:
    classes = f"clause {clause.kind.value} {clause.status.value}"
    tag = "p"
    if clause.kind is ClauseKind.HEADING:
        tag = "h1" if clause.id == title_id else "h2"
    yield f'<{tag} class="{esc(classes)}" id="clause-{esc(clause.id)}">'
    yield _clause_body(ctx, clause)
    yield f"</{tag}>\n"
    for finding in clause_findings(ctx.consolidation, clause.id):
        yield f'<p class="finding" role="note">{esc(finding.message)}</p>\n'


def _legend_row(ctx: ExportContext, amendment: Amendment, labels: dict[str, str]) -> str:
    place = esc(amendment_place(labels, amendment))
    anchor = amendment.target if ctx.consolidation.clause(amendment.target) else amendment.clause
    status = esc(amendment.status.value)
    return (
        f'<tr id="am-{esc(amendment.id)}"><td>{esc(amendment.label)}</td>'
        f"<td>{esc(sponsor_line(amendment))}</td>"
        f'<td class="status-{status}">{status}</td>'
        f'<td><a href="#clause-{esc(anchor)}">{place}</a></td></tr>\n'
    )


def _legend(ctx: ExportContext) -> str:
    labels = clause_labels(ctx.consolidation)
    rows = "".join(_legend_row(ctx, a, labels) for a in sorted_amendments(ctx.amendments))
    if not rows:
        return ""
    return (
        '<section class="legend">\n<h2>Amendments</h2>\n<table>\n'
        "<thead><tr><th>Amendment</th><th>Sponsors</th><th>Status</th><th>Clause</th></tr>"
        f"</thead>\n<tbody>\n{rows}</tbody>\n</table>\n</section>\n"
    )


def render_html(ctx: ExportContext) -> str:
    """The whole redline as one standalone HTML document."""
    text = ctx.consolidation.text
    body: list[str] = []
    if text.front_matter:
        lines = "".join(f"<p>{esc(line)}</p>\n" for line in text.front_matter)
        body.append(f'<header class="front-matter">\n{lines}</header>\n')
    title = separate_title(ctx.consolidation)
    body.append((f"<h1>{esc(title)}</h1>\n" if title else "") + "<main>\n")
    title_id = title_clause(ctx.consolidation)
    for clause in ctx.consolidation.clauses:
        body.extend(_clause(ctx, clause, title_id))
    body.append("</main>\n")
    body.append(_legend(ctx))
    return page(text.title, text.language, REDLINE_CSS, "".join(body))


def render(ctx: ExportContext) -> bytes:
    """The ``html`` format, UTF-8."""
    return render_html(ctx).encode("utf-8")
