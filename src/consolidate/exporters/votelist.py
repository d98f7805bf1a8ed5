"""The voting list as JSON, Markdown and HTML (DOCX: exporters/votelist_docx.py).

Every format shows the same rows (exporters/votelist_rows.py): the vote's number, the clause ("paragraph
10", "new paragraph after paragraph 11"), the amendments put to the vote together with their
sponsors, whether they are compromises, how far they depart from the original, their status,
and the amendments that fall if the vote adopts. Exporters return bytes and never write.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from consolidate.core.labels import clause_labels
from consolidate.core.model import Amendment, Text
from consolidate.core.procedure import MEASURE
from consolidate.core.votelist import VoteList
from consolidate.exporters.htmldoc import esc, page
from consolidate.exporters.jsondoc import document, dumps
from consolidate.exporters.markdown import md_escape
from consolidate.exporters.votelist_rows import HEADINGS, place, rows

FORMATS = ("json", "md", "html", "docx")


def votelist_json(vote_list: VoteList, amendments: Mapping[str, Amendment], text: Text) -> dict[str, Any]:
    """The voting list for machines: ``votes`` in voting order."""
    labels = clause_labels(text)
    votes = []
    for index, vote in enumerate(vote_list.votes, start=1):
        members = [amendments[i] for i in vote.amendments]
        first = members[0]
        votes.append({
            "vote": index,
            "clause": vote.clause,
            "label": place(vote, amendments, labels),
            "action": first.action.value,
            "anchor": first.clause if first.action.inserts else None,
            "amendments": list(vote.amendments),
            "numbers": [a.number for a in members],
            "statuses": [a.status.value for a in members],
            "sponsors": [a.sponsor.short if a.sponsor else None for a in members],
            "compromise": any(a.compromise for a in members),
            "share_changed": vote.share,
            "falls_if_adopted": list(vote.falls_if_adopted),
            "exclusive_with": list(vote.exclusive_with),
            "falls_with_adopted": list(dict.fromkeys(c.second for c in vote.falls_with)),
            "chair_order": vote.chair,
        })
    return document(
        text=vote_list.text_id,
        preamble_last=vote_list.preamble_last,
        chair_order=list(vote_list.chair_order),
        measure=MEASURE,
        votes=votes,
        notes=[finding.message for finding in vote_list.findings],
    )


def render_json(vote_list: VoteList, amendments: Mapping[str, Amendment], text: Text) -> bytes:
    return dumps(votelist_json(vote_list, amendments, text)).encode("utf-8")


def _md_cell(value: str) -> str:
    return md_escape(" ".join(value.split())) or " "


def render_md(vote_list: VoteList, amendments: Mapping[str, Amendment], text: Text) -> bytes:
    """A GitHub Markdown table; every text is escaped as `build --format md` escapes it, so
    no title or sponsor is read as Markdown or HTML."""
    title = md_escape(" ".join(text.title.split()))
    lines = [f"# Voting list: {title}", "", md_escape(_rules(vote_list)), "",
             "| " + " | ".join(HEADINGS) + " |", "|" + "---|" * len(HEADINGS)]
    for row in rows(vote_list, amendments, text):
        cells = (str(row.vote), row.place, row.amendments, row.sponsors, row.falls, row.status)
        lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_html(vote_list: VoteList, amendments: Mapping[str, Amendment], text: Text) -> bytes:
    """A standalone HTML page with the table (screen and print)."""
    head = "".join(f"<th>{esc(h)}</th>" for h in HEADINGS)
    body_rows = []
    for row in rows(vote_list, amendments, text):
        cells = (str(row.vote), row.place, row.amendments, row.sponsors, row.falls, row.status)
        body_rows.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in cells) + "</tr>")
    body = (f"<h1>Voting list</h1>\n<p class=\"title\">{esc(text.title)}</p>\n"
            f"<p class=\"rules\">{esc(_rules(vote_list))}</p>\n"
            f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body_rows)
            + "\n</tbody>\n</table>\n")
    css = ".title { text-align: center; font-weight: bold; }\n.rules { font-size: 0.9em; }\n"
    return page(f"Voting list: {text.title}", text.language, css, body).encode("utf-8")


def _rules(vote_list: VoteList) -> str:
    parts = ["Votes clause by clause in text order"]
    if vote_list.preamble_last:
        parts.append("preambular paragraphs after the operative ones")
    if vote_list.chair_order:
        parts.append("the chair's order first")
    parts.append("compromise amendments first; mutually exclusive amendments furthest from the "
                 f"original first ({MEASURE}); identical amendments together")
    return "; ".join(parts) + "."


def render(fmt: str, vote_list: VoteList, amendments: Mapping[str, Amendment],
           text: Text) -> bytes:
    """The voting list in *fmt* (one of :data:`FORMATS`)."""
    if fmt == "json":
        return render_json(vote_list, amendments, text)
    if fmt == "md":
        return render_md(vote_list, amendments, text)
    if fmt == "html":
        return render_html(vote_list, amendments, text)
    if fmt == "docx":
        from consolidate.exporters.votelist_docx import render_docx

        return render_docx(vote_list, amendments, text, rows(vote_list, amendments, text),
                           _rules(vote_list))
    raise ValueError(f"unknown voting list format {fmt!r}; choose one of: {', '.join(FORMATS)}")
