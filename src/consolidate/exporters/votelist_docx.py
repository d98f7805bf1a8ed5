"""The voting list as a Word document: a title, the rules, and one table row per vote."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from consolidate.core.model import Amendment, Text
from consolidate.core.votelist import VoteList
from consolidate.exporters import docx_xml as wx
from consolidate.exporters.common import revision_date
from consolidate.exporters.votelist_rows import HEADINGS, Row


def render_docx(vote_list: VoteList, amendments: Mapping[str, Amendment], text: Text,
                rows: Sequence[Row], rules: str) -> bytes:
    """DOCX bytes, the same for the same workspace (fixed dates and zip order)."""
    document = wx.new_document()
    body = wx.BodyXml(document)
    title = f"Voting list: {text.title}"
    body.text(title, "Heading 1")
    body.text(rules)
    table = [[wx.run_xml(h, bold=True) for h in HEADINGS]]
    for row in rows:
        cells = (str(row.vote), row.place, row.amendments, row.sponsors, row.falls, row.status)
        table.append([wx.run_xml(cell) for cell in cells])
    body.table(table)
    body.close()
    voted = [amendments[a] for vote in vote_list.votes for a in vote.amendments]
    stamp = max((revision_date(a) for a in voted), default=revision_date(None))
    return wx.save(document, title, stamp)
