"""Sponsors as written on the amendment form: parse, format, round trip."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from consolidate.core.model import Action, Amendment, Sponsor, SponsorKind, Status
from consolidate.core.sponsors import (
    TITLES,
    SponsorError,
    form_cells,
    format_sponsor,
    format_sponsor_list,
    from_form_cells,
    parse_sponsor,
    parse_sponsor_list,
    sponsor_warnings,
    sponsors_warnings,
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


# -- organisations and political groups -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("EUROISPA [organisation]", Sponsor(kind=SponsorKind.ORGANISATION, name="EUROISPA")),
        ("EUROISPA [Organization]", Sponsor(kind=SponsorKind.ORGANISATION, name="EUROISPA")),
        ("Group of the Greens/EFA [group]",
         Sponsor(kind=SponsorKind.GROUP, name="Group of the Greens/EFA")),
        ("Bundesrat (Germany) [organisation]",
         Sponsor(kind=SponsorKind.ORGANISATION, name="Bundesrat", country="Germany")),
        ("  Mr Smith   Foundation  [organisation] ",
         Sponsor(kind=SponsorKind.ORGANISATION, name="Mr Smith Foundation")),
    ],
)
def test_an_organisation_or_a_group_keeps_its_name_whole(text: str, expected: Sponsor) -> None:
    sponsor = parse_sponsor(text)
    assert sponsor == expected
    assert sponsor.family_name == "" and sponsor.given_names == "" and sponsor.title == ""
    assert parse_sponsor(format_sponsor(sponsor)) == sponsor


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("EUROISPA [club]", "not a kind of sponsor"),
        ("[organisation] EUROISPA", "brackets only mark"),
        ("Mr Pierre [x] DUPONT", "brackets only mark"),
        ("EUROISPA [organisation] [group]", "unexpected parenthesis or bracket"),
        ("[organisation]", "no letter"),
        ("EUROISPA (France [organisation]", "parentheses"),
    ],
)
def test_a_garbled_kind_mark_is_refused(text: str, fragment: str) -> None:
    with pytest.raises(SponsorError, match=fragment.replace("(", r"\(").replace("[", r"\[")):
        parse_sponsor(text)


def test_a_list_mixes_members_and_organisations() -> None:
    text = "Mr Pierre DUPONT (France); Group of the Greens/EFA [group]; EUROISPA [organisation]"
    sponsors_read = parse_sponsor_list(text)
    assert [s.kind for s in sponsors_read] == [SponsorKind.PERSON, SponsorKind.GROUP,
                                              SponsorKind.ORGANISATION]
    assert format_sponsor_list(sponsors_read) == text


def _amendment(sponsor: Sponsor | None, *cosponsors: Sponsor,
               status: Status = Status.TABLED) -> Amendment:
    return Amendment("am-1", "3", "t", "p1", Action.MODIFY, "0" * 40, status, "",
                     sponsor=sponsor, cosponsors=cosponsors)


def test_a_tabled_amendment_without_a_sponsor_is_warned_about() -> None:
    (warning,) = sponsor_warnings(_amendment(None))
    assert "AM 3 (am-1) is tabled without a sponsor" in warning
    assert sponsor_warnings(_amendment(None, status=Status.DRAFT)) == ()


def test_a_member_not_written_title_given_family_country_is_warned_about() -> None:
    good = parse_sponsor("Mr Pierre DUPONT (France)")
    assert sponsor_warnings(_amendment(good)) == ()
    (warning,) = sponsor_warnings(_amendment(good, parse_sponsor("pierre dupont")))
    assert "co-sponsor 'pierre dupont'" in warning
    assert "a title, the FAMILY NAME in capitals and a country" in warning
    (warning,) = sponsor_warnings(_amendment(parse_sponsor("EUROISPA")))
    assert "lacks a title, a given name and a country" in warning
    assert "'EUROISPA [organisation]'" in warning  # the way to write an organisation


def test_organisations_and_groups_are_not_warned_about() -> None:
    amendment = _amendment(parse_sponsor("EUROISPA [organisation]"),
                           parse_sponsor("Group of the Greens/EFA [group]"))
    assert sponsor_warnings(amendment) == ()


def test_many_warnings_are_counted_after_the_first_ten() -> None:
    warned = sponsors_warnings([_amendment(None)] * 25)
    assert len(warned) == 11
    assert warned[-1].startswith("15 more sponsor warnings")


@pytest.mark.parametrize("text", ["Mr Pierre DUPONT (France)", "EUROISPA [organisation]",
                                  "Group of the Greens/EFA (Europe) [group]", "Alexander ALVARO"])
def test_the_form_row_reads_back_as_the_sponsor(text: str) -> None:
    sponsor = parse_sponsor(text)
    assert from_form_cells(*form_cells(sponsor)) == sponsor


def test_an_organisation_goes_in_the_name_column_of_the_form() -> None:
    assert form_cells(parse_sponsor("EUROISPA [organisation]")) == ("Organisation", "EUROISPA", "")
    assert form_cells(parse_sponsor("Mr Pierre Dupont (France)")) == ("Mr", "Pierre DUPONT",
                                                                      "France")


@st.composite
def organisations(draw: st.DrawFn) -> Sponsor:
    name = " ".join(draw(st.lists(st.one_of(any_words, st.sampled_from(("/EFA", "&", "of"))),
                                  min_size=1, max_size=4)))
    assume(any(c.isalpha() for c in name))
    country = " ".join(draw(st.lists(any_words, max_size=2)))
    kind = draw(st.sampled_from((SponsorKind.ORGANISATION, SponsorKind.GROUP)))
    return Sponsor(country=country, kind=kind, name=name)


@given(st.lists(st.one_of(sponsors(), organisations()), max_size=4))
def test_members_and_organisations_read_back_as_written(mixed: list[Sponsor]) -> None:
    assert parse_sponsor_list(format_sponsor_list(mixed)) == tuple(mixed)


def test_a_sponsor_signing_many_amendments_is_read_once() -> None:
    """A batch names the same members hundreds of times: the same text gives the same
    (immutable) sponsor without being read again, and a wrong one is refused every time."""
    first = parse_sponsor("Mr Pierre DUPONT (France)")
    assert parse_sponsor(" Mr Pierre DUPONT (France)".strip()) is first
    assert first == Sponsor(family_name="DUPONT", given_names="Pierre", title="Mr",
                            country="France")
    for _ in range(2):
        with pytest.raises(SponsorError):
            parse_sponsor("Mr (France)")
