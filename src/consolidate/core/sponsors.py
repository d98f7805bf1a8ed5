"""Sponsors as written on the amendment form: 'Mr Pierre DUPONT (France)'.

A member is an optional title (:data:`TITLES`), the name, then an optional country in
parentheses. The family name is the trailing run of words written in capitals
('Jean-Marie LE PEN' -> 'LE PEN'); when no word is in capitals it is the last word
('Alexander Alvaro' -> 'Alvaro'). An organisation or a political group is its name as
written, marked with its kind in brackets at the end: 'EUROISPA [organisation]', 'Group of
the Greens/EFA [group]' (a country may come before the mark); its name is never split into
given and family names. Lists of sponsors are separated by semicolons.

:func:`sponsor_warnings` says what a tabled amendment's sponsors lack;
:func:`form_cells` and :func:`from_form_cells` are the row of the form's sponsor table
(Mr/Mrs, name, country), both ways.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from consolidate.core.model import Amendment, Sponsor, SponsorKind, Status

# Titles recognised in front of a name; matched case-sensitively, as written.
TITLES: tuple[str, ...] = (
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Dr",
    "Sir",
    "Dame",
    "Lord",
    "Lady",
    "Baroness",
    "Senator",
    "Sen.",
    "M.",
    "Mme",
    "Prof.",
    "Hon.",
)
SEPARATOR = ";"
_FORBIDDEN = "();[]"
_COUNTRY_RE = re.compile(r"^(?P<name>.*?)\s*\((?P<country>[^()]*)\)$", re.DOTALL)
_KIND_RE = re.compile(r"^(?P<rest>.*?)\s*\[(?P<kind>[^\[\]]*)\]$", re.DOTALL)
# The marks of the kinds that are not a person, as written (and the American spelling).
KIND_MARKS: dict[str, SponsorKind] = {
    "organisation": SponsorKind.ORGANISATION,
    "organization": SponsorKind.ORGANISATION,
    "group": SponsorKind.GROUP,
}
_FORM = (
    "write a sponsor as 'Mr Pierre DUPONT (France)': title, given names, FAMILY NAME, (Country); "
    "an organisation or a political group as 'EUROISPA [organisation]' or 'Group of the "
    "Greens/EFA [group]'"
)


class SponsorError(ValueError):
    """A sponsor that is empty or cannot be read as 'Title Given FAMILY (Country)'.

    ``reason`` says what is wrong, ``hint`` how to write it; ``str()`` gives both.
    """

    def __init__(self, reason: str, hint: str = _FORM) -> None:
        super().__init__(f"{reason}; {hint}")
        self.reason = reason
        self.hint = hint


def is_capitals(word: str) -> bool:
    """True when *word* has an upper-case letter and no lower-case one ('LE', 'VĂLEAN')."""
    return any(c.isupper() for c in word) and not any(c.islower() for c in word)


def _split_country(text: str) -> tuple[str, str]:
    """Split 'Name (Country)' into ('Name', 'Country'); no parentheses gives no country."""
    if "(" not in text and ")" not in text:
        return text, ""
    match = _COUNTRY_RE.match(text)
    if match is None:
        raise SponsorError(f"{text!r}: the parentheses do not hold a country at the end")
    country = " ".join(match.group("country").split())
    if not country:
        raise SponsorError(f"{text!r}: the parentheses are empty",
                           "give the country in them, or drop them")
    return match.group("name"), country


def _split_name(words: list[str]) -> tuple[str, str]:
    """Split name words into (given names, family name)."""
    family_start = len(words)
    while family_start > 0 and is_capitals(words[family_start - 1]):
        family_start -= 1
    if family_start == len(words):  # no word in capitals: the last word is the family name
        family_start = len(words) - 1
    return " ".join(words[:family_start]), " ".join(words[family_start:])


def _split_kind(text: str) -> tuple[str, SponsorKind]:
    """Split 'Name [organisation]' into ('Name', ORGANISATION); no mark gives a person."""
    if "[" not in text and "]" not in text:
        return text, SponsorKind.PERSON
    match = _KIND_RE.match(text)
    if match is None:
        raise SponsorError(f"{text!r}: brackets only mark an organisation or a group, at the end")
    mark = " ".join(match.group("kind").split()).casefold()
    if mark not in KIND_MARKS:
        raise SponsorError(f"{text!r}: [{match.group('kind')}] is not a kind of sponsor",
                           "write [organisation] or [group] after the name, or leave the "
                           "brackets out for a member")
    return match.group("rest"), KIND_MARKS[mark]


def _organisation(text: str, rest: str, kind: SponsorKind) -> Sponsor:
    name, country = _split_country(rest)
    if any(c in name for c in _FORBIDDEN):
        raise SponsorError(f"{text!r}: unexpected parenthesis or bracket in the name")
    name = " ".join(name.split())
    if not any(c.isalpha() for c in name):
        raise SponsorError(f"{text!r}: the name has no letter")
    return Sponsor(country=country, kind=kind, name=name)


# The same members sign hundreds of a batch's amendments, each read twice (the line, and the
# file read back): a sponsor is immutable, so each text is read once.
@lru_cache(maxsize=8192)
def parse_sponsor(text: str) -> Sponsor:
    """Read one sponsor, e.g. 'Mr Pierre DUPONT (France)' or 'EUROISPA [organisation]';
    raise :class:`SponsorError`."""
    stripped = text.strip()
    if not stripped:
        raise SponsorError("a sponsor is empty")
    if SEPARATOR in stripped:
        raise SponsorError(f"{stripped!r} holds several sponsors",
                           "give one here (';' separates the sponsors of a list)")
    rest, kind = _split_kind(stripped)
    if kind is not SponsorKind.PERSON:
        return _organisation(stripped, rest, kind)
    name, country = _split_country(rest)
    if any(c in name for c in _FORBIDDEN):
        raise SponsorError(f"{stripped!r}: unexpected parenthesis or bracket in the name")
    words = name.split()
    title = ""
    if words and words[0] in TITLES:
        title, words = words[0], words[1:]
    if not words:
        raise SponsorError(f"{stripped!r} has no name")
    if not any(c.isalpha() for c in "".join(words)):
        raise SponsorError(f"{stripped!r}: the name has no letter")
    given, family = _split_name(words)
    return Sponsor(family_name=family, given_names=given, title=title, country=country)


def parse_sponsor_list(text: str) -> tuple[Sponsor, ...]:
    """Read sponsors separated by ';'. Blank text gives no sponsor; a blank item is an error."""
    if not text.strip():
        return ()
    items = text.split(SEPARATOR)
    sponsors = []
    for position, item in enumerate(items, start=1):
        if not item.strip():
            raise SponsorError(f"sponsor {position} of {len(items)} is empty in {text.strip()!r}",
                               "remove the extra ';'")
        sponsors.append(parse_sponsor(item))
    return tuple(sponsors)


def format_sponsor(sponsor: Sponsor) -> str:
    """'Mr Pierre DUPONT (France)': the form :func:`parse_sponsor` reads back."""
    return sponsor.display


def format_sponsor_list(sponsors: tuple[Sponsor, ...] | list[Sponsor]) -> str:
    """Sponsors joined with '; ', the form :func:`parse_sponsor_list` reads back."""
    return f"{SEPARATOR} ".join(format_sponsor(s) for s in sponsors)


# -- how a sponsor is written on a tabled amendment --------------------------------------------


def sponsor_lacks(sponsor: Sponsor) -> list[str]:
    """What a member's sponsor line lacks to be 'Title Given FAMILY (Country)' (nothing for
    an organisation or a group: their names are written as they are)."""
    if not sponsor.is_person:
        return []
    lacks = []
    if not sponsor.title:
        lacks.append("a title")
    if not sponsor.given_names:
        lacks.append("a given name")
    if not all(is_capitals(word) for word in sponsor.family_name.split()):
        lacks.append("the FAMILY NAME in capitals")
    if not sponsor.country:
        lacks.append("a country")
    return lacks


def _listed(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def sponsor_warnings(amendment: Amendment, where: str = "") -> tuple[str, ...]:
    """Warnings for a tabled amendment without a sponsor, or whose sponsors are not written
    'Title Given FAMILY (Country)' (*where* names it in the messages; default its label)."""
    if amendment.status is not Status.TABLED:
        return ()
    name = where or f"{amendment.label} ({amendment.id})"
    if amendment.sponsor is None:
        return (f"{name} is tabled without a sponsor: give one with --sponsor "
                "(`consolidate edit` adds it later)",)
    out = []
    for role, sponsor in (("sponsor", amendment.sponsor),
                          *(("co-sponsor", s) for s in amendment.cosponsors)):
        lacks = sponsor_lacks(sponsor)
        if lacks:
            out.append(f"{name}: the {role} '{sponsor.display}' is not written 'Title Given "
                       f"FAMILY (Country)': it lacks {_listed(lacks)} (an organisation or a "
                       "political group is written 'EUROISPA [organisation]' or 'Group of the "
                       "Greens/EFA [group]')")
    return tuple(out)


# A batch of thousands of amendments from another house would bury the other warnings.
MOST_WARNED = 10


def sponsors_warnings(amendments: Iterable[Amendment], most: int = MOST_WARNED) -> tuple[str, ...]:
    """:func:`sponsor_warnings` of every tabled amendment of *amendments*, the first *most*
    of them in full and the rest counted in one last line."""
    warned = [w for a in amendments for w in sponsor_warnings(a)]
    if len(warned) <= most:
        return tuple(warned)
    rest = len(warned) - most
    return (*warned[:most], f"{rest} more sponsor warning{'s' if rest != 1 else ''} like these "
            "(`consolidate list` shows every sponsor)")


# -- the sponsor table of the amendment form ----------------------------------------------------

# What the Mr/Mrs column says for a sponsor that is not a person.
KIND_TITLES: dict[SponsorKind, str] = {SponsorKind.ORGANISATION: "Organisation",
                                       SponsorKind.GROUP: "Group"}


def form_cells(sponsor: Sponsor) -> tuple[str, str, str]:
    """The Mr/Mrs, name and country cells of a sponsor on the form: ('Mr', 'Pierre DUPONT',
    'France'); an organisation has its kind in the first cell and its name, as written, in
    the second ('Organisation', 'EUROISPA', '')."""
    if not sponsor.is_person:
        return KIND_TITLES[sponsor.kind], sponsor.name, sponsor.country
    name = " ".join(p for p in (sponsor.given_names, sponsor.family_name.upper()) if p)
    return sponsor.title, name, sponsor.country


def form_kind(title: str) -> SponsorKind | None:
    """The kind a form's Mr/Mrs cell names ('Organisation', 'Group'), or None for a member."""
    kinds = {mark.casefold(): kind for kind, mark in KIND_TITLES.items()}
    kinds["organization"] = SponsorKind.ORGANISATION
    return kinds.get(" ".join(title.split()).casefold().rstrip(":"))


def from_form_cells(title: str, name: str, country: str) -> Sponsor:
    """The sponsor of a filled row of the form's sponsor table (see :func:`form_cells`);
    raise :class:`SponsorError`."""
    title, name, country = (" ".join(c.split()) for c in (title, name, country))
    kind = form_kind(title)
    if kind is not None:
        where = f" ({country})" if country else ""
        return parse_sponsor(f"{name}{where} [{kind.value}]")
    words = " ".join(part for part in (title, name) if part)
    return parse_sponsor(f"{words} ({country})" if country else words)
