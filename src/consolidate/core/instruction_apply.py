"""Matching amending instructions to the text, exactly, and turning them into an amendment.

A quoted phrase must occur in its paragraph exactly once, as whole words (it may not start or
end inside a word); anything else is refused with the reason: the phrase is not found (and
whether it is there with other capitals, or only inside a longer word), it occurs several
times (quote more words), the paragraph does not exist, two changes overlap. New words are
put in with the spacing of running text: a space between words, none before a punctuation
mark. Pure: no I/O.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from consolidate.core.instruction_parse import (
    CLOSING,
    OPENING,
    Change,
    Instruction,
    InstructionError,
    read_instruction,
)
from consolidate.core.labels import LabelError, resolve_label
from consolidate.core.model import Action, ClauseKind, Edit, Text
from consolidate.core.patching import apply_edits


@dataclass(frozen=True)
class ParsedAmendment:
    """What a set of instructions amounts to: one amendment to one clause."""

    action: Action
    clause: str  # the clause changed or deleted; the anchor of an insertion
    proposed: str  # the clause as amended, or the new clause ("" for a deletion)
    new_kind: str = ""


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _whole_words(base: str, start: int, end: int) -> bool:
    """True when ``base[start:end]`` neither starts nor ends inside a word."""
    before, first = base[start - 1 : start], base[start : start + 1]
    last, after = base[end - 1 : end], base[end : end + 1]
    return not (before and _is_word(before) and _is_word(first)) and not (
        after and _is_word(after) and _is_word(last))


def find_phrase(base: str, phrase: str, where: str = "the paragraph") -> tuple[int, int]:
    """Where *phrase* occurs in *base*, once, as whole words; or :class:`InstructionError`."""
    if not phrase.strip():
        raise InstructionError("an empty quotation: quote the words of the text to change")
    found = []
    position = base.find(phrase)
    inside = 0
    while position != -1:
        if _whole_words(base, position, position + len(phrase)):
            found.append(position)
        else:
            inside += 1
        position = base.find(phrase, position + 1)
    if len(found) == 1:
        return found[0], found[0] + len(phrase)
    if len(found) > 1:
        raise InstructionError(
            f"'{phrase}' occurs {len(found)} times in {where}: the anchor is ambiguous",
            "quote more of the words around it, so that the quotation occurs once")
    if inside:
        raise InstructionError(f"'{phrase}' is not in {where} as whole words (only inside "
                               "longer words)", "quote whole words")
    folded = base.casefold().find(phrase.casefold())
    if folded != -1 and len(base.casefold()) == len(base):
        actual = base[folded : folded + len(phrase)]
        raise InstructionError(f"'{phrase}' is not in {where}: the text has '{actual}'",
                               "quote the text exactly, capitals included")
    raise InstructionError(f"'{phrase}' is not in {where}",
                           "quote the words exactly as the text has them, punctuation included")


def _after(base: str, end: int, words: str) -> Edit:
    glue = "" if words[:1] in CLOSING or base[end - 1 : end] in OPENING or end == 0 else " "
    return Edit(end, end, glue + words)


def _before(base: str, start: int, words: str) -> Edit:
    left = base[start - 1 : start]
    if left and not left.isspace() and left not in OPENING:
        return Edit(start, start, " " + words)
    glue = "" if words[-1:] in OPENING or start == len(base) else " "
    return Edit(start, start, words + glue)


def _deletion(base: str, start: int, end: int) -> Edit:
    """Delete a phrase and the white space on one side of it, so no double space is left."""
    left_free = start == 0 or base[start - 1].isspace() or base[start - 1] in OPENING
    stop = end
    while stop < len(base) and base[stop].isspace():
        stop += 1
    if stop > end and left_free:
        return Edit(start, stop, "")
    begin = start
    while begin > 0 and base[begin - 1].isspace():
        begin -= 1
    return Edit(begin, end, "")


def change_edit(base: str, change: Change, where: str = "the paragraph") -> Edit:
    """The edit one change makes on *base*."""
    if change.kind in ("append", "prepend"):
        if not change.new.strip():
            raise InstructionError("nothing to add: the quotation is empty")
        if change.kind == "append":
            end = len(base.rstrip())
            return _after(base, end, change.new) if end else Edit(0, 0, change.new)
        start = len(base) - len(base.lstrip())
        return _before(base, start, change.new)
    start, end = find_phrase(base, change.phrase, where)
    if change.kind == "replace":
        return Edit(start, end, change.new) if change.new else _deletion(base, start, end)
    if change.kind == "delete":
        return _deletion(base, start, end)
    if not change.new.strip():
        raise InstructionError("nothing to insert: the quotation is empty")
    if change.kind == "insert-after":
        return _after(base, end, change.new)
    return _before(base, start, change.new)


def apply_changes(base: str, changes: Sequence[Change], where: str = "the paragraph") -> str:
    """*base* with all of *changes*, each found in *base* as it is (not one after another)."""
    edits = [(change_edit(base, change, where), change) for change in changes]
    ordered = sorted(edits, key=lambda pair: (pair[0].start, pair[0].end))
    for (first, one), (second, other) in itertools.pairwise(ordered):
        if second.start < first.end or (first.start < second.start == second.end < first.end):
            raise InstructionError(
                f"the changes to '{one.phrase or one.new}' and '{other.phrase or other.new}' "
                "overlap", "say them in one replacement of the words they share")
    return apply_edits(base, [edit for edit, _ in edits])


def amendment_from_instructions(text: Text, sources: Sequence[str],
                                extra: Collection[str] = ()) -> ParsedAmendment:
    """One amendment from *sources* (instructions on one clause of *text*).

    *extra* are clause ids inserted by other amendments, which an insertion may be anchored
    on. Raises :class:`InstructionError`, naming the instruction when there are several.
    """
    if not sources:
        raise InstructionError("no instruction given")
    read: list[tuple[Instruction, str]] = []
    for index, source in enumerate(sources, start=1):
        try:
            instruction = read_instruction(source)
            target = resolve_label(text, instruction.label, extra)
        except (InstructionError, LabelError) as error:
            raise _numbered(error, index, len(sources)) from None
        read.append((instruction, target))
    clauses = {target for _, target in read}
    if len(clauses) > 1:
        raise InstructionError(
            f"the instructions change several clauses ({', '.join(sorted(clauses))}); "
            "an amendment changes one", "table one amendment per paragraph")
    kinds = [instruction.kind for instruction, _ in read]
    whole = [k for k in kinds if k in ("delete", "insert-after", "insert-before")]
    if whole and len(kinds) > 1:
        raise InstructionError(f"'{read[0][0].label}': a deletion or a new paragraph is one "
                               "amendment by itself", "give it alone")
    clause_id = clauses.pop()
    if kinds[0] in ("insert-after", "insert-before"):
        return _insertion(text, read[0][0], clause_id)
    clause = text.clause(clause_id)
    if clause is None:
        raise InstructionError(f"clause '{clause_id}' is not in the text as tabled",
                               "amend a new clause with `amend --against consolidated`")
    if not clause.amendable:
        raise InstructionError(f"'{clause.text}' is a fixed line, which cannot be amended")
    if kinds[0] == "delete":
        return ParsedAmendment(Action.DELETE, clause_id, "")
    return ParsedAmendment(Action.MODIFY, clause_id, _modified(text, clause.text, read))


def _modified(text: Text, base: str, read: list[tuple[Instruction, str]]) -> str:
    where = read[0][0].label
    changes: list[Change] = []
    for instruction, _ in read:
        if instruction.kind == "modify":
            changes.extend(instruction.changes)
    whole = [i for i, _ in read if i.kind in ("replace-all", "empty")]
    if whole and (len(whole) > 1 or changes):
        raise InstructionError(f"'{where}' is both replaced whole and changed in part",
                               "give one replacement of the whole paragraph")
    if whole:
        return "" if whole[0].kind == "empty" else whole[0].text
    return apply_changes(base, changes, where)


def _insertion(text: Text, instruction: Instruction, anchor: str) -> ParsedAmendment:
    if not instruction.text.strip():
        raise InstructionError("the new paragraph is empty")
    action = Action.INSERT_AFTER if instruction.kind == "insert-after" else Action.INSERT_BEFORE
    kind = ""
    position = text.position(anchor)
    if position is not None and text.clauses[position].kind is ClauseKind.FIXED:
        if action is Action.INSERT_BEFORE and position > 0:  # e.g. the last preambular one
            previous = text.clauses[position - 1].kind
            kind = previous.value if previous is not ClauseKind.FIXED else ""
    return ParsedAmendment(action, anchor, instruction.text, kind)


def _numbered(error: InstructionError | LabelError, index: int, count: int) -> InstructionError:
    prefix = f"instruction {index}: " if count > 1 else ""
    return InstructionError(prefix + error.message, error.hint)

