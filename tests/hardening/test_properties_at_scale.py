"""Properties of the engine over random texts and random sets of amendments, at scale.

Texts are multi-line and mix scripts; amendments make overlapping, touching and separate
edits, insertions, deletions and whole-clause deletions. An independent oracle (a plain loop
over tokens) says which amendments collide. CI runs a few hundred examples of each property;
`pytest -m slow tests/hardening` runs 10,000.
"""

from __future__ import annotations

import io
import itertools
import zipfile
from dataclasses import replace

import pytest
from enginekit import Amendments, make_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from consolidate.core.collisions import analyse
from consolidate.core.engine import consolidate, read_edits
from consolidate.core.model import Action, ChangeKind, FindingKind, Status
from consolidate.core.patching import apply_edits, make_patch, patch_edits, tokenize

WORDS = ["the", "States", "child", "Convention", "Конвенция", "государства", "Σύμβαση", "κράτη",
         "公约", "执行", "époux", "Ünion", "دول", "🙂", "1.2", "(a)", ";", ",", "—", "]]>", "<b>", "&"]
SEPARATORS = [" ", " ", " ", " ", "\n", "\n\n"]
CI_EXAMPLES = 150
SLOW_EXAMPLES = 10_000
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@st.composite
def clause_words(draw) -> list[str]:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=24))
    separators = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(words), max_size=len(words)))
    separators[-1] = ""
    return [w + s for w, s in zip(words, separators)]


@st.composite
def proposal(draw, words: list[str]) -> tuple[str, str]:
    """(action, proposed text): a few edits at random places, or the deletion of the clause."""
    if draw(st.integers(0, 9)) == 0:
        return "delete", ""
    changed = list(words)
    for _ in range(draw(st.integers(1, 3))):
        position = draw(st.integers(0, len(changed) - 1))
        kind = draw(st.sampled_from(["replace", "insert", "delete", "touch"]))
        new = draw(st.sampled_from(WORDS)) + " "
        if kind == "replace":
            changed[position] = new
        elif kind == "insert":
            changed.insert(position, new)
        elif kind == "delete" and len(changed) > 1:
            del changed[position]
        else:  # a change right next to a likely neighbour's
            changed[min(position + 1, len(changed) - 1)] = new
    return "modify", "".join(changed)


@st.composite
def amendment_sets(draw):
    words = draw(clause_words())
    base = "".join(words)
    count = draw(st.integers(2, 5))
    proposals = [draw(proposal(words)) for _ in range(count)]
    if draw(st.booleans()):  # an identical pair now and then
        proposals.append(proposals[0])
    return base, proposals


def _build(base: str, proposals):
    amendments = Amendments()
    for action, proposed in proposals:
        amendments.add("p1", base, proposed, action=Action.DELETE if action == "delete" else Action.MODIFY)
    return make_text(base), amendments


def _token_ranges(base: str, amendment, bases) -> set[tuple[int, int, str]]:
    """The amendment's edits as token ranges, by a plain walk over the tokens (the oracle)."""
    edits = read_edits(amendment, bases).edits
    starts, offset = {}, 0
    for index, token in enumerate(tokenize(base)):
        starts[offset] = index
        offset += len(token)
    starts[offset] = len(tokenize(base))
    if amendment.action is Action.DELETE:
        return {(0, len(tokenize(base)), "")}
    return {(starts[e.start], starts[e.end], e.text) for e in edits}


def _oracle_collide(base: str, one: set, other: set) -> bool:
    tokens = tokenize(base)
    for a, b in itertools.product(one, other):
        if a == b:
            continue
        first, second = sorted([a, b])
        between = tokens[first[1]:second[0]] if second[0] > first[1] else []
        if second[0] < first[1] or not any(not t.isspace() for t in between):
            return True
    return False


def check_consolidation_is_exact(case) -> None:
    """Applied amendments never collide; refused ones collide with an applied one; the text is
    the base with exactly the applied amendments' edits, and nothing else changed."""
    base, proposals = case
    text, amendments = _build(base, proposals)
    result = consolidate(text, amendments.items, amendments.bases)
    by_id = {a.id: a for a in amendments.items}
    ranges = {a.id: _token_ranges(base, a, amendments.bases) for a in amendments.items}
    applied = [a for a in result.applied]
    for one, other in itertools.combinations(applied, 2):
        assert ranges[one] == ranges[other] or not _oracle_collide(base, ranges[one], ranges[other])
    deleted = any(by_id[a].action is Action.DELETE for a in applied)
    for amendment in amendments.items:
        if amendment.id in applied:
            continue
        kinds = {f.kind for f in result.findings if f.amendment == amendment.id}
        if deleted and kinds == {FindingKind.DELETED_TARGET}:
            continue  # the clause it changes was deleted before its turn
        assert kinds == {FindingKind.COLLISION}, (amendment.id, kinds)
        assert any(_oracle_collide(base, ranges[amendment.id], ranges[e]) for e in applied), amendment.id
    clause = result.clauses[0]
    if deleted:
        assert clause.text == "" and clause.status.value == "deleted"
        return
    union = {e for a in applied for e in read_edits(by_id[a], amendments.bases).edits}
    assert clause.text == apply_edits(base, sorted(union, key=lambda e: (e.start, e.end)))
    original = "".join(s.text for s in clause.spans if s.kind is not ChangeKind.INSERT)
    assert original == base
    for span in clause.spans:
        assert span.kind is ChangeKind.EQUAL or span.amendment in applied


def check_collisions_before_the_vote_match_the_oracle(case) -> None:
    base, proposals = case
    text, amendments = _build(base, proposals)
    tabled = [replace(a, status=Status.TABLED) for a in amendments.items]
    report = analyse(text, tabled, amendments.bases)
    found = {frozenset((c.first, c.second)) for c in report.collisions}
    ranges = {a.id: _token_ranges(base, a, amendments.bases) for a in tabled}
    results = {a.id: apply_edits(base, read_edits(a, amendments.bases).edits) for a in tabled}
    for one, other in itertools.combinations(tabled, 2):
        same = results[one.id] == results[other.id] and one.action == other.action
        expected = not same and _oracle_collide(base, ranges[one.id], ranges[other.id])
        assert (frozenset((one.id, other.id)) in found) == expected, (one.id, other.id)


def check_non_colliding_amendments_commute(case) -> None:
    base, proposals = case
    text, amendments = _build(base, proposals)
    forward = consolidate(text, amendments.items, amendments.bases)
    if not forward.ok:
        return
    for permutation in itertools.islice(itertools.permutations(amendments.items), 6):
        ordered = [replace(a, order=i) for i, a in enumerate(permutation)]
        assert consolidate(text, ordered, amendments.bases).clauses[0].text == forward.clauses[0].text


def _docx_texts(data: bytes) -> tuple[str, str]:
    """(accepted, rejected) text of every paragraph of a DOCX, read from its revision marks."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    accepted, rejected = [], []
    for paragraph in root.iter(W + "p"):
        acc = "".join(t.text or "" for t in paragraph.iter(W + "t"))
        rej = "".join((t.text or "") for t in paragraph.iter(W + "t", W + "delText")
                      if not any(p.tag == W + "ins" for p in t.iterancestors()))
        accepted.append(acc)
        rejected.append(rej)
    return "\n".join(accepted), "\n".join(rejected)


def check_docx_accept_and_reject_round_trip(case) -> None:
    from consolidate.exporters.base import ExportContext, get_exporter

    base, proposals = case
    text, amendments = _build(base.replace("\n", " "), [(a, p.replace("\n", " ")) for a, p in proposals])
    result = consolidate(text, amendments.items, amendments.bases)
    data = get_exporter("docx").render(ExportContext(result, {a.id: a for a in amendments.items}))
    accepted, rejected = _docx_texts(data)
    clause = result.clauses[0]
    if clause.text:
        assert clause.text in accepted
    assert text.clauses[0].text in rejected


def _both(check, strategy):
    """The property as a CI test and as a slow test with SLOW_EXAMPLES examples."""
    common = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    quick = settings(max_examples=CI_EXAMPLES, **common)(given(strategy)(check))
    slow = pytest.mark.slow(settings(max_examples=SLOW_EXAMPLES, **common)(given(strategy)(check)))
    return quick, slow


test_consolidation_is_exact, test_consolidation_is_exact_slow = _both(
    check_consolidation_is_exact, amendment_sets())
test_collisions_match_the_oracle, test_collisions_match_the_oracle_slow = _both(
    check_collisions_before_the_vote_match_the_oracle, amendment_sets())
test_non_colliding_amendments_commute, test_non_colliding_amendments_commute_slow = _both(
    check_non_colliding_amendments_commute, amendment_sets())
test_docx_round_trip, test_docx_round_trip_slow = _both(
    check_docx_accept_and_reject_round_trip, amendment_sets())


@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=200),
       st.text(st.characters(exclude_categories=["Cs"]), max_size=200))
@settings(max_examples=CI_EXAMPLES)
def test_apply_of_make_gives_the_proposal(a, b):
    assert apply_edits(a, patch_edits(make_patch(a, b), a)) == b


@pytest.mark.slow
@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=400),
       st.text(st.characters(exclude_categories=["Cs"]), max_size=400))
@settings(max_examples=SLOW_EXAMPLES, deadline=None)
def test_apply_of_make_gives_the_proposal_slow(a, b):
    assert apply_edits(a, patch_edits(make_patch(a, b), a)) == b
