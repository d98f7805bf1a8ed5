"""Finding amendments and words: the filters of ``consolidate list`` and ``consolidate search``.

Names and words are compared as a reader compares them: without case, and without accents
("garcia" finds "GARCÍA"). A clause is named by its id or by the paragraph number a reader
sees ("10", "§10"); an unknown one is answered with the nearest ids.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from consolidate.app.state import TextState
from consolidate.core.engine import read_edits
from consolidate.core.errors import InvalidInput
from consolidate.core.model import Amendment, ClauseStatus, Edit, Sponsor, Status, Text


def folded(value: str) -> str:
    """*value* without case or accents, for comparing what a reader sees as the same."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class AmendmentFilter:
    """Which amendments ``list`` shows: each option given must match (several values of one
    option: any of them)."""

    sponsors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    clauses: tuple[str, ...] = ()  # clause ids (resolved by :func:`clause_ids`)
    statuses: tuple[Status, ...] = ()

    def matches(self, amendment: Amendment) -> bool:
        signers = [s for s in (amendment.sponsor, *amendment.cosponsors) if s is not None]
        return (
            (not self.statuses or amendment.status in self.statuses)
            and (not self.clauses or bool({amendment.clause, amendment.target}
                                          & set(self.clauses)))
            and (not self.sponsors or any(folded(w) in folded(_name(s))
                                          for w in self.sponsors for s in signers))
            and (not self.countries or any(folded(c) == folded(s.country)
                                           for c in self.countries for s in signers))
        )


def _name(sponsor: Sponsor) -> str:
    """The name as written, without the country."""
    display = sponsor.display
    suffix = f" ({sponsor.country})"
    return display[:-len(suffix)] if sponsor.country and display.endswith(suffix) else display


def filtered(session: TextState, wanted: AmendmentFilter) -> list[Amendment]:
    """The amendments of the text in voting order that *wanted* lets through."""
    return [a for a in session.voting_order() if wanted.matches(a)]


def clause_ids(session: TextState, names: Iterable[str]) -> tuple[str, ...]:
    """The clause ids that *names* (ids, paragraph numbers, '§10') designate; an unknown one
    is refused with the nearest ids."""
    names = tuple(names)
    if not names:
        return ()
    text = session.text
    inserted = {a.new_clause for a in session.amendments if a.action.inserts}
    known = [c.id for c in text.clauses] + sorted(inserted - {c.id for c in text.clauses})
    by_number = {str(number): cid for cid, number in text.numbers().items()}
    found = []
    for name in names:
        bare = name.strip().lstrip("§").strip()
        if name in known:
            found.append(name)
        elif bare in by_number:
            found.append(by_number[bare])
        else:
            raise unknown_clause(name, text, known)
    return tuple(found)


def unknown_clause(name: str, text: Text, known: Sequence[str]) -> InvalidInput:
    """'there is no clause X', with the nearest ids (difflib) as the fix."""
    return InvalidInput(f"there is no clause '{name}' in text '{text.id}'",
                        hint=nearest_ids(name, known,
                                         "a paragraph number (10, §10) works too"))


def nearest_ids(name: str, known: Sequence[str], otherwise: str = "") -> str:
    """'did you mean 'p10' or 'p1'?' (the nearest of *known*, by difflib), or where to find
    the ids."""
    import difflib

    near = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
    if near:
        return "did you mean " + " or ".join(f"'{n}'" for n in near) + "?"
    return "`consolidate show` lists the clause ids" + (f"; {otherwise}" if otherwise else "")


@dataclass(frozen=True)
class Hit:
    """One line with a match: where it is, the line, and the matched spans in it."""

    where: str  # '§13 p13' in the consolidated text, 'AM 13 (am-013) p13' in an amendment
    line_number: int  # in the clause (1 for a clause of one line)
    line: str
    spans: tuple[tuple[int, int], ...]


def search(session: TextState, words: Sequence[str], *, case_sensitive: bool = False
           ) -> list[Hit]:
    """The lines of the consolidated text, then of the amendments (their proposals, where the
    words are among those they insert, and their justifications), that hold *words* (a
    phrase: the words in this order, any spaces between them)."""
    phrase = [w for w in " ".join(words).split() if w]
    if not phrase:
        raise InvalidInput("nothing to search for", hint="give one or more words")
    pattern = re.compile(r"\s+".join(re.escape(w) for w in phrase),
                         0 if case_sensitive else re.IGNORECASE)
    hits: list[Hit] = []
    for clause in session.consolidation.clauses:
        if clause.status is ClauseStatus.DELETED:
            continue
        where = f"§{clause.number} {clause.id}" if clause.number else clause.id
        hits += _lines(where, clause.text, pattern)
    for amendment in session.voting_order():
        hits += _amendment_hits(session, amendment, pattern)
    return hits


def _lines(where: str, text: str, pattern: re.Pattern[str],
           keep: Sequence[tuple[int, int]] | None = None) -> list[Hit]:
    """The lines of *text* with a match (with *keep*: a match overlapping one of those
    ranges of *text*)."""
    hits = []
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        spans = tuple((m.start(), m.end()) for m in pattern.finditer(line)
                      if keep is None or any(m.start() + start < b and a < m.end() + start
                                             for a, b in keep))
        if spans:
            hits.append(Hit(where, number, line, spans))
        start += len(line) + 1
    return hits


def _amendment_hits(session: TextState, amendment: Amendment,
                    pattern: re.Pattern[str]) -> list[Hit]:
    where = f"{amendment.label} ({amendment.id}) {amendment.target}"
    drafted = read_edits(amendment, session.bases, session.cache)
    hits: list[Hit] = []
    if drafted.finding is None and drafted.base is not None:
        proposed, inserted = _inserted(drafted.base, drafted.edits)
        hits += _lines(where, proposed, pattern, inserted)
    if amendment.justification:
        hits += _lines(f"{amendment.label} ({amendment.id}) justification",
                       amendment.justification, pattern)
    return hits


def _inserted(base: str, edits: Sequence[Edit]) -> tuple[str, list[tuple[int, int]]]:
    """The proposed text, and the ranges of it that the edits inserted."""
    parts: list[str] = []
    ranges: list[tuple[int, int]] = []
    position = length = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        parts.append(base[position:edit.start])
        length += edit.start - position
        if edit.text:
            ranges.append((length, length + len(edit.text)))
        parts.append(edit.text)
        length += len(edit.text)
        position = edit.end
    parts.append(base[position:])
    return "".join(parts), ranges
