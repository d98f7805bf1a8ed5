"""One clause while amendments are applied to it: every word knows where it came from.

A clause is a list of units: the tokens of the original text, and the pieces of text that
amendments inserted. A unit that an amendment deletes stays in the list, marked, so the
redline against the original can be read straight off the list, change by change, with the
amendment that made each change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from consolidate.core.model import ChangeKind, Edit, Span
from consolidate.core.patching import apply_edits
from consolidate.core.ranges import TokenEdit, TokenIndex
from consolidate.core.rebase import rebase


@dataclass
class Unit:
    """An original token (``orig`` is its index) or a piece inserted by ``author``."""

    text: str
    orig: int | None = None
    author: str | None = None
    deleted_by: str | None = None

    @property
    def alive(self) -> bool:
        return self.deleted_by is None


@dataclass(frozen=True)
class Refusal:
    """Why an amendment cannot be applied to a clause, and the amendments in the way."""

    message: str
    others: tuple[str, ...] = ()
    stale: bool = False
    duplicates: int = 0
    twin: str = ""  # the applied amendment this one is identical to


@dataclass
class ClauseState:
    """The working state of one clause during consolidation."""

    id: str
    original: str
    inserted_by: str | None = None
    deleted_by: str | None = None
    units: list[Unit] = field(default_factory=list)
    applied: list[str] = field(default_factory=list)
    orig_edits: dict[TokenEdit, str] = field(default_factory=dict)
    drafts: dict[str, tuple[str, tuple[Edit, ...]]] = field(default_factory=dict)  # applied
    proposals: dict[str, str | None] = field(default_factory=dict)  # memo: applied -> result
    index: TokenIndex | None = None
    _spans: tuple[Span, ...] | None = None  # memo of spans(), dropped on every change
    _text: str | None = None  # memo of current_text(), dropped on every change

    # -- kept by the read cache ----------------------------------------------------------------

    def __getstate__(self) -> dict[str, object]:
        """Pickled with its units packed in four columns: the read cache keeps thousands of
        clause states, and one object per token made loading them slower than consolidating
        again. The units are made again when first used (most commands need only the spans)."""
        state = dict(self.__dict__)
        units = state.pop("units", None)
        if units is not None:
            state["_packed_units"] = (tuple(u.text for u in units), tuple(u.orig for u in units),
                                      tuple(u.author for u in units),
                                      tuple(u.deleted_by for u in units))
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)

    def __getattr__(self, name: str) -> list[Unit]:
        packed = self.__dict__.get("_packed_units") if name == "units" else None
        if packed is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        units = [Unit(*fields) for fields in zip(*packed, strict=True)]
        self.__dict__["units"] = units
        del self.__dict__["_packed_units"]
        return units

    @classmethod
    def original_clause(cls, clause_id: str, text: str) -> ClauseState:
        """An original clause; its tokens are only cut when an amendment touches it."""
        return cls(clause_id, text)

    def _tokens_ready(self) -> None:
        if self.index is None and self.inserted_by is None:
            self.index = TokenIndex(self.original)
            self.units = [Unit(token, orig=i) for i, token in enumerate(self.index.tokens)]

    @classmethod
    def new_clause(cls, clause_id: str, text: str, author: str) -> ClauseState:
        units = [Unit(text, author=author)] if text else []
        return cls(clause_id, "", inserted_by=author, units=units, applied=[author])

    def current_text(self) -> str:
        if self.index is None and self.inserted_by is None:
            return self.original
        if self._text is None:
            self._text = "".join(u.text for u in self.units if u.alive)
        return self._text

    # -- applying an amendment -------------------------------------------------------------

    def apply(self, amendment_id: str, base: str, edits: Sequence[Edit]) -> Refusal | None:
        """Apply all of *edits* (drafted on *base*) or none; say why not."""
        self._tokens_ready()
        twin = self._identical_applied(base, edits)
        if twin is not None:
            # The same proposal as one applied. Drafted on another version of the clause, its
            # deletions may be matched elsewhere in a run of repeated words by the three-way
            # rebase, which would then delete more words, or see a conflict: a duplicate.
            return Refusal("it only repeats changes already made", duplicates=max(1, len(edits)),
                           twin=twin)
        try:
            if self.index is not None and base == self.original:
                refusal = self._apply_on_original(amendment_id, self.index.to_tokens(edits))
            else:
                refusal = self._apply_on_current(amendment_id, base, edits)
        finally:
            self._spans = self._text = None  # the units may have changed
        if refusal is None:
            self.drafts[amendment_id] = (base, tuple(edits))
        return refusal

    def _identical_applied(self, base: str, edits: Sequence[Edit]) -> str | None:
        """An applied amendment whose proposal, on this clause's original text, is the same."""
        if not self.drafts:
            return None
        proposal = self._on_original(base, edits)
        if proposal is None:
            return None
        for applied, draft in self.drafts.items():
            if applied == self.inserted_by:
                continue
            if applied not in self.proposals:
                self.proposals[applied] = self._on_original(*draft)
            if self.proposals[applied] == proposal:
                return applied
        return None

    def _on_original(self, base: str, edits: Sequence[Edit]) -> str | None:
        """The clause's original text as *edits* (drafted on *base*) would make it."""
        if base == self.original:
            return apply_edits(self.original, edits)
        moved = rebase(base, edits, self.original)
        return apply_edits(self.original, moved.edits) if moved.ok else None

    def _apply_on_original(self, amendment_id: str, edits: list[TokenEdit]) -> Refusal | None:
        assert self.index is not None
        planned: list[TokenEdit] = []
        duplicates = 0
        where = {unit.orig: i for i, unit in enumerate(self.units) if unit.orig is not None}
        for edit in edits:
            if edit in self.orig_edits:  # an earlier adopted amendment made this very change
                duplicates += 1
                continue
            others = self._changes_touching(edit, where)
            if others:
                words = self.index.phrase(edit.start, edit.end)
                return Refusal(f"its change to '{words}' collides", tuple(sorted(others)))
            planned.append(edit)
        if not planned and duplicates:
            return Refusal("it only repeats changes already made", duplicates=duplicates)
        for edit in reversed(planned):  # from the end, so earlier positions stay valid
            self._replace_original(edit, amendment_id, where)
            self.orig_edits[edit] = amendment_id
        self.applied.append(amendment_id)
        return None

    def _changes_touching(self, edit: TokenEdit, where: dict[int, int]) -> set[str]:
        """Amendments that already changed words in or next to *edit* on the original."""
        assert self.index is not None
        tokens = self.index.tokens
        left = edit.start
        while left > 0 and tokens[left - 1].isspace():
            left -= 1
        right = edit.end
        while right < len(tokens) and tokens[right].isspace():
            right += 1
        first = where[left - 1] if left > 0 else 0
        last = where[right] if right < len(tokens) else len(self.units) - 1
        others: set[str] = set()
        for unit in self.units[first : last + 1]:
            if unit.orig is None and unit.author:
                others.add(unit.author)
            if unit.deleted_by:
                others.add(unit.deleted_by)
        return others

    def _replace_original(self, edit: TokenEdit, amendment_id: str, where: dict[int, int]) -> None:
        for orig in range(edit.start, edit.end):
            self.units[where[orig]].deleted_by = amendment_id
        assert self.index is not None
        at = where[edit.end] if edit.end < len(self.index.tokens) else len(self.units)
        if edit.text:
            self.units.insert(at, Unit(edit.text, author=amendment_id))

    def _apply_on_current(self, amendment_id: str, base: str, edits: Sequence[Edit]) -> Refusal | None:
        current = self.current_text()
        moved = rebase(base, edits, current)
        if not moved.ok:
            return self._stale_refusal(base, current, moved.conflicts[0])
        if not moved.edits and moved.duplicates:
            return Refusal("it only repeats changes already made", duplicates=len(moved.duplicates))
        spans = self._alive_spans()
        for edit in sorted(moved.edits, key=lambda e: e.start, reverse=True):
            if not self._splittable(spans, edit):
                return Refusal("its change does not fall on word boundaries of the current text")
        for edit in sorted(moved.edits, key=lambda e: e.start, reverse=True):
            self._replace_current(edit, amendment_id)
        self.applied.append(amendment_id)
        return None

    def _stale_refusal(self, base: str, current: str, conflict: tuple[Edit, Edit]) -> Refusal:
        edit, change = conflict
        words = base[min(edit.start, change.start) : max(edit.end, change.end)].strip()
        others = sorted({a for a in self.applied if a != self.inserted_by} & self._authors())
        if others:
            return Refusal(f"the words '{words}' it changes were changed after it was drafted", tuple(others))
        return Refusal(
            f"the words '{words}' it changes were changed in the clause after it was drafted",
            stale=True,
        )

    def _authors(self) -> set[str]:
        found = set()
        for unit in self.units:
            if unit.author and unit.orig is None:
                found.add(unit.author)
            if unit.deleted_by:
                found.add(unit.deleted_by)
        return found

    def _alive_spans(self) -> list[tuple[int, int, int]]:
        """(unit position, start, end) in the current text, for every living unit."""
        spans = []
        offset = 0
        for position, unit in enumerate(self.units):
            if unit.alive:
                spans.append((position, offset, offset + len(unit.text)))
                offset += len(unit.text)
        return spans

    def _splittable(self, spans: list[tuple[int, int, int]], edit: Edit) -> bool:
        """An edit may cut an inserted piece, never an original token."""
        for position, start, end in spans:
            for cut in (edit.start, edit.end):
                if start < cut < end and self.units[position].orig is not None:
                    return False
        return True

    def _split_at(self, offset: int) -> None:
        for position, start, end in self._alive_spans():
            if start < offset < end:
                unit = self.units[position]
                head, tail = unit.text[: offset - start], unit.text[offset - start :]
                unit.text = head
                self.units.insert(position + 1, Unit(tail, author=unit.author))
                return

    def _replace_current(self, edit: Edit, amendment_id: str) -> None:
        self._split_at(edit.start)
        self._split_at(edit.end)
        insert_at = len(self.units)
        for position, start, end in self._alive_spans():
            if edit.start <= start and end <= edit.end and start < end:
                self.units[position].deleted_by = amendment_id
            if start >= edit.end and insert_at == len(self.units):
                insert_at = position
        if edit.text:
            self.units.insert(insert_at, Unit(edit.text, author=amendment_id))

    def delete_clause(self, amendment_id: str) -> None:
        self.deleted_by = amendment_id
        self._spans = self._text = None

    # -- reading the result ----------------------------------------------------------------

    def spans(self) -> tuple[Span, ...]:
        """The redline against the original, change by change, merged where it can be."""
        if self.index is None and self.inserted_by is None:
            return (Span(ChangeKind.EQUAL, self.original),) if self.original else ()
        if self._spans is None:
            self._spans = self._read_spans()
        return self._spans

    def _read_spans(self) -> tuple[Span, ...]:
        out: list[Span] = []
        for unit in self.units:
            if unit.orig is None:
                if not unit.alive:
                    continue  # inserted, then deleted again: in neither text
                span = Span(ChangeKind.INSERT, unit.text, unit.author)
            elif unit.alive:
                span = Span(ChangeKind.EQUAL, unit.text)
            else:
                span = Span(ChangeKind.DELETE, unit.text, unit.deleted_by)
            if out and out[-1].kind is span.kind and out[-1].amendment == span.amendment:
                span = Span(span.kind, out.pop().text + span.text, span.amendment)
            out.append(span)
        return tuple(out)
