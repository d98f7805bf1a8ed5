"""Adopting an amendment: who is adopted with it, who falls, or why it cannot be adopted.

The one rule, shared by the application (``consolidate adopt``, which records it) and the
review app (which shows it before git has recorded it), so that what the app announces is
what the commit records:

- identical amendments still tabled are adopted with it (they are one vote);
- the adoption is refused when the engine could not apply it exactly: it changes words that
  an amendment adopted first already changed (it should have fallen with that adoption), its
  base cannot be rebased, its clause was deleted…; the refusal names the amendment and the
  decision in the way;
- otherwise every tabled amendment that changes the same words falls, with those words.

Only the adopted amendment's clause can change, so it is compared with the amendments of that
clause alone (and, for a new clause, every insertion, which places it). Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from consolidate.core.cache import EngineCache
from consolidate.core.collisions import ConflictReport, analyse
from consolidate.core.engine import consolidation_findings
from consolidate.core.model import Amendment, Finding, FindingKind, Status, Text


@dataclass(frozen=True)
class Fall:
    """A tabled amendment that falls because an adopted one changes the same words."""

    amendment: str  # the amendment that falls
    by: str  # the adopted amendment it collides with
    words: str  # the words both change

    def reason(self, labels: Mapping[str, str]) -> str:
        """The reason recorded in the fallen amendment's file."""
        by = labels.get(self.by, self.by)
        return f"falls: {by} was adopted and changes the same words ('{self.words}')"


@dataclass(frozen=True)
class Blocked:
    """Why an amendment cannot be adopted, and the adopted amendment in the way (if any)."""

    message: str
    hint: str
    by: str = ""


@dataclass(frozen=True)
class Adoption:
    """What adopting one amendment does: adopted with it, fallen, or why it is refused."""

    amendment: str
    together: tuple[str, ...] = ()  # identical tabled amendments, adopted with it
    falls: tuple[Fall, ...] = ()
    blocked: Blocked | None = None


def neighbours(text: Text, amendments: Sequence[Amendment],
               target: str) -> tuple[Text, list[Amendment]]:
    """What an adoption on *target* is compared with: a text of that clause alone (nothing
    else can change) and the amendments of that clause; for a new clause, the clause it is
    anchored to and the insertions of the new clauses in between (an anchor may itself be a
    new clause)."""
    current = {a.id: a for a in amendments}
    return Neighbourhoods(amendments).around(text, current, target)


class Neighbourhoods:
    """Which amendments are near a clause (see :func:`neighbours`), indexed once so that each
    of many decisions reads only its clause's amendments, never the whole list.

    Built from the amendments' ids and targets, which no decision changes: their statuses
    are looked up, as they stand, in the mapping given to :meth:`around`.
    """

    def __init__(self, amendments: Sequence[Amendment]) -> None:
        self._rank = {a.id: rank for rank, a in enumerate(amendments)}
        self._on: dict[str, list[str]] = {}
        self._inserting: dict[str, list[str]] = {}  # new clause -> the insertions of it
        self._anchor: dict[str, str] = {}  # insertion -> the clause it is placed next to
        for amendment in amendments:
            self._on.setdefault(amendment.target, []).append(amendment.id)
            if amendment.action.inserts:
                self._inserting.setdefault(amendment.new_clause, []).append(amendment.id)
                self._anchor[amendment.id] = amendment.clause

    def ids(self, target: str) -> list[str]:
        """The ids of the amendments near *target*, in the order they were given."""
        near = list(self._on.get(target, ()))
        taken = set(near)
        anchors = {self._anchor[i] for i in near if i in self._anchor}
        seen = {target}
        while anchors - seen:
            seen |= anchors
            chain = sorted({i for anchor in anchors for i in self._inserting.get(anchor, ())
                            if i not in taken}, key=self._rank.__getitem__)
            near += chain
            taken.update(chain)
            anchors = {self._anchor[i] for i in chain}
        return near

    def around(self, text: Text, current: Mapping[str, Amendment],
               target: str) -> tuple[Text, list[Amendment]]:
        """:func:`neighbours` of *target*, with the amendments as *current* has them."""
        near = [current[i] for i in self.ids(target)]
        seen = {target} | {a.clause for a in near if a.action.inserts}
        kept = sorted((c for c in map(text.clause, seen) if c is not None),
                      key=lambda c: text.position(c.id) or 0)
        return replace(text, clauses=tuple(kept)), near


def adoption(text: Text, amendments: Sequence[Amendment], bases: Mapping[str, str],
             order: Sequence[str], amendment_id: str,
             cache: EngineCache | None = None) -> Adoption:
    """What adopting *amendment_id* does, given every amendment with its current status.

    *bases* maps blob ids to texts; *order* lists amendment ids in voting order (the order
    adopted amendments are applied in).
    """
    target = next(a.target for a in amendments if a.id == amendment_id)
    scope, near = neighbours(text, amendments, target)
    return adoption_near(scope, near, bases, order, amendment_id, cache)


def adoption_near(scope: Text, near: Sequence[Amendment], bases: Mapping[str, str],
                  order: Sequence[str], amendment_id: str,
                  cache: EngineCache | None = None) -> Adoption:
    """:func:`adoption`, given only what it is compared with: the :func:`neighbours` of
    the amendment's clause (*scope*, *near*); *order* needs to rank only *near*."""
    by_id = {a.id: a for a in near}
    report = analyse(scope, near, bases, cache=cache, order=order)
    together = _identical_tabled(report, amendment_id, by_id)
    decided = {amendment_id, *together}
    trial = [replace(a, status=Status.ADOPTED) if a.id in decided else a for a in near]
    findings = consolidation_findings(scope, trial, bases, cache, order)
    blocked = _blocked(findings, decided, report, by_id)
    if blocked is not None:
        return Adoption(amendment_id, together, (), blocked)
    return Adoption(amendment_id, together, _falls(report, decided, by_id), None)


def _identical_tabled(report: ConflictReport, amendment_id: str,
                      by_id: Mapping[str, Amendment]) -> tuple[str, ...]:
    group = next((g for g in report.identical if amendment_id in g), ())
    return tuple(i for i in group if i != amendment_id and by_id[i].status is Status.TABLED)


def _falls(report: ConflictReport, decided: set[str],
           by_id: Mapping[str, Amendment]) -> tuple[Fall, ...]:
    out: dict[str, Fall] = {}
    for collision in report.collisions:
        for one, other in ((collision.first, collision.second),
                           (collision.second, collision.first)):
            if one in decided and other not in decided and other not in out \
                    and by_id[other].status is Status.TABLED:
                out[other] = Fall(other, one, collision.words)
    return tuple(out.values())


def _blocked(findings: Sequence[Finding], decided: set[str], report: ConflictReport,
             by_id: Mapping[str, Amendment]) -> Blocked | None:
    """The first finding that makes the adoption impossible, worded for the user."""
    for finding in findings:
        if not finding.blocking:
            continue
        if finding.amendment in decided:
            # It cannot be applied: others (adopted first) are in its way, or nothing is.
            in_way = next((o for o in finding.others if o not in decided), "")
            return _refusal(by_id[finding.amendment], in_way, finding, report, by_id)
        mine = next((o for o in finding.others if o in decided), "")
        if mine:
            # Voted earlier than an amendment already adopted, it would displace that one.
            return _refusal(by_id[mine], finding.amendment, finding, report, by_id,
                            displaced=True)
    return None


def _refusal(amendment: Amendment, in_way: str, finding: Finding, report: ConflictReport,
             by_id: Mapping[str, Amendment], *, displaced: bool = False) -> Blocked:
    name = f"{amendment.label} ({amendment.id})"
    if not in_way or in_way not in by_id:
        return Blocked(f"{name} cannot be adopted: {_without_label(finding, amendment)}",
                       _hint(finding, amendment))
    other = by_id[in_way]
    when = f" on {other.decided}" if other.decided else ""
    words = _words(report, amendment.id, in_way)
    if finding.kind is FindingKind.DELETED_TARGET and displaced:
        what = f"it deletes the clause that {other.label} ({other.id}), adopted first{when}, amends"
    elif finding.kind is FindingKind.DELETED_TARGET:
        what = f"{other.label} ({other.id}), adopted first{when}, deletes its clause"
    elif words:
        what = (f"{other.label} ({other.id}), adopted first{when}, changes the same words "
                f"('{words}')")
    else:
        what = (f"{other.label} ({other.id}), adopted first{when}, changed the words it "
                f"changes ({_without_label(finding, by_id[finding.amendment])})")
    return Blocked(
        f"{name} cannot be adopted: {what}",
        f"{amendment.label} falls with the adoption of {other.label}: reject {amendment.label}; "
        f"to adopt it instead, undo the adoption of {other.label} first (`consolidate undo "
        f"{other.number}`)",
        in_way,
    )


def _words(report: ConflictReport, one: str, other: str) -> str:
    for collision in report.collisions:
        if {collision.first, collision.second} == {one, other}:
            return collision.words
    return ""


def _without_label(finding: Finding, amendment: Amendment) -> str:
    prefix = f"{amendment.label}: "
    return finding.message[len(prefix):] if finding.message.startswith(prefix) else finding.message


def _hint(finding: Finding, amendment: Amendment) -> str:
    if finding.kind is FindingKind.STALE_BASE:
        return (f"draft it again on the current text (`consolidate amend --against "
                f"consolidated`), or reject {amendment.label}")
    if finding.kind in (FindingKind.MISSING_BASE, FindingKind.BAD_PATCH):
        return "restore its file from git, or table the amendment again"
    return f"reject {amendment.label}, or correct its file"
