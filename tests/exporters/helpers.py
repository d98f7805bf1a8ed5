"""Hand-built consolidations of the OSCE PA seed resolution, for the exporter tests.

The paragraphs are the real ones (tests/fixtures/exporters/sc08-5.json); the amendments are
made up to cover every case an exporter must render: a word replaced, words inserted and
deleted, two amendments in one clause, a whole clause deleted, a new clause inserted (with
``]]>`` and a BEL control character in it), renumbering, an adopted amendment that could not
be applied, and a sponsor whose name is an HTML script tag.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path

from consolidate.core.model import (
    Action,
    Amendment,
    ChangeKind,
    Clause,
    ClauseKind,
    ClauseStatus,
    ConsolidatedClause,
    Consolidation,
    Edit,
    Finding,
    FindingKind,
    Span,
    Sponsor,
    Status,
    Text,
    number_clauses,
)
from consolidate.core.patching import apply_edits, make_patch, patch_edits, word_edits

FIXTURES = Path(__file__).parent.parent / "fixtures" / "exporters"
NEW_CLAUSE_TEXT = (
    "Urges participating States to criminalize the online grooming of children, including "
    'messages hidden in "]]>" markers or in the control character \x07 used by some tools;'
)
SCRIPT = "<script>alert(1)</script>"
JUSTIFICATION = "To use the terminology of the Luxembourg Guidelines."


def seed_data() -> dict:
    return json.loads((FIXTURES / "sc08-5.json").read_text(encoding="utf-8"))


def seed_text() -> Text:
    data = seed_data()
    clauses = tuple(Clause(c["id"], ClauseKind(c["kind"]), c["text"]) for c in data["clauses"])
    return Text(data["id"], data["title"], clauses, language=data["language"],
                front_matter=tuple(data["front_matter"]))


def paragraph(number: int) -> str:
    """The text of seed paragraph *number*."""
    clause = seed_text().clause(f"p{number}")
    assert clause is not None
    return clause.text


def blob_id(text: str) -> str:
    data = text.encode("utf-8")
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _sponsor(family: str, given: str, title: str, country: str) -> Sponsor:
    return Sponsor(family_name=family, given_names=given, title=title, country=country)


DUPONT = _sponsor("DUPONT", "Pierre", "Mr", "France")
SMITH = _sponsor("SMITH", "Anna", "Mrs", "Malta")
NOVAK = _sponsor("NOVÁK", "Jan", "Mr", "Czech Republic")
SCRIPTED = _sponsor(SCRIPT, "Eve & <b>", "Ms", "Ruritania")


def _amend(
    am_id: str, number: str, clause: str, proposed: str, status: Status = Status.ADOPTED, *,
    action: Action = Action.MODIFY, sponsor: Sponsor = DUPONT, cosponsors: tuple[Sponsor, ...] = (),
    decided: str = "2008-07-02", tabled: str = "2008-06-30", new_clause: str = "",
) -> Amendment:
    original = "" if action.inserts else seed_text().clause(clause).text  # type: ignore[union-attr]
    patch = "" if action is Action.DELETE else make_patch(original, proposed)
    return Amendment(
        id=am_id, number=number, text_id="sc08-5", clause=clause, action=action,
        base=blob_id(original), status=status, patch=patch, sponsor=sponsor,
        cosponsors=cosponsors, tabled=tabled, decided=decided, new_clause=new_clause,
        new_kind="operative" if new_clause else "",
        justification=JUSTIFICATION if number == "1" else "",
    )


def seed_amendments() -> dict[str, Amendment]:
    p10, p11, _p13, p16 = paragraph(10), paragraph(11), paragraph(13), paragraph(16)
    ams = [
        _amend("am-10-csam", "1", "p10",
               p10.replace("child pornography", "child sexual abuse material"),
               cosponsors=(SMITH, NOVAK)),
        _amend("am-11-implement", "2", "p11",
               p11.replace("to ratify", "to ratify and fully implement"),
               sponsor=SCRIPTED, decided=""),
        _amend("am-16-banks", "3", "p16", p16.replace("credit card companies, banks, ", ""),
               sponsor=SMITH),
        _amend("am-16-basis", "4", "p16", p16.replace("national bases", "national basis"),
               sponsor=NOVAK, decided="", tabled=""),
        _amend("am-14-delete", "5", "p14", "", action=Action.DELETE, sponsor=SMITH),
        _amend("am-11a-grooming", "6", "p11", NEW_CLAUSE_TEXT, action=Action.INSERT_AFTER,
               new_clause="p11a", sponsor=DUPONT),
        _amend("am-13-rewrite", "7", "p13",
               "Calls on participating States to share information on convicted sex offenders;",
               Status.REJECTED, sponsor=NOVAK),
        _amend("am-16-payment", "8", "p16",
               p16.replace("credit card companies", "payment service providers"), sponsor=DUPONT),
    ]
    return {a.id: a for a in ams}


def redline(original: str, changes: Sequence[tuple[str, str]]) -> tuple[str, tuple[Span, ...]]:
    """Consolidate one clause the way the engine does: each amendment's edits on the original.

    *changes* are (amendment id, the clause as that amendment alone proposes it).
    """
    tagged: list[tuple[Edit, str]] = []
    for am_id, proposed in changes:
        tagged.extend((edit, am_id) for edit in word_edits(original, proposed))
    tagged.sort(key=lambda pair: (pair[0].start, pair[0].end))
    spans: list[Span] = []
    position = 0
    for edit, am_id in tagged:
        assert edit.start >= position, "fixture amendments must not collide"
        if edit.start > position:
            spans.append(Span(ChangeKind.EQUAL, original[position:edit.start]))
        if edit.end > edit.start:
            spans.append(Span(ChangeKind.DELETE, original[edit.start:edit.end], am_id))
        if edit.text:
            spans.append(Span(ChangeKind.INSERT, edit.text, am_id))
        position = edit.end
    if position < len(original):
        spans.append(Span(ChangeKind.EQUAL, original[position:]))
    return apply_edits(original, [e for e, _ in tagged]), tuple(spans)


def _proposed(amendment: Amendment, original: str) -> str:
    return apply_edits(original, patch_edits(amendment.patch, original))


def build_consolidation(text: Text, amendments: dict[str, Amendment]) -> Consolidation:
    """The consolidation of *text* with the fixture amendments above (AM 8 collides)."""
    applied = ("am-10-csam", "am-11-implement", "am-11a-grooming", "am-16-banks",
               "am-16-basis", "am-14-delete")
    by_clause: dict[str, list[str]] = {}
    for am_id in applied:
        by_clause.setdefault(amendments[am_id].target, []).append(am_id)
    old_numbers = text.numbers()
    result: list[ConsolidatedClause] = []
    for clause in text.clauses:
        result.append(_consolidate_clause(clause, by_clause.get(clause.id, []), amendments))
        if clause.id == "p11":
            new = NEW_CLAUSE_TEXT
            result.append(ConsolidatedClause(
                "p11a", ClauseKind.OPERATIVE, "", new, ClauseStatus.INSERTED,
                (Span(ChangeKind.INSERT, new, "am-11a-grooming"),),
                amendments=("am-11a-grooming",)))
    kept = [Clause(c.id, c.kind, c.text) for c in result if c.status is not ClauseStatus.DELETED]
    new_numbers = number_clauses(kept)
    numbered = tuple(
        ConsolidatedClause(c.id, c.kind, c.original, c.text, c.status, c.spans,
                           new_numbers.get(c.id), old_numbers.get(c.id), c.amendments)
        for c in result
    )
    finding = Finding(FindingKind.COLLISION, "am-16-payment", "p16",
                      "AM 8 not applied: it changes 'credit card companies', which AM 3 deleted",
                      ("am-16-banks",))
    return Consolidation(text, numbered, applied, (finding,))


def _consolidate_clause(clause: Clause, am_ids: list[str],
                        amendments: dict[str, Amendment]) -> ConsolidatedClause:
    if not am_ids:
        return ConsolidatedClause(clause.id, clause.kind, clause.text, clause.text,
                                  ClauseStatus.UNCHANGED, (Span(ChangeKind.EQUAL, clause.text),))
    if amendments[am_ids[0]].action is Action.DELETE:
        return ConsolidatedClause(clause.id, clause.kind, clause.text, "", ClauseStatus.DELETED,
                                  (Span(ChangeKind.DELETE, clause.text, am_ids[0]),),
                                  amendments=tuple(am_ids))
    changes = [(a, _proposed(amendments[a], clause.text)) for a in am_ids]
    new_text, spans = redline(clause.text, changes)
    return ConsolidatedClause(clause.id, clause.kind, clause.text, new_text, ClauseStatus.AMENDED,
                              spans, amendments=tuple(am_ids))


def document(consolidation: Consolidation, *, original: bool) -> str:
    """The original or consolidated document, laid out like the ``text`` format."""
    front = "\n".join(consolidation.text.front_matter)
    blocks = ([front] if front else []) + [consolidation.text.title]
    for clause in consolidation.clauses:
        body = clause.original if original else clause.text
        if (clause.status is ClauseStatus.INSERTED and original) or (
                clause.status is ClauseStatus.DELETED and not original):
            continue
        number = clause.original_number if original else clause.number
        blocks.append((f"{number}. " if number is not None else "") + body)
    return "\n\n".join(blocks) + "\n"


CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def words(text: str) -> list[str]:
    """The words of *text*, control characters dropped: for comparing across formats."""
    return CONTROL_RE.sub("", text).split()


_CRITIC_RE = re.compile(
    r"\{\+\+(?P<ins>.*?)\+\+\}|\{--(?P<del>.*?)--\}|\{~~(?P<old>.*?)~>(?P<new>.*?)~~\}"
    r"|\{>>(?P<comment>.*?)<<\}|\{==(?P<mark>.*?)==\}",
    re.DOTALL,
)


def resolve_critic(markup: str, *, accept: bool) -> str:
    """Accept or reject every CriticMarkup change (comments dropped, highlights kept)."""

    def resolve(match: re.Match[str]) -> str:
        if match.group("ins") is not None:
            return match.group("ins") if accept else ""
        if match.group("del") is not None:
            return "" if accept else match.group("del")
        if match.group("old") is not None:
            return match.group("new") if accept else match.group("old")
        if match.group("mark") is not None:
            return match.group("mark")
        return ""

    return _CRITIC_RE.sub(resolve, markup)


def collapse_blank_lines(text: str) -> str:
    """Runs of blank lines as one (a paragraph removed by a change leaves an empty block)."""
    return re.sub(r"\n{3,}", "\n\n", text)


def small_consolidation(
    rows: Sequence[tuple[str, str | None, str | None]], text_id: str = "t1"
) -> Consolidation:
    """A consolidation of numbered paragraphs from (clause id, original, consolidated) rows.

    ``None`` as original means an inserted clause, as consolidated a deleted one; every
    change is attributed to amendment "am-x".
    """
    originals = tuple(
        Clause(cid, ClauseKind.OPERATIVE, old) for cid, old, _ in rows if old is not None
    )
    text = Text(text_id, "Small text", originals)
    kept = [Clause(cid, ClauseKind.OPERATIVE, new) for cid, _, new in rows if new is not None]
    old_numbers, new_numbers = text.numbers(), number_clauses(kept)
    clauses = []
    for cid, old, new in rows:
        if old is None:
            status, spans = ClauseStatus.INSERTED, (Span(ChangeKind.INSERT, new or "", "am-x"),)
        elif new is None:
            status, spans = ClauseStatus.DELETED, (Span(ChangeKind.DELETE, old, "am-x"),)
        else:
            status = ClauseStatus.UNCHANGED if old == new else ClauseStatus.AMENDED
            spans = redline(old, [("am-x", new)])[1]
        clauses.append(ConsolidatedClause(
            cid, ClauseKind.OPERATIVE, old or "", new or "", status, spans,
            new_numbers.get(cid), old_numbers.get(cid), ("am-x",) if old != new else ()))
    return Consolidation(text, tuple(clauses), ("am-x",))
