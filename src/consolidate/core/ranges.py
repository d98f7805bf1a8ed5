"""Edits as token ranges on one text, and the rule for when two of them collide.

Two edits collide when their ranges overlap or touch: when no unchanged word or punctuation
mark stands between them (white space alone does not separate). Identical edits do not
collide: they are duplicates.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from consolidate.core.model import Edit
from consolidate.core.patching import TOKEN_RE


@dataclass(frozen=True)
class TokenEdit:
    """An edit as a token range ``[start, end)`` of its base, with its replacement text."""

    start: int
    end: int
    text: str


class TokenIndex:
    """The tokens of one text, for turning character offsets into token positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        matches = list(TOKEN_RE.finditer(text))
        self.tokens = [m.group() for m in matches]
        self.starts = [m.start() for m in matches] + [len(text)]
        # words[i] = number of non-space tokens among tokens[:i]
        self.words = [0]
        for token in self.tokens:
            self.words.append(self.words[-1] + (0 if token.isspace() else 1))

    def __len__(self) -> int:
        return len(self.tokens)

    def token_at(self, offset: int) -> int:
        """The token index that starts at *offset* (which must be a token boundary)."""
        index = bisect_left(self.starts, offset)
        if index >= len(self.starts) or self.starts[index] != offset:
            raise ValueError(f"offset {offset} is not on a token boundary")
        return index

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.starts[end]

    def to_tokens(self, edits: Sequence[Edit]) -> list[TokenEdit]:
        return [TokenEdit(self.token_at(e.start), self.token_at(e.end), e.text) for e in edits]

    def words_between(self, end: int, start: int) -> int:
        """How many non-space tokens lie in ``[end, start)``."""
        if start <= end:
            return 0
        return self.words[start] - self.words[end]

    def touch(self, a: TokenEdit, b: TokenEdit) -> bool:
        """True when *a* and *b* overlap or touch (no unchanged word between them)."""
        first, second = (a, b) if (a.start, a.end) <= (b.start, b.end) else (b, a)
        if second.start < first.end:
            return True
        return self.words_between(first.end, second.start) == 0

    def collide(self, a: TokenEdit, b: TokenEdit) -> bool:
        """True when *a* and *b* touch and are not the same edit."""
        return a != b and self.touch(a, b)

    def phrase(self, start: int, end: int) -> str:
        """The base words of ``[start, end)``, widened to the next words when there are none."""
        phrase = "".join(self.tokens[start:end]).strip()
        while not phrase and (start > 0 or end < len(self.tokens)):
            start, end = max(start - 1, 0), min(end + 1, len(self.tokens))
            phrase = "".join(self.tokens[start:end]).strip()
        return phrase
