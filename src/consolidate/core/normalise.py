"""What is done to text coming in: which forms are normalised (with a note), which refused.

Normalising never changes what a reader sees: a byte-order mark, CRLF line ends and Unicode
NFD (decomposed accents) become the plain UTF-8, LF, NFC form every clause file is kept in.
A clause file that is not already in that form, holds a NUL byte (a binary file) or has more
than MAX_CLAUSE_CHARS characters is refused, with the reason: guessing would risk a wrong text.
Other control characters are kept (Word's line break is one); exporters escape them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

BOM = "\ufeff"
MAX_CLAUSE_CHARS = 1_000_000  # a clause is a paragraph or an article, never a book


@dataclass(frozen=True)
class Normalised:
    """The text as kept, and what was changed on the way (for a warning)."""

    text: str
    notes: tuple[str, ...] = ()


def normalise(text: str) -> Normalised:
    """Drop a byte-order mark, turn CRLF into LF and NFD into NFC; say what was done."""
    notes = []
    if text.startswith(BOM):
        text = text[1:]
        notes.append("removed a byte-order mark")
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
        notes.append("turned CRLF line ends into LF")
    nfc = unicodedata.normalize("NFC", text)
    if nfc != text:
        text = nfc
        notes.append("composed accented letters (Unicode NFD to NFC)")
    return Normalised(text, tuple(notes))


def clause_text_problem(text: str) -> tuple[str, str, int | None] | None:
    """Why a clause file's text cannot be used as it is: (reason, how to fix, line), or None."""
    if text.startswith(BOM):
        return ("the file starts with a byte-order mark",
                "save it as UTF-8 without BOM (consolidate import does it for you)", 1)
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        return ("the file has CR (Windows) line ends", "convert it to LF line ends (dos2unix)", line)
    if len(text) > MAX_CLAUSE_CHARS:
        return (f"the clause has {len(text):,} characters, more than the {MAX_CLAUSE_CHARS:,} "
                "a clause may have", "split it into several clauses", None)
    if "\0" in text:
        line = text[: text.index("\0")].count("\n") + 1
        return ("the text contains a NUL byte: is it a binary file?",
                "clause files hold plain UTF-8 text", line)
    return None
