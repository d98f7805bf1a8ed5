"""Which clause a paragraph of a Word document is: matched by its text, exactly.

A paragraph is matched to the clause whose text it has (all changes rejected), with or
without a typed number in front ("10. ", as consolidate's own documents and many drafts
have it). When several clauses have that text, the paragraph's number (typed or Word's
automatic numbering) and then its place between the paragraphs matched around it decide;
if they do not, the paragraph is ambiguous. Nothing is matched by similarity: a paragraph
whose text is not a clause's is not matched, and the reason names the first words that
differ from the nearest clause.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from consolidate.core.labels import clause_labels
from consolidate.core.model import NUMBERED_KINDS, ClauseKind, ClauseStatus, Consolidation, Text
from consolidate.importers.docx_draft import TYPED_NUMBER_RE
from consolidate.importers.tracked import Original

QUOTE_WORDS = 6  # words quoted on each side of a difference
_NUMBER_ONLY_RE = re.compile(r"\s*\d+\.?\s*")


@dataclass(frozen=True)
class Target:
    """A clause a paragraph can be: its id, kind, exact text and place."""

    id: str
    kind: ClauseKind
    text: str
    position: int
    number: int | None = None  # the number a reader sees
    label: str = ""  # "paragraph 10", "the title"

    @property
    def key(self) -> str:
        """The text as a document shows it: without the line ends at the end of the file."""
        return self.text.rstrip("\n")

    @property
    def tail(self) -> str:
        """The line ends the file has after the text (a document does not show them)."""
        return self.text[len(self.key):]

    @property
    def amendable(self) -> bool:
        return self.kind is not ClauseKind.FIXED

    @property
    def numbered(self) -> bool:
        return self.kind in NUMBERED_KINDS


class ClauseTable:
    """The clauses paragraphs are matched against, indexed by their text."""

    def __init__(self, targets: Sequence[Target]) -> None:
        self.targets = tuple(targets)
        self.by_key: dict[str, list[Target]] = {}
        for target in self.targets:
            self.by_key.setdefault(_nfc(target.key), []).append(target)
        self.by_id = {t.id: t for t in self.targets}

    @classmethod
    def of_text(cls, text: Text) -> ClauseTable:
        """The clauses of the text as committed."""
        numbers = text.numbers()
        labels = clause_labels(text)
        return cls([Target(c.id, c.kind, c.text, i, numbers.get(c.id), labels.get(c.id, c.id))
                    for i, c in enumerate(text.clauses)])

    @classmethod
    def of_consolidation(cls, consolidation: Consolidation) -> ClauseTable:
        """The clauses of the consolidated text (deleted ones left out)."""
        labels = clause_labels(consolidation.text)
        visible = [c for c in consolidation.clauses if c.status is not ClauseStatus.DELETED]
        return cls([Target(c.id, c.kind, c.text, i, c.number,
                           labels.get(c.id, f"new paragraph {c.number}" if c.number else c.id))
                    for i, c in enumerate(visible)])


@dataclass(frozen=True)
class Match:
    """What one original paragraph is."""

    target: Target | None
    body: str  # the paragraph's text, without a typed number
    typed: bool = False  # a typed number was taken off
    number: int | None = None  # its number, typed or automatic
    candidates: tuple[Target, ...] = ()  # the clauses it could be, when ambiguous


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def is_blank(text: str) -> bool:
    """True for a paragraph with no clause in it: empty, or a paragraph number alone."""
    return not text.strip() or bool(_NUMBER_ONLY_RE.fullmatch(text))


def paragraph_number(original: Original) -> int | None:
    """A paragraph's automatic number (top level, numeric), if it has one."""
    number = original.number
    if number is not None and number.level == 0 and number.numeric:
        return number.value
    return None


def strip_number(text: str) -> tuple[str, int | None]:
    """*text* without a typed paragraph number ('10. '), and the number (None: none)."""
    typed = TYPED_NUMBER_RE.match(text)
    if typed is None:
        return text, None
    return typed.group("text"), int(typed.group("number"))


def _first(table: ClauseTable, original: Original) -> Match:
    text = original.text.rstrip("\n")
    exact = table.by_key.get(text, [])
    body, typed_number = strip_number(text)
    typed = table.by_key.get(body.rstrip("\n"), []) if typed_number is not None else []
    if exact or not typed:
        found, number, stripped = exact, paragraph_number(original), False
        if exact or typed_number is None:
            body = text
        else:  # matched by neither: say what follows the number
            number, stripped = typed_number, True
    else:
        found, number, stripped = typed, typed_number, True
    if len(found) == 1:
        return Match(found[0], body, stripped, number)
    by_number = [t for t in found if number is not None and t.number == number]
    if len(by_number) == 1:
        return Match(by_number[0], body, stripped, number)
    return Match(None, body, stripped, number, tuple(found))


def match_paragraphs(table: ClauseTable, originals: Sequence[Original]) -> list[Match]:
    """The match of each paragraph, in reading order.

    Paragraphs whose text several clauses have, and which their number does not decide, are
    decided by their place: a run of k such paragraphs between two matched ones, each of
    which could be any of the same k clauses lying between those two, is those k clauses in
    their order (the only order-keeping way). Otherwise they stay ambiguous.
    """
    matches = [Match(None, o.text) if is_blank(o.text) else _first(table, o) for o in originals]
    index = 0
    while index < len(matches):
        if matches[index].target is not None or len(matches[index].candidates) < 2:
            index += 1
            continue
        run, end = _ambiguous_run(matches, index)
        _place_run(table, matches, run)
        index = end
    return matches


def _ambiguous_run(matches: list[Match], start: int) -> tuple[list[int], int]:
    """The ambiguous paragraphs from *start* until a matched or unmatched one (blank ones
    are passed over), and where the run ends."""
    run, end = [start], start + 1
    while end < len(matches) and matches[end].target is None:
        if len(matches[end].candidates) >= 2:
            run.append(end)
        elif not is_blank(matches[end].body):
            break
        end += 1
    return run, end


def _place_run(table: ClauseTable, matches: list[Match], run: list[int]) -> None:
    before = max((m.target.position for m in matches[: run[0]] if m.target), default=-1)
    after = min((m.target.position for m in matches[run[-1] + 1:] if m.target),
                default=len(table.targets))
    placed = [[t for t in matches[i].candidates if before < t.position < after] for i in run]
    first = [t.id for t in placed[0]]
    if len(first) != len(run) or any([t.id for t in p] != first for p in placed):
        return
    for index, target in zip(run, sorted(placed[0], key=lambda t: t.position)):
        match = matches[index]
        matches[index] = Match(target, match.body, match.typed, match.number)


def _quote(text: str, start: int) -> str:
    """Up to QUOTE_WORDS words of *text* from the word holding *start*."""
    begin = start
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    words = text[begin:].split()
    more = "…" if len(words) > QUOTE_WORDS else ""
    return " ".join(words[:QUOTE_WORDS]) + more if words else "(nothing)"


def _common(one: str, other: str) -> int:
    """How many characters two texts share at their start."""
    count = 0
    for a, b in zip(one, other):
        if a != b:
            break
        count += 1
    return count


def nearest(table: ClauseTable, body: str) -> tuple[Target, int] | None:
    """The clause sharing the longest beginning with *body*, and where they part."""
    best: tuple[Target, int] | None = None
    for target in table.targets:
        if not target.amendable:
            continue
        common = _common(target.key, body)
        if best is None or common > best[1]:
            best = (target, common)
    return best


def unmatched_reason(table: ClauseTable, match: Match) -> str:
    """Why a paragraph was not matched: the first words that differ from the nearest clause,
    or the clauses it could be."""
    if match.candidates:
        names = ", ".join(f"{t.label} ({t.id})" for t in match.candidates[:5])
        return (f"its text is the text of {len(match.candidates)} clauses ({names}), and its "
                "number and place do not say which")
    found = nearest(table, match.body)
    start = _quote(match.body, 0)
    if found is None:
        return f"its text ('{start}') matches no clause"
    target, common = found
    return (f"its text ('{start}') matches no clause; the nearest, {target.label} "
            f"({target.id}), has '{_quote(target.key, common)}' where the document has "
            f"'{_quote(match.body, common)}'")
