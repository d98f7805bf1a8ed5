"""Three-way merge of an amendment changed in two clones: field by field, never by lines.

Two clones that changed different fields of one amendment (one edited the justification,
the other adopted it) merge silently. Two clones that changed the same field differently
need a person: the result names the amendment, the field and both values. The display
number is the one exception: it is reconciled by ``sync`` (see core/numbering.py), so the
published number (the remote's) wins here. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from consolidate.core.model import Amendment, Status

# Fields that are not the amendment's content: where it was read from.
_IGNORED = frozenset({"source"})
# A decision is the status with its date and reason: merged as one.
_DECISION = ("status", "decided", "reason")


@dataclass(frozen=True)
class AmendmentMerge:
    """The merged amendment (None: deleted on one side and untouched on the other), or why a
    person must decide (``conflict``)."""

    amendment: Amendment | None
    conflict: str = ""


def merge_amendment(base: Amendment | None, ours: Amendment | None,
                    theirs: Amendment | None, *, here: str = "here",
                    there: str = "on the remote") -> AmendmentMerge:
    """Merge one amendment changed on two sides since *base* (None where it does not exist).

    *here* and *there* name the two sides in messages.
    """
    if ours == theirs:
        return AmendmentMerge(ours)
    if ours is None or theirs is None:
        return _deleted_on_one_side(base, ours, theirs, here, there)
    if base is None:
        base = replace(ours, status=Status.TABLED, decided="", reason="")
        if _content(ours) != _content(theirs):
            return AmendmentMerge(None, f"{ours.label} ({ours.id}) was tabled twice with "
                                        f"different contents ({here} and {there})")
    decision = _merge_decision(base, ours, theirs, here, there)
    if decision.conflict:
        return decision
    assert decision.amendment is not None
    values: dict[str, Any] = {}
    for name in _content_fields():
        value, problem = _merge_field(getattr(base, name), getattr(ours, name),
                                      getattr(theirs, name))
        if problem:
            return AmendmentMerge(None, f"{ours.label} ({ours.id}) was edited {here} and "
                                        f"{there}: its {name.replace('_', ' ')} differs")
        values[name] = value
    return AmendmentMerge(replace(decision.amendment, **values))


def _content_fields() -> tuple[str, ...]:
    return tuple(f.name for f in fields(Amendment)
                 if f.name not in _IGNORED and f.name not in _DECISION and f.name != "number")


def _content(amendment: Amendment) -> tuple[object, ...]:
    return tuple(getattr(amendment, name) for name in _content_fields())


def _merge_field(base: object, ours: object, theirs: object) -> tuple[object, bool]:
    """The merged value, and True when both sides changed it differently."""
    if ours == theirs or theirs == base:
        return ours, False
    if ours == base:
        return theirs, False
    return ours, True


def _decision(amendment: Amendment) -> tuple[object, ...]:
    return tuple(getattr(amendment, name) for name in _DECISION)


def _merge_decision(base: Amendment, ours: Amendment, theirs: Amendment, here: str,
                    there: str) -> AmendmentMerge:
    """The two sides' decisions merged; the number is the remote's (published) one."""
    merged = replace(ours, number=theirs.number)
    if _decision(ours) == _decision(theirs) or _decision(theirs) == _decision(base):
        return AmendmentMerge(merged)
    if _decision(ours) == _decision(base):
        return AmendmentMerge(replace(merged, status=theirs.status, decided=theirs.decided,
                                      reason=theirs.reason))
    if ours.status is theirs.status:  # the same decision, recorded on two days: the first
        first = theirs if (theirs.decided or "9") <= (ours.decided or "9") else ours
        return AmendmentMerge(replace(merged, decided=first.decided, reason=first.reason))
    return AmendmentMerge(None, f"{ours.label} ({ours.id}) was {_said(ours)} {here} and "
                                f"{_said(theirs)} {there}")


def _said(amendment: Amendment) -> str:
    when = f" on {amendment.decided}" if amendment.decided else ""
    return f"{amendment.status.value}{when}"


def _deleted_on_one_side(base: Amendment | None, ours: Amendment | None,
                         theirs: Amendment | None, here: str, there: str) -> AmendmentMerge:
    kept = ours if ours is not None else theirs
    assert kept is not None
    if base is not None and kept == base:
        return AmendmentMerge(None)  # removed on one side, untouched on the other
    if base is None:
        return AmendmentMerge(kept)
    side = there if ours is not None else here
    return AmendmentMerge(None, f"{kept.label} ({kept.id}) was removed {side} and changed "
                                f"{here if side == there else there}")
