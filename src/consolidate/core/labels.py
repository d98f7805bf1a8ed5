"""How clauses are named in amending instructions, and how a name is found again.

"paragraph 10" (a numbered clause, by its number in the text as tabled), "the title", "the
heading", a clause's own name ("Article 75 1" for ``Article-75-1``) or, always understood,
"clause ID". Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from consolidate.core.model import ClauseKind, Text

_PARAGRAPH_RE = re.compile(r"^(?:paragraph|para\.?|§)\s*(\d+)$", re.IGNORECASE)
_CLAUSE_RE = re.compile(r"^clause\s+(\S+)$", re.IGNORECASE)


class LabelError(ValueError):
    """A name that does not designate exactly one clause; the message says why."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def _norm(label: str) -> str:
    return " ".join(label.split()).casefold()


def title_clause(text: Text) -> str | None:
    """The heading clause that holds the text's title, if there is one."""
    title = _norm(text.title)
    for clause in text.clauses:
        if clause.kind is ClauseKind.HEADING and _norm(clause.text) == title:
            return clause.id
    return None


def _plain_name(clause_id: str) -> str:
    return clause_id.replace("-", " ").replace("_", " ")


def clause_labels(text: Text) -> dict[str, str]:
    """The name of every clause of *text*, as an instruction writes it; each one unambiguous.

    Numbered clauses are "paragraph N"; the title heading "the title"; a single other heading
    "the heading"; other clauses their id made readable ("Article 75 1"), or "clause ID" when
    that would be ambiguous.
    """
    numbers = text.numbers()
    title = title_clause(text)
    headings = [c.id for c in text.clauses if c.kind is ClauseKind.HEADING and c.id != title]
    ids = {c.id for c in text.clauses}
    names: dict[str, int] = {}
    for clause in text.clauses:
        folded = _norm(_plain_name(clause.id))
        names[folded] = names.get(folded, 0) + 1
    labels: dict[str, str] = {}
    for clause in text.clauses:
        if clause.id in numbers:
            labels[clause.id] = f"paragraph {numbers[clause.id]}"
        elif clause.id == title:
            labels[clause.id] = "the title"
        elif headings == [clause.id]:
            labels[clause.id] = "the heading"
        else:
            name = _plain_name(clause.id)
            plain = (names[_norm(name)] == 1 and (name == clause.id or name not in ids)
                     and not _PARAGRAPH_RE.match(name) and not _CLAUSE_RE.match(name)
                     and _norm(name) not in ("the title", "the heading"))
            labels[clause.id] = name if plain else f"clause {clause.id}"
    return labels


def resolve_label(text: Text, label: str, extra: Collection[str] = ()) -> str:
    """The id of the clause *label* names in *text* (or among *extra* clause ids).

    Raises :class:`LabelError` for an unknown paragraph or name, or an ambiguous one.
    """
    name = " ".join(label.split())
    paragraph = _PARAGRAPH_RE.match(name)
    if paragraph:
        return _paragraph(text, int(paragraph.group(1)))
    explicit = _CLAUSE_RE.match(name)
    if explicit:
        wanted = explicit.group(1)
        if text.clause(wanted) is not None or wanted in extra:
            return wanted
        raise LabelError(f"there is no clause '{wanted}' in the text",
                         "`consolidate show` lists the clause ids")
    folded = _norm(name)
    if folded == "the title":
        title = title_clause(text)
        if title is None:
            raise LabelError("the text has no title clause",
                             "name the clause by its id: 'clause ID'")
        return title
    if folded == "the heading":
        return _the_heading(text)
    if text.clause(name) is not None or name in extra:
        return name
    matches = [c.id for c in text.clauses if _norm(_plain_name(c.id)) == folded]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise LabelError(f"'{name}' may be any of the clauses {', '.join(matches)}",
                         "name the clause by its id: 'clause ID'")
    raise LabelError(f"there is no paragraph or clause called '{name}' in the text",
                     "name a paragraph by its number ('paragraph 10') or a clause by its id "
                     "('clause p10')")


def _paragraph(text: Text, number: int) -> str:
    numbers = text.numbers()
    for clause_id, found in numbers.items():
        if found == number:
            return clause_id
    if numbers:
        span = f"the text's paragraphs are numbered 1 to {len(numbers)}"
    else:
        span = "the text has no numbered paragraphs"
    raise LabelError(f"there is no paragraph {number}: {span}",
                     "use the paragraph numbers of the text as tabled")


def _the_heading(text: Text) -> str:
    title = title_clause(text)
    headings = [c.id for c in text.clauses if c.kind is ClauseKind.HEADING and c.id != title]
    if len(headings) == 1:
        return headings[0]
    if not headings:
        raise LabelError("the text has no heading besides its title")
    raise LabelError(f"'the heading' is ambiguous: the text has {len(headings)} headings",
                     "name the heading by its id: 'clause ID'")
