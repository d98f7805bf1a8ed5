"""Sponsors as written on the amendment form: parse, format, round trip."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from consolidate.core.model import Sponsor
from consolidate.core.sponsors import (
    TITLES,
    SponsorError,
    format_sponsor,
    format_sponsor_list,
    parse_sponsor,
    parse_sponsor_list,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr Pierre DUPONT (France)", Sponsor("DUPONT", "Pierre", "Mr", "France")),
        (
            "Senator Anne-Marie LIZIN (Belgium)",
            Sponsor("LIZIN", "Anne-Marie", "Senator", "Belgium"),
        ),
        ("Ms Adina-Ioana VĂLEAN (Romania)", Sponsor("VĂLEAN", "Adina-Ioana", "Ms", "Romania")),
        ("Mr Jean-Marie LE PEN (France)", Sponsor("LE PEN", "Jean-Marie", "Mr", "France")),
        ("Alexander Alvaro", Sponsor("Alvaro", "Alexander")),
        ("Alexander Alvaro (Germany)", Sponsor("Alvaro", "Alexander", "", "Germany")),
        ("DUPONT", Sponsor("DUPONT")),
        ("Mrs DUPONT", Sponsor("DUPONT", "", "Mrs")),
        ("JEAN DUPONT", Sponsor("JEAN DUPONT")),
        ("M. Jean DE LA FONTAINE (France)", Sponsor("DE LA FONTAINE", "Jean", "M.", "France")),
        ("Sen. John SMITH (United States)", Sponsor("SMITH", "John", "Sen.", "United States")),
        ("Г-н Иван ПЕТРОВ (Россия)", Sponsor("ПЕТРОВ", "Г-н Иван", "", "Россия")),
        ("  Mr   Pierre   DUPONT   ( France )  ", Sponsor("DUPONT", "Pierre", "Mr", "France")),
        ("Mr Pierre DUPONT(France)", Sponsor("DUPONT", "Pierre", "Mr", "France")),
    ],
)
def test_parse_sponsor_reads_title_names_and_country(text: str, expected: Sponsor) -> None:
    assert parse_sponsor(text) == expected


def test_titles_are_case_sensitive() -> None:
    assert parse_sponsor("mr Pierre DUPONT") == Sponsor("DUPONT", "mr Pierre")


def test_a_title_alone_is_not_a_given_name() -> None:
    assert parse_sponsor("Dr Who") == Sponsor("Who", "", "Dr")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("Mr", "no name"),
        ("Mr (France)", "no name"),
        ("(France)", "no name"),
        ("Mr Pierre DUPONT (France", "parentheses"),
        ("Mr Pierre DUPONT France)", "parentheses"),
        ("Mr Pierre DUPONT (France) MP", "parentheses"),
        ("Mr Pierre (Jean) DUPONT (France)", "parenthes"),
        ("Mr Pierre DUPONT ()", "empty"),
        ("Mr DUPONT (France); Mrs SMITH (UK)", "several sponsors"),
        ("Mr 123 (France)", "no letter"),
    ],
)
def test_parse_sponsor_refuses_garbled_input(text: str, fragment: str) -> None:
    with pytest.raises(SponsorError, match=fragment):
        parse_sponsor(text)


def test_sponsor_error_is_a_value_error() -> None:
    assert issubclass(SponsorError, ValueError)


def test_parse_sponsor_list_splits_on_semicolons() -> None:
    sponsors = parse_sponsor_list("Mr Pierre DUPONT (France); Mrs Anna SCHMIDT (Germany)")
    assert sponsors == (
        Sponsor("DUPONT", "Pierre", "Mr", "France"),
        Sponsor("SCHMIDT", "Anna", "Mrs", "Germany"),
    )


def test_blank_sponsor_list_is_empty() -> None:
    assert parse_sponsor_list("  ") == ()


@pytest.mark.parametrize("text", ["Mr A (B);", "; Mr A (B)", "Mr A (B);; Mrs C (D)"])
def test_parse_sponsor_list_refuses_an_empty_item(text: str) -> None:
    with pytest.raises(SponsorError, match="empty"):
        parse_sponsor_list(text)


def test_format_sponsor_is_the_display_form() -> None:
    sponsor = Sponsor("DUPONT", "Pierre", "Mr", "France")
    assert format_sponsor(sponsor) == "Mr Pierre DUPONT (France)"
    assert format_sponsor_list([sponsor, Sponsor("LIZIN")]) == "Mr Pierre DUPONT (France); LIZIN"


UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜÉĂŁŞΣДЖ"
LOWER = "abcdefghijklmnopqrstuvwxyzäöüéăłşσджß"


def _joined(part: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(part, min_size=1, max_size=2).map("-".join)


capital_words = _joined(st.text(UPPER, min_size=1, max_size=8))
mixed_words = _joined(
    st.builds(lambda a, b: a + b, st.sampled_from(UPPER), st.text(LOWER, min_size=1, max_size=8))
)
any_words = st.one_of(capital_words, mixed_words)


@st.composite
def sponsors(draw: st.DrawFn) -> Sponsor:
    """Sponsors the form can express: a capitals family name, or one plain last word."""
    if draw(st.booleans()):
        family = " ".join(draw(st.lists(capital_words, min_size=1, max_size=3)))
        given = draw(st.lists(any_words, max_size=2))
        if given or draw(st.booleans()):  # the word before the family name is not in capitals
            given.append(draw(mixed_words))
    else:
        family = draw(mixed_words)
        given = draw(st.lists(any_words, max_size=3))
    title = draw(st.sampled_from(("", *TITLES)))
    if not title and given:
        assume(given[0] not in TITLES)
    if not title and not given:
        assume(family.split()[0] not in TITLES)
    country = " ".join(draw(st.lists(any_words, max_size=3)))
    return Sponsor(family, " ".join(given), title, country)


@given(sponsors())
def test_parse_of_format_gives_the_sponsor_back(sponsor: Sponsor) -> None:
    assert parse_sponsor(format_sponsor(sponsor)) == sponsor


@given(st.lists(sponsors(), max_size=4))
def test_parse_of_format_gives_the_sponsor_list_back(sponsor_list: list[Sponsor]) -> None:
    assert parse_sponsor_list(format_sponsor_list(sponsor_list)) == tuple(sponsor_list)
