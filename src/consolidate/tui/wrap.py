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
        fast = _plain_starts(paragraph, width) if _PLAIN.fullmatch(paragraph) else None
        if fast is not None:
            starts.extend(offset + start for start in fast)
        else:
            _word_starts(paragraph, offset, width, starts)
        offset += len(paragraph) + 1
    return starts


# Letters of Latin scripts, punctuation and quotes, and no space but " ": one character is
# one cell, and a word ends at a space.
PLAIN_CHARACTERS = "\x21-\x7e\xa1-\u024f\u2010-\u2027 "
_PLAIN = re.compile(f"[{PLAIN_CHARACTERS}]*")
_WORD_START = re.compile(r"[^ ]")


def _plain_starts(paragraph: str, width: int) -> list[int] | None:
    """The line starts (after the first) of a paragraph of :data:`PLAIN_CHARACTERS`, found by
    jumping a line's width at a time, as :func:`_word_starts` finds them word by word (the
    text view measures every clause at start, and most are plain); None when a word must be
    folded or the paragraph starts with spaces (the caller goes word by word)."""
    if paragraph.startswith(" "):
        return None
    starts: list[int] = []
    start, end = 0, len(paragraph)
    while start + width < end:
        limit = start + width
        if paragraph[limit] == " ":  # every word up to limit fits: the next one starts a line
            found = _WORD_START.search(paragraph, limit)
            if found is None:
                break  # only spaces left: they stay on this line
            start = found.start()
        else:  # the word across limit starts the next line, unless it is the line's first
            space = paragraph.rfind(" ", start, limit)
            if space < 0:
                return None  # longer than a line: folded
            start = space + 1
        starts.append(start)
    return starts


def _word_starts(paragraph: str, offset: int, width: int, starts: list[int]) -> None:
    """Append the line starts (after the first) of one paragraph, word by word."""
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


def _fold(word: str, start: int, width: int, column: int, starts: list[int]) -> int:
    for index, char in enumerate(word):
        size = _width(char)
        if column and column + size > width and not char.isspace():
            starts.append(start + index)
            column = 0
        column += size
    return column
