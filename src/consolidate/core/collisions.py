"""Before the vote: which amendments collide, which are identical, which fall if one is adopted.

Amendments are compared on the text of their target clause as it stands in the workspace (the
original). One drafted on another version of the clause is first rebased onto it; one that
cannot be rebased is reported as stale and compared with nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

from consolidate.core.cache import EngineCache, amendment_key
from consolidate.core.engine import read_edits
from consolidate.core.model import (
    LIVE_STATUSES,
    Action,
    Amendment,
    Collision,
    Finding,
    FindingKind,
    Status,
    Text,
)
from consolidate.core.patching import apply_edits
from consolidate.core.procedure import in_order
from consolidate.core.ranges import TokenEdit, TokenIndex
from consolidate.core.rebase import rebase


@dataclass(frozen=True)
class Footprint:
    """What an amendment changes, as token edits on its clause's reference text."""

    amendment: Amendment
    edits: frozenset[TokenEdit]
    result: str  # the clause as the amendment proposes it


@dataclass(frozen=True)
class ConflictReport:
    """Colliding pairs, identical groups, and who falls if an amendment is adopted."""

    collisions: tuple[Collision, ...]
    identical: tuple[tuple[str, ...], ...]
    falls: Mapping[str, tuple[str, ...]]
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    def colliding_with(self, amendment_id: str) -> tuple[str, ...]:
        out = []
        for collision in self.collisions:
            if collision.first == amendment_id:
                out.append(collision.second)
            elif collision.second == amendment_id:
                out.append(collision.first)
        return tuple(out)


def analyse(text: Text, amendments: Sequence[Amendment], bases: Mapping[str, str],
            statuses: Iterable[Status] = LIVE_STATUSES, cache: EngineCache | None = None,
            order: Sequence[str] | None = None) -> ConflictReport:
    """Compare every pair of live amendments on the same clause."""
    wanted = set(statuses)
    live = [a for a in in_order(text, amendments, order) if a.status in wanted]
    groups: dict[str, list[Amendment]] = defaultdict(list)
    for amendment in live:
        groups[amendment.target].append(amendment)
    collisions: list[Collision] = []
    identical: list[tuple[str, ...]] = []
    findings: list[Finding] = []
    for clause_id, members in groups.items():
        reference = _reference_text(text, clause_id, members, bases)
        key = ("analyse", clause_id, reference, tuple(amendment_key(a) for a in members))
        found = cache.get(key) if cache is not None else None
        if found is None:
            found = _analyse_clause(clause_id, members, reference, bases, cache)
            if cache is not None:
                cache.put(key, found)
        collisions.extend(found[0])
        identical.extend(found[1])
        findings.extend(found[2])
    falls = _falls(live, collisions)
    return ConflictReport(tuple(collisions), tuple(identical), falls, tuple(findings))


# One clause's collisions, identical groups and problems.
_ClauseAnalysis = tuple[tuple[Collision, ...], tuple[tuple[str, ...], ...], tuple[Finding, ...]]


def _analyse_clause(clause_id: str, members: list[Amendment], reference: str,
                    bases: Mapping[str, str], cache: EngineCache | None) -> _ClauseAnalysis:
    footprints, problems = _footprints(members, reference, bases, cache)
    index = _index(reference)
    return (tuple(_collisions(clause_id, footprints, index)), tuple(_identical(footprints)),
            tuple(problems))


@lru_cache(maxsize=64)
def _index(text: str) -> TokenIndex:
    """The tokens of a clause text, cut once for all the amendments that share it."""
    return TokenIndex(text)


def _reference_text(text: Text, clause_id: str, members: list[Amendment],
                    bases: Mapping[str, str]) -> str:
    clause = text.clause(clause_id)
    if clause is not None:
        return clause.text
    return ""  # a new clause: its insertions are compared on the empty text


def _footprints(members: list[Amendment], reference: str, bases: Mapping[str, str],
                cache: EngineCache | None = None) -> tuple[list[Footprint], list[Finding]]:
    footprints: list[Footprint] = []
    problems: list[Finding] = []
    for amendment in members:
        drafted = read_edits(amendment, bases, cache)
        if drafted.finding:
            problems.append(drafted.finding)
            continue
        base = drafted.base or ""
        if amendment.action.inserts:
            base_text, edits = "", list(drafted.edits)
        elif base == reference:
            base_text, edits = base, list(drafted.edits)
        else:
            moved = rebase(base, drafted.edits, reference)
            if not moved.ok:
                problems.append(Finding(
                    FindingKind.STALE_BASE, amendment.id, amendment.target,
                    f"{amendment.label}: it was drafted on another version of the clause and "
                    "changes words that differ in this one; it is compared with no other amendment",
                ))
                continue
            base_text, edits = reference, list(moved.edits)
        if amendment.action is Action.DELETE:
            token_edits = frozenset({TokenEdit(0, len(_index(base_text)), "")})
        else:
            token_edits = frozenset(_index(base_text).to_tokens(edits))
        footprints.append(Footprint(amendment, token_edits, apply_edits(base_text, edits)))
    return footprints, problems


def _collisions(clause_id: str, footprints: list[Footprint], index: TokenIndex) -> list[Collision]:
    found = []
    for one, other in combinations(footprints, 2):
        if _same(one, other):
            continue
        if one.amendment.action.inserts or other.amendment.action.inserts:
            continue  # new clauses at one place follow the voting order; same id: see _same
        pair = _colliding_edits(one, other, index)
        if pair:
            start = min(pair[0].start, pair[1].start)
            end = max(pair[0].end, pair[1].end)
            found.append(Collision(clause_id, one.amendment.id, other.amendment.id,
                                   index.phrase(start, end)))
    return found


def _colliding_edits(one: Footprint, other: Footprint,
                     index: TokenIndex) -> tuple[TokenEdit, TokenEdit] | None:
    for a in sorted(one.edits, key=lambda e: (e.start, e.end)):
        for b in sorted(other.edits, key=lambda e: (e.start, e.end)):
            if index.collide(a, b):
                return a, b
    return None


def _same(one: Footprint, other: Footprint) -> bool:
    return (one.amendment.action == other.amendment.action
            and one.amendment.clause == other.amendment.clause
            and one.result == other.result)


def _identical(footprints: list[Footprint]) -> list[tuple[str, ...]]:
    groups: dict[tuple[object, ...], list[str]] = defaultdict(list)
    for footprint in footprints:
        a = footprint.amendment
        groups[(a.action, a.clause, footprint.result)].append(a.id)
    return [tuple(ids) for ids in groups.values() if len(ids) > 1]


def _falls(live: list[Amendment], collisions: list[Collision]) -> dict[str, tuple[str, ...]]:
    """For each amendment, the live amendments that fall if it is adopted."""
    status = {a.id: a.status for a in live}
    falls: dict[str, list[str]] = {a.id: [] for a in live}
    for collision in collisions:
        for one, other in ((collision.first, collision.second), (collision.second, collision.first)):
            if status.get(other) is not None and status[other].value == "tabled":
                falls[one].append(other)
    return {key: tuple(value) for key, value in falls.items()}
