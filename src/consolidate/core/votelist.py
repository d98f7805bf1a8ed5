"""The voting list: the votes in order, who is voted together, and who falls.

Amendments are grouped by clause, in text order (optionally the preambular clauses last).
Within a clause they come in :func:`~consolidate.core.procedure.voting_order`, except that a
block of mutually exclusive (colliding) amendments is put to the vote together, at the place
of its first member, furthest from the original first (deletion of the clause, then the share
of words changed, :data:`~consolidate.core.procedure.MEASURE`). Identical amendments make one
vote. For each vote: the amendments after it in the list that fall if it is adopted. An
amendment still tabled that changes words an adopted amendment already changed (drafted on
the original text after that adoption) falls: it comes after the adopted one in its block,
its vote says so (``falls_with``), and the next vote skips it.

The chair's order (the order file, ``amendments/<text>/order.txt``) overrides all this within
a clause: the amendments it lists come first, in its order. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from consolidate.core.cache import EngineCache
from consolidate.core.collisions import analyse
from consolidate.core.errors import FormatError
from consolidate.core.model import Action, Amendment, Collision, Finding, Problem, Status, Text
from consolidate.core.procedure import share_changed, voting_order

# The amendments that are (or were) put to the vote: drafts and withdrawn ones are not, and
# incorporated ones belong to an earlier stage.
VOTED_STATUSES = frozenset({Status.TABLED, Status.ADOPTED, Status.REJECTED, Status.FALLEN})
# Put after the adopted amendment they collide with: it makes them fall.
_FALLING = frozenset({Status.TABLED, Status.FALLEN})
ORDER_FILE = "order.txt"
_DIRECTIVE_RE = re.compile(r"^([A-Za-z][A-Za-z -]*?)\s*:\s*(.*)$")
_AM_RE = re.compile(r"^(?:AM|am|Am)\s+(\S+)$")


@dataclass(frozen=True)
class ChairOrder:
    """What the chair's order file says: amendment ids in voting order, and the rules."""

    ids: tuple[str, ...] = ()
    preamble_last: bool = False
    source: str = ""


class OrderFileError(FormatError):
    """An order file that cannot be used: every problem, with its line."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(*problems)


def parse_order_file(content: str, source: str, amendments: Sequence[Amendment]) -> ChairOrder:
    """Read an order file: one amendment id (or number, or "AM 12") a line, ``#`` comments,
    and the rule ``preamble: last`` (or ``preamble: first``, the default).

    An unknown amendment, one listed twice or a line that is neither is refused with its line.
    """
    by_id = {a.id: a for a in amendments}
    by_number = {a.number: a for a in amendments}
    ids: list[str] = []
    seen: dict[str, int] = {}
    preamble_last = False
    problems: list[Problem] = []
    for number, raw in enumerate(content.split("\n"), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        directive = _DIRECTIVE_RE.match(line)
        if directive:
            try:
                preamble_last = _directive(directive.group(1), directive.group(2))
            except ValueError as error:
                problems.append(Problem(str(error), source, number,
                                        "the only rule is 'preamble: last' or 'preamble: first'"))
            continue
        token = _AM_RE.sub(r"\1", line)
        found = by_id.get(token) or by_number.get(token)
        if found is None:
            problems.append(Problem(
                f"'{line}' is not an amendment of this text", source, number,
                "write one amendment id or number a line (`consolidate list` shows them)"))
        elif found.id in seen:
            problems.append(Problem(
                f"{found.label} ({found.id}) is listed twice (first on line {seen[found.id]})",
                source, number, "list each amendment once"))
        else:
            seen[found.id] = number
            ids.append(found.id)
    if problems:
        raise OrderFileError(problems)
    return ChairOrder(tuple(ids), preamble_last, source)


def _directive(key: str, value: str) -> bool:
    if key.strip().lower() not in ("preamble", "preambles", "recitals"):
        raise ValueError(f"unknown rule '{key.strip()}'")
    word = value.strip().lower()
    if word in ("last", "after", "last (after the operative clauses)"):
        return True
    if word in ("first", "in order", "text order"):
        return False
    raise ValueError(f"'{value.strip()}' is neither 'last' nor 'first'")


@dataclass(frozen=True)
class Vote:
    """One vote of the list: the amendments put to the vote together, on one clause."""

    clause: str  # the clause voted on (the new clause, for an insertion)
    amendments: tuple[str, ...]  # identical amendments are voted together
    falls_if_adopted: tuple[str, ...]  # later amendments that fall if this vote adopts
    share: float  # how far it departs from the original (procedure.MEASURE)
    exclusive_with: tuple[str, ...] = ()  # the other amendments of its block, in list order
    chair: bool = False  # placed by the chair's order file
    # Tabled, but an adopted amendment changes the same words: it falls, it is not voted on.
    falls_with: tuple[Collision, ...] = ()  # (this vote's amendment, the adopted one, words)

    @property
    def falls(self) -> bool:
        """True when an adopted amendment makes this vote fall."""
        return bool(self.falls_with)

    def why_it_falls(self, labels: Mapping[str, str]) -> str:
        """'AM 16 falls: AM 13 is adopted and changes the same words ('convicted')'."""
        names = " = ".join(labels.get(a, a) for a in self.amendments)
        reasons = "; ".join(f"{labels.get(c.second, c.second)} is adopted and changes the same "
                            f"words ('{c.words}')" for c in self.falls_with[:1])
        return f"{names} {'falls' if len(self.amendments) == 1 else 'fall'}: {reasons}"


@dataclass(frozen=True)
class VoteList:
    """The votes in order, and what the list was made with."""

    text_id: str
    votes: tuple[Vote, ...]
    preamble_last: bool = False
    chair_order: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    def sequence(self) -> list[str]:
        """Every amendment of the list, in voting order."""
        return [amendment for vote in self.votes for amendment in vote.amendments]

    def next_vote(self, statuses: Mapping[str, Status]) -> Vote | None:
        """The first vote whose amendments are all still tabled, or None; a vote that falls
        (an adopted amendment changes the same words) is skipped."""
        for vote in self.votes:
            if not vote.falls and _open(vote, statuses):
                return vote
        return None

    def skipped(self, statuses: Mapping[str, Status], before: Vote | None) -> list[Vote]:
        """The votes still tabled that fall, before *before* (all of them for None)."""
        out = []
        for vote in self.votes:
            if vote is before:
                break
            if vote.falls and _open(vote, statuses):
                out.append(vote)
        return out


def _open(vote: Vote, statuses: Mapping[str, Status]) -> bool:
    return all(statuses.get(a) is Status.TABLED for a in vote.amendments)


class _Blocks:
    """Union-find over amendment ids: mutually exclusive (and identical) amendments."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, one: str, other: str) -> None:
        self.parent[self.find(one)] = self.find(other)


def vote_list(text: Text, amendments: Sequence[Amendment], bases: Mapping[str, str], *,
              chair_order: Sequence[str] = (), preamble_last: bool = False,
              cache: EngineCache | None = None) -> VoteList:
    """The voting list of *text* (see the module's docstring)."""
    # Keyed by everything the list is made from (the amendments whole, bases by their ids):
    # a list kept by an earlier command is only found for the same text and amendments.
    key = ("vote list", text, tuple(amendments), tuple(chair_order), preamble_last)
    found = cache.get(key) if cache is not None else None
    if isinstance(found, VoteList):
        return found
    made = _vote_list(text, amendments, bases, chair_order, preamble_last, cache)
    return cache.put(key, made) if cache is not None else made


def _vote_list(text: Text, amendments: Sequence[Amendment], bases: Mapping[str, str],
               chair_order: Sequence[str], preamble_last: bool,
               cache: EngineCache | None) -> VoteList:
    ordered = [a for a in voting_order(text, amendments, chair_order=chair_order,
                                       preamble_last=preamble_last)
               if a.status in VOTED_STATUSES]
    report = analyse(text, ordered, bases, statuses=VOTED_STATUSES, cache=cache)
    blocks = _Blocks()
    colliding: dict[str, set[str]] = {a.id: set() for a in ordered}
    for collision in report.collisions:
        blocks.join(collision.first, collision.second)
        colliding[collision.first].add(collision.second)
        colliding[collision.second].add(collision.first)
    identical: dict[str, tuple[str, ...]] = {}
    for group in report.identical:
        for member in group:
            identical[member] = group
            blocks.join(group[0], member)
    chair = {amendment_id: rank for rank, amendment_id in enumerate(chair_order)}
    falling = _falling(ordered, report.collisions)
    shares = {a.id: share_changed(text, a, cache) for a in ordered}
    sequence = _with_blocks(ordered, blocks, chair, falling, shares)
    votes = _votes(sequence, identical, colliding, blocks, chair, falling, shares)
    return VoteList(text.id, tuple(votes), preamble_last, tuple(chair_order), report.findings)


def _falling(ordered: Sequence[Amendment],
             collisions: Iterable[Collision]) -> dict[str, tuple[Collision, ...]]:
    """Tabled or fallen amendments that an adopted amendment makes fall: amendment id ->
    (amendment, adopted one, words) for each adopted one."""
    status = {a.id: a.status for a in ordered}
    out: dict[str, list[Collision]] = {}
    for collision in collisions:
        for one, other in ((collision.first, collision.second),
                           (collision.second, collision.first)):
            if status.get(one) in _FALLING and status.get(other) is Status.ADOPTED:
                out.setdefault(one, []).append(
                    Collision(collision.clause, one, other, collision.words))
    return {key: tuple(value) for key, value in out.items()}


def _with_blocks(ordered: list[Amendment], blocks: _Blocks, chair: Mapping[str, int],
                 falling: Mapping[str, tuple[Collision, ...]],
                 shares: Mapping[str, float]) -> list[Amendment]:
    """*ordered*, each block of exclusive amendments gathered at its first member's place."""
    members: dict[str, list[Amendment]] = {}
    for amendment in ordered:
        members.setdefault(blocks.find(amendment.id), []).append(amendment)
    out: list[Amendment] = []
    done: set[str] = set()
    for amendment in ordered:
        root = blocks.find(amendment.id)
        if root in done:
            continue
        done.add(root)
        block = members[root]
        if len(block) == 1:
            out.append(amendment)
            continue
        # An amendment that falls with an adopted one comes after it, whatever else says.
        out.extend(sorted(block, key=lambda a: (a.id in falling, _block_key(a, chair, shares))))
    return out


def _block_key(amendment: Amendment, chair: Mapping[str, int],
               shares: Mapping[str, float]) -> tuple[object, ...]:
    if amendment.id in chair:
        placed: tuple[int, float] = (0, chair[amendment.id])
    elif amendment.order is not None:
        placed = (1, amendment.order)
    else:
        placed = (2, 0)
    # furthest from the original first (see procedure.departure)
    departs = (0 if amendment.action is Action.DELETE else 1, -shares[amendment.id])
    return (placed, not amendment.compromise, departs,
            amendment.number_key(), amendment.id)


def _votes(sequence: list[Amendment], identical: Mapping[str, tuple[str, ...]],
           colliding: Mapping[str, set[str]], blocks: _Blocks, chair: Mapping[str, int],
           falling: Mapping[str, tuple[Collision, ...]],
           shares: Mapping[str, float]) -> list[Vote]:
    position = {a.id: index for index, a in enumerate(sequence)}
    sequence_tabled = {a.id for a in sequence if a.status is Status.TABLED}
    members: dict[str, list[str]] = {}
    for amendment in sequence:
        members.setdefault(blocks.find(amendment.id), []).append(amendment.id)
    grouped: list[tuple[Amendment, tuple[str, ...]]] = []
    voted: set[str] = set()
    for amendment in sequence:
        if amendment.id in voted:
            continue
        together = tuple(sorted((m for m in identical.get(amendment.id, (amendment.id,))
                                 if m in position), key=position.__getitem__))
        voted.update(together)
        grouped.append((amendment, together))
    vote_of = {m: index for index, (_, together) in enumerate(grouped) for m in together}
    votes = []
    for index, (amendment, together) in enumerate(grouped):
        falls_with = tuple(c for m in together if m in sequence_tabled
                           for c in falling.get(m, ()))
        falls = {other for m in together for other in colliding[m]} - set(together)
        block = members[blocks.find(amendment.id)]
        votes.append(Vote(
            clause=amendment.target,
            amendments=together,
            falls_if_adopted=() if falls_with else tuple(
                sorted((f for f in falls if vote_of[f] > index), key=position.__getitem__)),
            share=round(shares[amendment.id], 4),
            exclusive_with=tuple(m for m in block if m not in together),
            chair=amendment.id in chair,
            falls_with=falls_with,
        ))
    return votes


def in_list_order(vote_list_: VoteList, everything: Iterable[Amendment], text: Text, *,
                  chair_order: Sequence[str] = (), preamble_last: bool = False,
                  cache: EngineCache | None = None) -> list[Amendment]:
    """All of *everything* in voting order: the voting list's order for the amendments in it,
    the others (drafts, withdrawn, incorporated) after them in their clause."""
    amendments = tuple(everything)
    sequence = tuple(vote_list_.sequence())
    by_id = {a.id: a for a in amendments}
    if cache is None or len(by_id) != len(amendments):  # an id twice: a workspace to refuse
        return _in_list_order(sequence, amendments, text, chair_order, preamble_last)
    key = ("list order", text, amendments, sequence, tuple(chair_order), preamble_last)
    found = cache.get(key)
    if found is None:
        ordered = _in_list_order(sequence, amendments, text, chair_order, preamble_last)
        found = cache.put(key, tuple(a.id for a in ordered))
    return [by_id[amendment_id] for amendment_id in found]


def _in_list_order(sequence: Sequence[str], everything: Sequence[Amendment], text: Text,
                   chair_order: Sequence[str], preamble_last: bool) -> list[Amendment]:
    base = voting_order(text, list(everything), chair_order=chair_order,
                        preamble_last=preamble_last)
    rank = {amendment_id: index for index, amendment_id in enumerate(sequence)}
    groups: dict[str, int] = {}
    places: dict[str, int] = {}
    for index, amendment in enumerate(base):
        groups.setdefault(amendment.target, index)
        places[amendment.id] = index
    return sorted(base, key=lambda a: (groups[a.target], a.id not in rank,
                                       rank.get(a.id, 0), places[a.id]))
