"""Word wrap by offsets: where each line of a text starts, for a width in terminal cells.

The text view needs the number of lines of every clause to lay out a long text, but renders
only the lines on screen; computing line starts on the plain text is several times faster
than wrapping Rich text, and the styled lines are cut from the same offsets when shown.
No Textual here.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

_WORD = re.compile(r"[^\S\n]*\S+[^\S\n]*|[^\S\n]+")


def _width(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def line_starts(plain: str, width: int) -> list[int]:
    """Offsets in *plain* where each line starts: greedy word wrap at *width* cells.

    A line break in the text starts a new line; a word longer than the width is folded.
    Spaces at the end of a line stay on it (and are not drawn past the width).
    """
    width = max(width, 1)
    starts = [0]
    offset = 0
    for number, paragraph in enumerate(plain.split("\n")):
        if number:
            starts.append(offset)
        column = 0
        for match in _WORD.finditer(paragraph):
            word = match.group()
            visible = _width(word.rstrip())
            start = offset + match.start()
            if column and column + visible > width:
                starts.append(start)
                column = 0
            if visible > width:  # fold a word longer than a line
                column = _fold(word, start, width, column, starts)
                continue
            column += _width(word)
        offset += len(paragraph) + 1
    return starts


def _fold(word: str, start: int, width: int, column: int, starts: list[int]) -> int:
    for index, char in enumerate(word):
        size = _width(char)
        if column and column + size > width and not char.isspace():
            starts.append(start + index)
            column = 0
        column += size
    return column
