"""Display numbers a chair can read out: numbered as received, reconciled at integration.

A clone tables an amendment with the next number it knows of. Two clones tabling at once
may give the same number to two amendments; merging their work then holds a duplicate.
``consolidate sync`` reconciles them before it publishes anything: in a group sharing a
number, the decided amendment keeps it, else the one already published (on the shared
remote), else the one tabled first (then the smaller id); every other member takes the next
free number, in the order they were tabled. So a number that was read out in a vote, or
published, never changes. The rule reads only the amendments, so the same merged history gives the same
numbers in every clone. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from consolidate.core.model import Status

_NUMERIC_RE = re.compile(r"\d+")


class Numbered(Protocol):
    """What numbering reads of an amendment (an :class:`Amendment` has it all)."""

    @property
    def id(self) -> str: ...
    @property
    def number(self) -> str: ...
    @property
    def tabled(self) -> str: ...
    @property
    def status(self) -> Status: ...
    @property
    def provisional(self) -> bool: ...


N = TypeVar("N", bound=Numbered)


@dataclass(frozen=True)
class Renumbering(Generic[N]):
    """New numbers by amendment id, and the groups no rule can settle (two decided)."""

    numbers: Mapping[str, str]
    unsettled: tuple[tuple[N, ...], ...] = ()


def is_final(amendment: Numbered) -> bool:
    """True when the amendment's number can no longer change: it is not provisional, or the
    amendment was decided (its number was read out in a vote)."""
    return not amendment.provisional or amendment.status not in (Status.DRAFT, Status.TABLED)


def _received(amendment: Numbered) -> tuple[str, str]:
    return (amendment.tabled or "9999-99-99", amendment.id)


def shared_numbers(amendments: Iterable[N]) -> dict[str, list[N]]:
    """The numbers used by more than one amendment, with their amendments (first received
    first)."""
    groups: dict[str, list[N]] = defaultdict(list)
    for amendment in amendments:
        groups[amendment.number].append(amendment)
    return {number: sorted(members, key=_received)
            for number, members in groups.items() if len(members) > 1}


def next_number(amendments: Iterable[Numbered]) -> int:
    """The number after the largest numeric one in use."""
    numeric = [int(m.group()) for a in amendments if (m := _NUMERIC_RE.match(a.number))]
    return max(numeric, default=0) + 1


def reconcile(amendments: Iterable[N], decided: Callable[[N], bool],
              published: Callable[[N], bool]) -> Renumbering[N]:
    """New numbers for the amendments that share theirs (see the module's docstring).

    In a group sharing a number, a decided amendment keeps it; else a published one (the
    first received); else the first received. Two decided amendments sharing a number
    cannot be settled by a rule: the group is returned in ``unsettled``.
    """
    every = list(amendments)
    free = next_number(every)
    moving: list[N] = []
    unsettled: list[tuple[N, ...]] = []
    for members in shared_numbers(every).values():
        settled = [a for a in members if decided(a)]
        if len(settled) > 1:
            unsettled.append(tuple(settled))
        keeper = (settled or [a for a in members if published(a)] or members)[0]
        moving += [a for a in members if a is not keeper and not decided(a)]
    numbers: dict[str, str] = {}
    for amendment in sorted(moving, key=_received):
        numbers[amendment.id] = str(free)
        free += 1
    return Renumbering(numbers, tuple(unsettled))
