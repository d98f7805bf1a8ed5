"""DOCX with real revision marks: every change a ``w:ins``/``w:del`` by its amendment.

Each revision has a unique ``w:id``, ``w:author`` (the amendment's author string, e.g.
"AM 7 – Pierre DUPONT (France)") and ``w:date`` (the amendment's decision date, else its
tabling date, else the epoch: never the current time). A deleted clause is a deleted
paragraph, paragraph mark included; an inserted clause an inserted paragraph (the mark by the
amendment that inserted or deleted it, the words by the amendments that wrote them). Paragraph
numbers are plain text runs; a renumbered paragraph shows its old number deleted and its new
one inserted by "consolidate – renumbering". Accepting every change gives the consolidated
text; rejecting every change gives the original.
"""

from __future__ import annotations

import re
from typing import Any

from consolidate.core.model import ClauseKind, ClauseStatus, ConsolidatedClause
from consolidate.exporters import docx_xml as wx
from consolidate.exporters.base import ExportContext
from consolidate.exporters.common import (
    RENUMBERING_AUTHOR,
    Change,
    Piece,
    Same,
    clause_body,
    credit_author,
    display_number,
    document_date,
    number_prefix,
    pieces,
    renumbered,
    revision_date,
    separate_title,
    title_clause,
    whole_clause_amendment,
    whole_clause_pieces,
)

STYLE_BY_KIND = {
    ClauseKind.PREAMBLE: "Preamble",
    ClauseKind.OPERATIVE: "Operative",
    ClauseKind.PARAGRAPH: "Operative",
    ClauseKind.HEADING: "Heading 1",
}
CUSTOM_STYLES = ("Preamble", "Operative")
_FIRST_WORD_RE = re.compile(r"\w+")


class _Writer:
    """Writes the clauses of one document, numbering revisions as it goes."""

    def __init__(self, ctx: ExportContext, stage: wx.Stage) -> None:
        self.ctx = ctx
        self.stage = stage
        self.ids = wx.RevisionIds()
        self.renumber_date = document_date(ctx.amendments, ctx.consolidation.applied)
        self.title_id = title_clause(ctx.consolidation)

    def author_date(self, amendment_id: str | None) -> tuple[str, str]:
        amendment = self.ctx.amendments.get(amendment_id) if amendment_id else None
        return credit_author(self.ctx, amendment_id), revision_date(amendment)

    def paragraph(self, clause: ConsolidatedClause) -> Any:
        style = STYLE_BY_KIND.get(clause.kind, "Normal")
        if clause.id == self.title_id:
            style = "Title"
        return self.stage.paragraph(style=style)._p

    def whole_clause(self, clause: ConsolidatedClause) -> None:
        """An inserted or deleted paragraph: its mark by the amendment that inserted or
        deleted it, its words by the amendments that wrote them."""
        deleted = clause.status is ClauseStatus.DELETED
        tag = "w:del" if deleted else "w:ins"
        author, date = self.author_date(whole_clause_amendment(clause))
        p = self.paragraph(clause)
        wx.mark_paragraph(p, tag, self.ids, author, date)
        for part in whole_clause_pieces(clause, number_prefix(display_number(clause))):
            self.change(p, part)

    def number(self, p: Any, clause: ConsolidatedClause) -> None:
        if renumbered(clause):
            old, new = number_prefix(clause.original_number), number_prefix(clause.number)
            p.append(wx.revised_run("w:del", old, self.ids, RENUMBERING_AUTHOR, self.renumber_date))
            p.append(wx.revised_run("w:ins", new, self.ids, RENUMBERING_AUTHOR, self.renumber_date))
        elif display_number(clause) is not None:
            p.append(wx.run(number_prefix(display_number(clause))))

    def change(self, p: Any, change: Change) -> None:
        author, date = self.author_date(change.amendment)
        if change.deleted:
            p.append(wx.revised_run("w:del", change.deleted, self.ids, author, date))
        if change.inserted:
            p.append(wx.revised_run("w:ins", change.inserted, self.ids, author, date))

    def clause(self, clause: ConsolidatedClause) -> None:
        if clause.status in (ClauseStatus.DELETED, ClauseStatus.INSERTED):
            self.whole_clause(clause)
            return
        p = self.paragraph(clause)
        self.number(p, clause)
        parts: list[Piece] = pieces(clause.spans) if clause.spans else [Same(clause.text)]
        if clause.kind is ClauseKind.PREAMBLE:
            parts = _italic_first_word(p, parts)
        for index, part in enumerate(parts):
            if isinstance(part, Change):
                self.change(p, part)
            else:
                last = index == len(parts) - 1
                p.append(wx.run(clause_body(part.text) if last else part.text))


def _italic_first_word(p: Any, parts: list[Piece]) -> list[Piece]:
    """OSCE style: the first word of a preambular paragraph in italics, when unchanged."""
    if not parts or not isinstance(parts[0], Same):
        return parts
    match = _FIRST_WORD_RE.match(parts[0].text)
    if not match:
        return parts
    p.append(wx.run(match.group(0), italic=True))
    rest = parts[0].text[match.end() :]
    return ([Same(rest)] if rest else []) + parts[1:]


def _front(stage: wx.Stage, ctx: ExportContext) -> None:
    text = ctx.consolidation.text
    for line in text.front_matter:
        stage.paragraph(line).alignment = 1  # centred
    title = separate_title(ctx.consolidation)
    if title:
        stage.paragraph(title, style="Title")
    stage.flush()


def render_document(ctx: ExportContext) -> bytes:
    """The tracked-changes document, as DOCX bytes."""
    document = wx.new_document(CUSTOM_STYLES)
    stage = wx.Stage(document)
    _front(stage, ctx)
    writer = _Writer(ctx, stage)
    for clause in ctx.consolidation.clauses:
        writer.clause(clause)
        stage.flush()
    title = ctx.consolidation.text.title
    return wx.save(document, title, document_date(ctx.amendments, ctx.consolidation.applied))


def render(ctx: ExportContext) -> bytes:
    """The ``docx`` format."""
    return render_document(ctx)
