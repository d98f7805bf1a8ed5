"""Changes are whole words: no change starts or ends inside a word."""

from __future__ import annotations

from consolidate.core.model import ChangeKind, Consolidation
from consolidate.exporters.common import Change, Same, pieces


def inside_word(text: str, position: int) -> bool:
    return 0 < position < len(text) and text[position - 1].isalnum() and text[position].isalnum()


def streams(parts) -> tuple[str, list[tuple[int, int]], str, list[tuple[int, int]]]:
    """The original and consolidated texts and where each change sits in them."""
    old, new, old_cuts, new_cuts = "", "", [], []
    for part in parts:
        if isinstance(part, Same):
            old, new = old + part.text, new + part.text
            continue
        old_cuts.append((len(old), len(old) + len(part.deleted)))
        new_cuts.append((len(new), len(new) + len(part.inserted)))
        old, new = old + part.deleted, new + part.inserted
    return old, old_cuts, new, new_cuts


def raw_parts(spans) -> list:
    """The spans as they come from the engine, one part each."""
    return [
        Same(s.text) if s.kind is ChangeKind.EQUAL
        else Change(s.amendment, s.text if s.kind is ChangeKind.DELETE else "",
                    s.text if s.kind is ChangeKind.INSERT else "")
        for s in spans
    ]


def test_no_change_starts_or_ends_inside_a_word(consolidation: Consolidation) -> None:
    checked = 0
    for clause in consolidation.clauses:
        for parts in (raw_parts(clause.spans), pieces(clause.spans)):  # as given, as rendered
            old, old_cuts, new, new_cuts = streams(parts)
            assert (old, new) == (clause.original, clause.text)
            for text, cuts in ((old, old_cuts), (new, new_cuts)):
                for start, end in cuts:
                    assert not inside_word(text, start), (clause.id, text[start - 5 : start + 5])
                    assert not inside_word(text, end), (clause.id, text[end - 5 : end + 5])
                    checked += 1
    assert checked >= 16


def test_a_change_inside_a_word_would_be_caught() -> None:
    parts = [Same("porno"), Change("a", "graphy", "")]
    old, old_cuts, _, _ = streams(parts)
    assert inside_word(old, old_cuts[0][0])


def test_the_redline_adds_up(consolidation: Consolidation) -> None:
    for clause in consolidation.clauses:
        original = "".join(s.text for s in clause.spans if s.kind is not ChangeKind.INSERT)
        consolidated = "".join(s.text for s in clause.spans if s.kind is not ChangeKind.DELETE)
        assert (original, consolidated) == (clause.original, clause.text)
