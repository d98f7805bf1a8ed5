"""Properties of patching and consolidation, over generated texts in several scripts."""

from __future__ import annotations

from enginekit import Amendments, make_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consolidate.core.collisions import analyse
from consolidate.core.engine import consolidate
from consolidate.core.model import FindingKind, Status
from consolidate.core.patching import apply_edits, make_patch, patch_edits, token_bounds, word_diff

WORDS = ["the", "States", "child", "abuse", "Europe", "Конвенция", "государства", "Σύμβαση",
         "κράτη", "公约", "执行", "époux", "ü", "1.2", "(a)", ";", ",", ".", "—", "دول", "🙂"]
SEPARATORS = [" ", " ", " ", "\n", "  ", ""]

texts = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=80)


@st.composite
def word_texts(draw, min_words: int = 1, max_words: int = 30) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=min_words, max_size=max_words))
    separators = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, separators))


@st.composite
def edited(draw, base: str) -> str:
    """*base* with a few words replaced, removed or added."""
    words = base.split(" ")
    for _ in range(draw(st.integers(1, 3))):
        position = draw(st.integers(0, len(words)))
        choice = draw(st.sampled_from(["replace", "insert", "delete"]))
        word = draw(st.sampled_from(WORDS))
        if choice == "insert" or position == len(words):
            words.insert(position, word)
        elif choice == "replace":
            words[position] = word
        else:
            del words[position]
    return " ".join(words)


@given(texts, texts)
@settings(max_examples=300)
def test_apply_of_make_gives_the_proposal(a, b):
    assert apply_edits(a, patch_edits(make_patch(a, b), a)) == b


@given(word_texts(), word_texts())
@settings(max_examples=300)
def test_word_diff_changes_only_whole_tokens(a, b):
    bounds = set(token_bounds(a))
    position = 0
    for op, text in word_diff(a, b):
        if op != 1:
            assert position in bounds
            position += len(text)
            assert position in bounds


@st.composite
def two_proposals(draw):
    base = draw(word_texts(min_words=4))
    return base, draw(edited(base)), draw(edited(base))


@given(two_proposals())
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_non_colliding_amendments_commute(case):
    base, first, second = case
    text = make_text(base)
    forward, backward = Amendments(), Amendments()
    forward.add("p1", base, first, order=1)
    forward.add("p1", base, second, order=2)
    backward.add("p1", base, first, order=2)
    backward.add("p1", base, second, order=1)
    report = analyse(text, [_tabled(a) for a in forward.items], forward.bases)
    one = consolidate(text, forward.items, forward.bases)
    two = consolidate(text, backward.items, backward.bases)
    if not report.collisions:
        assert one.ok and two.ok
        assert one.clauses[0].text == two.clauses[0].text
    else:
        # A collision found before the vote is always found when both are adopted.
        assert any(f.kind is FindingKind.COLLISION for f in one.findings)
        assert any(f.kind is FindingKind.COLLISION for f in two.findings)


@st.composite
def overlapping_proposals(draw):
    """Two proposals that both replace the same word with different words."""
    words = draw(st.lists(st.sampled_from(WORDS[:10]), min_size=3, max_size=20))
    position = draw(st.integers(0, len(words) - 1))
    first, second = list(words), list(words)
    first[position] = "ALPHA"
    second[position] = "BETA"
    if draw(st.booleans()) and position + 1 < len(words):
        second[position + 1] = "GAMMA"
    return " ".join(words), " ".join(first), " ".join(second)


@given(overlapping_proposals())
@settings(max_examples=300)
def test_overlapping_edits_are_always_reported(case):
    base, first, second = case
    text = make_text(base)
    amendments = Amendments()
    amendments.add("p1", base, first)
    amendments.add("p1", base, second)
    result = consolidate(text, amendments.items, amendments.bases)
    assert [f.kind for f in result.findings] == [FindingKind.COLLISION]
    assert result.clauses[0].text == first
    report = analyse(text, [_tabled(a) for a in amendments.items], amendments.bases)
    assert [(c.first, c.second) for c in report.collisions] == [("am-1", "am-2")]


def _tabled(amendment):
    from dataclasses import replace

    return replace(amendment, status=Status.TABLED)
