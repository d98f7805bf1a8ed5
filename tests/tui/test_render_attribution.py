"""The app credits each amendment with its own words, in a clause inserted then amended."""

from __future__ import annotations

from consolidate.core.model import (
    ChangeKind,
    ClauseKind,
    ClauseStatus,
    ConsolidatedClause,
    Span,
)
from consolidate.tui.render import Renderer


def _inserted_then_amended() -> ConsolidatedClause:
    spans = (Span(ChangeKind.INSERT, "Calls on States ", "am-1"),
             Span(ChangeKind.INSERT, "urgently ", "am-2"),
             Span(ChangeKind.INSERT, "to act;", "am-1"))
    return ConsolidatedClause("n1", ClauseKind.OPERATIVE, "", "Calls on States urgently to act;",
                              ClauseStatus.INSERTED, spans, number=3)


def test_a_new_clause_amended_later_shows_each_amendments_words():
    block = Renderer({}, {}, plain=True).redline(_inserted_then_amended())
    text = block.text.plain
    assert "{+urgently +}[am-2]" in text
    assert [mark.amendment for mark in block.changes] == ["am-1", "am-2", "am-1"]


def test_side_by_side_credits_each_amendment_too():
    block = Renderer({}, {}, plain=True).side_by_side(_inserted_then_amended())
    assert [mark.amendment for mark in block.changes] == ["am-1", "am-2", "am-1"]
