"""The scrollable text of the review app: blocks of Rich text, wrapped lazily, line by line.

A line-API widget (like toolong's log view): every clause is measured (where its lines start),
but only the lines on screen are styled and rendered, and a clause is measured again only when
it changes, so a decision on a 2,783-amendment text redraws one clause.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import zip_longest

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from consolidate.tui.render import Block
from consolidate.tui.wrap import line_starts

SELECTED = Style(reverse=True, bold=True)
MATCH = Style(color="black", bgcolor="yellow")
CURRENT_MATCH = Style(reverse=True, underline=True)
GUTTER = " │ "


@dataclass(frozen=True)
class Match:
    """One occurrence of the search in a block."""

    block: int
    right: bool
    start: int
    end: int


class TextView(ScrollView, can_focus=True):
    """The clauses of one view; a change can be selected with the keyboard or the mouse."""

    ALLOW_SELECT = False

    @dataclass
    class ChangeChosen(Message):
        """The user chose a change (click or next/previous): show its amendment."""

        amendment: str

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._blocks: list[Block] = []
        self._strips: dict[int, list[Strip]] = {}  # id(block) -> wrapped lines
        self._breaks: dict[int, tuple[list[int], list[int]]] = {}  # id(block) -> line starts
        self._starts: list[int] = []  # first line of each block
        self._width = 0
        self._selected: tuple[int, int] | None = None  # (block, change)
        self._pattern: re.Pattern[str] | None = None
        self._matches: list[Match] = []
        self._by_block: dict[int, list[int]] = {}  # block -> numbers of its matches
        self._where: dict[int, int] = {}  # id(block) -> its index
        self._match = -1
        self.empty_message = "Loading…"

    # -- content ------------------------------------------------------------------------------

    @property
    def blocks(self) -> list[Block]:
        return self._blocks

    def show(self, blocks: list[Block], *, keep_place: bool = True) -> None:
        """Show *blocks*, re-wrapping only the ones not shown before; keep the reading place."""
        anchor = self._anchor() if keep_place else None
        selected = self._selected_key()
        # Old and new blocks are all alive here, so equal ids mean the same block.
        kept = {id(b) for b in blocks}
        self._strips = {key: s for key, s in self._strips.items() if key in kept}
        self._breaks = {key: b for key, b in self._breaks.items() if key in kept}
        self._blocks = list(blocks)
        self._where = {id(b): i for i, b in enumerate(self._blocks)}
        self._selected = None
        if selected is not None:
            self._reselect(*selected)
        self._search_blocks()
        self._layout()
        if anchor is not None:
            self._restore(anchor)
        elif not keep_place:
            self.scroll_to(y=0, animate=False)

    def _layout(self) -> None:
        width = self._text_width()
        if width != self._width:
            self._width = width
            self._strips = {}
            self._breaks = {}
        starts, line = [], 0
        for block in self._blocks:
            starts.append(line)
            line += self._count(block) + 1
        self._starts = starts
        self.virtual_size = Size(max(width, 1), max(line - 1, 0))
        self.refresh()

    def _text_width(self) -> int:
        return max(self.scrollable_content_region.width, 20)

    def on_resize(self) -> None:
        if self._blocks and self._text_width() != self._width:
            self._layout()

    # -- wrapping (line starts for every block; styled lines only for the ones shown) --------

    def _columns(self) -> tuple[int, int]:
        half = (self._width - len(GUTTER)) // 2
        return half, self._width - half - len(GUTTER)

    def _block_breaks(self, block: Block) -> tuple[list[int], list[int]]:
        breaks = self._breaks.get(id(block))
        if breaks is None:
            if block.right is None:
                breaks = (line_starts(block.text.plain, self._width), [])
            else:
                left, right = self._columns()
                breaks = (line_starts(block.text.plain, left),
                          line_starts(block.right.plain, right))
            self._breaks[id(block)] = breaks
        return breaks

    def _count(self, block: Block) -> int:
        left, right = self._block_breaks(block)
        return max(len(left), len(right))

    def _wrapped(self, block: Block) -> list[Strip]:
        strips = self._strips.get(id(block))
        if strips is None:
            strips = self._wrap(block)
            self._strips[id(block)] = strips
        return strips

    def _wrap(self, block: Block) -> list[Strip]:
        index = self._index(block)
        left_breaks, right_breaks = self._block_breaks(block)
        left = self._lines(self._decorate(index, block, right=False), left_breaks)
        if block.right is None:
            return left
        half, other = self._columns()
        right = self._lines(self._decorate(index, block, right=True), right_breaks)
        gutter = Strip([Segment(GUTTER, Style(dim=True))])
        return [Strip.join([(a or Strip.blank(half)).adjust_cell_length(half), gutter,
                            (b or Strip.blank(0)).crop(0, other)])
                for a, b in zip_longest(left, right)]

    def _lines(self, text: Text, starts: list[int]) -> list[Strip]:
        console = self.app.console
        out = []
        for line in text.divide(starts[1:]):
            line.rstrip()
            segments = list(line.render(console))
            out.append(Strip(segments, line.cell_len))
        return out or [Strip.blank(0)]

    def _index(self, block: Block) -> int:
        return self._where.get(id(block), -1)

    def _decorate(self, index: int, block: Block, right: bool) -> Text:
        text = block.right if right else block.text
        assert text is not None
        marks = [(i, self._matches[i]) for i in self._by_block.get(index, ())
                 if self._matches[i].right == right]
        selected = self._selected if self._selected and self._selected[0] == index else None
        if not marks and selected is None:
            return text
        text = text.copy()
        for number, match in marks:
            style = CURRENT_MATCH if number == self._match else MATCH
            text.stylize(style + Style.from_meta({"match": number}), match.start, match.end)
        if selected is not None:
            change = block.changes[selected[1]]
            if change.right == right:
                text.stylize(SELECTED + Style.from_meta({"selected": 1}), change.start, change.end)
        return text

    # -- drawing ------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        line = scroll_y + y
        strip = Strip.blank(0)
        if not self._blocks and y == 0:
            strip = Strip([Segment(self.empty_message, Style(dim=True))])
        elif self._starts:
            block = bisect_right(self._starts, line) - 1
            if block >= 0:
                strips = self._wrapped(self._blocks[block])
                offset = line - self._starts[block]
                if offset < len(strips):
                    strip = strips[offset]
        return strip.crop_extend(scroll_x, scroll_x + width, None).apply_style(self.rich_style)

    # -- places -------------------------------------------------------------------------------

    def _anchor(self) -> tuple[str, int] | None:
        if not self._blocks or not self._starts:
            return None
        line = int(self.scroll_offset.y)
        block = max(bisect_right(self._starts, line) - 1, 0)
        return self._blocks[block].key, line - self._starts[block]

    def _restore(self, anchor: tuple[str, int]) -> None:
        key, offset = anchor
        for index, block in enumerate(self._blocks):
            if block.key == key:
                self.scroll_to(y=self._starts[index] + offset, animate=False)
                return

    def scroll_to_key(self, key: str) -> bool:
        """Scroll so that the block of clause *key* is at the top; False when it is not shown."""
        for index, block in enumerate(self._blocks):
            if block.key == key:
                self.scroll_to(y=self._starts[index], animate=False)
                return True
        return False

    def _scroll_to_meta(self, index: int, key: str) -> None:
        """Bring the line of block *index* whose style carries meta *key* into view."""
        for offset, strip in enumerate(self._wrapped(self._blocks[index])):
            if any(seg.style is not None and key in seg.style.meta for seg in strip):
                line = self._starts[index] + offset
                top, height = int(self.scroll_offset.y), self.scrollable_content_region.height
                if not top <= line < top + height:
                    self.scroll_to(y=max(line - 2, 0), animate=False)
                return

    def visible_key(self) -> str | None:
        """The clause at the top of the view."""
        anchor = self._anchor()
        return anchor[0] if anchor else None

    # -- changes ------------------------------------------------------------------------------

    def _selected_key(self) -> tuple[str, int] | None:
        if self._selected is None or self._selected[0] >= len(self._blocks):
            return None
        return self._blocks[self._selected[0]].key, self._selected[1]

    def _reselect(self, key: str, change: int) -> None:
        for index, block in enumerate(self._blocks):
            if block.key == key and change < len(block.changes):
                self._selected = (index, change)
                self._strips.pop(id(block), None)

    def _set_selected(self, selected: tuple[int, int] | None, scroll: bool = True) -> None:
        for old in (self._selected, selected):
            if old is not None:
                self._strips.pop(id(self._blocks[old[0]]), None)
        self._selected = selected
        self._layout()
        if selected is not None and scroll:
            self._scroll_to_meta(selected[0], "selected")

    def scroll_to_selected(self) -> None:
        """Bring the selected change into view, if there is one."""
        if self._selected is not None:
            self._scroll_to_meta(self._selected[0], "selected")

    def select_change(self, step: int) -> str | None:
        """Select the next (step 1) or previous (-1) change; returns its amendment."""
        changes = [(b, c) for b, block in enumerate(self._blocks) for c in range(len(block.changes))]
        if not changes:
            return None
        if self._selected in changes:
            position = (changes.index(self._selected) + step) % len(changes)
        else:  # from the top of the view
            top = int(self.scroll_offset.y)
            first = next((i for i, (b, _) in enumerate(changes)
                          if self._starts[b] + len(self._wrapped(self._blocks[b])) > top), 0)
            position = first if step > 0 else (first - 1) % len(changes)
        self._set_selected(changes[position])
        block, change = changes[position]
        return self._blocks[block].changes[change].amendment

    def select_amendment(self, amendment: str, scroll: bool = True) -> None:
        """Select the first change made by *amendment* (if it is shown) and scroll to it."""
        if self._selected is not None and self._selected[0] < len(self._blocks):
            block = self._blocks[self._selected[0]]
            if block.changes[self._selected[1]].amendment == amendment:
                return  # already on one of its changes
        for b, block in enumerate(self._blocks):
            for c, change in enumerate(block.changes):
                if change.amendment == amendment:
                    self._set_selected((b, c), scroll)
                    return
        if self._selected is not None:
            self._set_selected(None)

    def on_click(self, event: events.Click) -> None:
        """A click on a change selects it and shows its amendment."""
        meta = event.style.meta
        amendment = meta.get("amendment")
        if amendment:
            self.select_amendment(amendment)
            self.post_message(self.ChangeChosen(amendment))

    # -- search -------------------------------------------------------------------------------

    def search(self, query: str) -> int:
        """Highlight every occurrence of *query* (any case); returns how many there are."""
        query = query.strip()
        self._pattern = re.compile(re.escape(query), re.IGNORECASE) if query else None
        self._match = -1
        touched = {m.block for m in self._matches}
        self._search_blocks()
        touched |= {m.block for m in self._matches}
        for index in touched:
            if index < len(self._blocks):
                self._strips.pop(id(self._blocks[index]), None)
        self._layout()
        return len(self._matches)

    def _search_blocks(self) -> None:
        self._matches = []
        self._by_block = {}
        if self._pattern is None:
            return
        for index, block in enumerate(self._blocks):
            for right, text in ((False, block.text), (True, block.right)):
                if text is not None:
                    self._matches.extend(Match(index, right, m.start(), m.end())
                                         for m in self._pattern.finditer(text.plain))
        for number, match in enumerate(self._matches):
            self._by_block.setdefault(match.block, []).append(number)
        for position in self._by_block:
            self._strips.pop(id(self._blocks[position]), None)

    def next_match(self, step: int = 1) -> tuple[int, int]:
        """Go to the next (or previous) match; returns (its number from 1, how many)."""
        if not self._matches:
            return 0, 0
        old = self._matches[self._match].block if self._match >= 0 else None
        self._match = (self._match + step) % len(self._matches) if self._match >= 0 else (
            0 if step > 0 else len(self._matches) - 1)
        for index in {old, self._matches[self._match].block} - {None}:
            self._strips.pop(id(self._blocks[index]), None)  # type: ignore[index]
        self._layout()
        self._scroll_to_meta(self._matches[self._match].block, "match")
        return self._match + 1, len(self._matches)
