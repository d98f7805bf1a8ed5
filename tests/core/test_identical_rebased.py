"""Identical amendments drafted on an older version of a clause (before a promotion) are
duplicates: the second changes nothing, whatever the three-way rebase makes of repeated words."""

from __future__ import annotations

from enginekit import Amendments, make_text
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from consolidate.core.engine import consolidate
from consolidate.core.model import FindingKind


@st.composite
def rebased_deletions(draw):
    """A clause with repeated words, a promotion changing one word, and a deletion of words
    elsewhere, drafted on the clause before the promotion."""
    words = draw(st.lists(st.sampled_from(["the", "child", "of", "States", ",", "and"]),
                          min_size=5, max_size=14))
    changed = draw(st.integers(0, len(words) - 1))
    start = draw(st.integers(0, len(words) - 1))
    end = draw(st.integers(start + 1, len(words)))
    if start - 1 <= changed <= end:
        changed = None
    promoted = list(words)
    if changed is not None:
        promoted[changed] = "XX"
    old = " ".join(words) + "\n"
    return old, " ".join(promoted) + "\n", " ".join(words[:start] + words[end:]) + "\n"


@settings(max_examples=300, deadline=None)
@given(rebased_deletions())
def test_identical_deletions_drafted_before_a_promotion_are_duplicates(case):
    old, promoted, proposed = case
    items = Amendments()
    items.add("p1", old, proposed)
    items.add("p1", old, proposed)
    alone = consolidate(make_text(promoted), items.items[:1], items.bases)
    assume(not alone.findings)  # a deletion the rebase cannot place is another matter
    result = consolidate(make_text(promoted), items.items, items.bases)
    assert not [f for f in result.findings if f.blocking], result.findings
    assert [f.kind for f in result.findings] == [FindingKind.DUPLICATE]
    assert result.clauses[0].text == alone.clauses[0].text
