"""Amending instructions in drafting English, on the real seed paragraphs."""

from __future__ import annotations

import pytest

from consolidate.core.instructions import grow, instruction, occurrences
from consolidate.core.model import Action, Edit
from consolidate.core.patching import word_edits

from .helpers import paragraph


def modify(number: int, proposed: str) -> str:
    base = paragraph(number)
    return instruction(Action.MODIFY, f"paragraph {number}", base, word_edits(base, proposed),
                       proposed)


def replaced(number: int, *pairs: tuple[str, str]) -> str:
    text = paragraph(number)
    for old, new in pairs:
        assert occurrences(text, old) == 1, old
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize(
    ("number", "pairs", "expected"),
    [
        (10, [("child pornography", "child sexual abuse material")],
         "In paragraph 10, replace 'child pornography' with 'child sexual abuse material'"),
        (11, [("to ratify", "to ratify and fully implement")],
         "In paragraph 11, after 'to ratify', insert 'and fully implement'"),
        (16, [("credit card companies, banks, ", "")],
         "In paragraph 16, delete 'credit card companies, banks,'"),
        (16, [("national bases", "national basis"), ("credit card companies, banks, ", "")],
         "In paragraph 16, replace 'national bases' with 'national basis'; "
         "delete 'credit card companies, banks,'"),
        (16, [("Encourages", "Urges")], "In paragraph 16, replace 'Encourages' with 'Urges'"),
        (11, [("Calls on", "Invites")], "In paragraph 11, replace 'Calls on' with 'Invites'"),
        (14, [("Requests", "Urges")], "In paragraph 14, replace 'Requests' with 'Urges'"),
        (13, [("collect and store", "collect, store and share")],
         "In paragraph 13, after 'to collect', insert ', store'; "
         "replace 'and store' with 'and share'"),
        (16, [("the Internet.", "the Internet and on the dark web.")],
         "In paragraph 16, after 'on the Internet', insert 'and on the dark web'"),
    ],
)
def test_modifications_are_worded_as_drafters_word_them(
    number: int, pairs: list[tuple[str, str]], expected: str
) -> None:
    assert modify(number, replaced(number, *pairs)) == expected


def test_an_insertion_at_the_start_of_a_paragraph_is_anchored_before() -> None:
    proposed = "Once again " + paragraph(11)
    assert modify(11, proposed) == "In paragraph 11, before 'Calls', insert 'Once again'"


def test_a_rewrite_of_most_words_replaces_the_paragraph() -> None:
    proposed = "Calls on participating States to share information on convicted sex offenders;"
    assert modify(13, proposed) == f"Replace paragraph 13 with the following: '{proposed}'"


def test_more_than_three_changes_replace_the_paragraph() -> None:
    proposed = replaced(16, ("Encourages", "Urges"), ("bases", "basis"), ("banks,", "insurers,"),
                        ("profitable", "lucrative"))
    assert modify(16, proposed).startswith("Replace paragraph 16 with the following: 'Urges")


def test_whole_paragraph_actions() -> None:
    new = "Urges participating States to criminalize online grooming;"
    deletion = instruction(Action.DELETE, "paragraph 14", paragraph(14), [], "")
    assert deletion == "Delete paragraph 14"
    assert instruction(Action.INSERT_AFTER, "paragraph 11", "", [], new) == (
        f"After paragraph 11, insert a new paragraph: '{new}'"
    )
    assert instruction("insert-before", "paragraph 3", "", [], new) == (
        f"Before paragraph 3, insert a new paragraph: '{new}'"
    )


def test_the_label_is_used_as_given() -> None:
    base = "Title of the law"
    proposed = "Title of the new law"
    edits = word_edits(base, proposed)
    assert instruction(Action.MODIFY, "the title", base, edits, proposed) == (
        "In the title, after 'of the', insert 'new'"
    )


def test_every_quoted_phrase_of_the_original_occurs_once_in_it() -> None:
    base = paragraph(16)
    proposed = replaced(16, ("on the Internet.", "online."), ("of the Internet", "of the web"))
    sentence = instruction(Action.MODIFY, "paragraph 16", base, word_edits(base, proposed),
                           proposed)
    assert sentence == (
        "In paragraph 16, replace 'the Internet for' with 'the web for'; "
        "replace 'on the Internet' with 'online'"
    )
    for old in sentence.split("'")[1::4]:
        assert occurrences(base, old) == 1, old


def test_a_repeated_word_is_quoted_with_enough_context() -> None:
    base = "to work on a national basis and on an international basis"
    proposed = "to work on a national basis and on a global basis"
    edits = word_edits(base, proposed)
    assert instruction(Action.MODIFY, "paragraph 1", base, edits, proposed) == (
        "In paragraph 1, replace 'an international' with 'a global'"
    )
    deletion = "to work on a national basis and on an international"
    result = instruction(Action.MODIFY, "paragraph 1", base, word_edits(base, deletion), deletion)
    assert result == "In paragraph 1, replace 'international basis' with 'international'"


def test_edits_whose_quotes_overlap_are_merged_into_one() -> None:
    base, proposed = "k a k a k", "k a X a Y"
    edits = word_edits(base, proposed)
    assert len(edits) == 2  # quoting the second needs the first: 'a k a k'
    result = instruction(Action.MODIFY, "paragraph 2", base, edits, proposed)
    assert result == "In paragraph 2, replace 'a k a k' with 'a X a Y'"


def test_no_change_and_emptied_text() -> None:
    base = paragraph(9)
    unchanged = instruction(Action.MODIFY, "paragraph 9", base, [], base)
    assert unchanged == "Leave paragraph 9 unchanged"
    edits = [Edit(0, len(base), "")]
    assert instruction(Action.MODIFY, "paragraph 9", base, edits, "") == (
        "Delete the text of paragraph 9"
    )


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [(4, 7, "foo bar baz"), (12, 15, "baz foo"), (20, 23, "qux"), (9, 10, "baz")],
)
def test_grow_widens_left_then_right_until_unique(start: int, end: int, expected: str) -> None:
    base = "foo bar baz foo bar qux"
    found = grow(base, start, end)
    assert found is not None
    assert base[found[0] : found[1]] == expected


def test_grow_gives_up_when_no_widening_is_unique() -> None:
    assert grow("a a", 0, 1, right=False) is None
