"""The test documents: a draft resolution (the OSCE PA seed's paragraphs, with typographic
quotes, dashes and no-break spaces) and a copy of it with tracked changes by several authors,
as Markdown for pandoc, with typed paragraph numbers ("1\\.") or Word's automatic numbering.

The tracked copy has: a word replaced (paragraph 1); two authors in one paragraph whose
changes do not collide (paragraph 2); a paragraph deleted whole (paragraph 3); a paragraph
inserted whole (after paragraph 4); consolidate's own author form "AM 9 – …" (paragraph 6);
an author that is no sponsor form ("jsmith", paragraph 7); typographic characters in a
change (paragraph 9).
"""

from __future__ import annotations

from consolidate.core.model import Sponsor

TITLE = "COMBATING THE SEXUAL EXPLOITATION OF CHILDREN"
FIXED = "The OSCE Parliamentary Assembly:"
PREAMBLE = [
    "Acknowledging that some estimates have as many as 1.2\u00a0million children being "
    "trafficked each year,",
    "Recognizing that cyberspace is home to more than one million images of children being "
    "subjected to sexual abuse and exploitation, and that the victims portrayed are getting "
    "younger,",
    "Deeply concerned over the impact of all forms of child sexual exploitation on the "
    "wellbeing of children,",
    "Recalling the 2006 Brussels Resolution and Decision No.\u00a09/07 of the Ministerial "
    "Council on “Combating Sexual Exploitation of Children on the Internet”,",
]
OPERATIVE = [
    "Condemns child sexual exploitation in all its forms;",
    "Calls on participating States to ratify the Council of Europe Convention – the "
    "“Lanzarote Convention” – on the Protection of Children;",
    "Urges the OSCE Secretariat to continue organizing OSCE on-line workshops through the "
    "POLIS website;",
    "Requests the OSCE Secretariat to set up within the POLIS website a multilingual section;",
    "Encourages participating States to work with Internet service providers, credit card "
    "companies and banks to prevent the use of the Internet for commercial child sexual "
    "exploitation.",
]

ANNA = "Ms Anna SCHMIDT (Germany)"
PIERRE = "Mr Pierre DUPONT (France)"
OLENA_OWN = "AM 9 – Olena KOVALENKO (Ukraine)"
JSMITH = "jsmith"
MARIA = "Mrs Maria ROSSI (Italy)"
NEW_PARAGRAPH = ("Noting with deepest regret that no country is immune from child sexual "
                 "exploitation,")


def _d(author: str, day: str) -> str:
    return f'author="{author}" date="2008-06-{day}T10:00:00Z"'


def _del(text: str, author: str, day: str) -> str:
    return f"[{text}]{{.deletion {_d(author, day)}}}"


def _ins(text: str, author: str, day: str) -> str:
    return f"[{text}]{{.insertion {_d(author, day)}}}"


def tracked_paragraphs() -> list[str]:
    """The body with its tracked changes, paragraph by paragraph (no numbers).

    pandoc moves white space at the edges of a span out of it (and drops it): an insertion is
    therefore written as the replacement of a word by that word and the new ones.
    """
    p = PREAMBLE
    o = OPERATIVE
    return [
        p[0].replace("some", _del("some", ANNA, "26") + _ins("recent", ANNA, "26"), 1),
        p[1].replace("more than", _del("more", ANNA, "26") + _ins("far more", ANNA, "26")
                     + " than", 1).replace(
            "getting younger,", "getting " + _del("younger", PIERRE, "27")
            + _ins("ever younger", PIERRE, "27") + ","),
        _del(p[2], PIERRE, "27"),
        p[3],
        _ins(NEW_PARAGRAPH, MARIA, "28"),
        FIXED,
        o[0],
        o[1].replace("ratify", _del("ratify", OLENA_OWN, "29")
                     + _ins("ratify and fully implement", OLENA_OWN, "29"), 1),
        o[2].replace("on-line", _del("on-line", JSMITH, "29") + _ins("online", JSMITH, "29")),
        o[3],
        o[4].replace("companies and banks",
                     _del("companies and banks", MARIA, "30")
                     + _ins("companies,\u00a0banks and “payment” services", MARIA, "30")),
    ]


def base_paragraphs() -> list[str]:
    return [*PREAMBLE, FIXED, *OPERATIVE]


# The sponsors the amendments must name, by tabling order.
SPONSORS = {
    ANNA: Sponsor("SCHMIDT", "Anna", "Ms", "Germany"),
    PIERRE: Sponsor("DUPONT", "Pierre", "Mr", "France"),
    OLENA_OWN: Sponsor("KOVALENKO", "Olena", "", "Ukraine"),
    JSMITH: Sponsor("jsmith"),
    MARIA: Sponsor("ROSSI", "Maria", "Mrs", "Italy"),
}


def markdown(paragraphs: list[str], *, typed: bool) -> str:
    """A Markdown document: the title, then the paragraphs numbered, the fixed line not.

    With *typed*, numbers are typed text ("1\\. "); otherwise the paragraphs are Markdown
    ordered lists, which pandoc writes with Word's automatic numbering. A paragraph that is
    one inserted or deleted span keeps its number inside the span, so that the number goes
    with it.
    """
    lines = [f"# {TITLE}", ""]
    number = 0
    for paragraph in paragraphs:
        if paragraph == FIXED:
            lines += [FIXED, ""]
            continue
        number += 1
        whole = paragraph.startswith("[") and paragraph.endswith("}") and paragraph.count("]{") == 1
        if typed and whole:
            lines += [f"[{number}\\. {paragraph[1:]}", ""]
        elif typed:
            lines += [f"{number}\\. {paragraph}", ""]
        else:
            lines += [f"{number}. {paragraph}", ""]
    return "\n".join(lines)
