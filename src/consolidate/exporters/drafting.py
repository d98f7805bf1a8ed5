"""An amendment as drafted: its base, its edits, the clause it proposes, its instruction.

Shared by the amendment forms and the two-column sheet. Pure: the base text comes from
``ExportContext.bases`` when the caller supplied it, otherwise from the original text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from consolidate.core.instructions import instruction
from consolidate.core.model import Action, Amendment, Edit
from consolidate.core.patching import PatchError, apply_edits, patch_edits, widen_to_words
from consolidate.exporters.base import ExportContext
from consolidate.exporters.common import clause_labels, revision_date, sorted_amendments


@dataclass(frozen=True)
class Drafted:
    """One amendment, worked out: what it changes, and how to say it."""

    amendment: Amendment
    label: str  # "paragraph 10": the target, or the anchor of an insertion
    base: str  # the clause text it was drafted on ("" for a new clause)
    proposed: str  # the clause as the amendment would have it ("" when deleted)
    edits: tuple[Edit, ...]
    instruction: str
    error: str = ""


@dataclass(frozen=True)
class Fragment:
    """A run of a column of the sheet: text, and whether the amendment changes it."""

    text: str
    changed: bool


def _base(ctx: ExportContext, amendment: Amendment) -> str | None:
    if amendment.id in ctx.bases:
        return ctx.bases[amendment.id]
    if amendment.action.inserts:
        return ""
    clause = ctx.consolidation.text.clause(amendment.clause)
    if clause is not None:
        return clause.text
    found = ctx.consolidation.clause(amendment.clause)
    return found.original if found is not None else None


def drafted(
    ctx: ExportContext, amendment: Amendment, labels: Mapping[str, str] | None = None
) -> Drafted:
    """Work out *amendment* against the text it was drafted on.

    *labels* are :func:`clause_labels` of the consolidation, when the caller has them.
    """
    labels = clause_labels(ctx.consolidation) if labels is None else labels
    label = labels.get(amendment.clause, amendment.clause)
    base = _base(ctx, amendment)
    if base is None:
        error = f"clause {amendment.clause!r} is not in the text"
        return Drafted(amendment, label, "", "", (), f"[{label}: {error}]", error)
    if amendment.action is Action.DELETE:
        edits: tuple[Edit, ...] = (Edit(0, len(base), ""),) if base else ()
        words = instruction(Action.DELETE, label, base, edits, "")
        return Drafted(amendment, label, base, "", edits, words)
    try:
        edits = tuple(widen_to_words(base, patch_edits(amendment.patch, base)))
    except PatchError as error:
        note = f"[{label}: the amendment does not fit the text it names: {error}]"
        return Drafted(amendment, label, base, base, (), note, str(error))
    proposed = apply_edits(base, edits)
    words = instruction(amendment.action, label, base, edits, proposed)
    return Drafted(amendment, label, base, proposed, edits, words)


def drafted_all(ctx: ExportContext, ids: Sequence[str] | None) -> list[Drafted]:
    """The amendments *ids* (all, by number, when None), worked out."""
    labels = clause_labels(ctx.consolidation)
    return [drafted(ctx, amendment, labels) for amendment in select(ctx, ids)]


def select(ctx: ExportContext, ids: Sequence[str] | None) -> list[Amendment]:
    """The amendments named by *ids* (in that order), or all of them by number."""
    if ids is None:
        return sorted_amendments(ctx.amendments)
    missing = [i for i in ids if i not in ctx.amendments]
    if missing:
        raise KeyError(f"no amendment {missing[0]!r} in this text")
    return [ctx.amendments[i] for i in ids]


def columns(draft: Drafted) -> tuple[list[Fragment], list[Fragment]]:
    """The "Text proposed" and "Amendment" columns, changed words marked."""
    left: list[Fragment] = []
    right: list[Fragment] = []
    position = 0
    for edit in draft.edits:
        same = draft.base[position : edit.start]
        left.append(Fragment(same, False))
        right.append(Fragment(same, False))
        left.append(Fragment(draft.base[edit.start : edit.end], True))
        right.append(Fragment(edit.text, True))
        position = edit.end
    tail = draft.base[position:]
    left.append(Fragment(tail, False))
    right.append(Fragment(tail, False))
    return _tidy(left), _tidy(right)


def sheet_columns(draft: Drafted) -> tuple[list[Fragment], list[Fragment]]:
    """The two columns of the sheet, whole-paragraph deletions and insertions included."""
    action = draft.amendment.action
    if action is Action.DELETE:
        return [Fragment(draft.base, False)], [Fragment("deleted", True)]
    if action.inserts:
        return [], [Fragment(draft.proposed, True)]
    return columns(draft)


def sheet_target(draft: Drafted) -> str:
    """What the sheet names as the amended text: 'Paragraph 10', 'New paragraph, after …'."""
    action = draft.amendment.action
    if action.inserts:
        word = "after" if action is Action.INSERT_AFTER else "before"
        return f"New paragraph, {word} {draft.label}"
    return draft.label[:1].upper() + draft.label[1:]


def _tidy(fragments: Iterable[Fragment]) -> list[Fragment]:
    """Drop empty fragments; keep the white space at the edges of a change unmarked."""
    out: list[Fragment] = []
    for fragment in fragments:
        if not fragment.changed or not fragment.text.strip():
            out.append(Fragment(fragment.text, False))
            continue
        core = fragment.text.strip()
        lead = fragment.text[: fragment.text.index(core)]
        trail = fragment.text[len(lead) + len(core) :]
        out.extend([Fragment(lead, False), Fragment(core, True), Fragment(trail, False)])
    return [f for f in out if f.text]


def stamp(amendments: Iterable[Amendment]) -> str:
    """The date of a bundle of forms: the latest date among its amendments."""
    return max((revision_date(a) for a in amendments), default=revision_date(None))
