"""Three-way rebase of an amendment's edits from the text it was drafted on to the current one.

The base and the current text are diffed word by word; an edit of the amendment moves over
unchanged words only. If it overlaps or touches a word that changed since the amendment was
drafted, it is not moved: the caller reports it, as git merge-file would report a conflict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from consolidate.core.model import Edit
from consolidate.core.patching import word_edits
from consolidate.core.ranges import TokenIndex


@dataclass(frozen=True)
class Rebased:
    """The edits moved onto the current text, and the ones that could not be moved."""

    edits: tuple[Edit, ...]
    conflicts: tuple[tuple[Edit, Edit], ...]  # (amendment edit on base, change base -> current)
    duplicates: tuple[Edit, ...] = ()  # edits already made in the current text

    @property
    def ok(self) -> bool:
        return not self.conflicts


def rebase(base: str, edits: Sequence[Edit], current: str) -> Rebased:
    """Move *edits*, given on *base*, onto *current*."""
    if base == current:
        return Rebased(tuple(edits), ())
    index = TokenIndex(base)
    changes = word_edits(base, current)
    change_tokens = index.to_tokens(changes)
    moved: list[Edit] = []
    conflicts: list[tuple[Edit, Edit]] = []
    duplicates: list[Edit] = []
    for edit, token_edit in zip(edits, index.to_tokens(edits), strict=True):
        touched = [c for c, ct in zip(changes, change_tokens) if index.touch(token_edit, ct)]
        if touched == [edit] or (touched and all(c == edit for c in touched)):
            duplicates.append(edit)
        elif touched:
            conflicts.append((edit, touched[0]))
        else:
            shift = sum(len(c.text) - (c.end - c.start) for c in changes if c.end <= edit.start)
            moved.append(Edit(edit.start + shift, edit.end + shift, edit.text))
    return Rebased(tuple(moved), tuple(conflicts), tuple(duplicates))
