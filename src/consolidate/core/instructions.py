"""Amending instructions in standard drafting English, from an amendment's edits.

"In paragraph 10, replace 'child pornography' with 'child sexual abuse material'";
"In paragraph 11, after 'to ratify', insert 'and fully implement'";
"In paragraph 16, delete 'credit card companies, banks,'"; "Delete paragraph 14";
"After paragraph 11, insert a new paragraph: '…'";
"Replace paragraph 13 with the following: '…'".

Quoted text is exact (core/instruction_parse.py ``quote``): a text of several lines is quoted
line by line, and nothing is trimmed from a new or replaced paragraph, so its final line break
is carried too. Every quoted phrase of the original occurs exactly once in it: a phrase is widened word by
word (left, then right) until it is unique. Replaced phrases and the anchor of an insertion
have at least two words where the paragraph has them, so a reader finds them at a glance.
Every instruction is read back (core/instruction_apply.py) before it is given: when reading
it back would not give the amended paragraph exactly, a plainer form is used, down to the
replacement of the whole paragraph. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from consolidate.core.instruction_apply import apply_changes
from consolidate.core.instruction_parse import InstructionError, quote, read_changes
from consolidate.core.labels import clause_labels
from consolidate.core.model import Action, Amendment, Edit, Text
from consolidate.core.patching import apply_edits, widen_to_words
from consolidate.core.rebase import rebase

MIN_WORDS = 2  # replaced phrases and insertion anchors
MAX_EDITS = 3  # more separate changes than this: replace the whole paragraph
WHOLESALE_SHARE = 0.5  # changing more than this share of the words: replace the paragraph
_WORD_RE = re.compile(r"\w")


def instruction(
    amendment_action: Action | str,
    paragraph_label: str,
    base: str,
    edits: Sequence[Edit],
    proposed: str,
) -> str:
    """The amending instruction for one amendment.

    *paragraph_label* names the target ("paragraph 10", "the title", "Article 144"), or the
    anchor for an insertion. *edits* are ranges on *base* (token aligned) giving *proposed*;
    they are ignored for insertions and deletions of whole paragraphs.
    """
    action = Action(amendment_action)
    if action is Action.DELETE:
        return f"Delete {paragraph_label}"
    if action.inserts:
        where = "After" if action is Action.INSERT_AFTER else "Before"
        return f"{where} {paragraph_label}, insert a new paragraph: {quote(proposed)}"
    return _modify(paragraph_label, base, edits, proposed)


def _modify(label: str, base: str, edits: Sequence[Edit], proposed: str) -> str:
    changes = sorted((e for e in edits if e.start != e.end or e.text), key=_key)
    if not changes:
        return f"Leave {label} unchanged"
    if not proposed.strip():
        return f"Delete the text of {label}"
    wholesale = f"Replace {label} with the following: {quote(proposed)}"
    if _too_many(base, changes):
        return wholesale
    for form in (_sentence, _replacement):
        sentences = _sentences(base, changes, form)
        if sentences is not None and _reads_back(base, "; ".join(sentences), proposed):
            return f"In {label}, " + "; ".join(sentences)
    return wholesale


def _reads_back(base: str, body: str, proposed: str) -> bool:
    """True when the sentences *body*, read and applied to *base*, give *proposed*."""
    try:
        return apply_changes(base, read_changes(body)) == proposed
    except InstructionError:
        return False


def _key(edit: Edit) -> tuple[int, int]:
    return (edit.start, edit.end)


def count_words(text: str) -> int:
    """Words of *text*: white-space separated chunks with a letter or digit in them."""
    return sum(1 for chunk in text.split() if _WORD_RE.search(chunk))


def _too_many(base: str, edits: Sequence[Edit]) -> bool:
    if len(edits) > MAX_EDITS:
        return True
    changed = sum(max(count_words(base[e.start : e.end]), count_words(e.text)) for e in edits)
    return changed > WHOLESALE_SHARE * count_words(base)


@dataclass(frozen=True)
class _Sentence:
    """One instruction of a paragraph and the stretch of the original it quotes."""

    text: str
    start: int
    end: int


def _sentences(base: str, edits: list[Edit],
               form: Callable[[str, Edit], _Sentence | None]) -> list[str] | None:
    """One sentence per edit; edits whose quotes would overlap are merged first."""
    while True:
        edits = [_slide(base, edit) for edit in edits]
        found = [form(base, edit) for edit in edits]
        sentences = [s for s in found if s is not None]
        if len(sentences) != len(found):
            return None
        clash = _first_clash(edits, sentences)
        if clash is None:
            return [s.text for s in sentences]
        first, second = edits[clash], edits[clash + 1]
        between = base[first.end : second.start]
        merged = Edit(first.start, second.end, first.text + between + second.text)
        edits = [*edits[:clash], merged, *edits[clash + 2:]]


def _first_clash(edits: list[Edit], sentences: list[_Sentence]) -> int | None:
    """The first pair of neighbouring edits where one's quote takes in the other's change."""
    for index in range(len(edits) - 1):
        left, right = sentences[index], sentences[index + 1]
        if left.end > edits[index + 1].start or right.start < edits[index].end:
            return index
    return None


def occurrences(text: str, phrase: str) -> int:
    """How many times *phrase* occurs in *text*, overlaps included."""
    count, position = 0, text.find(phrase)
    while position != -1:
        count += 1
        position = text.find(phrase, position + 1)
    return count


def _trim(base: str, start: int, end: int) -> tuple[int, int]:
    while start < end and base[start].isspace():
        start += 1
    while end > start and base[end - 1].isspace():
        end -= 1
    return start, end


def _left(base: str, start: int) -> int:
    """Where the word before *start* begins (the current word if *start* is inside one)."""
    while start > 0 and base[start - 1].isspace():
        start -= 1
    while start > 0 and not base[start - 1].isspace():
        start -= 1
    return start


def _right(base: str, end: int) -> int:
    """Where the word after *end* ends (the current word if *end* is inside one)."""
    while end < len(base) and base[end].isspace():
        end += 1
    while end < len(base) and not base[end].isspace():
        end += 1
    return end


def _unique(base: str, start: int, end: int) -> bool:
    phrase = base[start:end].strip()
    return bool(phrase) and occurrences(base, phrase) == 1


def grow(
    base: str, start: int, end: int, min_words: int = 1, *, left: bool = True, right: bool = True
) -> tuple[int, int] | None:
    """Widen ``base[start:end]`` word by word (left, then right) until it is unique.

    A unique phrase shorter than *min_words* words is then widened to the left only, as far
    as the paragraph goes. Returns the range with white space trimmed, or None when no
    widening is unique.
    """
    start, end = _trim(base, start, end)
    while not _unique(base, start, end):
        widened = _step(base, start, end, left, right)
        if widened is None:
            return None
        start, end = widened
    while left and count_words(base[start:end]) < min_words and _left(base, start) != start:
        start = _left(base, start)
    return _trim(base, start, end)


def _step(base: str, start: int, end: int, left: bool, right: bool) -> tuple[int, int] | None:
    """One word more: to the left, or (if that is unique already, or impossible) right too."""
    moved = False
    if left and _left(base, start) != start:
        start, moved = _left(base, start), True
        if _unique(base, start, end):
            return start, end
    if right and _right(base, end) != end:
        end, moved = _right(base, end), True
    return (start, end) if moved else None


def _is_word(char: str) -> bool:
    return bool(_WORD_RE.match(char))


def _clean_cut(base: str, position: int, text: str) -> bool:
    """True when *text* (inserted or deleted at *position*) neither splits nor joins words."""
    before = base[position - 1 : position]
    after = base[position + len(text) : position + len(text) + 1] if text else ""
    return not (before and _is_word(before) and _is_word(text[:1])) and not (
        after and _is_word(after) and _is_word(text[-1:])
    )


def _score(phrase: str) -> tuple[bool, bool]:
    core = phrase.strip()
    return (_is_word(core[:1]), _is_word(core[-1:]) or core[-1:] in ".,;:!?)'\"")


def _slide(base: str, edit: Edit) -> Edit:
    """The same pure insertion or deletion, slid to where its phrase reads best.

    ``a, b, c`` minus ``, b`` is also ``a, c`` minus ``b, ``: the diff may give either;
    quoting 'b,' reads better than ', b'.
    """
    if (edit.start == edit.end) == (not edit.text):
        return edit
    candidates = [edit]
    for direction in (-1, 1):
        current = edit
        while (moved := _shift(base, current, direction)) is not None:
            current = moved
            candidates.append(current)
    clean = [c for c in candidates if _clean_cut(base, c.start, c.text or base[c.start : c.end])]
    return max(clean or [edit], key=lambda c: (_score(c.text or base[c.start : c.end]),
                                               -abs(c.start - edit.start)))


def _shift(base: str, edit: Edit, direction: int) -> Edit | None:
    """The edit moved one character left (-1) or right (+1), when that changes nothing."""
    if edit.text:  # an insertion at edit.start
        position, text = edit.start, edit.text
        if direction > 0 and position < len(base) and text[0] == base[position]:
            return Edit(position + 1, position + 1, text[1:] + base[position])
        if direction < 0 and position > 0 and text[-1] == base[position - 1]:
            return Edit(position - 1, position - 1, base[position - 1] + text[:-1])
        return None
    start, end = edit.start, edit.end
    if direction > 0 and end < len(base) and base[start] == base[end]:
        return Edit(start + 1, end + 1, "")
    if direction < 0 and start > 0 and base[start - 1] == base[end - 1]:
        return Edit(start - 1, end - 1, "")
    return None


def _sentence(base: str, edit: Edit) -> _Sentence | None:
    deleted = base[edit.start : edit.end]
    if not deleted.strip() and edit.text.strip():
        return _insertion(base, edit) or _replacement(base, edit)
    if deleted.strip() and not edit.text.strip():
        return _deletion(base, edit) or _replacement(base, edit)
    return _replacement(base, edit)


def _insertion(base: str, edit: Edit) -> _Sentence | None:
    words = quote(edit.text.strip())
    if base[: edit.start].strip():
        anchor = grow(base, edit.start, edit.start, MIN_WORDS, right=False)
        if anchor is not None:
            text = f"after {quote(base[anchor[0] : anchor[1]])}, insert {words}"
            return _Sentence(text, anchor[0], edit.end)
    if base[edit.end :].strip():
        anchor = grow(base, edit.end, edit.end, MIN_WORDS, left=False)
        if anchor is not None:
            text = f"before {quote(base[anchor[0] : anchor[1]])}, insert {words}"
            return _Sentence(text, edit.start, anchor[1])
    return None


def _deletion(base: str, edit: Edit) -> _Sentence | None:
    start, end = _trim(base, edit.start, edit.end)
    if not _unique(base, start, end):
        return None
    return _Sentence(f"delete {quote(base[start:end])}", edit.start, edit.end)


def _replacement(base: str, edit: Edit) -> _Sentence | None:
    found = grow(base, edit.start, edit.end, MIN_WORDS)
    if found is None:
        return None
    start, end = min(found[0], edit.start), max(found[1], edit.end)
    old = base[start:end].strip()
    new = (base[start : edit.start] + edit.text + base[edit.end : end]).strip()
    if not new:
        return _Sentence(f"delete {quote(old)}", start, end)
    return _Sentence(f"replace {quote(old)} with {quote(new)}", start, end)


def amendment_instruction(text: Text, amendment: Amendment, base: str | None,
                          edits: Sequence[Edit], labels: Mapping[str, str] | None = None) -> str:
    """The instruction for *amendment*, worded on *text* as tabled.

    *base* and *edits* are the amendment's own (``engine.read_edits``): when *base* is another
    version of the clause, the edits are first moved onto the clause as tabled (three-way),
    so that the quoted words are those of the text the reader has. *labels* are
    :func:`labels.clause_labels` of *text*, when the caller has them.
    """
    labels = clause_labels(text) if labels is None else labels
    label = labels.get(amendment.clause, f"clause {amendment.clause}")
    if amendment.action is Action.DELETE:
        return instruction(Action.DELETE, label, "", (), "")
    if amendment.action.inserts:
        return instruction(amendment.action, label, "", (), apply_edits(base or "", edits))
    clause = text.clause(amendment.clause)
    if clause is not None and base is not None and base != clause.text:
        moved = rebase(base, edits, clause.text)
        if moved.ok:
            base, edits = clause.text, widen_to_words(clause.text, moved.edits)
    base = base or ""
    return instruction(Action.MODIFY, label, base, edits, apply_edits(base, edits))
