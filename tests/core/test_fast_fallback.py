"""The C++ diff-match-patch (a dependency where it ships wheels) and the pure-Python package
give the same patches, byte for byte: a workspace tabled on one platform reads the same on
every other, and the pure-Python fallback is never a different program."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consolidate.core import patching

GDPR = Path(__file__).resolve().parents[3] / "shared" / "realdata" / "ep-gdpr-libe-2013" / \
    "amendments_all_2783.jsonl.gz"
fast = pytest.importorskip("fast_diff_match_patch",
                           reason="the C++ port does not ship a wheel for this platform")


def both(a: str, b: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """make_patch with the C++ port, then with the pure-Python package alone."""
    quick = patching.make_patch(a, b)
    with monkeypatch.context() as patched:
        patched.setattr(patching, "_fast", None)
        slow = patching.make_patch(a, b)
    return quick, slow


def test_the_cpp_port_is_in_use_where_it_is_installed():
    assert patching._fast is fast


def gdpr_pairs() -> list[tuple[str, str]]:
    if not GDPR.exists():
        pytest.skip("the GDPR amendments are not in ../shared/realdata")
    with gzip.open(GDPR, "rt", encoding="utf-8") as stream:
        rows = [json.loads(line) for line in stream]
    return [(row["old"], row["new"]) for row in rows if row.get("old") and row.get("new")]


def test_every_gdpr_amendment_gives_the_same_patch_with_both(monkeypatch):
    pairs = gdpr_pairs()
    assert len(pairs) > 1500
    different = [i for i, (a, b) in enumerate(pairs) if len(set(both(a, b, monkeypatch))) != 1]
    assert different == []


words = st.lists(st.sampled_from(["the", "State", "shall", ",", " ", "  ", "\n", "données",
                                  "Европа", "🙂", "a", "b", "."]), max_size=40).map("".join)


@settings(max_examples=200, deadline=None)
@given(words, words)
def test_random_texts_give_the_same_patch_with_both(a, b):
    with pytest.MonkeyPatch.context() as monkeypatch:
        quick, slow = both(a, b, monkeypatch)
    assert quick == slow


def test_a_text_of_more_distinct_words_than_characters_below_the_surrogates_diffs_exactly():
    """Each distinct word stands for one character, and the characters skip the surrogates
    (U+D800 to U+DFFF): words numbered past them are read back as themselves."""
    words = [f"w{index}" for index in range(0xD800 - 0x100 + 500)]  # past the surrogates
    before = " ".join(words)
    after = " ".join([*words[:-3], "new", words[-1]])
    diffs = patching.word_diff(before, after)
    assert "".join(t for op, t in diffs if op != patching.INSERT) == before
    assert "".join(t for op, t in diffs if op != patching.DELETE) == after
    assert [(op, t) for op, t in diffs if op != patching.EQUAL] == [
        (patching.DELETE, f"{words[-3]} {words[-2]}"), (patching.INSERT, "new")]
    runs = patching.token_diff(patching.tokenize(before), patching.tokenize(after))
    assert [t for op, tokens in runs if op != patching.INSERT for t in tokens] == \
        patching.tokenize(before)


@settings(max_examples=200, deadline=None)
@given(words)
def test_a_new_or_deleted_clause_is_one_change_without_cutting_tokens(text):
    """Against the empty text a diff is the whole text, inserted or deleted: it is not cut
    into tokens (thousands of new clauses in a batch), and it is the diff the token road
    gives (the token road is taken here with a text that is not empty on both sides)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(patching, "tokenize", lambda _: pytest.fail("cut into tokens"))
        inserted, deleted = patching.word_diff("", text), patching.word_diff(text, "")
    marker = "\u2063"  # on both sides, equal: what is left around it is the diff of the text
    assert inserted == [(op, t) for op, t in _without(patching.word_diff(marker, marker + text),
                                                       marker)]
    assert deleted == [(op, t) for op, t in _without(patching.word_diff(marker + text, marker),
                                                      marker)]


def _without(diffs: list[tuple[int, str]], marker: str) -> list[tuple[int, str]]:
    return [(op, t.replace(marker, "")) for op, t in diffs if t.replace(marker, "")]


# The patches of every GDPR amendment, as tabled (old -> new), as a new clause and as a
# deletion, made by the build this digest was taken with: a faster diff must give them byte
# for byte (a workspace tabled before reads the same, a batch commits the same tree).
GDPR_PATCHES_DIGEST = "1617c18ce3828145b6cc6e6abbb7b704f01a0afda59c10918ce8b14ad48b9d39"


def test_the_patches_of_every_gdpr_amendment_are_the_ones_made_before():
    if not GDPR.exists():
        pytest.skip("the GDPR amendments are not in ../shared/realdata")
    with gzip.open(GDPR, "rt", encoding="utf-8") as stream:
        rows = [json.loads(line) for line in stream]
    digest = hashlib.sha256()
    for row in rows:
        old, new = row.get("old") or "", row.get("new") or ""
        for a, b in ((old, new), ("", new), (old, "")):
            digest.update(patching.make_patch(a, b).encode("utf-8") + b"\0")
    assert digest.hexdigest() == GDPR_PATCHES_DIGEST


changes = st.lists(st.tuples(st.sampled_from([patching.EQUAL, patching.DELETE, patching.INSERT]),
                             st.sampled_from(["", " ", "\n ", "a", "b c", " d"])), max_size=8)


@settings(max_examples=300, deadline=None)
@given(changes)
def test_folding_lone_spaces_keeps_both_texts_and_leaves_no_space_between_changes(diffs):
    folded = patching._fold_lone_spaces(diffs)
    for side in (patching.DELETE, patching.INSERT):
        assert "".join(t for op, t in folded if op != -side) == \
            "".join(t for op, t in diffs if op != -side)
    ops = [op for op, _ in folded]
    for index in range(1, len(folded) - 1):
        op, text = folded[index]
        if op == patching.EQUAL and text.isspace():
            assert ops[index - 1] == patching.EQUAL or ops[index + 1] == patching.EQUAL
    assert all(text for op, text in folded if op != patching.EQUAL)
