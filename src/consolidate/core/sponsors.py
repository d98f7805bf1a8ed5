"""Sponsors as written on the amendment form: 'Mr Pierre DUPONT (France)'.

A sponsor is an optional title (:data:`TITLES`), the name, then an optional country in
parentheses. The family name is the trailing run of words written in capitals
('Jean-Marie LE PEN' -> 'LE PEN'); when no word is in capitals it is the last word
('Alexander Alvaro' -> 'Alvaro'). Lists of sponsors are separated by semicolons.
"""

from __future__ import annotations

import re

from consolidate.core.model import Sponsor

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
_FORBIDDEN = "();"
_COUNTRY_RE = re.compile(r"^(?P<name>.*?)\s*\((?P<country>[^()]*)\)$", re.DOTALL)
_FORM = (
    "write a sponsor as 'Mr Pierre DUPONT (France)': title, given names, FAMILY NAME, (Country)"
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


def parse_sponsor(text: str) -> Sponsor:
    """Read one sponsor, e.g. 'Mr Pierre DUPONT (France)'; raise :class:`SponsorError`."""
    stripped = text.strip()
    if not stripped:
        raise SponsorError("a sponsor is empty")
    if SEPARATOR in stripped:
        raise SponsorError(f"{stripped!r} holds several sponsors",
                           "give one here (';' separates the sponsors of a list)")
    name, country = _split_country(stripped)
    if any(c in name for c in _FORBIDDEN):
        raise SponsorError(f"{stripped!r}: unexpected parenthesis in the name")
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
