"""Decisions on amendments: which are allowed, what they are called, what they changed.

Pure rules, shared by the application (``consolidate adopt`` …) and the review app, which
predicts a decision before git has recorded it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from consolidate.core.model import Status

# The statuses an amendment may be in for each decision to be taken on it.
ALLOWED_FROM: dict[Status, frozenset[Status]] = {
    Status.TABLED: frozenset({Status.DRAFT, Status.WITHDRAWN, Status.REJECTED, Status.FALLEN}),
    Status.ADOPTED: frozenset({Status.TABLED}),
    Status.REJECTED: frozenset({Status.TABLED}),
    Status.WITHDRAWN: frozenset({Status.DRAFT, Status.TABLED}),
}
VERBS: dict[Status, str] = {Status.TABLED: "Table", Status.ADOPTED: "Adopt",
                            Status.REJECTED: "Reject", Status.WITHDRAWN: "Withdraw"}


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

    def fallen(self) -> tuple[Decision, ...]:
        return tuple(d for d in self.decisions if d.after is Status.FALLEN)


def allowed_statuses(decision: Status) -> str:
    """'draft or tabled': the statuses from which *decision* may be taken, for messages."""
    names = sorted(s.value for s in ALLOWED_FROM[decision])
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
