"""Decisions on amendments: which are allowed, what they are called, what they change.

Pure rules, shared by the application (``consolidate adopt`` …), which records a decision,
and the review app, which shows it before git has recorded it: :func:`plan_decision` says
what a decision on one or several amendments changes, or why it is refused.

Decisions on several amendments follow the voting list: the amendments are decided in voting
order, and an amendment already decided by an earlier one of the same decision (identical to
it and voted with it, or fallen because of it) is reported as such, not refused. Identical
amendments are one vote: adopting or rejecting one adopts or rejects the others still tabled.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from consolidate.core.adoption import Fall, Neighbourhoods, adoption_near
from consolidate.core.cache import EngineCache
from consolidate.core.collisions import analyse
from consolidate.core.errors import ConflictRefused, InvalidInput
from consolidate.core.model import Amendment, Status, Text
from consolidate.core.procedure import in_order

# The statuses an amendment may be in for each decision to be taken on it.
ALLOWED_FROM: dict[Status, frozenset[Status]] = {
    Status.TABLED: frozenset({Status.DRAFT, Status.WITHDRAWN, Status.REJECTED, Status.FALLEN}),
    Status.ADOPTED: frozenset({Status.TABLED}),
    Status.REJECTED: frozenset({Status.TABLED}),
    Status.WITHDRAWN: frozenset({Status.DRAFT, Status.TABLED}),
}
VERBS: dict[Status, str] = {Status.TABLED: "Table", Status.ADOPTED: "Adopt",
                            Status.REJECTED: "Reject", Status.WITHDRAWN: "Withdraw"}
# Decisions taken by a vote: identical amendments share it.
_VOTES = frozenset({Status.ADOPTED, Status.REJECTED})


@dataclass(frozen=True)
class Decision:
    """A status change of one amendment, with the reason recorded (e.g. why it fell)."""

    amendment: str
    before: Status
    after: Status
    reason: str = ""


@dataclass(frozen=True)
class DecisionResult:
    """What a decision changed: the amendments decided and the ones that fell with them."""

    decisions: tuple[Decision, ...]
    commit: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)
    amendments: tuple[Amendment, ...] = ()  # the amendments decided, as written

    def fallen(self) -> tuple[Decision, ...]:
        return tuple(d for d in self.decisions if d.after is Status.FALLEN)


@dataclass(frozen=True)
class DecisionPlan:
    """What a decision will change, before anything is written."""

    decisions: tuple[Decision, ...]
    changed: tuple[Amendment, ...]  # the amendments as they are to be written
    falls: tuple[Fall, ...] = ()  # the amendments that fall, with the words
    warnings: tuple[str, ...] = ()

    def statuses(self) -> dict[str, Status]:
        """Every status the decision changes (amendment id -> new status)."""
        return {d.amendment: d.after for d in self.decisions}


def allowed_statuses(decision: Status) -> str:
    """'draft or tabled': the statuses from which *decision* may be taken, for messages."""
    names = sorted(s.value for s in ALLOWED_FROM[decision])
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def plan_decision(text: Text, amendments: Sequence[Amendment], bases: Mapping[str, str],
                  order: Sequence[str], ids: Sequence[str], decision: Status, date: str,
                  cache: EngineCache | None = None, *, whole_text: bool = False,
                  nearby: Neighbourhoods | None = None) -> DecisionPlan:
    """What taking *decision* on the amendments *ids* changes (see the module's docstring).

    *amendments* are all the amendments of the text with their current statuses, *bases*
    maps blob ids to texts, *order* lists amendment ids in voting order. Raises
    :class:`InvalidInput` for a decision the procedure does not allow, and
    :class:`ConflictRefused` for an adoption that collides with an amendment adopted first.

    Each amendment decided is compared only with its clause's neighbours (see
    :func:`consolidate.core.adoption.neighbours`): nothing else can change. *whole_text*
    compares it with the whole text and every amendment instead: the same plan, slowly (the
    reference the fast way is checked against). *nearby* is the index of *amendments* made
    once for many decisions (only their ids and targets count: no decision changes them).
    """
    if decision not in ALLOWED_FROM:
        raise InvalidInput(f"'{decision.value}' is not a decision",
                           hint="table, adopt, reject or withdraw")
    planner = _Planner(text, amendments, bases, order, date, cache, whole_text=whole_text,
                       nearby=nearby)
    for amendment_id in planner.voting_order(ids):
        planner.decide(amendment_id, decision)
    return planner.plan()


class _Planner:
    """The amendments as they stand while a decision on several of them is planned."""

    def __init__(self, text: Text, amendments: Sequence[Amendment], bases: Mapping[str, str],
                 order: Sequence[str], date: str, cache: EngineCache | None, *,
                 whole_text: bool = False, nearby: Neighbourhoods | None = None) -> None:
        self.text, self.bases, self.order, self.date, self.cache = text, bases, order, date, cache
        self.before = {a.id: a for a in amendments}
        self.current = dict(self.before)
        self.whole_text = whole_text
        self.nearby = nearby or Neighbourhoods(amendments)
        self.ranks = {amendment_id: rank for rank, amendment_id in enumerate(order)}
        self.decisions: list[Decision] = []
        self.falls: list[Fall] = []
        self.warnings: list[str] = []

    def voting_order(self, ids: Sequence[str]) -> list[str]:
        wanted = [self.current[i] for i in dict.fromkeys(ids)]
        return [a.id for a in in_order(self.text, wanted, self.order)]

    def plan(self) -> DecisionPlan:
        changed = tuple(self.current[d.amendment] for d in self.decisions)
        return DecisionPlan(tuple(self.decisions), changed, tuple(self.falls),
                            tuple(self.warnings))

    def around(self, target: str, trial: Amendment | None = None
               ) -> tuple[Text, list[Amendment], Sequence[str]]:
        """The text, the amendments and the voting order a decision on *target* is compared
        with, the amendments as they stand (*trial* in place of the one with its id)."""
        if self.whole_text:
            near = list(self.current.values())
            scope, order = self.text, self.order
        else:
            scope, near = self.nearby.around(self.text, self.current, target)
            # the voting order of these alone ranks them as the whole voting order does
            order = sorted((a.id for a in near if a.id in self.ranks),
                           key=self.ranks.__getitem__)
        if trial is not None:
            near = [trial if a.id == trial.id else a for a in near]
        return scope, near, order

    def label(self, amendment_id: str) -> str:
        return self.current[amendment_id].label

    def record(self, amendment_id: str, status: Status, reason: str = "") -> None:
        amendment = self.current[amendment_id]
        self.decisions.append(Decision(amendment_id, amendment.status, status, reason))
        # a number read out in a vote is final (docs/format.md, "Many clones")
        provisional = amendment.provisional and status in (Status.DRAFT, Status.TABLED)
        self.current[amendment_id] = replace(amendment, status=status, decided=self.date,
                                             reason=reason, provisional=provisional)

    def decide(self, amendment_id: str, decision: Status) -> None:
        amendment = self.current[amendment_id]
        if amendment.status is not self.before[amendment_id].status:
            return  # decided with an earlier amendment of this decision: reported with it
        if amendment.status not in ALLOWED_FROM[decision]:
            raise InvalidInput(
                f"{amendment.label} ({amendment.id}) is {amendment.status.value}: only an "
                f"amendment that is {allowed_statuses(decision)} can be {decision.value}",
                hint=_transition_hint(amendment, decision, self.fell_with(amendment)),
            )
        if decision is Status.ADOPTED:
            self.adopt(amendment)
        elif decision is Status.TABLED:
            self.table(amendment)
        else:
            together = self.identical_tabled(amendment) if decision in _VOTES else []
            self.record(amendment.id, decision)
            for other in together:
                self.record(other, decision, f"identical to {amendment.label}, voted together")

    def adopt(self, amendment: Amendment) -> None:
        scope, near, order = self.around(amendment.target)
        outcome = adoption_near(scope, near, self.bases, order, amendment.id, self.cache)
        if outcome.blocked is not None:
            raise ConflictRefused(outcome.blocked.message, hint=outcome.blocked.hint)
        self.record(amendment.id, Status.ADOPTED)
        for other in outcome.together:
            self.record(other, Status.ADOPTED, f"identical to {amendment.label}, voted together")
        labels = {fall.by: self.label(fall.by) for fall in outcome.falls}
        for fall in outcome.falls:
            self.record(fall.amendment, Status.FALLEN, fall.reason(labels))
            self.falls.append(fall)

    def identical_tabled(self, amendment: Amendment) -> list[str]:
        scope, near, order = self.around(amendment.target)
        report = analyse(scope, near, self.bases, cache=self.cache, order=order)
        group = next((g for g in report.identical if amendment.id in g), ())
        return [i for i in group
                if i != amendment.id and self.current[i].status is Status.TABLED]

    def table(self, amendment: Amendment) -> None:
        """Table it; refuse a fallen one while the adoption that made it fall stands."""
        blocking = self.adopted_colliding(amendment)
        if blocking and amendment.status is Status.FALLEN:
            other, words = blocking[0]
            raise InvalidInput(
                f"{amendment.label} ({amendment.id}) cannot be tabled again: it fell because "
                f"{self.label(other)} ({other}) is adopted and changes the same words "
                f"('{words}')",
                hint=f"undo the adoption of {self.label(other)} first (`consolidate undo "
                     f"{self.current[other].number}`); or table a new amendment drafted on the "
                     f"consolidated text (`consolidate amend --against consolidated`)",
            )
        self.warnings += [_falls_warning(amendment, self.current[other], words)
                          for other, words in blocking]
        self.record(amendment.id, Status.TABLED)

    def fell_with(self, amendment: Amendment) -> Amendment | None:
        """The adopted amendment a fallen *amendment* collides with (None if none)."""
        if amendment.status is not Status.FALLEN:
            return None
        blocking = self.adopted_colliding(amendment)
        return self.current[blocking[0][0]] if blocking else None

    def adopted_colliding(self, amendment: Amendment) -> list[tuple[str, str]]:
        """(adopted amendment, words) for every adopted amendment *amendment* collides with,
        were it tabled."""
        scope, near, order = self.around(amendment.target,
                                         replace(amendment, status=Status.TABLED))
        trial = {a.id: a for a in near}
        report = analyse(scope, near, self.bases, cache=self.cache, order=order)
        out = []
        for collision in report.collisions:
            if amendment.id not in (collision.first, collision.second):
                continue
            other = collision.second if collision.first == amendment.id else collision.first
            if trial[other].status is Status.ADOPTED:
                out.append((other, collision.words))
        return out


def tabled_against_adopted(text: Text, amendments: Sequence[Amendment],
                           bases: Mapping[str, str], order: Sequence[str],
                           ids: Sequence[str], cache: EngineCache | None = None) -> list[str]:
    """Warnings for tabled amendments among *ids* that change words an adopted amendment
    already changed: they fall (see :func:`consolidate.core.votelist.vote_list`)."""
    planner = _Planner(text, amendments, bases, order, "", cache)
    out = []
    for amendment_id in ids:
        amendment = planner.current.get(amendment_id)
        if amendment is None or amendment.status is not Status.TABLED:
            continue
        out += [_falls_warning(amendment, planner.current[other], words)
                for other, words in planner.adopted_colliding(amendment)]
    return out


def adopted_in_the_way(text: Text, amendments: Sequence[Amendment], bases: Mapping[str, str],
                       amendment_id: str, cache: EngineCache | None = None
                       ) -> list[tuple[str, str]]:
    """(adopted amendment id, words) for every adopted amendment that *amendment_id*, were it
    tabled, changes the same words as (it would fall)."""
    planner = _Planner(text, amendments, bases, (), "", cache)
    return planner.adopted_colliding(planner.current[amendment_id])


def _falls_warning(amendment: Amendment, adopted: Amendment, words: str) -> str:
    return (f"{amendment.label} ({amendment.id}) changes the same words ('{words}') as "
            f"{adopted.label} ({adopted.id}), already adopted: it falls, and the voting list "
            f"shows it falling; to build on {adopted.label}, draft it on the consolidated text "
            f"(`consolidate amend --against consolidated`)")


def _transition_hint(amendment: Amendment, decision: Status,
                     fell_with: Amendment | None = None) -> str:
    """What to do instead: a fix, or nothing when there is none to give."""
    if amendment.status is Status.FALLEN:
        reason = amendment.reason or "it fell: it collides with an adopted amendment"
        if fell_with is None:
            return f"{reason}; undo the adoption that made it fall first (`consolidate undo`)"
        return (f"{reason}; undo the adoption of {fell_with.label} first (`consolidate undo "
                f"{fell_with.number}`)")
    if amendment.status in (Status.ADOPTED, Status.REJECTED, Status.WITHDRAWN):
        return f"to take the decision back: `consolidate undo {amendment.number}`"
    if amendment.status is Status.DRAFT and decision in _VOTES:
        return f"table it first (`consolidate table {amendment.number}`)"
    return ""
