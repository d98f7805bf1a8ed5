"""Amending instructions carry any text exactly: several lines, a final line break, spaces at
the ends of lines, quote marks; what `consolidate instruction` writes reads back the same."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from consolidate.core.instruction_apply import amendment_from_instructions
from consolidate.core.instruction_parse import quote, read_instruction, split_instructions
from consolidate.core.model import Action, Amendment, Clause, ClauseKind, Status, Text
from consolidate.core.patching import make_patch

from .conftest import FIXTURES
from .instruction_kit import blob, round_trip

CIVIL_CODE = FIXTURES / "realdata" / "code_civil" / "final"
PIECES = ["Article 144", "L'homme et la femme", "ne peuvent", "« mariage »", "l'officier",
          "\"as is\"", "it's", "‘curly’", "“double”", "", " ", "  indented", "trailing  ",
          "\u00a0:", "a;b", "x.", "'", '"', "''", "#1", "\t"]
texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).flatmap(
    lambda parts: st.lists(st.sampled_from(["", " ", "\n", "\n\n"]), min_size=len(parts),
                           max_size=len(parts)).map(
        lambda glue: "".join(p + g for p, g in zip(parts, glue))))


def _text(*clauses: str) -> Text:
    return Text("t", "T", tuple(Clause(f"p{i}", ClauseKind.OPERATIVE, c)
                                for i, c in enumerate(clauses, start=1)))


def test_a_text_of_several_lines_is_quoted_line_by_line() -> None:
    assert quote("Article 144\nL'homme.\n") == '"Article 144\n"L\'homme.\n""'
    assert quote("a\n\nb") == "'a\n'\n'b'"
    assert quote("one line") == "'one line'"


@given(texts.filter(lambda t: t.strip()))
@settings(max_examples=400, deadline=None)
def test_a_new_paragraph_reads_back_exactly(new: str) -> None:
    instruction = f"After paragraph 1, insert a new paragraph: {quote(new)}"
    assert read_instruction(instruction).text == new
    assert split_instructions(instruction + "\n") == [instruction]  # as a file, line by line


@given(texts)
@settings(max_examples=300, deadline=None)
def test_a_replaced_paragraph_reads_back_exactly(new: str) -> None:
    instruction = f"Replace paragraph 1 with the following: {quote(new)}"
    parsed = amendment_from_instructions(_text("Old words.\n"), split_instructions(instruction))
    assert parsed.proposed == new


def test_a_file_of_instructions_goes_on_over_quoted_lines() -> None:
    content = ("# two amendments' worth\n"
               "After paragraph 1, insert a new paragraph: 'First line  \n"
               "   'second line\n"
               "''\n"
               "\n"
               "Delete paragraph 2\n")
    assert split_instructions(content) == [
        "After paragraph 1, insert a new paragraph: 'First line  \n   'second line\n''",
        "Delete paragraph 2"]
    assert read_instruction(split_instructions(content)[0]).text == "First line  \nsecond line\n"


ARTICLES = sorted(p.read_text(encoding="utf-8") for p in CIVIL_CODE.iterdir())


@st.composite
def edited_articles(draw: st.DrawFn) -> tuple[str, str]:
    """A real article of several lines, and a version with words and lines changed."""
    base = draw(st.sampled_from([a for a in ARTICLES if a.count("\n") > 2]))
    lines = base.split("\n")
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 2))
        words = lines[index].split(" ")
        kind = draw(st.sampled_from(["word", "line", "drop"]))
        if kind == "word" and words:
            words[draw(st.integers(0, len(words) - 1))] = draw(st.sampled_from(
                ["époux", "l'officier", "« nul »", "it's", "dix-huit"]))
            lines[index] = " ".join(words)
        elif kind == "line":
            lines.insert(index + 1, draw(st.sampled_from(["Alinéa nouveau.", "", "- 1° ;"])))
        elif len(lines) > 3:
            del lines[index]
    return base, "\n".join(lines)


@given(edited_articles())
@settings(max_examples=150, deadline=None)
def test_edits_of_multi_line_articles_read_back_to_the_same_clause(case: tuple[str, str]) -> None:
    base, proposed = case
    text = Text("t", "T", (Clause("Article-1", ClauseKind.ARTICLE, base),))
    amendment = Amendment("am-1", "1", "t", "Article-1", Action.MODIFY, blob(base),
                          Status.TABLED, make_patch(base, proposed))
    trip = round_trip(text, amendment, {blob(base): base})
    assert trip.parsed == trip.made, trip.instruction


@given(st.sampled_from(ARTICLES), st.sampled_from(ARTICLES))
@settings(max_examples=60, deadline=None)
def test_new_articles_read_back_with_their_final_newline(anchor: str, new: str) -> None:
    text = Text("t", "T", (Clause("Article-1", ClauseKind.ARTICLE, anchor),))
    amendment = Amendment("am-1", "1", "t", "Article-1", Action.INSERT_AFTER,
                          "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391", Status.TABLED,
                          make_patch("", new), new_clause="Article-2")
    trip = round_trip(text, amendment, {"e69de29bb2d1d6434b8b29ae775ad8c2e48c5391": ""})
    assert trip.parsed == trip.made and trip.instruction.endswith(("\n''", '\n""')), \
        trip.instruction


def test_the_fixture_has_multi_line_articles() -> None:
    assert isinstance(CIVIL_CODE, Path) and sum(a.count("\n") > 2 for a in ARTICLES) > 10
