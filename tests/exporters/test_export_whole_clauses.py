"""A clause inserted (or deleted) whole still credits every amendment with its own words.

In the French Civil Code replay, Article 162 was inserted by one act and amended by a later
one: the engine attributes ", entre frères et entre sœurs" to the later act. The redlines
showed the whole article as one insertion by the first act; they now show each
amendment's words as its own, and the paragraph itself as inserted (or deleted) by the
amendment that inserted (or deleted) it.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from lxml import etree

from consolidate.core.model import (
    Action,
    Amendment,
    ChangeKind,
    Clause,
    ClauseKind,
    ClauseStatus,
    ConsolidatedClause,
    Consolidation,
    Span,
    Sponsor,
    Status,
    Text,
)
from consolidate.exporters import ExportContext, get_exporter
from consolidate.exporters.common import Change, whole_clause_pieces

from .helpers import resolve_critic

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def amendment(am_id: str, number: str, family: str, action: Action, clause: str) -> Amendment:
    return Amendment(
        id=am_id, number=number, text_id="t", clause=clause, action=action, base="0" * 40,
        status=Status.ADOPTED, patch="",
        sponsor=Sponsor(family_name=family, given_names="Ann", title="Ms", country="Malta"),
        decided="2020-01-0" + number, new_clause="p1a" if action.inserts else "",
    )


AMENDMENTS = {
    "am-a": amendment("am-a", "1", "ALPHA", Action.INSERT_AFTER, "p1"),
    "am-b": amendment("am-b", "2", "BRAVO", Action.MODIFY, "p1a"),
    "am-c": amendment("am-c", "3", "CHARLIE", Action.DELETE, "p2"),
}
INSERTED = "Urges States to act promptly;\n"
DELETED = "Notes the old report.\n"


def consolidation() -> Consolidation:
    text = Text("t", "Small text", (Clause("p1", ClauseKind.OPERATIVE, "Welcomes the plan;\n"),
                                    Clause("p2", ClauseKind.OPERATIVE, DELETED)))
    clauses = (
        ConsolidatedClause("p1", ClauseKind.OPERATIVE, "Welcomes the plan;\n",
                           "Welcomes the plan;\n", ClauseStatus.UNCHANGED,
                           (Span(ChangeKind.EQUAL, "Welcomes the plan;\n"),), 1, 1),
        ConsolidatedClause("p1a", ClauseKind.OPERATIVE, "", INSERTED, ClauseStatus.INSERTED,
                           (Span(ChangeKind.INSERT, "Urges States to act", "am-a"),
                            Span(ChangeKind.INSERT, " promptly", "am-b"),
                            Span(ChangeKind.INSERT, ";\n", "am-a")),
                           2, None, ("am-a", "am-b")),
        ConsolidatedClause("p2", ClauseKind.OPERATIVE, DELETED, "", ClauseStatus.DELETED,
                           (Span(ChangeKind.DELETE, "Notes the ", "am-c"),
                            Span(ChangeKind.DELETE, "old", "am-b"),
                            Span(ChangeKind.DELETE, " report.\n", "am-c")),
                           None, 2, ("am-b", "am-c")),
    )
    return Consolidation(text, clauses, ("am-a", "am-b", "am-c"))


@pytest.fixture
def ctx() -> ExportContext:
    return ExportContext(consolidation(), AMENDMENTS, color=False)


def test_whole_clause_pieces_follow_the_spans_and_drop_the_final_line_end() -> None:
    inserted, deleted = consolidation().clauses[1:]
    assert whole_clause_pieces(inserted, "2. ") == [
        Change("am-a", "", "2. Urges States to act"), Change("am-b", "", " promptly"),
        Change("am-a", "", ";"),
    ]
    assert whole_clause_pieces(deleted) == [
        Change("am-c", "Notes the ", ""), Change("am-b", "old", ""), Change("am-c", " report.", ""),
    ]


def test_spans_that_do_not_spell_the_clause_give_one_change() -> None:
    clause = ConsolidatedClause("x", ClauseKind.OPERATIVE, "", "New words\n",
                                ClauseStatus.INSERTED, (Span(ChangeKind.INSERT, "New", "am-a"),),
                                amendments=("am-a",))
    assert whole_clause_pieces(clause) == [Change("am-a", "", "New words")]


def test_critic_credits_each_amendment(ctx: ExportContext) -> None:
    out = get_exporter("critic").render(ctx).decode()
    assert ("{++2. Urges States to act++}{>>AM 1 – Ann ALPHA (Malta)<<}"
            "{++ promptly++}{>>AM 2 – Ann BRAVO (Malta)<<}{++;++}{>>AM 1 – Ann ALPHA (Malta)<<}"
            ) in out
    assert ("{--2. Notes the --}{>>AM 3 – Ann CHARLIE (Malta)<<}{--old--}"
            "{>>AM 2 – Ann BRAVO (Malta)<<}{-- report.--}{>>AM 3 – Ann CHARLIE (Malta)<<}"
            ) in out
    assert "2. Urges States to act promptly;" in resolve_critic(out, accept=True)
    assert "2. Notes the old report." in resolve_critic(out, accept=False)


def test_redline_html_and_markdown_label_each_amendment(ctx: ExportContext) -> None:
    redline = get_exporter("redline").render(ctx).decode()
    assert "{+2. Urges States to act+}[AM 1]{+ promptly+}[AM 2]{+;+}[AM 1]" in redline
    html = get_exporter("html").render(ctx).decode()
    assert re.search(r'<ins [^>]*data-amendment="am-b"[^>]*> promptly</ins>'
                     r'<sup class="am">AM 2</sup>', html)
    assert re.search(r'<del [^>]*data-amendment="am-b"[^>]*>old</del>', html)
    md = get_exporter("md").render(ctx).decode()
    assert "**2\\. Urges States to act**<sup>AM 1</sup> **promptly**<sup>AM 2</sup>" in md


def test_docx_marks_the_paragraph_by_the_inserter_and_the_words_by_their_authors(
    ctx: ExportContext,
) -> None:
    data = get_exporter("docx").render(ctx)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = etree.fromstring(package.read("word/document.xml")).find(f"{W}body")
    paragraphs = body.findall(f"{W}p")
    inserted = next(p for p in paragraphs if "promptly" in "".join(p.itertext()))
    mark = inserted.find(f"{W}pPr/{W}rPr/{W}ins")
    assert mark.get(f"{W}author") == "AM 1 – Ann ALPHA (Malta)"
    runs = [(e.get(f"{W}author"), "".join(e.itertext())) for e in inserted.findall(f"{W}ins")]
    assert runs == [("AM 1 – Ann ALPHA (Malta)", "2. Urges States to act"),
                    ("AM 2 – Ann BRAVO (Malta)", " promptly"),
                    ("AM 1 – Ann ALPHA (Malta)", ";")]
    deleted = next(p for p in paragraphs if "report" in "".join(p.itertext()))
    mark = deleted.find(f"{W}pPr/{W}rPr/{W}del")
    assert mark.get(f"{W}author").startswith("AM 3")
    assert [e.get(f"{W}author")[:4] for e in deleted.findall(f"{W}del")] == ["AM 3", "AM 2",
                                                                             "AM 3"]
