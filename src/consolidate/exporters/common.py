"""Helpers shared by the exporters: labels, numbers, change grouping, unsafe characters.

Pure Python; imports nothing heavier than the model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from consolidate.core.model import (
    NUMBERED_KINDS,
    Action,
    Amendment,
    ChangeKind,
    ClauseKind,
    ClauseStatus,
    ConsolidatedClause,
    Consolidation,
    Finding,
    Span,
    Sponsor,
)
from consolidate.exporters.base import ExportContext

RENUMBERING_AUTHOR = "consolidate – renumbering"
EPOCH_DATE = "1970-01-01"

# Characters XML 1.0 forbids (and terminals must not receive): C0 controls except TAB, LF,
# CR; the non-characters U+FFFE/U+FFFF; lone surrogates. ESC and DEL/C1 are removed too.
_UNSAFE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """*text* without the control characters that break XML documents and terminals."""
    return _UNSAFE_RE.sub("", text)


@dataclass(frozen=True)
class Change:
    """One attributed change: words deleted and/or inserted by one amendment."""

    amendment: str | None
    deleted: str
    inserted: str


@dataclass(frozen=True)
class Same:
    """Unchanged text between changes."""

    text: str


Piece = Change | Same


def coalesce(spans: Iterable[Span]) -> list[Span]:
    """Merge neighbouring spans of the same kind and amendment; drop empty ones."""
    merged: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        last = merged[-1] if merged else None
        if last and last.kind is span.kind and last.amendment == span.amendment:
            merged[-1] = Span(span.kind, last.text + span.text, span.amendment)
        else:
            merged.append(span)
    return merged


def pieces(spans: Iterable[Span]) -> list[Piece]:
    """Group a redline into unchanged text and changes, one per amendment run.

    A deletion directly followed (or preceded) by an insertion of the same amendment is
    one change: a substitution. Pure insertions and deletions that end with the white space
    found before them are slid left (``a [-b -]c`` -> ``a[- b-] c``): the same change, but
    its label then sits right after its last word.
    """
    return _slide(_group(spans))


def _group(spans: Iterable[Span]) -> list[Piece]:
    out: list[Piece] = []
    for span in coalesce(spans):
        if span.kind is ChangeKind.EQUAL:
            out.append(Same(span.text))
            continue
        last = out[-1] if out else None
        deleted = span.text if span.kind is ChangeKind.DELETE else ""
        inserted = span.text if span.kind is ChangeKind.INSERT else ""
        if isinstance(last, Change) and last.amendment == span.amendment:
            out[-1] = Change(span.amendment, last.deleted + deleted, last.inserted + inserted)
        else:
            out.append(Change(span.amendment, deleted, inserted))
    return out


def _trailing_space(text: str) -> str:
    return text[len(text.rstrip()):]


def _slide(parts: list[Piece]) -> list[Piece]:
    out = list(parts)
    for index, part in enumerate(out):
        if not isinstance(part, Change) or (part.deleted and part.inserted) or index == 0:
            continue
        before = out[index - 1]
        body = part.deleted or part.inserted
        space = _trailing_space(body)
        if not space or space == body or not isinstance(before, Same):
            continue
        if not before.text.endswith(space) or before.text == space:
            continue
        moved = space + body[: -len(space)]
        out[index - 1] = Same(before.text[: -len(space)])
        out[index] = Change(part.amendment, moved if part.deleted else "",
                            moved if part.inserted else "")
        following = out[index + 1] if index + 1 < len(out) else None
        if isinstance(following, Same):
            out[index + 1] = Same(space + following.text)
        else:
            out.insert(index + 1, Same(space))
    return [p for p in out if not (isinstance(p, Same) and not p.text)]


def visible(clause: ConsolidatedClause) -> bool:
    """True when the clause is part of the consolidated text (not deleted)."""
    return clause.status is not ClauseStatus.DELETED


def is_numbered(clause: ConsolidatedClause) -> bool:
    return clause.kind in NUMBERED_KINDS


def number_prefix(number: int | None) -> str:
    """'10. ' for a number, '' for none."""
    return f"{number}. " if number is not None else ""


def display_number(clause: ConsolidatedClause) -> int | None:
    """The number a reader sees: the consolidated one, or the original one if deleted."""
    if not is_numbered(clause):
        return None
    if clause.status is ClauseStatus.DELETED:
        return clause.original_number
    return clause.number


def renumbered(clause: ConsolidatedClause) -> bool:
    """True when an existing clause keeps its place but not its number."""
    return (
        is_numbered(clause)
        and clause.status in (ClauseStatus.UNCHANGED, ClauseStatus.AMENDED)
        and clause.number is not None
        and clause.original_number is not None
        and clause.number != clause.original_number
    )


def clause_body(text: str) -> str:
    """A clause's text for layout: without the trailing line break of its file."""
    return text.rstrip("\n")


def whole_clause_amendment(clause: ConsolidatedClause) -> str | None:
    """The amendment that inserted or deleted a whole clause."""
    for span in clause.spans:
        if span.kind is not ChangeKind.EQUAL and span.amendment:
            return span.amendment
    return clause.amendments[0] if clause.amendments else None


def whole_clause_pieces(clause: ConsolidatedClause, prefix: str = "") -> list[Change]:
    """An inserted or deleted clause as changes, one per run of one amendment's words.

    A clause inserted by one amendment and amended by later ones (or amended, then deleted)
    shows each amendment's words as its own, as the engine attributed them. *prefix* (the
    clause number, "12. ") starts the first change, which is the inserting or deleting
    amendment's. The final line end of the clause file is left out (:func:`clause_body`).
    Should the spans not spell the clause, it is one change by :func:`whole_clause_amendment`.
    There is always at least one change.
    """
    deleted = clause.status is ClauseStatus.DELETED
    body = clause_body(clause.original if deleted else clause.text)
    kind = ChangeKind.DELETE if deleted else ChangeKind.INSERT
    runs = coalesce(clause.spans)
    spelled = "".join(span.text for span in runs)
    parts: list[tuple[str | None, str]] = []
    if runs and all(span.kind is kind for span in runs) and clause_body(spelled) == body:
        room = len(body)
        for span in runs:
            text = span.text[:room]
            room -= len(text)
            if text:
                parts.append((span.amendment, text))
    if not parts:
        parts = [(whole_clause_amendment(clause), body)]
    parts[0] = (parts[0][0], prefix + parts[0][1])
    return [Change(amendment, text, "") if deleted else Change(amendment, "", text)
            for amendment, text in parts]


def credit_label(ctx: ExportContext, amendment_id: str | None) -> str:
    """'AM 7', or 'AM 5 = AM 6' for identical amendments adopted together."""
    credited = ctx.credited(amendment_id) if amendment_id is not None else ()
    if len(credited) < 2:
        return amendment_label(ctx.amendments, amendment_id)
    return " = ".join(a.label for a in credited)


def credit_author(ctx: ExportContext, amendment_id: str | None) -> str:
    """'AM 7 – Pierre DUPONT (France)'; identical amendments adopted together are credited
    jointly: 'AM 5 = AM 6 – Pierre DUPONT (France); Anna SMITH (Malta)'."""
    credited = ctx.credited(amendment_id) if amendment_id is not None else ()
    if len(credited) < 2:
        return amendment_author(ctx.amendments, amendment_id)
    names = list(dict.fromkeys(a.sponsor.short for a in credited if a.sponsor))
    label = " = ".join(a.label for a in credited)
    return f"{label} – {'; '.join(names)}" if names else label


def amendment_label(amendments: Mapping[str, Amendment], amendment_id: str | None) -> str:
    """'AM 7' for a known amendment, its id otherwise, 'change' when unattributed."""
    if amendment_id is None:
        return "change"
    amendment = amendments.get(amendment_id)
    return amendment.label if amendment else amendment_id


def amendment_author(amendments: Mapping[str, Amendment], amendment_id: str | None) -> str:
    """'AM 7 – Pierre DUPONT (France)': who made a change."""
    if amendment_id is None:
        return "consolidate"
    amendment = amendments.get(amendment_id)
    return amendment.author if amendment else amendment_id


def sponsor_line(amendment: Amendment) -> str:
    """The principal sponsor and co-sponsors, 'Pierre DUPONT (France); Anna SMITH (Malta)'."""
    people: list[Sponsor] = [amendment.sponsor] if amendment.sponsor else []
    people.extend(amendment.cosponsors)
    return "; ".join(person.short for person in people)


def sorted_amendments(amendments: Mapping[str, Amendment]) -> list[Amendment]:
    """Amendments by display number (numerically), then id."""
    return sorted(amendments.values(), key=lambda a: (a.number_key(), a.id))


def title_clause(consolidation: Consolidation) -> str | None:
    """The id of the heading clause that holds the title, if the title is a clause.

    Such a clause is amendable like any other; exporters then show it, not ``text.title``.
    """
    title = " ".join(consolidation.text.title.split()).casefold()
    for clause in consolidation.clauses:
        if clause.kind is not ClauseKind.HEADING:
            continue
        if " ".join(clause.original.split()).casefold() == title:
            return clause.id
    return None


def separate_title(consolidation: Consolidation) -> str:
    """The title to print above the clauses: '' when a clause holds it (or there is none)."""
    return "" if title_clause(consolidation) else consolidation.text.title


def clause_labels(consolidation: Consolidation) -> dict[str, str]:
    """How to name each clause in prose: 'paragraph 10', 'the title', 'Article 144'.

    Clauses of the text are named by their original number; new clauses as 'new paragraph
    12' (their consolidated number). Compute once per document: it walks every clause.
    """
    labels: dict[str, str] = {}
    for found in consolidation.clauses:
        if found.number is not None:
            labels[found.id] = f"new paragraph {found.number}"
    numbers = consolidation.text.numbers()
    title_id = title_clause(consolidation)
    for clause in consolidation.text.clauses:
        if clause.id in numbers:
            labels[clause.id] = f"paragraph {numbers[clause.id]}"
        elif clause.kind is ClauseKind.HEADING:
            labels[clause.id] = "the title" if clause.id == title_id else "the heading"
        else:
            labels[clause.id] = clause.id.replace("-", " ").replace("_", " ")
    return labels


def amendment_place(labels: Mapping[str, str], amendment: Amendment) -> str:
    """Where an amendment acts, for legends: 'paragraph 10', 'new, after paragraph 11'."""
    label = labels.get(amendment.clause, amendment.clause)
    if amendment.action.inserts:
        word = "after" if amendment.action is Action.INSERT_AFTER else "before"
        return f"new, {word} {label}"
    return label


def iso_datetime(day: str) -> str | None:
    """'2008-07-02' -> '2008-07-02T00:00:00Z'; a full ISO time is kept; junk gives None."""
    day = day.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
        return f"{day}T00:00:00Z"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", day):
        return day
    return None


def revision_date(amendment: Amendment | None) -> str:
    """The date of an amendment's changes: decided, else tabled, else the epoch."""
    if amendment is not None:
        for day in (amendment.decided, amendment.tabled):
            stamp = iso_datetime(day)
            if stamp:
                return stamp
    return f"{EPOCH_DATE}T00:00:00Z"


def document_date(ctx_amendments: Mapping[str, Amendment], applied: Iterable[str]) -> str:
    """The latest date among the applied amendments: the date of the consolidation."""
    stamps = [revision_date(ctx_amendments.get(a)) for a in applied]
    return max(stamps, default=f"{EPOCH_DATE}T00:00:00Z")


def clause_findings(consolidation: Consolidation, clause_id: str) -> Iterator[Finding]:
    """The findings that concern one clause."""
    return iter(consolidation.findings_by_clause.get(clause_id, ()))
